// work.js: a pupil's assignments for the homework page: to do (not
// handed in, the soonest due first; overdue marked) and handed in (the
// latest first), each with its status and result, from
// GET /students/{id}/assignments around today.
import { h } from '../../core/dom.js';
import { hashOf } from '../../core/router.js';
import { isoDay, parseDay, addDays } from '../../core/dates.js';
import { fmtWhen, statusChips, resultOf } from './common.js';

const BEFORE = 27, AFTER = 34;          // 62 days, the API's longest span

export async function loadWork(api, student, today) {
  const from = isoDay(addDays(parseDay(today), -BEFORE));
  const to = isoDay(addDays(parseDay(today), AFTER));
  const r = await api('GET', `/students/${student}/assignments?from=${from}&to=${to}`);
  return r.days.flatMap((d) => d.tasks.flatMap((k) => k.assignments.map((w) => ({ ...w, subject: k.subject }))));
}

function item(t, w, child) {
  return h('li', { class: 'a-item', 'data-assignment': w.id, 'data-status': w.status },
    h('a', { href: hashOf(`/assign/${w.id}`, { child }) }, h('strong', null, w.subject), ': ', w.title),
    h('span', { class: 'muted' }, ' · ', t('assign.due', { when: fmtWhen(w.due_at) })),
    ' ', statusChips(t, w),
    resultOf(t, w, w.max_points));
}

// The two lists as sections; child goes into the links (a parent's pick).
export function workSections(t, work, child) {
  const todo = work.filter((w) => w.status === 'not_handed_in').sort((a, b) => a.due_at.localeCompare(b.due_at));
  const done = work.filter((w) => w.status !== 'not_handed_in')
    .sort((a, b) => (b.returned_at || b.handed_in_at).localeCompare(a.returned_at || a.handed_in_at));
  const list = (id, title, items, none) => h('section', { class: 'card', id, 'aria-labelledby': id + '-title' },
    h('h2', { id: id + '-title' }, title),
    items.length ? h('ul', { class: 'hw-list' }, items.map((w) => item(t, w, child)))
      : h('p', { class: 'muted' }, none));
  return [list('work-todo', t('assign.todo'), todo, t('assign.todo_none')),
    list('work-done', t('assign.done'), done, t('assign.done_none'))];
}
