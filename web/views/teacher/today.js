// today.js: the teacher's lessons of a day (today by default, the
// school's today from GET /me/courses), each opening its course's journal.
import { h, useCss } from '../../core/dom.js';
import { fmtDate, fmtTime } from '../../core/i18n.js';
import { hashOf } from '../../core/router.js';
import { isoDay, parseDay, addDays } from '../../core/dates.js';

const shift = (iso, n) => isoDay(addDays(parseDay(iso), n));

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  useCss('css/journal.css');
  const mine = await api('GET', '/me/courses');
  const day = /^\d{4}-\d{2}-\d{2}$/.test(params.date || '') ? params.date : mine.today;
  const { lessons } = await api('GET', `/me/lessons?from=${day}&to=${day}`);
  // /me/lessons names subjects in Kazakh; /me/courses in the page's language
  const subject = new Map(mine.courses.map((c) => [c.course_id, c.subject]));
  const go = (d) => hashOf('/teacher/today', { date: d === mine.today ? null : d });

  main.append(
    h('h1', null, t('teacher.today.title')),
    h('nav', { class: 'toolbar', 'aria-label': t('teacher.today.days') },
      h('a', { href: go(shift(day, -1)), class: 'button-link' }, t('teacher.today.prev')),
      h('span', { class: 'week', 'aria-live': 'polite' },
        fmtDate(day, { weekday: 'long', day: 'numeric', month: 'long' })),
      h('a', { href: go(shift(day, 1)), class: 'button-link' }, t('teacher.today.next')),
      day !== mine.today && h('a', { href: go(mine.today), id: 'back-today' }, t('teacher.today.back'))),
    lessons.length === 0
      ? h('p', { class: 'card muted' }, t('teacher.today.none'))
      : h('ol', { class: 'today-list' }, lessons.map((l) => h('li', {
        class: 'card today-lesson' + (l.status === 'cancelled' ? ' cancelled' : ''),
      },
        h('div', { class: 'time' }, `${l.period}. ${fmtTime(l.starts)}–${fmtTime(l.ends)}`),
        h('h2', null, `${l.class_name} · ${subject.get(l.course_id) ?? l.subject}`),
        l.status === 'cancelled' && h('p', { class: 'notice' }, t('teacher.today.cancelled')),
        h('p', null, h('span', { class: 'muted' }, t('teacher.lesson.topic') + ': '),
          l.topic || t('teacher.today.no_topic')),
        h('p', null, h('span', { class: 'muted' }, t('teacher.lesson.homework') + ': '),
          l.homework || t('teacher.today.no_homework')),
        h('a', {
          href: hashOf(`/teacher/journal/${l.course_id}`, { lesson: l.lesson_id }),
          class: 'button-link',
        }, t('teacher.today.open'))))));
}
