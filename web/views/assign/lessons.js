// lessons.js: a course's lessons the teacher gives, for the assignment
// form (set for one of them) and the return (the lesson a mark goes into).
import { h } from '../../core/dom.js';
import { fmtDate } from '../../core/i18n.js';
import { isoDay, parseDay, addDays } from '../../core/dates.js';

const shift = (iso, n) => isoDay(addDays(parseDay(iso), n));

// The course's lessons not cancelled, from `before` days before the
// school's today (GET /me/courses "today") to `after` days after it
// (GET /me/lessons).
export async function courseLessons(api, course, today, before, after) {
  const { lessons } = await api('GET', `/me/lessons?from=${shift(today, -before)}&to=${shift(today, after)}`);
  return lessons.filter((l) => l.course_id === course && l.status !== 'cancelled');
}

export function lessonLabel(t, l) {
  return t('assign.lesson_of', { date: fmtDate(l.date, { weekday: 'short', day: 'numeric', month: 'long' }), period: l.period });
}

// A select of lessons; first (value "") when given leads.
export function lessonSelect(t, id, lessons, chosen, first) {
  return h('select', { id },
    first && h('option', { value: '' }, first),
    lessons.map((l) => h('option', { value: l.lesson_id, selected: l.lesson_id === chosen }, lessonLabel(t, l))));
}
