// test_teacher_keys.mjs: the journal grid's key handling
// (web/views/teacher/grid_keys.js), a pure module, run in node; and, in
// the page, a Kazakh keyboard layout's digit row typing digits.
import { assert, env, login, waitIdle, apiLogin, apiCall } from './lib.mjs';
import {
  parseCell, formatCell, attLetter, digitFromCode, moveFor, buildBatch, entryIndex,
} from '../../web/views/teacher/grid_keys.js';

export const tests = {
  async 'a cell\'s text: marks 1-10, attendance letters, both, or nothing'() {
    const ok = (mark, att) => ({ ok: true, mark, att });
    assert.deepEqual(parseCell('8'), ok(8, null));
    assert.deepEqual(parseCell(' 10 '), ok(10, null));
    assert.deepEqual(parseCell('1'), ok(1, null));
    assert.deepEqual(parseCell(''), ok(null, null));
    assert.deepEqual(parseCell('н'), ok(null, 'absent_unexcused'));
    assert.deepEqual(parseCell('П'), ok(null, 'absent_excused'));
    assert.deepEqual(parseCell('б'), ok(null, 'absent_sick'));
    assert.deepEqual(parseCell('о'), ok(null, 'late'));
    assert.deepEqual(parseCell('n'), ok(null, 'absent_unexcused'));
    assert.deepEqual(parseCell('p'), ok(null, 'absent_excused'));
    assert.deepEqual(parseCell('B'), ok(null, 'absent_sick'));
    assert.deepEqual(parseCell('o'), ok(null, 'late'));
    assert.deepEqual(parseCell('о 9'), ok(9, 'late'));
    assert.deepEqual(parseCell('о9'), ok(9, 'late'));
    assert.deepEqual(parseCell('9о'), ok(9, 'late'));
    for (const bad of ['0', '11', '100', '-1']) {
      assert.equal(parseCell(bad).ok, false, bad);
      assert.equal(parseCell(bad).error, bad === '-1' ? 'teacher.grid.err_input' : 'teacher.grid.err_mark', bad);
    }
    for (const bad of ['x', 'нн', '5 н 5', '1 0', 'ә', '5.5']) {
      assert.deepEqual(parseCell(bad), { ok: false, error: 'teacher.grid.err_input' }, bad);
    }
  },

  async 'a cell is written back as it is read'() {
    for (const [mark, att] of [[8, null], [null, 'absent_sick'], [9, 'late'], [null, null], [10, 'absent_excused']]) {
      const s = formatCell(mark, att);
      assert.deepEqual(parseCell(s), { ok: true, mark, att }, s);
    }
    assert.equal(formatCell(9, 'late'), 'о 9');
    assert.equal(formatCell(null, 'present'), '');
    assert.equal(attLetter('absent_unexcused'), 'н');
    assert.equal(attLetter('present'), '');
  },

  async 'the digit row of a Kazakh layout stands for its digits'() {
    assert.equal(digitFromCode('ә', 'Digit2'), '2');
    assert.equal(digitFromCode('қ', 'Digit0'), '0');
    assert.equal(digitFromCode('"', 'Digit1'), '1');
    assert.equal(digitFromCode('7', 'Digit7'), null, 'a digit needs no help');
    assert.equal(digitFromCode('7', 'Numpad7'), null);
    assert.equal(digitFromCode('н', 'KeyY'), null, 'letters are letters');
    assert.equal(digitFromCode('Enter', 'NumpadEnter'), null);
    assert.equal(digitFromCode('Backspace', 'Backspace'), null);
    assert.equal(digitFromCode('ArrowUp', 'ArrowUp'), null);
  },

  async 'moves: arrows, Enter down, Shift+Enter up, Home/End; never out of the grid'() {
    const at = { row: 1, col: 1 };
    assert.deepEqual(moveFor('ArrowUp', false, at, 3, 4), { row: 0, col: 1 });
    assert.deepEqual(moveFor('ArrowDown', false, at, 3, 4), { row: 2, col: 1 });
    assert.deepEqual(moveFor('ArrowLeft', false, at, 3, 4), { row: 1, col: 0 });
    assert.deepEqual(moveFor('ArrowRight', false, at, 3, 4), { row: 1, col: 2 });
    assert.deepEqual(moveFor('Enter', false, at, 3, 4), { row: 2, col: 1 });
    assert.deepEqual(moveFor('Enter', true, at, 3, 4), { row: 0, col: 1 });
    assert.deepEqual(moveFor('Home', false, at, 3, 4), { row: 1, col: 0 });
    assert.deepEqual(moveFor('End', false, at, 3, 4), { row: 1, col: 3 });
    assert.equal(moveFor('ArrowUp', false, { row: 0, col: 0 }, 3, 4), null);
    assert.equal(moveFor('ArrowLeft', false, { row: 0, col: 0 }, 3, 4), null);
    assert.equal(moveFor('Enter', false, { row: 2, col: 3 }, 3, 4), null);
    assert.equal(moveFor('ArrowRight', false, { row: 2, col: 3 }, 3, 4), null);
    assert.equal(moveFor('Home', false, { row: 2, col: 0 }, 3, 4), null);
    assert.equal(moveFor('Tab', false, at, 3, 4), null, 'Tab is the browser\'s');
    assert.equal(moveFor('5', false, at, 3, 4), null);
  },

  async 'a batch: only what changed, and the entry a 422 names'() {
    const b = buildBatch([
      { pupil: 1, mark: 9, att: 'late', markChanged: true, attChanged: true },
      { pupil: 2, mark: null, att: 'absent_unexcused', markChanged: false, attChanged: true },
      { pupil: 3, mark: null, att: null, markChanged: true, attChanged: false },
    ]);
    assert.deepEqual(b.marks, [
      { student_id: 1, kind: 'formative', value: 9 },
      { student_id: 3, kind: 'formative', value: null },
    ]);
    assert.deepEqual(b.entries, [
      { student_id: 1, status: 'late' },
      { student_id: 2, status: 'absent_unexcused' },
    ]);
    assert.deepEqual(b.markPupils, [1, 3]);
    assert.deepEqual(b.attPupils, [1, 2]);
    assert.equal(entryIndex('marks[2].value'), 2);
    assert.equal(entryIndex('entries[0].status'), 0);
    assert.equal(entryIndex('marks[11]'), 11);
    assert.equal(entryIndex('marks'), null);
    assert.equal(entryIndex(null), null);
    assert.equal(entryIndex('from'), null);
  },

  async 'in the grid, the key marked 9 on a Kazakh layout types 9'(t) {
    const teacher = await apiLogin('teacher');
    const { courses } = (await apiCall('GET', '/me/courses', undefined, teacher)).body;
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await page.goto(`${env.base}/#/teacher/journal/${courses[0].course_id}`);
    await page.locator('#journal-grid').waitFor();
    await waitIdle(page);
    const cell = page.locator('input.cell').first();
    await cell.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    // what a Kazakh layout sends for the key marked 9: the letter ұ
    const typed = await cell.evaluate((el) => {
      const e = new KeyboardEvent('keydown', { key: 'ұ', code: 'Digit9', bubbles: true, cancelable: true });
      el.dispatchEvent(e);
      return [e.defaultPrevented, el.value];
    });
    assert.deepEqual(typed, [true, '9']);
    await page.keyboard.press('Escape');
  },
};
