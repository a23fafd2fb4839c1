// homework.js: the assignments to do and handed in (views/assign/work.js:
// status, late, the returned points, comment and mark; each opens to be
// handed in), then the homework of this week and the next, by the day it
// is for (the lesson it is set on), from today on first; days already past
// follow, dimmed.
import { h, append, useCss } from '../core/dom.js';
import { errorText } from '../core/api.js';
import { hashOf } from '../core/router.js';
import { fmtDate } from '../core/i18n.js';
import { isoWeek, shiftWeek, today } from '../core/dates.js';
import { pickStudent } from './student.js';
import { staleNotice } from './diary.js';

export async function render(main, params, ctx) {
  const { t, api, navigate } = ctx;
  const who = pickStudent(ctx, params, (child) => navigate(hashOf('/homework', { child })));
  const week = isoWeek(new Date());
  const now = today();
  // the assignments' module is not in the offline shell: offline, the
  // page says they could not be read and shows the homework it has
  const work = import('./assign/work.js').then(async (m) => {
    useCss('css/assign.css');
    return m.workSections(t, await m.loadWork(api, who.id, now), params.child);
  }).catch((err) => h('p', { class: 'card error', role: 'alert' }, t('assign.unavailable', { reason: errorText(err) })));
  const [weeks, assigned] = await Promise.all([Promise.all([week, shiftWeek(week, 1)].map((w) =>
    api('GET', `/students/${who.id}/diary?week=${w}`))), work]);
  const byDay = new Map();
  for (const d of weeks.flatMap((w) => w.days)) {
    const items = d.lessons.filter((l) => l.homework && l.status !== 'cancelled');
    if (items.length) byDay.set(d.date, items);
  }
  const days = [...byDay.keys()].sort();
  const order = [...days.filter((d) => d >= now), ...days.filter((d) => d < now)];
  append(main, [
    h('h1', null, t('homework.title'), ' · ', who.name),
    who.picker && h('div', { class: 'toolbar' }, who.picker),
    weeks.map((w) => staleNotice(t, w)).find(Boolean) || '',
    assigned,
    h('h2', { class: 'hw-head' }, t('assign.lesson_homework')),
    order.length ? order.map((date) => h('section', { class: 'card' + (date < now ? ' past' : '') },
      h('h2', null, t('homework.due', { date: fmtDate(date, { weekday: 'long', day: 'numeric', month: 'long' }) })),
      h('ul', { class: 'hw-list' }, byDay.get(date).map((l) =>
        h('li', null, h('strong', null, l.subject), ': ', l.homework)))))
      : h('p', { class: 'card muted' }, t('homework.none'))]);
}
