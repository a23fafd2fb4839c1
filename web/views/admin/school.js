// school.js: what the admin pages share: the school administered and the
// current school year with its classes.
import { h } from '../../core/dom.js';

// The school the caller administers (the first, if several).
export function schoolOf(me) {
  const g = me.roles.find((r) => r.role === 'school_admin' && r.school_id);
  return g ? g.school_id : null;
}

// The school's calendar of the current school year (GET /school-years).
export function calendarOf(api, school) {
  return api('GET', `/school-years?school_id=${school}`);
}

// The classes of the school in a school year, by grade and letter.
export async function classesOf(api, school, year) {
  const js = await api('GET', `/schools/${school}/classes?year=${year}&limit=1000`);
  return js.items.sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter));
}

// A <select> of classes with its label (id: the select's id).
export function classSelect(id, classes, chosen, t, onchange) {
  return [h('label', { for: id }, t('admin.class')),
    h('select', { id, onchange }, classes.map((c) =>
      h('option', { value: c.id, selected: c.id === chosen }, c.class_name)))];
}
