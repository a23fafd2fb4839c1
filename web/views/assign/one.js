// one.js: one assignment (GET /assignments/{id}): its instructions, links
// and files, and then, for its teacher, the roll (who has and has not
// handed in, late marked; each hand-in opens); for a pupil, their hand-in
// and the form to hand in, again until it is returned; for a parent, the
// child's status and result. #/assign/:id?child=ID
import { h, clear, useCss } from '../../core/dom.js';
import { hashOf } from '../../core/router.js';
import { pickStudent } from '../student.js';
import { assignmentBody, fileList, statusChips, resultOf, fmtWhen, formErrors, field } from './common.js';
import { filePicker } from './files.js';

function roll(t, a, r) {
  return h('section', { class: 'card', 'aria-labelledby': 'roll-title' },
    h('h2', { id: 'roll-title' }, t('assign.roll.title')),
    h('p', { class: 'a-counts' }, t('assign.roll.counts', {
      handed_in: r.handed_in, not_handed_in: r.not_handed_in, late: r.pupils.filter((p) => p.late).length })),
    h('div', { class: 'table-wrap' }, h('table', { class: 'a-table roll' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('assign.roll.pupil')),
        h('th', { scope: 'col' }, t('assign.roll.status')),
        h('th', { scope: 'col' }, t('assign.roll.when')),
        h('th', { scope: 'col', class: 'num' }, t('assign.roll.points')))),
      h('tbody', null, r.pupils.map((p) => h('tr', { 'data-pupil': p.student.id, 'data-status': p.status },
        h('th', { scope: 'row' }, p.handin_id
          ? h('a', { href: `#/handin/${p.handin_id}` }, p.student.full_name) : p.student.full_name),
        h('td', null, statusChips(t, { ...p, overdue: false })),
        h('td', null, p.handed_in_at ? fmtWhen(p.handed_in_at) : ''),
        h('td', { class: 'num' }, p.points === null ? '' : `${p.points}/${a.max_points}`)))))));
}

// the pupil's (or child's) work on this assignment, and for the pupil
// the form to hand it in while it is not returned
async function work(box, a, who, ctx, said) {
  const { api, t } = ctx;
  const list = await api('GET', `/students/${who.id}/assignments?from=${a.day}&to=${a.day}`);
  const w = list.days.flatMap((d) => d.tasks).flatMap((k) => k.assignments).find((x) => x.id === a.id);
  clear(box);
  if (!w) { box.append(h('p', { class: 'card muted' }, t('assign.not_for_child'))); return; }
  const hi = w.handin_id ? await api('GET', `/handins/${w.handin_id}`) : null;
  const pupil = ctx.me.id === who.id;
  const sec = h('section', { class: 'card a-work', 'aria-labelledby': 'work-title' },
    h('h2', { id: 'work-title' }, pupil ? t('assign.mine') : t('assign.childs', { name: who.name })),
    h('p', null, statusChips(t, w),
      hi ? [' ', h('span', { class: 'muted' }, t('assign.handed_in_at', { when: fmtWhen(hi.handed_in_at), times: hi.times }))] : ''),
    resultOf(t, w, a.max_points),
    said && h('p', { class: 'form-msg ok', role: 'status', tabindex: '-1' }, said),
    hi && hi.text && h('p', { class: 'a-text' }, hi.text),
    hi && fileList(t, hi.files));
  box.append(sec);
  if (pupil && w.status !== 'returned') sec.append(handinForm(box, a, who, hi, ctx));
  const note = sec.querySelector('.form-msg.ok');
  if (note) note.focus();
}

function handinForm(box, a, who, hi, ctx) {
  const { api, t } = ctx;
  const text = h('textarea', { id: 'h-text', maxlength: 20000, rows: 6 });
  text.value = hi ? hi.text : '';
  const files = filePicker({ id: 'h-files', label: t('assign.handin.files'), t, files: hi ? hi.files : [] });
  const msg = formErrors(t, { text, file_ids: files.input });
  files.el.append(msg.note('file_ids'));
  const save = h('button', { type: 'submit', id: 'h-send' }, hi ? t('assign.handin.again') : t('assign.handin.send'));
  return h('form', {
    class: 'a-form', novalidate: true,
    onsubmit: async (e) => {
      e.preventDefault();
      if (files.busy()) { msg.say(t('assign.file.wait')); return; }
      save.disabled = true;
      msg.say(t('assign.saving'));
      try {
        await api('PUT', `/assignments/${a.id}/handin`, { text: text.value.trim(), file_ids: files.ids() });
        await work(box, a, who, ctx, t('assign.handin.done'));
      } catch (err) {
        msg.show(err);
        save.disabled = false;
      }
    },
  },
  h('h3', null, hi ? t('assign.handin.again_title') : t('assign.handin.title')),
  field(t('assign.handin.text'), text, msg.note('text')),
  files.el,
  h('div', null, save), msg.line);
}

export async function render(main, params, ctx) {
  const { api, t, me, navigate } = ctx;
  useCss('css/assign.css');
  const id = Number(params.id);
  const a = await api('GET', `/assignments/${id}`);
  const teacher = me.roles.some((g) => g.role === 'teacher');
  let r = null;
  if (teacher) {
    try {
      r = await api('GET', `/assignments/${id}/handins`);
    } catch (err) {
      if (err.status !== 403) throw err;          // not theirs to oversee
    }
  }
  const back = r ? h('a', { href: `#/teacher/assign/${a.course_id}` }, t('assign.course.back'))
    : h('a', { href: hashOf('/homework', { child: params.child }) }, t('assign.to_homework'));
  main.append(
    h('h1', null, a.title),
    h('p', { class: 'muted' }, a.subject, ' · ', t('assign.set_by', { name: a.created_by.full_name })),
    h('div', { class: 'toolbar' }, back),
    h('section', { class: 'card' }, assignmentBody(t, a)));
  if (r) { main.append(roll(t, a, r)); return; }
  if (!me.roles.some((g) => g.role === 'pupil') && !(me.children || []).length) return;
  const who = pickStudent(ctx, params, (child) => navigate(hashOf(`/assign/${id}`, { child })));
  if (who.picker) main.append(h('div', { class: 'toolbar' }, who.picker));
  const box = h('div');
  main.append(box);
  await work(box, a, who, ctx, null);
}
