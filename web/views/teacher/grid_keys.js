// grid_keys.js: what a key or a typed text means in the journal grid.
// Pure functions, no DOM: the grid (journal.js) asks and acts.

// Attendance codes as a paper journal writes them (DOMAIN.md): the same
// Cyrillic letters in Kazakh and Russian journals, upper or lower case,
// and the Latin letters they are usually transliterated to, for a teacher
// whose keyboard is in a Latin layout.
const ATT = {
  'н': 'absent_unexcused', 'п': 'absent_excused',
  'б': 'absent_sick', 'о': 'late',
  'n': 'absent_unexcused', 'p': 'absent_excused',
  'b': 'absent_sick', 'o': 'late',
};

// status -> the letter shown in a cell ('present' shows nothing)
const ATT_LETTER = {
  absent_unexcused: 'н', absent_excused: 'п', absent_sick: 'б', late: 'о',
};

export const ATT_STATUSES = Object.keys(ATT_LETTER);

// A cell holds a pupil's formative mark of a lesson and their attendance.
// parseCell('8') -> {ok, mark: 8, att: null}; 'н' -> {ok, mark: null,
// att: 'absent_unexcused'}; 'о8', 'о 8', '8о' -> late with 8; '' -> both
// cleared; anything else -> {ok: false, error: an i18n key}.
export function parseCell(text) {
  const s = String(text).trim().toLowerCase();
  let mark = null;
  let att = null;
  const m = /^(\d+)?\s*([^\d\s])?\s*(\d+)?$/u.exec(s);
  if (m === null || (m[1] !== undefined && m[3] !== undefined))
    return { ok: false, error: 'teacher.grid.err_input' };
  const digits = m[1] ?? m[3];
  if (digits !== undefined) {
    mark = Number(digits);
    if (!Number.isInteger(mark) || mark < 1 || mark > 10)
      return { ok: false, error: 'teacher.grid.err_mark' };
  }
  if (m[2] !== undefined) {
    att = ATT[m[2]];
    if (att === undefined)
      return { ok: false, error: 'teacher.grid.err_input' };
  }
  return { ok: true, mark, att };
}

// The text of a cell: 'о 8', 'н', '8' or ''.
export function formatCell(mark, att) {
  const letter = att ? (ATT_LETTER[att] ?? '') : '';
  const num = mark === null || mark === undefined ? '' : String(mark);
  return [letter, num].filter(Boolean).join(' ');
}

// The letter of a status, '' for present or none.
export function attLetter(att) {
  return ATT_LETTER[att] ?? '';
}

// On a Kazakh keyboard layout the digit row types letters (ә, і, ң ...):
// a teacher pressing the key marked 8 means 8. Given a keydown's `key` and
// `code`, the digit it stands for when the layout typed something else,
// else null (a digit typed as a digit needs no help).
export function digitFromCode(key, code) {
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(code ?? '');
  if (m === null || /^[0-9]$/.test(key ?? '')) return null;
  if (typeof key !== 'string' || [...key].length !== 1) return null;
  if (ATT[key.toLowerCase()] !== undefined) return null;
  return m[1];
}

// Where a key moves the focus in a grid of rows x cols, from {row, col}:
// arrows, Enter (down; with Shift, up: a teacher fills one lesson's
// column pupil by pupil, as on paper), Home/End along the row. Tab is
// left to the browser (cells are in row order), so focus can leave the
// grid. Answers {row, col}, or null when the key is not a move or would
// leave the grid.
export function moveFor(key, shift, pos, rows, cols) {
  let { row, col } = pos;
  switch (key) {
    case 'ArrowUp': row--; break;
    case 'ArrowDown': row++; break;
    case 'ArrowLeft': col--; break;
    case 'ArrowRight': col++; break;
    case 'Enter': row += shift ? -1 : 1; break;
    case 'Home': col = 0; break;
    case 'End': col = cols - 1; break;
    default: return null;
  }
  if (row < 0 || row >= rows || col < 0 || col >= cols) return null;
  if (row === pos.row && col === pos.col) return null;
  return { row, col };
}

// One lesson's pending changes -> the two bodies of PUT /lessons/{id}/marks
// and /attendance, with, for each, the pupil of every entry (to find the
// cell a 422 names). changes: [{pupil, mark, att, markChanged,
// attChanged}]. A null mark removes the mark; a null att removes the
// pupil's entry (present again).
export function buildBatch(changes) {
  const marks = [];
  const entries = [];
  const markPupils = [];
  const attPupils = [];
  for (const c of changes) {
    if (c.markChanged) {
      marks.push({ student_id: c.pupil, kind: 'formative', value: c.mark });
      markPupils.push(c.pupil);
    }
    if (c.attChanged) {
      entries.push({ student_id: c.pupil, status: c.att });
      attPupils.push(c.pupil);
    }
  }
  return { marks, entries, markPupils, attPupils };
}

// The entry a 422's field names: 'marks[2].value' -> 2, 'entries[0]' -> 0;
// null when the field names no entry (the whole request is at fault).
export function entryIndex(field) {
  const m = /^(?:marks|entries)\[(\d+)\]/.exec(field ?? '');
  return m === null ? null : Number(m[1]);
}
