// people.js: the school's classes (filtered as you type) and its people
// (searched by name and role, GET /schools/{id}/people?q=&role=).
import { h, clear, useCss } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { hashOf } from '../../core/router.js';
import { schoolOf, calendarOf, classesOf } from './school.js';

const ROLES = ['teacher', 'pupil', 'parent', 'school_admin'];
const PAGE = 50;

function classesSection(classes, t) {
  const filter = h('input', { id: 'class-filter', type: 'search', autocomplete: 'off' });
  const body = h('tbody');
  const count = h('p', { class: 'muted', role: 'status' });
  function show() {
    const q = filter.value.trim().toLowerCase().replace(/\s+/g, '');
    clear(body);
    const shown = classes.filter((c) => !q || c.class_name.toLowerCase().replace(/\s+/g, '').includes(q) ||
      (c.class_teacher && c.class_teacher.full_name.toLowerCase().includes(filter.value.trim().toLowerCase())));
    for (const c of shown) {
      body.append(h('tr', null,
        h('th', { scope: 'row' }, c.class_name),
        h('td', null, t('admin.lang.' + c.language)),
        h('td', { class: 'num' }, String(c.shift)),
        h('td', null, c.class_teacher ? c.class_teacher.full_name : '–'),
        h('td', { class: 'num' }, String(c.pupil_count)),
        h('td', null, h('a', { href: hashOf('/admin/timetable', { class: c.id }) }, t('admin.nav.timetable')))));
    }
    count.textContent = t('admin.classes.count', { n: shown.length, all: classes.length });
  }
  filter.addEventListener('input', show);
  show();
  return h('section', { class: 'card', 'aria-labelledby': 'classes-h' },
    h('h2', { id: 'classes-h' }, t('admin.classes.title')),
    h('div', { class: 'toolbar' }, h('label', { for: 'class-filter' }, t('admin.classes.filter')), filter),
    count,
    h('div', { class: 'table-wrap' }, h('table', { class: 'admin-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('admin.class')),
        h('th', { scope: 'col' }, t('admin.classes.language')),
        h('th', { scope: 'col', class: 'num' }, t('admin.classes.shift')),
        h('th', { scope: 'col' }, t('admin.classes.teacher')),
        h('th', { scope: 'col', class: 'num' }, t('admin.classes.pupils')),
        h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, t('admin.nav.timetable'))))),
      body)));
}

function roleText(r, t) {
  return t('role.' + r.role) + (r.class_name ? ` (${r.class_name})` : '');
}

function peopleSection(api, school, t) {
  const q = h('input', { id: 'people-q', type: 'search', autocomplete: 'off', maxlength: 200 });
  const role = h('select', { id: 'people-role' },
    h('option', { value: '' }, t('admin.people.any_role')),
    ROLES.map((r) => h('option', { value: r }, t('role.' + r))));
  const status = h('p', { class: 'muted', role: 'status' });
  const list = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('admin.people.more'));
  let next = null;

  async function load(append) {
    const args = new URLSearchParams({ limit: PAGE });
    if (q.value.trim()) args.set('q', q.value.trim());
    if (role.value) args.set('role', role.value);
    if (append && next) args.set('next', next);
    status.textContent = t('admin.loading');
    try {
      const js = await api('GET', `/schools/${school}/people?${args}`);
      if (!append) clear(list);
      for (const p of js.items) {
        list.append(h('tr', null,
          h('th', { scope: 'row' }, p.full_name),
          h('td', null, p.roles.map((r) => roleText(r, t)).join(', ')),
          h('td', null, p.login || '–')));
      }
      next = js.next;
      more.hidden = !next;
      status.textContent = list.children.length === 0 ? t('admin.people.none')
        : t('admin.people.found', { n: list.children.length });
    } catch (err) {
      status.textContent = errorText(err);
    }
  }
  more.addEventListener('click', () => load(true));
  const form = h('form', { class: 'toolbar', role: 'search', onsubmit: (e) => { e.preventDefault(); load(false); } },
    h('label', { for: 'people-q' }, t('admin.people.name')), q,
    h('label', { for: 'people-role' }, t('admin.people.role')), role,
    h('button', { type: 'submit' }, t('admin.people.search')));
  load(false);
  return h('section', { class: 'card', 'aria-labelledby': 'people-h' },
    h('h2', { id: 'people-h' }, t('admin.people.title')),
    form, status,
    h('div', { class: 'table-wrap' }, h('table', { class: 'admin-table', id: 'people-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('admin.people.name')),
        h('th', { scope: 'col' }, t('admin.people.roles')),
        h('th', { scope: 'col' }, t('admin.people.login')))),
      list)),
    more);
}

export async function render(main, params, ctx) {
  const { api, t, me } = ctx;
  useCss('css/admin.css');
  const school = schoolOf(me);
  const cal = await calendarOf(api, school);
  const classes = await classesOf(api, school, cal.year);
  main.append(h('h1', null, t('admin.people.page')),
    peopleSection(api, school, t),
    classesSection(classes, t));
}
