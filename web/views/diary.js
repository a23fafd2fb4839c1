// diary.js: a pupil's week: days, lessons, marks, attendance, homework,
// lessons online (their link, what they carry) and the day's TV lessons.
import { h, append } from '../core/dom.js';
import { asOf } from '../core/api.js';
import { hashOf } from '../core/router.js';
import { fmtDate, fmtTime } from '../core/i18n.js';
import { shiftWeek, weekMonday, addDays, isoWeek, today } from '../core/dates.js';
import { pickStudent } from './student.js';

export function markText(t, m) {
  return m.max ? t('mark.points', { value: m.value, max: m.max }) : String(m.value);
}

function markChip(t, m) {
  return h('span', { class: m.kind === 'formative' ? 'mark' : 'mark sum', title: t('mark.' + m.kind) },
    h('span', { class: 'sr-only' }, t('mark.' + m.kind) + ': '), markText(t, m));
}

// A pupil opening a lesson's link, material or recording is a view
// (docs/DISTANCE.md); a parent's is not counted.
export function noteView(ctx, lessonId) {
  if (ctx.me.roles.some((g) => g.role === 'pupil')) {
    ctx.api('POST', `/lessons/${lessonId}/views`).catch(() => {});
  }
}

// How a lesson not at school is given: its mode, the meeting link, and a
// button showing what it carries online (quiz/online.js, loaded then).
function onlinePart(ctx, l) {
  const { t } = ctx;
  const id = `online-${l.lesson_id}`;
  const box = h('div', { id, class: 'detail online-box', hidden: true });
  const open = async (e) => {
    const btn = e.currentTarget;
    const show = btn.getAttribute('aria-expanded') !== 'true';
    btn.setAttribute('aria-expanded', String(show));
    box.hidden = !show;
    if (show && !box.dataset.loaded) {
      box.dataset.loaded = '1';
      (await import('./quiz/online.js')).fill(box, l, ctx);
    }
  };
  return [
    h('span', { class: 'detail mode' }, t('mode.' + l.mode),
      l.link ? [' · ', h('a', { href: l.link, rel: 'noopener noreferrer', target: '_blank',
        onclick: () => noteView(ctx, l.lesson_id) }, t(l.mode === 'online_sync' ? 'online.join' : 'diary.link'))] : '',
      ' · ', h('button', { type: 'button', class: 'secondary online-open', 'aria-expanded': 'false', 'aria-controls': id,
        onclick: open }, t('online.open'))),
    box];
}

// The day's TV lessons for the pupil's grade (Balapan, El Arna).
function tvList(t, slots) {
  return h('div', { class: 'tv' }, h('h3', null, t('tv.title')),
    h('ul', { class: 'lessons' }, slots.map((s) => h('li', { class: 'lesson tv-slot' },
      h('span', { class: 'time' }, `${fmtTime(s.starts)}–${fmtTime(s.ends)}`),
      h('span', { class: 'subject' }, s.title),
      h('span', { class: 'detail muted' }, t('tv.channel.' + s.channel), s.subject ? ` · ${s.subject}` : ''),
      s.recording_url && h('span', { class: 'detail' }, h('a', { href: s.recording_url,
        rel: 'noopener noreferrer', target: '_blank' }, t('tv.recording')))))));
}

function lessonItem(ctx, l) {
  const { t } = ctx;
  const time = `${fmtTime(l.starts)}–${fmtTime(l.ends)}`;
  const cancelled = l.status === 'cancelled';
  return h('li', { class: 'lesson' + (cancelled ? ' cancelled' : '') },
    h('span', { class: 'time' }, time),
    h('span', { class: 'subject' }, l.subject, cancelled ? ` (${t('diary.cancelled')})` : ''),
    h('span', { class: 'marks' }, l.marks.map((m) => markChip(t, m))),
    h('span', { class: 'detail muted' }, l.teacher ? t('diary.teacher', { name: l.teacher }) : ''),
    l.topic && h('span', { class: 'detail' }, t('diary.topic', { topic: l.topic })),
    l.homework && h('span', { class: 'detail hw' }, t('diary.homework', { text: l.homework })),
    (l.attendance && l.attendance !== 'present') &&
      h('span', { class: 'detail att ' + l.attendance }, t('att.' + l.attendance)),
    (l.mode && l.mode !== 'in_person') && onlinePart(ctx, l));
}

function dayCard(ctx, day, isToday) {
  const { t } = ctx;
  const title = fmtDate(day.date, { weekday: 'long', day: 'numeric', month: 'long' });
  return h('section', { class: 'card day' + (isToday ? ' today' : ''), 'aria-current': isToday ? 'date' : null },
    h('h2', null, title, isToday ? h('span', { class: 'tag' }, t('diary.today')) : ''),
    day.lessons.length
      ? h('ul', { class: 'lessons' }, day.lessons.map((l) => lessonItem(ctx, l)))
      : h('p', { class: 'muted' }, t('diary.no_lessons')),
    day.tv && day.tv.length ? tvList(t, day.tv) : null);
}

// "As of" notice for an answer the service worker gave from its cache.
export function staleNotice(t, data) {
  const when = asOf(data);
  return when && h('p', { class: 'asof', role: 'status' },
    t('common.asof', { time: fmtDate(when, { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }) }));
}

export async function render(main, params, ctx) {
  const { t, api, navigate } = ctx;
  const go = (q) => navigate(hashOf('/diary', { child: params.child, week: params.week, ...q }));
  const who = pickStudent(ctx, params, (child) => go({ child }));
  const q = params.week ? `?week=${encodeURIComponent(params.week)}` : '';
  const d = await api('GET', `/students/${who.id}/diary${q}`);
  const week = d.week || params.week || isoWeek(new Date());
  const monday = weekMonday(week);
  const now = today();
  append(main, [
    h('h1', null, t('diary.title'), ' · ', d.student ? d.student.full_name : who.name),
    h('div', { class: 'toolbar' },
      who.picker,
      h('button', { type: 'button', class: 'secondary', id: 'prev-week', onclick: () => go({ week: shiftWeek(week, -1) }) },
        h('span', { 'aria-hidden': 'true' }, '‹ '), t('diary.prev')),
      h('span', { class: 'week', 'aria-live': 'polite' }, t('diary.week', {
        from: fmtDate(monday), to: fmtDate(addDays(monday, 6)) })),
      h('button', { type: 'button', class: 'secondary', id: 'next-week', onclick: () => go({ week: shiftWeek(week, 1) }) },
        t('diary.next'), h('span', { 'aria-hidden': 'true' }, ' ›')),
      week !== isoWeek(new Date()) &&
        h('button', { type: 'button', class: 'secondary', onclick: () => go({ week: undefined }) }, t('diary.this_week'))),
    staleNotice(t, d),
    h('div', { class: 'days' }, d.days.map((day) => dayCard(ctx, day, day.date === now)))]);
}
