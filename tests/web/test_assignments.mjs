// test_assignments.mjs: assignments and hand-ins in the page
// (web/views/assign/, docs/ASSIGNMENTS.md): the teacher sets work with a
// file, the pupil hands in text and a file (and again), the teacher sees
// it handed in, a refused mark shown on its field, returns it with points
// and a ФО mark, the parent sees the status and the mark; every screen in
// kk, ru and en with no string missing; a refused upload shows why and
// attaches nothing. axe on every screen, screenshots assign-*.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert, env, login, checkAxe, shoot, setLang, waitIdle, waitView, openPage, apiLogin, apiCall } from './lib.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LANGS = ['kk', 'ru', 'en'];
const dict = Object.fromEntries(LANGS.map((c) =>
  [c, JSON.parse(readFileSync(path.join(HERE, '../../web/i18n', c + '.json'), 'utf8'))]));
const PDF = Buffer.from('%PDF-1.4\n% the teacher\'s task sheet\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const ANSWER = 'Жауап: x = 4, өйткені 2x + 1 = 9.\n';

// The teacher's course in the pupil's class other than the one the
// journal test types into (its first), and who is who.
async function fixture() {
  const teacher = await apiLogin('teacher');
  const pupil = await apiLogin('pupil');
  const parent = await apiLogin('parent');
  const me = (await apiCall('GET', '/me', undefined, pupil)).body;
  const cls = me.roles.find((g) => g.role === 'pupil').class_id;
  const mine = (await apiCall('GET', '/me/courses', undefined, teacher)).body;
  const courses = mine.courses.filter((c) => c.class_id === cls);
  assert.ok(courses.length > 0, 'the teacher has no course in the pupil\'s class');
  return { teacher, pupil, parent, pupilId: me.id, course: courses[courses.length - 1], today: mine.today };
}

// No string of the page is missing in this language: t() shows the key
// itself when no language has it, and the Kazakh string when only this
// one lacks it (so every assign.* key must be in all three files).
async function noMissingKeys(page, code, where) {
  const text = await page.evaluate(() => document.getElementById('main').innerText);
  const keys = text.match(/\b(assign|common|error|mark|homework|nav)\.[a-z_.]+/g);
  assert.equal(keys, null, `${where} (${code}): keys shown as text: ${keys}`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), code);
}

// the screen as it is, in each language, checked by axe; back to kk
async function inEveryLanguage(page, where, check) {
  for (const code of [...LANGS.slice(1), 'kk']) {
    await setLang(page, code);
    await waitIdle(page);
    await noMissingKeys(page, code, where);
    if (check) await check(code);
    await checkAxe(page, `${where} (${code})`);
  }
}

