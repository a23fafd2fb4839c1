// test_teacher.mjs: the teacher's pages: today's lessons, the journal grid
// typed into with the keyboard (and the parent then seeing the marks and
// attendance in the diary), the server's refusals shown where they
// belong, topic and homework reaching the pupil's diary.
import { assert, env, login, checkAxe, shoot, apiLogin, apiCall, waitIdle, setLang } from './lib.mjs';

// The demo's facts, found through the API: the parent's first child (the
// pupil), the teacher's course in the child's class, its lesson of the
// school's today and its next lesson (yet to come).
async function facts() {
  const teacher = await apiLogin('teacher');
  const parent = await apiLogin('parent');
  const child = (await apiCall('GET', '/me', undefined, parent)).body.children[0];
  const mine = (await apiCall('GET', '/me/courses', undefined, teacher)).body;
  const course = mine.courses.find((c) => c.class_id === child.class_id);
  assert.ok(course, `the teacher has no course in ${child.class_name}`);
  const book = (await apiCall('GET', `/courses/${course.course_id}/gradebook`, undefined, teacher)).body;
  const today = book.lessons.find((l) => l.date === mine.today);
  const later = book.lessons.find((l) => l.date > mine.today);
  assert.ok(today && later, `course ${course.course_id}: no lesson on ${mine.today} and after`);
  const others = book.pupils.filter((p) => p.id !== child.id);
  return { teacher, parent, child, course, book, today, later, others, day: mine.today };
}

function nextDay(iso) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function gradebook(f) {
  return (await apiCall('GET', `/courses/${f.course.course_id}/gradebook`, undefined, f.teacher)).body;
}

const SAVED = /^Сақталды\.$/;   // teacher.lesson.saved in Kazakh

function cell(page, pupil, lesson) {
  return page.locator(`input.cell[data-pupil="${pupil}"][data-lesson="${lesson}"]`);
}

// every cell typed into has been answered, and the last batch stored
async function settled(page) {
  await page.waitForFunction(() => document.querySelector('.grid-status').textContent === 'Барлық өзгеріс сақталды.'
    && !document.querySelector('#journal-grid td[data-state=dirty], #journal-grid td[data-state=saving]'),
  null, { timeout: 15000 });
}

async function openJournal(page, f) {
  await page.goto(`${env.base}/#/teacher/journal/${f.course.course_id}`);
  await page.locator('#journal-grid').waitFor();
  await waitIdle(page);
}

// a cell is typed into as a teacher does: focus, clear, type, a key
async function typeInto(page, loc, text, key) {
  await loc.focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
  await page.keyboard.press(key);
}

