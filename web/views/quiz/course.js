// course.js: a course's tests (GET /courses/{id}/quizzes) for its
// teacher: each opens its results; "New test" opens the builder.
import { h, append } from '../../core/dom.js';
import { quizCss, when } from './common.js';

// "7 А · Математика" of a course of the teacher's (GET /me/courses).
export async function courseName(api, id) {
  const { courses } = await api('GET', '/me/courses');
  const c = courses.find((x) => String(x.course_id) === String(id));
  return c ? `${c.class_name} · ${c.subject}` + (c.subgroup ? ` (${c.subgroup.name})` : '') : '';
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  quizCss();
  const [name, { quizzes }] = await Promise.all([courseName(api, params.course),
    api('GET', `/courses/${params.course}/quizzes`)]);
  append(main, [
    h('h1', null, t('quiz.teacher.title'), name && ` · ${name}`),
    h('div', { class: 'toolbar' },
      h('a', { href: '#/teacher/tests' }, t('quiz.teacher.all_courses')),
      h('a', { class: 'button', id: 'new-test', href: `#/teacher/tests/${params.course}/new` }, t('quiz.teacher.new'))),
    quizzes.length ? h('div', { class: 'table-wrap card' }, h('table', { class: 'quiz-list' },
      h('caption', { class: 'sr-only' }, t('quiz.teacher.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('quiz.f.title')),
        h('th', { scope: 'col' }, t('quiz.f.window')),
        h('th', { scope: 'col', class: 'num' }, t('quiz.f.questions')),
        h('th', { scope: 'col', class: 'num' }, t('quiz.f.max')))),
      h('tbody', null, [...quizzes].reverse().map((q) => h('tr', null,
        h('td', null, h('a', { href: `#/teacher/test/${q.id}` }, q.title)),
        h('td', null, `${when(q.opens_at)} – ${when(q.closes_at)}`),
        h('td', { class: 'num' }, q.question_count),
        h('td', { class: 'num' }, q.max_points))))))
      : h('p', { class: 'card muted' }, t('quiz.teacher.none'))]);
}
