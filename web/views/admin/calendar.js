// calendar.js: the school's calendar of the current school year: its
// quarters and holidays (GET /school-years?school_id=), changed as the
// school's own calendar (PUT /schools/{id}/calendar, the whole year at
// once: the national one stays as it is for other schools).
import { h, clear, useCss } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { fmtDate } from '../../core/i18n.js';
import { schoolOf, calendarOf } from './school.js';

const KINDS = ['vacation', 'public', 'grade1'];

function span(s, e) {
  return s === e ? fmtDate(s) : `${fmtDate(s)} – ${fmtDate(e)}`;
}

function dateInput(id, value, label) {
  return [h('label', { for: id }, label), h('input', { id, type: 'date', value, required: true })];
}

export async function render(main, params, ctx) {
  const { api, t, me } = ctx;
  useCss('css/admin.css');
  const school = schoolOf(me);
  let cal = await calendarOf(api, school);
  const msg = h('p', { id: 'calendar-msg', role: 'status' });
  const view = h('div');

  // the calendar as PUT takes it, with changes
  function input(c, holidays) {
    return {
      starts: c.starts, ends: c.ends,
      quarters: c.quarters.map((q) => ({ n: q.n, starts: q.starts, ends: q.ends })),
      holidays: holidays.map((x) => ({ name: x.name, kind: x.kind, starts: x.starts, ends: x.ends })),
    };
  }

  async function save(body, done) {
    msg.className = '';
    msg.textContent = t('admin.saving');
    try {
      cal = await api('PUT', `/schools/${school}/calendar?year=${cal.year}`, body);
      msg.textContent = done;
      draw();
      return true;
    } catch (err) {
      msg.className = 'error';
      msg.textContent = t('admin.not_saved', { reason: errorText(err) });
      return false;
    }
  }

  function quartersForm() {
    const rows = cal.quarters.map((q) => ({
      q,
      s: dateInput(`q${q.n}-starts`, q.starts, t('admin.calendar.starts')),
      e: dateInput(`q${q.n}-ends`, q.ends, t('admin.calendar.ends')),
    }));
    return h('form', {
      class: 'card', 'aria-labelledby': 'quarters-h',
      onsubmit: (ev) => {
        ev.preventDefault();
        const body = input(cal, cal.holidays);
        rows.forEach((r, i) => { body.quarters[i].starts = r.s[1].value; body.quarters[i].ends = r.e[1].value; });
        body.starts = body.quarters[0].starts;
        body.ends = body.quarters[3].ends;
        save(body, t('admin.calendar.saved'));
      },
    },
    h('h2', { id: 'quarters-h' }, t('admin.calendar.quarters')),
    h('p', { class: 'muted' }, t('admin.calendar.source.' + cal.source)),
    h('ol', { class: 'quarters' }, rows.map((r) => h('li', null,
      h('fieldset', null, h('legend', null, t('admin.calendar.quarter_n', { n: r.q.n })), r.s, r.e)))),
    h('button', { type: 'submit' }, t('admin.calendar.save_quarters')));
  }

  function holidaysList() {
    const hs = [...cal.holidays].sort((a, b) => a.starts.localeCompare(b.starts));
    return h('ul', { class: 'holidays', id: 'holidays' }, hs.map((x) => h('li', null,
      h('span', { class: 'when' }, span(x.starts, x.ends)),
      h('span', { class: 'what' }, x.name),
      h('span', { class: 'kind muted' }, t('admin.calendar.kind.' + x.kind)),
      h('button', {
        type: 'button', class: 'secondary',
        'aria-label': t('admin.calendar.remove_named', { name: x.name }),
        onclick: () => save(input(cal, cal.holidays.filter((y) => y !== x)), t('admin.calendar.removed')),
      }, t('admin.calendar.remove')))));
  }

  function addForm() {
    const name = h('input', { id: 'hol-name', maxlength: 100, required: true });
    const [ls, s] = dateInput('hol-starts', '', t('admin.calendar.starts'));
    const [le, e] = dateInput('hol-ends', '', t('admin.calendar.ends'));
    const kind = h('select', { id: 'hol-kind' }, KINDS.map((k) => h('option', { value: k }, t('admin.calendar.kind.' + k))));
    return h('form', {
      class: 'add-holiday',
      onsubmit: (ev) => {
        ev.preventDefault();
        const add = { name: name.value.trim(), kind: kind.value, starts: s.value, ends: e.value || s.value };
        save(input(cal, [...cal.holidays, add]), t('admin.calendar.added'));
      },
    },
    h('h3', null, t('admin.calendar.add')),
    h('label', { for: 'hol-name' }, t('admin.calendar.name')), name,
    ls, s, le, e,
    h('label', { for: 'hol-kind' }, t('admin.calendar.kind_label')), kind,
    h('div', null, h('button', { type: 'submit' }, t('admin.calendar.add_button'))));
  }

  function draw() {
    clear(view).append(
      h('p', null, t('admin.calendar.year', { from: cal.year, to: cal.year + 1 }), ' ', span(cal.starts, cal.ends)),
      quartersForm(),
      h('section', { class: 'card', 'aria-labelledby': 'holidays-h' },
        h('h2', { id: 'holidays-h' }, t('admin.calendar.holidays')),
        holidaysList(), addForm()));
  }

  draw();
  main.append(h('h1', null, t('admin.calendar.title')), msg, view);
}
