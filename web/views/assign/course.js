// course.js: a course's assignments for its teacher, newest due first,
// each with how many pupils have handed it in, have not, and were late
// (the list's "counts", given to whoever sees the rolls); "New
// assignment" opens the form. #/teacher/assign/:course
import { h, useCss } from '../../core/dom.js';
import { fmtWhen } from './common.js';

// every page of the course's assignments (GET /courses/{id}/assignments)
async function allAssignments(api, course) {
  const out = [];
  let next = '';
  do {
    const page = await api('GET', `/courses/${course}/assignments?limit=200` + (next ? `&next=${encodeURIComponent(next)}` : ''));
    out.push(...page.items);
    next = page.next;
  } while (next);
  return out;
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  useCss('css/assign.css');
  const course = Number(params.course);
  const [items, mine] = await Promise.all([allAssignments(api, course), api('GET', '/me/courses')]);
  const c = mine.courses.find((x) => x.course_id === course);
  const name = c ? `${c.class_name} · ${c.subject}` : (items[0] ? items[0].subject : '');
  const rows = items.sort((x, y) => y.due_at.localeCompare(x.due_at));
  main.append(
    h('h1', null, t('assign.course.title', { course: name })),
    h('div', { class: 'toolbar' },
      h('a', { href: '#/teacher/assign' }, t('assign.course.all')),
      h('a', { href: `#/teacher/assign/${course}/new`, class: 'button-link', id: 'new-assignment' }, t('assign.course.new'))),
    rows.length === 0 ? h('p', { class: 'card muted' }, t('assign.course.none'))
      : h('div', { class: 'card table-wrap' }, h('table', { class: 'a-table' },
        h('caption', { class: 'sr-only' }, t('assign.course.caption')),
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('assign.title')),
          h('th', { scope: 'col' }, t('assign.due_col')),
          h('th', { scope: 'col', class: 'num' }, t('assign.count.handed_in')),
          h('th', { scope: 'col', class: 'num' }, t('assign.count.not_handed_in')),
          h('th', { scope: 'col', class: 'num' }, t('assign.count.late')))),
        h('tbody', null, rows.map((a) => h('tr', { 'data-assignment': a.id },
          h('th', { scope: 'row' }, h('a', { href: `#/assign/${a.id}` }, a.title),
            a.day_task ? [' ', h('span', { class: 'tag' }, t('assign.day_task'))] : ''),
          h('td', null, fmtWhen(a.due_at)),
          // no counts for a teacher who does not see the course's rolls
          ['handed_in', 'not_handed_in', 'late'].map((k) => h('td', { class: 'num' }, a.counts ? a.counts[k] : '—'))))))));
}
