// grid.js: the journal grid of a course's quarter, pupils x lessons, with
// keyboard entry (grid_keys.js) and batched saving (saver.js).
import { h, clear } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { fmtDate, fmtNum } from '../../core/i18n.js';
import { parseCell, formatCell, digitFromCode, moveFor } from './grid_keys.js';
import { makeSaver } from './saver.js';

const SUMMATIVE = ['sor', 'soch'];

// The grid on screen: when the page is hidden (a phone switching apps,
// a tab closed), what is typed and waiting is sent at once.
let live = null;
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && live) live.flush();
});

function pct(v) {
  return v === null || v === undefined ? '–' : fmtNum(v, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

// book: the gradebook answer; opts.onLesson(lesson_id) opens a lesson;
// opts.refresh() answers the gradebook again (for the results).
export function makeGrid(book, ctx, opts) {
  const { t, api } = ctx;
  const rows = [];                       // rows[r][c] = cell
  const resultCells = new Map();         // pupil id -> [td...]
  const status = h('p', { class: 'grid-status', role: 'status' });
  const errors = h('ul', { class: 'grid-errors', 'aria-live': 'polite' });

  const saver = makeSaver(api, {
    state: setState,
    busy: (on) => { status.textContent = on ? t('teacher.grid.saving') : t('teacher.grid.saved'); },
    saved: async () => updateResults(await opts.refresh()),
  });

  function label(p, l) {
    return t('teacher.grid.cell', { name: p.full_name, date: fmtDate(l.date, { day: 'numeric', month: 'long' }) });
  }

  function showErrors() {
    clear(errors);
    if (rows.some((row) => row.some((c) => c.state === 'error'))) {
      errors.append(h('li', null, h('button', { type: 'button', class: 'secondary', onclick: retry },
        t('teacher.grid.retry'))));
    }
    for (const row of rows) {
      for (const c of row) {
        if (c.state !== 'error') continue;
        errors.append(h('li', null, h('button', {
          type: 'button', class: 'link', onclick: () => c.input.focus(),
        }, c.input.getAttribute('aria-label')), ': ', c.message));
      }
    }
  }

  function setState(cell, state, err) {
    cell.state = state;
    cell.td.dataset.state = state;
    if (state === 'error') {
      cell.message = typeof err === 'string' ? err : errorText(err);
      cell.input.setAttribute('aria-invalid', 'true');
      cell.input.title = cell.message;
      cell.msg.textContent = cell.message;
    } else {
      cell.message = '';
      cell.input.removeAttribute('aria-invalid');
      cell.input.removeAttribute('title');
      cell.msg.textContent = '';
    }
    showErrors();
  }

  // The typed text is read when the cell is left (blur, a move) or on
  // Enter, once per text typed: moving through a cell sends nothing.
  function commit(cell, force) {
    if (!force && cell.input.value === cell.text) return;
    const r = parseCell(cell.input.value);
    cell.text = cell.input.value;
    if (!r.ok) {
      setState(cell, 'error', t(r.error));
      return;
    }
    cell.want = { mark: r.mark, att: r.att };
    cell.input.value = cell.text = formatCell(r.mark, r.att);
    saver.put(cell);
  }

  // send again every cell in error that holds a valid entry (after a
  // network failure, say)
  function retry() {
    for (const row of rows) for (const c of row) if (c.state === 'error') commit(c, true);
  }

  function onKey(e, cell) {
    const d = digitFromCode(e.key, e.code);
    if (d !== null && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      const i = cell.input;
      i.setRangeText(d, i.selectionStart, i.selectionEnd, 'end');
      return;
    }
    if (e.key === 'Escape') {
      cell.input.value = formatCell(cell.want.mark, cell.want.att);
      return;
    }
    const to = moveFor(e.key, e.shiftKey, { row: cell.row, col: cell.col },
      rows.length, rows[0].length);
    if (to === null) {
      if (e.key === 'Enter') { e.preventDefault(); commit(cell, false); }
      return;
    }
    e.preventDefault();
    commit(cell, false);
    const next = rows[to.row][to.col].input;
    next.focus();
    next.select();
  }

  function makeCell(p, l, r, c) {
    const mine = p.marks.filter((m) => m.lesson_id === l.lesson_id);
    const fo = mine.find((m) => m.kind === 'formative');
    const att = p.attendance.find((a) => a.lesson_id === l.lesson_id);
    const saved = { mark: fo ? fo.value : null, att: att && att.status !== 'present' ? att.status : null };
    const input = h('input', {
      class: 'cell', type: 'text', autocomplete: 'off', spellcheck: 'false',
      maxlength: 5, size: 3, 'aria-label': label(p, l),
      'data-pupil': p.id, 'data-lesson': l.lesson_id,
      value: formatCell(saved.mark, saved.att),
    });
    const msg = h('span', { class: 'sr-only cell-msg', id: `m-${p.id}-${l.lesson_id}` });
    const sums = mine.filter((m) => SUMMATIVE.includes(m.kind)).map((m) =>
      h('span', { class: 'sum', 'data-kind': m.kind }, `${t('teacher.kind.' + m.kind)} ${m.value}/${m.max}`));
    const td = h('td', { 'data-state': 'saved' }, input, sums, msg);
    const cell = { input, td, msg, row: r, col: c, pupil: p.id, lesson: l.lesson_id,
      saved, want: { ...saved }, state: 'saved', message: '', text: input.value };
    input.addEventListener('keydown', (e) => onKey(e, cell));
    input.addEventListener('blur', () => commit(cell, false));
    input.setAttribute('aria-describedby', msg.id);
    return cell;
  }

  function resultTds(p) {
    const r = p.result || {};
    return [
      h('td', { class: 'num' }, pct(r.fo_pct)),
      h('td', { class: 'num' }, pct(r.sor_pct)),
      h('td', { class: 'num' }, pct(r.soch_pct)),
      h('td', { class: 'num' }, pct(r.total_pct)),
      h('td', { class: 'num result' }, r.mark === null || r.mark === undefined ? '–' : String(r.mark)),
    ];
  }

  function updateResults(fresh) {
    if (!fresh) return;
    for (const p of fresh.pupils) {
      const tds = resultCells.get(p.id);
      if (!tds) continue;
      resultTds(p).forEach((td, i) => { tds[i].textContent = td.textContent; });
    }
  }

  const head = h('tr', null,
    h('th', { scope: 'col', class: 'name' }, t('teacher.grid.pupil')),
    book.lessons.map((l) => h('th', {
      scope: 'col', class: 'lesson-head' + (l.date === opts.today ? ' today' : ''),
      'data-lesson': l.lesson_id,
    },
      h('button', {
        type: 'button', class: 'link', 'data-lesson': l.lesson_id,
        title: l.topic || '',
        onclick: () => opts.onLesson(l.lesson_id),
      }, fmtDate(l.date, { day: '2-digit', month: '2-digit' }),
      h('span', { class: 'sr-only' }, ' ' + t('teacher.grid.open_lesson'))))),
    ['fo', 'sor', 'soch', 'total'].map((k) => h('th', { scope: 'col', class: 'num res' },
      h('abbr', { title: t(`teacher.result.${k}_long`) }, t(`teacher.result.${k}`)))),
    h('th', { scope: 'col', class: 'num res' }, t('teacher.result.mark')));

  const body = book.pupils.map((p, r) => {
    const row = book.lessons.map((l, c) => makeCell(p, l, r, c));
    rows.push(row);
    const res = resultTds(p);
    resultCells.set(p.id, res);
    return h('tr', null, h('th', { scope: 'row', class: 'name' }, p.full_name),
      row.map((c) => c.td), res);
  });

  const table = h('table', { class: 'grid', id: 'journal-grid', 'aria-describedby': 'grid-help' },
    h('caption', { class: 'sr-only' }, t('teacher.grid.caption', {
      subject: book.course.subject, cls: book.course.class_name, q: book.quarter })),
    h('thead', null, head), h('tbody', null, body));

  const el = h('div', { class: 'grid-block' },
    h('p', { id: 'grid-help', class: 'muted grid-help' }, t('teacher.grid.help')),
    status, errors,
    h('div', { class: 'grid-wrap', tabindex: '-1' }, table));

  // scroll the grid so that a lesson's column shows beside the names
  function reveal(id) {
    const th = table.querySelector(`thead th[data-lesson="${id}"]`);
    const wrap = el.querySelector('.grid-wrap');
    if (!th || !wrap) return;
    const names = table.querySelector('thead th.name').offsetWidth;
    const left = th.offsetLeft - wrap.scrollLeft;
    if (left < names || left + th.offsetWidth > wrap.clientWidth) {
      wrap.scrollLeft = Math.max(0, th.offsetLeft + th.offsetWidth - wrap.clientWidth);
    }
  }

  // focus the first cell of a lesson's column
  function focusLesson(id) {
    const col = book.lessons.findIndex((l) => l.lesson_id === id);
    if (col >= 0 && rows.length > 0) rows[0][col].input.focus();
  }

  // the cell being typed in counts too
  function flush() {
    const a = document.activeElement;
    const c = a && a.classList.contains('cell') && rows.flat().find((x) => x.input === a);
    if (c) commit(c, false);
    return saver.flush();
  }

  live = { flush };
  return { el, focusLesson, reveal, updateResults, flush, pending: saver.pending };
}
