// courses.js: the courses a teacher gives (GET /me/courses), this school
// year's first, each opening its journal.
import { h, useCss } from '../../core/dom.js';

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  useCss('css/journal.css');
  const { courses } = await api('GET', '/me/courses');
  const years = [...new Set(courses.map((c) => c.year))];
  main.append(h('h1', null, t('teacher.courses.title')));
  if (courses.length === 0) {
    main.append(h('p', { class: 'card muted' }, t('teacher.courses.none')));
    return;
  }
  for (const y of years) {
    main.append(h('section', { class: 'card' },
      h('h2', null, t('teacher.courses.year', { from: y, to: y + 1 })),
      h('ul', { class: 'course-list' }, courses.filter((c) => c.year === y).map((c) =>
        h('li', null, h('a', { href: `#/teacher/journal/${c.course_id}` },
          `${c.class_name} · ${c.subject}` + (c.subgroup ? ` (${c.subgroup.name})` : '')))))));
  }
}