// "2026-11-26T18:00" two days from now, as a datetime-local field takes it
async function dueIn2Days(page) {
  return page.evaluate(() => {
    const d = new Date(Date.now() + 2 * 86400e3);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T18:00`;
  });
}

// (read anew: the page may show it already)
async function openAssignment(page, id) {
  await page.goto(`${env.base}/#/assign/${id}`);
  await page.reload();
  await waitView(page, '#/assign/:id');
}

export const tests = {
  'every assign.* string is in kk, ru and en'() {
    const keys = (c) => Object.keys(dict[c]).filter((k) => k.startsWith('assign.')).sort();
    assert.ok(keys('kk').length > 50);
    assert.deepEqual(keys('ru'), keys('kk'));
    assert.deepEqual(keys('en'), keys('kk'));
    for (const c of LANGS) {
      for (const k of keys(c)) assert.ok(dict[c][k].trim(), `${c} ${k} is empty`);
    }
  },

  async 'set with a file, handed in twice, returned with a ФО mark, seen by the parent'(t) {
    const f = await fixture();
    const title = `Үшбұрыштар ${Date.now()}`;

    // the teacher: menu, the course, the form
    const tp = t.page;
    await tp.goto(env.base + '/');
    await login(tp, 'teacher');
    await openPage(tp, '#/teacher/assign');
    await checkAxe(tp, 'assign courses');
    await tp.click(`main a[href="#/teacher/assign/${f.course.course_id}"]`);
    await waitView(tp, '#/teacher/assign/:course');
    await tp.click('#new-assignment');
    await waitView(tp, '#/teacher/assign/:course/new');
    await inEveryLanguage(tp, 'the assignment form');   // drawn anew each time
    await tp.fill('#a-title', title);
    await tp.fill('#a-instructions', 'Есептерді шығарып, суретін жүктеңіз.');
    await tp.fill('#a-links', 'https://example.org/triangles');
    await tp.setInputFiles('#a-files', { name: 'тапсырма.pdf', mimeType: 'application/pdf', buffer: PDF });
    await tp.locator('.a-upload.done').waitFor();
    assert.equal(await tp.locator('.a-upload.done').textContent().then((s) => s.includes('тапсырма.pdf')), true);
    await tp.fill('#a-due', await dueIn2Days(tp));
    await tp.fill('#a-max', '20');
    await shoot(tp, 'assign-new');
    await tp.click('.a-form button[type=submit]');
    await waitView(tp, '#/assign/:id');
    const id = Number(new URL(tp.url()).hash.match(/#\/assign\/(\d+)/)[1]);
    const stored = (await apiCall('GET', `/assignments/${id}`, undefined, f.teacher)).body;
    assert.equal(stored.title, title);
    assert.equal(stored.course_id, f.course.course_id);
    assert.equal(stored.max_points, 20);
    assert.deepEqual(stored.links, ['https://example.org/triangles']);
    assert.deepEqual(stored.files.map((x) => x.name), ['тапсырма.pdf']);
    assert.equal(await tp.locator(`main a[href="/api/v1/files/${stored.files[0].id}"]`).count(), 1);
    const row = () => tp.locator(`tr[data-pupil="${f.pupilId}"]`).getAttribute('data-status');
    assert.equal(await row(), 'not_handed_in');

    // the pupil: homework lists it to do; opens it, hands in text and a file
    const pp = await t.newPage({ viewport: { width: 360, height: 740 } });
    await pp.goto(env.base + '/');
    await login(pp, 'pupil');
    await openPage(pp, '#/homework');
    const todo = pp.locator(`#work-todo [data-assignment="${id}"]`);
    assert.equal(await todo.getAttribute('data-status'), 'not_handed_in');
    await inEveryLanguage(pp, 'homework with assignments');
    await todo.locator('a').click();
    await waitView(pp, '#/assign/:id');
    assert.equal(await pp.locator('.a-files a').first().textContent(), 'тапсырма.pdf');
    await pp.fill('#h-text', 'бірінші жауап');
    await pp.setInputFiles('#h-files', { name: 'жауап.txt', mimeType: 'text/plain', buffer: Buffer.from(ANSWER) });
    await pp.locator('.a-upload.done').waitFor();
    await pp.click('#h-send');
    await pp.locator('.a-work .form-msg.ok').waitFor();
    assert.equal(await pp.locator('.a-work .chip.handed_in').count(), 1);
    // again, until returned: the text replaced, the file kept
    assert.equal(await pp.inputValue('#h-text'), 'бірінші жауап');
    assert.equal(await pp.locator('.a-upload.done').count(), 1);
    await pp.fill('#h-text', ANSWER.trim());
    await pp.click('#h-send');
    await pp.waitForFunction(() => /2/.test(document.querySelector('.a-work .muted')?.textContent || ''));
    const mine = (await apiCall('GET', `/students/${f.pupilId}/assignments?from=${stored.day}&to=${stored.day}`, undefined, f.pupil)).body;
    const w = mine.days[0].tasks.flatMap((k) => k.assignments).find((x) => x.id === id);
    const handin = (await apiCall('GET', `/handins/${w.handin_id}`, undefined, f.pupil)).body;
    assert.equal(handin.times, 2);
    assert.equal(handin.text, ANSWER.trim());
    assert.deepEqual(handin.files.map((x) => x.name), ['жауап.txt']);
    assert.equal(handin.late, false);
    await inEveryLanguage(pp, 'the pupil\'s assignment');
    await shoot(pp, 'assign-pupil');

    // the teacher: the roll shows it handed in; the hand-in opens
    await openAssignment(tp, id);
    assert.equal(await row(), 'handed_in');
    await inEveryLanguage(tp, 'the roll');
    await shoot(tp, 'assign-roll');
    await tp.click(`tr[data-pupil="${f.pupilId}"] a`);
    await waitView(tp, '#/handin/:id');
    assert.equal(await tp.locator('.a-work .a-text').textContent(), ANSWER.trim());
    const file = tp.locator('.a-work .a-files a');
    assert.equal(await file.textContent(), 'жауап.txt');
    const got = await tp.request.get(env.base + await file.getAttribute('href'));
    assert.equal(got.status(), 200);
    assert.equal(await got.text(), ANSWER);
    // a ФО of 11 is refused by the journal: shown on the field, nothing stored
    await tp.fill('#r-points', '18');
    await tp.fill('#r-comment', 'Жақсы, бірақ сызбасы жоқ.');
    await tp.selectOption('#r-kind', 'formative');
    await tp.fill('#r-value', '11');
    await tp.click('#r-send');
    await tp.locator('#r-value[aria-invalid="true"]').waitFor();
    assert.ok((await tp.textContent('#r-value-msg')).length > 0);
    assert.equal((await apiCall('GET', `/handins/${handin.id}`, undefined, f.teacher)).body.status, 'handed_in');
    await inEveryLanguage(tp, 'the hand-in');      // the form drawn anew, empty
    await shoot(tp, 'assign-handin');
    await tp.fill('#r-points', '18');
    await tp.fill('#r-comment', 'Жақсы, бірақ сызбасы жоқ.');
    await tp.selectOption('#r-kind', 'formative');
    await tp.fill('#r-value', '9');
    await tp.click('#r-send');
    await tp.locator('.a-work .form-msg.ok').waitFor();
    assert.equal(await tp.locator('#r-send').count(), 0, 'the return form is still shown');
    const back = (await apiCall('GET', `/handins/${handin.id}`, undefined, f.teacher)).body;
    assert.equal(back.status, 'returned');
    assert.equal(back.points, 18);
    assert.equal(back.mark.kind, 'formative');
    assert.equal(back.mark.value, 9);
    // the mark is in the journal, in the lesson the form chose
    const book = (await apiCall('GET', `/courses/${f.course.course_id}/gradebook`, undefined, f.teacher)).body;
    const inJournal = book.pupils.find((p) => p.id === f.pupilId).marks
      .find((m) => m.lesson_id === back.mark.lesson_id && m.kind === 'formative');
    assert.equal(inJournal && inJournal.value, 9);

    // work handed in after its due time (set and handed in through the
    // API): late on the course's list, the roll and the pupil's list
    const past = (await apiCall('POST', `/courses/${f.course.course_id}/assignments`, {
      title: `Late ${Date.now()}`, due_at: new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z'),
    }, f.teacher));
    assert.equal(past.status, 201, JSON.stringify(past.body));
    const put = await apiCall('PUT', `/assignments/${past.body.id}/handin`, { text: 'кеш' }, f.pupil);
    assert.equal(put.status, 200, JSON.stringify(put.body));
    await tp.goto(`${env.base}/#/teacher/assign/${f.course.course_id}`);
    await waitView(tp, '#/teacher/assign/:course');
    const counts = async (aid) => tp.locator(`tr[data-assignment="${aid}"] td.num`).allTextContents();
    const roll = (await apiCall('GET', `/assignments/${id}/handins`, undefined, f.teacher)).body;
    assert.deepEqual(await counts(id), [String(roll.handed_in), String(roll.not_handed_in), '0']);
    assert.equal((await counts(past.body.id))[2], '1');
    await inEveryLanguage(tp, 'the course\'s assignments');
    await shoot(tp, 'assign-course');
    await openAssignment(tp, past.body.id);
    assert.equal(await tp.locator(`tr[data-pupil="${f.pupilId}"] .chip.late`).count(), 1);

    // the pupil cannot hand it in again
    await openAssignment(pp, id);
    assert.equal(await pp.locator('#h-send').count(), 0);
    assert.equal(await pp.locator('.a-work .chip.returned').count(), 1);

    // the parent: the child's homework shows it returned, with the mark
    const gp = await t.newPage();
    await gp.goto(env.base + '/');
    await login(gp, 'parent');
    await openPage(gp, '#/homework');
    const kids = (await apiCall('GET', '/me', undefined, f.parent)).body.children;
    if (kids.length > 1) {
      await gp.selectOption('#child', String(f.pupilId));
      await gp.waitForFunction((c) => location.hash.includes(`child=${c}`), f.pupilId);
      await waitIdle(gp);
    }
    const done = gp.locator(`#work-done [data-assignment="${id}"]`);
    await done.waitFor();
    assert.equal(await done.getAttribute('data-status'), 'returned');
    assert.equal((await done.locator('.mark').textContent()).replace(/^\D+/, ''), '9');
    assert.equal(await gp.locator(`#work-done [data-assignment="${past.body.id}"] .chip.late`).count(), 1);
    assert.ok((await done.locator('.points').textContent()).includes('18/20'));
    await inEveryLanguage(gp, 'the parent\'s homework', async (code) => {
      assert.equal(await done.locator('.chip.returned').textContent(), dict[code]['assign.status.returned']);
    });
    await shoot(gp, 'assign-parent');
    await done.locator('a').click();
    await waitView(gp, '#/assign/:id');
    assert.equal(await gp.locator('.a-work .chip.returned').count(), 1);
    assert.ok((await gp.textContent('.a-work')).includes('Жақсы, бірақ сызбасы жоқ.'));
    assert.equal(await gp.locator('#h-send').count(), 0, 'a parent is offered to hand in');
    await checkAxe(gp, 'the parent\'s assignment');
  },

  async 'set from a lesson of the journal; the day\'s single task refused on its box'(t) {
    const f = await fixture();
    const { lessons } = (await apiCall('GET', `/me/lessons?from=${f.today}&to=${f.today}`, undefined, f.teacher)).body;
    let lesson = lessons.find((l) => l.course_id === f.course.course_id && l.status !== 'cancelled');
    if (!lesson) {
      const book = (await apiCall('GET', `/courses/${f.course.course_id}/gradebook`, undefined, f.teacher)).body;
      lesson = book.lessons.filter((l) => l.date <= f.today).pop();
    }
    assert.ok(lesson, 'no lesson of the course up to today');
    // other work on that lesson's day: it can no longer be the day's single task
    const other = await apiCall('POST', `/courses/${f.course.course_id}/assignments`, {
      title: `Class work ${Date.now()}`, lesson_id: lesson.lesson_id, due_at: '2030-01-01T12:00:00Z',
    }, f.teacher);
    assert.equal(other.status, 201, JSON.stringify(other.body));
    const page = t.page;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await page.goto(`${env.base}/#/teacher/journal/${f.course.course_id}?lesson=${lesson.lesson_id}`);
    await waitView(page, '#/teacher/journal/:course');
    await page.click('#lesson-assign');
    await waitView(page, '#/teacher/assign/:course/new');
    assert.equal(await page.inputValue('#a-lesson'), String(lesson.lesson_id));
    const title = `Day task ${Date.now()}`;
    await page.fill('#a-title', title);
    await page.check('#a-day-task');
    await page.click('.a-form button[type=submit]');
    await page.locator('#a-day-task[aria-invalid="true"]').waitFor();
    assert.ok((await page.textContent('#a-day-task-msg')).length > 0);
    assert.equal(new URL(page.url()).hash, `#/teacher/assign/${f.course.course_id}/new?lesson=${lesson.lesson_id}`);
    // as ordinary work it is set, for that lesson and its day
    await page.uncheck('#a-day-task');
    await page.click('.a-form button[type=submit]');
    await waitView(page, '#/assign/:id');
    const id = Number(new URL(page.url()).hash.match(/#\/assign\/(\d+)/)[1]);
    const a = (await apiCall('GET', `/assignments/${id}`, undefined, f.teacher)).body;
    assert.equal(a.title, title);
    assert.equal(a.lesson_id, lesson.lesson_id);
    assert.equal(a.day, lesson.date);
    assert.equal(a.day_task, false);
  },

  async 'a refused upload shows the reason and is not attached'(t) {
    const f = await fixture();
    const page = t.page;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await page.goto(`${env.base}/#/teacher/assign/${f.course.course_id}/new`);
    await waitView(page, '#/teacher/assign/:course/new');
    // an executable: the server judges by content (422 "file")
    await page.setInputFiles('#a-files', { name: 'task.pdf', mimeType: 'application/pdf',
      buffer: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]) });
    const bad = page.locator('.a-upload.refused').first();
    await bad.waitFor();
    const why = (key, name) => dict.kk[key].split('{reason}')[0].replace('{name}', name);
    assert.ok((await bad.textContent()).startsWith(why('assign.file.bad_type', 'task.pdf')), await bad.textContent());
    assert.match(await bad.textContent(), /PDF/);     // the server's list of the types it takes
    // past the per-file limit (10 MiB): 413, the server's reason shown
    await page.setInputFiles('#a-files', { name: 'big.pdf', mimeType: 'application/pdf',
      buffer: Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]) });
    const big = page.locator('.a-upload.refused').nth(1);
    await big.waitFor();
    assert.ok((await big.textContent()).startsWith(why('assign.file.too_big', 'big.pdf')), await big.textContent());
    assert.match(await big.textContent(), /10485760/);
    assert.equal(await page.locator('.a-upload.done').count(), 0);
    await checkAxe(page, 'refused uploads');
    await shoot(page, 'assign-refused');
    // set without the refused files: nothing attached
    await page.fill('#a-title', `Refused files ${Date.now()}`);
    await page.fill('#a-due', await dueIn2Days(page));
    await page.click('.a-form button[type=submit]');
    await waitView(page, '#/assign/:id');
    const id = Number(new URL(page.url()).hash.match(/#\/assign\/(\d+)/)[1]);
    assert.deepEqual((await apiCall('GET', `/assignments/${id}`, undefined, f.teacher)).body.files, []);
  },
};
