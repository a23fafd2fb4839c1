// timetable.js: a class's weekly timetable, periods x weekdays, each slot
// a course of the class; saved from a date on (PUT
// /classes/{id}/timetable), which also refits the class's dated lessons.
// Two courses may share a slot only as courses of different subgroups.
import { h, clear, useCss } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { hashOf } from '../../core/router.js';
import { lang } from '../../core/i18n.js';
import { schoolOf, calendarOf, classesOf, classSelect } from './school.js';

const DAYS = [1, 2, 3, 4, 5, 6];

function courseName(c) {
  return c.subject.name + (c.subgroup ? ` (${c.subgroup.name})` : '');
}

export async function render(main, params, ctx) {
  const { api, t, me, navigate } = ctx;
  useCss('css/admin.css');
  const school = schoolOf(me);
  const cal = await calendarOf(api, school);
  const classes = await classesOf(api, school, cal.year);
  if (classes.length === 0) {
    main.append(h('h1', null, t('admin.timetable.title')), h('p', { class: 'card muted' }, t('admin.timetable.no_classes')));
    return;
  }
  const cls = classes.find((c) => c.id === Number(params.class)) || classes[0];
  const [tt, courses, bells] = await Promise.all([
    api('GET', `/classes/${cls.id}/timetable`),
    api('GET', `/classes/${cls.id}/courses?limit=1000`),
    api('GET', `/schools/${school}/bells`),
  ]);
  for (const c of courses.items) c.subject.name = c.subject['name_' + lang()] || c.subject.name_kk;
  const shift = bells.shifts.find((s) => s.shift === cls.shift) || bells.shifts[0];
  const times = new Map(shift.periods.map((p) => [p.period, `${p.starts}–${p.ends}`]));
  const maxPeriod = Math.max(8, ...tt.slots.map((s) => s.period));
  const days = DAYS.filter((d) => d <= 5 || tt.slots.some((s) => s.weekday === d));
  const msg = h('div', { id: 'timetable-msg', role: 'status' });
  const selects = [];            // { weekday, period, select, room }

  function slotSelect(weekday, period, slot, k) {
    const id = `slot-${weekday}-${period}-${k}`;
    const select = h('select', {
      id, class: 'slot',
      'aria-label': t('admin.timetable.slot', { day: t('admin.day.' + weekday), period }),
    },
    h('option', { value: '' }, '—'),
    courses.items.map((c) => h('option', { value: c.id, selected: slot && slot.course_id === c.id }, courseName(c))));
    selects.push({ weekday, period, select, room: slot ? slot.room : null, course: slot ? slot.course_id : null });
    return select;
  }

  function cell(weekday, period) {
    const here = tt.slots.filter((s) => s.weekday === weekday && s.period === period);
    const td = h('td', null, (here.length ? here : [null]).map((s, k) => slotSelect(weekday, period, s, k)));
    // a second course for the other subgroup of the class
    td.append(h('button', {
      type: 'button', class: 'secondary add-slot',
      'aria-label': t('admin.timetable.add_slot', { day: t('admin.day.' + weekday), period }),
      onclick: (e) => {
        const k = selects.filter((s) => s.weekday === weekday && s.period === period).length;
        const sel = slotSelect(weekday, period, null, k);
        e.currentTarget.before(sel);
        sel.focus();
      },
    }, '+'));
    return td;
  }

  const from = h('input', { id: 'tt-from', type: 'date', value: tt.date, min: tt.date, max: cal.ends, required: true });
  const save = h('button', { type: 'submit' }, t('admin.timetable.save'));

  async function submit(e) {
    e.preventDefault();
    clear(msg);
    for (const s of selects) s.select.removeAttribute('aria-invalid');
    const used = selects.filter((s) => s.select.value !== '');
    const slots = used.map((s) => ({
      weekday: s.weekday, period: s.period, course_id: Number(s.select.value),
      // the room stays with its slot while the course does
      room: Number(s.select.value) === s.course ? s.room : null,
    }));
    save.disabled = true;
    msg.append(h('p', null, t('admin.saving')));
    try {
      const res = await api('PUT', `/classes/${cls.id}/timetable`, { from: from.value, slots });
      clear(msg).append(h('p', { class: 'ok' }, t('admin.timetable.saved', {
        created: res.lessons_created, removed: res.lessons_removed, kept: res.lessons_kept })));
      used.forEach((s, i) => { s.course = slots[i].course_id; s.room = slots[i].room; });
    } catch (err) {
      const m = /^slots\[(\d+)\]/.exec(err.field || '');
      const bad = m ? used[Number(m[1])] : null;
      clear(msg).append(h('p', { class: 'error' }, t('admin.not_saved', { reason: errorText(err) })));
      if (bad) { bad.select.setAttribute('aria-invalid', 'true'); bad.select.focus(); }
    } finally {
      save.disabled = false;
    }
  }

  main.append(h('h1', null, t('admin.timetable.title')),
    h('div', { class: 'toolbar' }, classSelect('tt-class', classes, cls.id, t,
      (e) => navigate(hashOf('/admin/timetable', { class: e.target.value })))),
    h('form', { class: 'card', onsubmit: submit },
      h('div', { class: 'table-wrap' }, h('table', { class: 'timetable' },
        h('caption', null, t('admin.timetable.caption', { cls: cls.class_name, date: tt.date })),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('admin.timetable.period')),
          days.map((d) => h('th', { scope: 'col' }, t('admin.day.' + d))))),
        h('tbody', null, Array.from({ length: maxPeriod }, (_, i) => i + 1).map((p) => h('tr', null,
          h('th', { scope: 'row' }, String(p), h('span', { class: 'muted time' }, times.get(p) || '')),
          days.map((d) => cell(d, p))))))),
      h('div', { class: 'toolbar' },
        h('label', { for: 'tt-from' }, t('admin.timetable.from')), from, save),
      msg));
}
