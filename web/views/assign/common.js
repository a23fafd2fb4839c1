// common.js: what the assignment screens share: an assignment's header,
// its files as download links, a hand-in's status and result, the due
// time, and showing the server's refusal on the field it names.
import { h } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { fmtDate, fmtNum } from '../../core/i18n.js';
import { markText } from '../diary.js';

// An RFC 3339 time as the page shows it: "25 November, 18:00".
export function fmtWhen(iso) {
  return fmtDate(new Date(iso), { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

export function fmtSize(t, bytes) {
  return bytes < 1024 * 1024
    ? t('assign.file.kb', { n: fmtNum(Math.max(1, Math.round(bytes / 1024))) })
    : t('assign.file.mb', { n: fmtNum(bytes / 1048576, { maximumFractionDigits: 1 }) });
}

// The files (FileRef) as download links with their size.
export function fileList(t, files) {
  if (!files || !files.length) return null;
  return h('ul', { class: 'a-files' }, files.map((f) => h('li', null,
    h('a', { href: `/api/v1/files/${f.id}`, download: f.name }, f.name),
    ' ', h('span', { class: 'muted' }, `(${fmtSize(t, f.size)})`))));
}

// Instructions, links and files of an assignment (GET /assignments/{id}).
export function assignmentBody(t, a) {
  return [
    h('p', { class: 'a-meta' },
      h('span', null, t('assign.due', { when: fmtWhen(a.due_at) })), ' · ',
      h('span', null, t('assign.max_points', { n: a.max_points })),
      a.day_task ? [' · ', h('span', { class: 'tag' }, t('assign.day_task'))] : ''),
    a.instructions && h('p', { class: 'a-text' }, a.instructions),
    a.links.length > 0 && h('ul', { class: 'a-links', 'aria-label': t('assign.links') }, a.links.map((u) =>
      h('li', null, h('a', { href: u, rel: 'noopener noreferrer', target: '_blank' }, u)))),
    fileList(t, a.files),
  ];
}

// The status of a pupil's work (a roll line or a pupil's list item):
// not handed in (overdue when past due), handed in, late, returned.
export function statusChips(t, w) {
  const st = w.status;
  return h('span', { class: 'a-status' },
    h('span', { class: 'chip ' + st + (st === 'not_handed_in' && w.overdue ? ' overdue' : '') },
      t('assign.status.' + st)),
    w.late && h('span', { class: 'chip late' }, t('assign.late')),
    st === 'not_handed_in' && w.overdue && h('span', { class: 'chip late' }, t('assign.overdue')));
}

// Points, the journal mark and the comment of returned work.
export function resultOf(t, w, maxPoints) {
  if (w.status !== 'returned') return null;
  return h('div', { class: 'a-result' },
    h('span', { class: 'points' }, t('assign.points_of', { n: w.points, max: maxPoints })),
    w.mark && h('span', { class: w.mark.kind === 'formative' ? 'mark' : 'mark sum', title: t('mark.' + w.mark.kind) },
      h('span', { class: 'sr-only' }, t('mark.' + w.mark.kind) + ': '), markText(t, w.mark)),
    w.comment && h('p', { class: 'a-comment' }, t('assign.comment_is', { text: w.comment })));
}

// A form's message line and the fields it can name: show(err) writes the
// server's refusal on the field it names (fields: name -> element, several
// names may share an element; a name
// "links[2]" or "file_ids[0]" falls back to "links", "file_ids"), else
// on the form's line; mark(name, text) does so with the page's own
// reason; say(text) writes the line; clear() takes every message away.
export function formErrors(t, fields) {
  const line = h('p', { class: 'form-msg', role: 'status' });
  const notes = new Map();              // name -> { el, note }; one note an element
  const byEl = new Map();
  for (const [name, el] of Object.entries(fields)) {
    if (!byEl.has(el)) {
      const note = h('span', { class: 'error field-msg', id: `${el.id}-msg` });
      el.setAttribute('aria-describedby', note.id);
      byEl.set(el, { el, note });
    }
    notes.set(name, byEl.get(el));
  }
  function clear() {
    line.textContent = '';
    line.className = 'form-msg';
    for (const { el, note } of byEl.values()) { note.textContent = ''; el.removeAttribute('aria-invalid'); }
  }
  // the reason on the field named f (if the form has it) and the line
  function mark(f, reason) {
    clear();
    const hit = notes.get(f) || notes.get(f.replace(/\[\d+\].*$/, '')) || notes.get(f.split('.')[0]);
    line.className = 'form-msg error';
    line.textContent = t('assign.not_saved', { reason });
    if (hit) {
      hit.note.textContent = reason;
      hit.el.setAttribute('aria-invalid', 'true');
      hit.el.focus();
    }
  }
  return { line, note: (name) => notes.get(name).note, clear, mark,
    show: (err) => mark(err.field || '', errorText(err)),
    say(text) { clear(); line.textContent = text; } };
}

// A labelled field: label, the control, and its message (if any).
export function field(label, control, note, hint) {
  return h('div', { class: 'a-field' },
    h('label', { for: control.id }, label), hint && h('span', { class: 'muted hint' }, hint), control, note || null);
}
