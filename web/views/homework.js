// homework.js: the homework of this week and the next, by the day it is
// for (the lesson it is set on), from today on first; days already past
// follow, dimmed.
import { h, append } from '../core/dom.js';
import { hashOf } from '../core/router.js';
import { fmtDate } from '../core/i18n.js';
import { isoWeek, shiftWeek, today } from '../core/dates.js';
import { pickStudent } from './student.js';
import { staleNotice } from './diary.js';

export async function render(main, params, ctx) {
  const { t, api, navigate } = ctx;
  const who = pickStudent(ctx, params, (child) => navigate(hashOf('/homework', { child })));
  const week = isoWeek(new Date());
  const weeks = await Promise.all([week, shiftWeek(week, 1)].map((w) =>
    api('GET', `/students/${who.id}/diary?week=${w}`)));
  const now = today();
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
    order.length ? order.map((date) => h('section', { class: 'card' + (date < now ? ' past' : '') },
      h('h2', null, t('homework.due', { date: fmtDate(date, { weekday: 'long', day: 'numeric', month: 'long' }) })),
      h('ul', { class: 'hw-list' }, byDay.get(date).map((l) =>
        h('li', null, h('strong', null, l.subject), ': ', l.homework)))))
      : h('p', { class: 'card muted' }, t('homework.none'))]);
}
