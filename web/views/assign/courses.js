// courses.js: the courses a teacher gives (GET /me/courses), this school
// year's, each opening its assignments.
import { h, useCss } from '../../core/dom.js';

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  useCss('css/assign.css');
  const { courses } = await api('GET', '/me/courses');
  const year = courses.length ? courses[0].year : null;      // newest first
  main.append(h('h1', null, t('assign.courses.title')),
    courses.length === 0 ? h('p', { class: 'card muted' }, t('assign.courses.none'))
      : h('ul', { class: 'card a-list' }, courses.filter((c) => c.year === year).map((c) =>
        h('li', null, h('a', { href: `#/teacher/assign/${c.course_id}` },
          `${c.class_name} · ${c.subject}` + (c.subgroup ? ` (${c.subgroup.name})` : ''))))));
}
