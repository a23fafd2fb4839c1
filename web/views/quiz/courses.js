// courses.js: the teacher's courses (GET /me/courses), each opening its
// tests; this school year's first.
import { h } from '../../core/dom.js';
import { quizCss } from './common.js';

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  quizCss();
  const { courses } = await api('GET', '/me/courses');
  main.append(h('h1', null, t('quiz.teacher.title')));
  if (!courses.length) {
    main.append(h('p', { class: 'card muted' }, t('quiz.teacher.no_courses')));
    return;
  }
  const year = courses[0].year;
  main.append(h('section', { class: 'card' },
    h('h2', null, t('quiz.teacher.courses')),
    h('ul', { class: 'course-list' }, courses.filter((c) => c.year === year).map((c) =>
      h('li', null, h('a', { href: `#/teacher/tests/${c.course_id}` },
        `${c.class_name} · ${c.subject}` + (c.subgroup ? ` (${c.subgroup.name})` : '')))))));
}