export const tests = {
  async 'today lists the lessons of the school\'s today and opens the journal'(t) {
    const f = await facts();
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await page.goto(env.base + '/#/teacher/today');
    await waitIdle(page);
    const link = page.locator(`a[href*="/teacher/journal/${f.course.course_id}?lesson=${f.today.lesson_id}"]`);
    assert.equal(await link.count(), 1, 'today\'s lesson of the course is not listed');
    await checkAxe(page, 'teacher today');
    await shoot(page, 'teacher-today');
    // the next day and back by the links
    await page.click(`a[href="#/teacher/today?date=${nextDay(f.day)}"]`);
    await page.click('#back-today');
    await link.waitFor();
    // the journal's list of courses, each opening its grid
    await page.goto(env.base + '/#/teacher/journal');
    await page.locator(`main a[href="#/teacher/journal/${f.course.course_id}"]`).waitFor();
    await checkAxe(page, 'teacher courses');
    await shoot(page, 'teacher-courses');
    await page.goto(env.base + '/#/teacher/today');
    await link.click();
    await page.locator('.lesson-panel h2').waitFor();
    assert.equal(await page.locator('#journal-grid').count(), 1);
  },

  async 'marks and attendance typed in the grid are saved, and the parent sees them'(t) {
    const f = await facts();
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openJournal(page, f);
    await checkAxe(page, 'teacher journal grid');
    await shoot(page, 'teacher-journal');

    const rows = await page.locator(`input.cell[data-lesson="${f.today.lesson_id}"]`)
      .evaluateAll((els) => els.map((e) => Number(e.dataset.pupil)));
    const at = rows.indexOf(f.child.id);
    assert.ok(at >= 0 && at + 2 < rows.length, 'the child is not in the grid (or last)');
    const [next, third] = [rows[at + 1], rows[at + 2]];
    // "о" then 9: late with a 9; Enter goes down to the next pupil, who
    // gets "н" (absent) and an arrow down; the third a 10 and Tab
    await typeInto(page, cell(page, f.child.id, f.today.lesson_id), 'о9', 'Enter');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.pupil), String(next),
      'Enter did not move down to the next pupil');
    await page.keyboard.type('н');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('10');
    await page.keyboard.press('Tab');
    await settled(page);
    for (const p of [f.child.id, next, third]) {
      assert.equal(await page.locator(`td:has(> input.cell[data-pupil="${p}"][data-lesson="${f.today.lesson_id}"])`)
        .getAttribute('data-state'), 'saved');
    }
    assert.equal(await cell(page, f.child.id, f.today.lesson_id).inputValue(), 'о 9');

    // stored as typed
    const book = await gradebook(f);
    const pupil = (id) => book.pupils.find((p) => p.id === id);
    const mark = (id) => pupil(id).marks.find((m) => m.lesson_id === f.today.lesson_id && m.kind === 'formative');
    const att = (id) => pupil(id).attendance.find((a) => a.lesson_id === f.today.lesson_id);
    assert.equal(mark(f.child.id)?.value, 9);
    assert.equal(att(f.child.id)?.status, 'late');
    assert.equal(att(next)?.status, 'absent_unexcused');
    assert.equal(mark(third)?.value, 10);
    // the quarter result column follows what was stored
    const total = pupil(f.child.id).result.total_pct;
    assert.notEqual(total, null);
    await page.waitForFunction(([id, want]) => {
      const tds = document.querySelector(`input.cell[data-pupil="${id}"]`).closest('tr').querySelectorAll('td.num');
      return tds[3].textContent.replace(',', '.') === want;
    }, [f.child.id, total.toFixed(1)]);

    // the parent, in the diary, sees the 9 and the lateness today
    const pp = await t.newPage();
    await pp.goto(env.base + '/');
    await login(pp, 'parent');
    await pp.goto(env.base + '/#/diary');
    await waitIdle(pp);
    const lesson = pp.locator('.day.today .lesson', { hasText: f.course.subject.split(' ')[0] }).first();
    await lesson.waitFor();
    const text = await lesson.textContent();
    assert.match(text, /(^|\D)9(\D|$)/, `the diary's lesson shows no 9: ${text}`);
    assert.equal(await lesson.locator('.att.late').count(), 1, `the diary does not show the lateness: ${text}`);
  },

  async 'on a phone the journal opens with today\'s column in sight beside the names'(t) {
    const f = await facts();
    const page = await t.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openJournal(page, f);
    const box = await page.evaluate((id) => {
      const wrap = document.querySelector('.grid-wrap').getBoundingClientRect();
      const names = document.querySelector('#journal-grid thead th.name').getBoundingClientRect();
      const th = document.querySelector(`#journal-grid thead th[data-lesson="${id}"]`);
      const r = th.getBoundingClientRect();
      return { left: r.left, right: r.right, min: names.right, max: wrap.right, today: th.classList.contains('today') };
    }, f.today.lesson_id);
    assert.ok(box.today, 'today\'s column is not marked');
    assert.ok(box.left >= box.min - 1 && box.right <= box.max + 1, `today's column out of sight: ${JSON.stringify(box)}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'the page scrolls sideways');
  },

  async 'a mark in a lesson yet to come shows the server\'s reason on its cell and stores nothing'(t) {
    const f = await facts();
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openJournal(page, f);
    const c = cell(page, f.child.id, f.later.lesson_id);
    await typeInto(page, c, '7', 'Enter');
    const td = page.locator(`td:has(> input.cell[data-pupil="${f.child.id}"][data-lesson="${f.later.lesson_id}"])[data-state="error"]`);
    await td.waitFor({ timeout: 10000 });
    const title = await c.getAttribute('title');
    assert.match(title, /not taken place/, `the cell's reason: ${title}`);
    assert.equal(await c.getAttribute('aria-invalid'), 'true');
    // read with the cell by a screen reader
    const desc = await c.getAttribute('aria-describedby');
    assert.match(await page.textContent(`[id="${desc}"]`), /not taken place/);
    assert.match(await page.locator('.grid-errors').textContent(), /not taken place/);
    const book = await gradebook(f);
    const p = book.pupils.find((x) => x.id === f.child.id);
    assert.equal(p.marks.filter((m) => m.lesson_id === f.later.lesson_id).length, 0, 'a mark was stored');
    await checkAxe(page, 'teacher journal with an error');

    // a text that is no entry is refused on the page itself
    const other = cell(page, f.others[0].id, f.today.lesson_id);
    await typeInto(page, other, '11', 'Enter');
    await page.locator(`td:has(> input.cell[data-pupil="${f.others[0].id}"][data-lesson="${f.today.lesson_id}"])[data-state="error"]`).waitFor();
  },

  async 'what is typed is sent when the page is hidden, before the cell is left'(t) {
    const f = await facts();
    const { page } = t;
    const p = f.others[1];
    const had = p.marks.find((m) => m.lesson_id === f.today.lesson_id && m.kind === 'formative');
    const want = had && had.value === 8 ? 7 : 8;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openJournal(page, f);
    const c = cell(page, p.id, f.today.lesson_id);
    await c.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(want));
    // a phone switching apps: the page is hidden, the cell still focused
    await page.evaluate(() => {
      Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await settled(page);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.pupil), String(p.id), 'the cell was left');
    const book = await gradebook(f);
    const m = book.pupils.find((x) => x.id === p.id).marks
      .find((x) => x.lesson_id === f.today.lesson_id && x.kind === 'formative');
    assert.equal(m?.value, want);
  },

  async 'a cell typed back to its stored value while saving ends with that value stored'(t) {
    const f = await facts();
    const { page } = t;
    const p = f.others[2];
    const had = p.marks.find((m) => m.lesson_id === f.today.lesson_id && m.kind === 'formative');
    const first = had && had.value === 8 ? 7 : 8;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openJournal(page, f);
    // the server answers the marks slowly, so the second entry is typed
    // while the first is under way
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route(`**/api/v1/lessons/${f.today.lesson_id}/marks`, async (route) => {
      await held;
      await route.continue();
    });
    const c = cell(page, p.id, f.today.lesson_id);
    const original = await c.inputValue();
    await typeInto(page, c, String(first), 'Enter');
    const td = page.locator(`td:has(> input.cell[data-pupil="${p.id}"][data-lesson="${f.today.lesson_id}"])`);
    await page.waitForFunction((el) => el.dataset.state === 'saving', await td.elementHandle());
    await c.focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    if (original) await page.keyboard.type(original);
    await page.keyboard.press('Enter');
    release();
    await settled(page);
    const book = await gradebook(f);
    const m = book.pupils.find((x) => x.id === p.id).marks
      .find((x) => x.lesson_id === f.today.lesson_id && x.kind === 'formative');
    assert.equal(m ? m.value : null, had ? had.value : null, 'the first entry stayed stored');
    assert.equal(await c.inputValue(), original);
  },

  async 'a СОЧ on the day of a СОР of the subject shows the server\'s reason on that pupil\'s line'(t) {
    const f = await facts();
    const { page } = t;
    const [a, b] = f.others.slice(-2);
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await page.goto(`${env.base}/#/teacher/journal/${f.course.course_id}?lesson=${f.today.lesson_id}`);
    await page.locator('.lesson-panel').waitFor();
    await waitIdle(page);
    await checkAxe(page, 'teacher lesson panel');
    await shoot(page, 'teacher-lesson');
    // a СОР of 6 out of 10 for one pupil
    await page.selectOption('#sum-kind', 'sor');
    await page.fill('#sum-max', '10');
    await page.fill(`#sum-${a.id}`, '6');
    await page.click('.sum-form button[type=submit]');
    await page.locator('.sum-form .form-msg', { hasText: SAVED }).waitFor();
    // then a СОЧ for another pupil of the class the same day: refused
    await page.selectOption('#sum-kind', 'soch');
    assert.equal(await page.inputValue(`#sum-${a.id}`), '', 'the СОР shows under СОЧ');
    await page.fill('#sum-max', '20');
    await page.fill(`#sum-${b.id}`, '15');
    await page.click('.sum-form button[type=submit]');
    const line = page.locator(`#sum-${b.id}-msg`);
    await line.filter({ hasText: /same day/ }).waitFor({ timeout: 10000 });
    assert.equal(await page.getAttribute(`#sum-${b.id}`, 'aria-invalid'), 'true');
    const book = await gradebook(f);
    const kinds = (id) => book.pupils.find((p) => p.id === id).marks
      .filter((m) => m.lesson_id === f.today.lesson_id).map((m) => `${m.kind}:${m.value}/${m.max}`);
    assert.ok(kinds(a.id).includes('sor:6/10'), `СОР not stored: ${kinds(a.id)}`);
    assert.ok(!kinds(b.id).some((k) => k.startsWith('soch')), `a СОЧ was stored: ${kinds(b.id)}`);
  },

  async 'the journal in Russian and English: its own strings and the subject\'s name'(t) {
    const f = await facts();
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openJournal(page, f);
    const subjects = (await apiCall('GET', '/subjects?limit=1000', undefined, f.teacher)).body.items;
    const subj = subjects.find((s) => s.name_kk === f.course.subject);
    for (const [code, pupil, soch, name] of [['ru', 'Ученик', 'СОЧ %', subj.name_ru], ['en', 'Pupil', 'SAT %', subj.name_en]]) {
      await setLang(page, code);
      await page.locator('#journal-grid').waitFor();
      assert.equal((await page.textContent('#journal-grid thead th.name')).trim(), pupil);
      assert.ok((await page.locator('#journal-grid thead th.res').allTextContents()).includes(soch));
      assert.ok((await page.textContent('main h1')).includes(name), `${code}: ${await page.textContent('main h1')}`);
    }
  },

  async 'topic, homework and an online link set on a lesson show in the pupil\'s diary'(t) {
    const f = await facts();
    const { page } = t;
    const topic = `Сызықтық теңдеулер жүйесі ${Date.now() % 100000}`;
    const homework = '§12, № 4–7 (Ә, ғ, қ)';
    const link = 'https://meet.example.org/8a-algebra';
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await page.goto(`${env.base}/#/teacher/journal/${f.course.course_id}?lesson=${f.today.lesson_id}`);
    await page.locator('#lesson-topic').waitFor();
    await page.fill('#lesson-topic', topic);
    await page.fill('#lesson-homework', homework);
    await page.selectOption('#lesson-mode', 'online_sync');
    await page.fill('#lesson-link', link);
    await page.click('.lesson-form button[type=submit]');
    await page.locator('.lesson-form .form-msg', { hasText: SAVED }).waitFor();
    const l = (await apiCall('GET', `/lessons/${f.today.lesson_id}`, undefined, f.teacher)).body;
    assert.equal(l.topic, topic);
    assert.equal(l.homework, homework);
    assert.equal(l.mode, 'online_sync');
    assert.equal(l.link, link);

    const pp = await t.newPage();
    await pp.goto(env.base + '/');
    await login(pp, 'pupil');
    await pp.goto(env.base + '/#/diary');
    await waitIdle(pp);
    const day = pp.locator('.day.today');
    await day.filter({ hasText: topic }).waitFor();
    assert.ok((await day.textContent()).includes(homework), 'the homework is not in the diary');
    assert.equal(await day.locator(`a[href="${link}"]`).count(), 1, 'the lesson\'s link is not in the diary');
  },
};
