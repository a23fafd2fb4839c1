// test_quiz.mjs: online tests in the page. The teacher builds a test with
// one question of each kind (a refusal shown at its question first), the
// pupil takes it and sees the score and the key, the teacher sees the
// results per question and per pupil and puts them into the journal, the
// parent sees the child's result; a submit refused because the time ran
// out shows the attempt as the server stored it; every screen in kk, ru
// and en with no string missing; axe and screenshots on each.
import { assert, env, login, checkAxe, shoot, setLang, waitView, openPage, apiLogin, apiCall } from './lib.mjs';
import { keysOf, quizFiles, assertDictionaries, assertNoRawKeys, LANGS } from './i18n_check.mjs';

// The teacher's course in the pupil's class (the whole class's).
async function facts() {
  const teacher = await apiLogin('teacher');
  const pupil = await apiLogin('pupil');
  const parent = await apiLogin('parent');
  const child = (await apiCall('GET', '/me', undefined, parent)).body.children[0];
  const mine = (await apiCall('GET', '/me/courses', undefined, teacher)).body;
  const course = mine.courses.find((c) => c.class_id === child.class_id && !c.subgroup);
  assert.ok(course, `the teacher has no course in ${child.class_name}`);
  assert.equal(pupil.user.id, child.id, 'the pupil login is the parent\'s first child');
  return { teacher, pupil, parent, child, course, today: mine.today };
}

async function quizzesOf(f, who) {
  return (await apiCall('GET', `/courses/${f.course.course_id}/quizzes`, undefined, who || f.teacher)).body.quizzes;
}

// Every screen in each language: no raw key, and the heading changes.
async function inEachLanguage(page, name) {
  const seen = new Set();
  for (const code of LANGS) {
    await setLang(page, code);
    await assertNoRawKeys(page, `${name} (${code})`);
    seen.add(await page.locator('#main').innerText());
  }
  assert.equal(seen.size, LANGS.length, `${name}: the page reads the same in two languages`);
  await setLang(page, 'kk');
}

// Fill one question editor of the builder (the last one added).
async function addQuestion(page, kind, fill) {
  await page.click(`button[data-add="${kind}"]`);
  const box = page.locator('.question-edit').last();
  assert.equal(await box.getAttribute('data-kind'), kind);
  await fill(box);
  return box;
}

const RUN = Date.now().toString(36);

// Ask until fn() is true (the page saves on its own); at most 50 times.
async function until(fn, what) {
  for (let i = 0; i < 50; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(what);
}

export const tests = {
  'every string of the test and online screens is in kk, ru and en'() {
    const keys = keysOf(quizFiles(), {
      'quiz.kind.': ['single', 'multiple', 'number', 'text'],
      'quiz.m.': ['formative', 'sor', 'soch'],
      'online.kind.': ['text', 'link', 'recording', 'file'],
      'tv.channel.': ['balapan', 'el_arna'],
    });
    assert.ok(keys.length > 80, `only ${keys.length} keys found`);
    assertDictionaries(keys);
  },

  async 'a teacher builds a test, the pupil takes it, the teacher and the parent see the result'(t) {
    const f = await facts();
    const title = `Тест ${RUN}`;
    const before = (await quizzesOf(f)).length;
    // the teacher: the course's tests, then the builder
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'teacher');
    await openPage(page, '#/teacher/tests');
    await checkAxe(page, 'teacher tests courses');
    await page.click(`a[href="#/teacher/tests/${f.course.course_id}"]`);
    await waitView(page, '#/teacher/tests/:course');
    await page.click('#new-test');
    await waitView(page, '#/teacher/tests/:course/new');
    await page.fill('#qz-title', title);
    await page.fill('#qz-limit', '15');
    await page.fill('#qz-attempts', '1');
    const single = await addQuestion(page, 'single', async (b) => {
      await b.locator('textarea').first().fill('2 + 2 = ?');
      const opts = b.locator('.option-text');
      await opts.nth(0).fill('3');
      await opts.nth(1).fill('4');
      await opts.nth(2).fill('5');
    });
    // no right option marked: refused at that question, nothing stored
    await page.click('#save-test');
    await single.locator('.q-err').filter({ hasText: /\S/ }).waitFor();
    assert.match(await page.textContent('p.error[role=alert]'), /\S/);
    assert.equal((await quizzesOf(f)).length, before, 'a refused test was stored');
    await single.locator('.option-right').nth(1).check();
    await single.locator('input[type=number]').fill('1');
    await addQuestion(page, 'multiple', async (b) => {
      await b.locator('textarea').first().fill('Жұп сандар');
      await b.locator('.add-option').click();
      const opts = b.locator('.option-text');
      for (const [i, v] of ['1', '2', '3', '4'].entries()) await opts.nth(i).fill(v);
      await b.locator('.option-right').nth(1).check();
      await b.locator('.option-right').nth(3).check();
      await b.locator('input[type=number]').fill('2');
    });
    await addQuestion(page, 'number', async (b) => {
      await b.locator('textarea').first().fill('π (екі таңбаға дейін)');
      await b.locator('input[id$="-correct"]').fill('3,14');
      await b.locator('input[id$="-tol"]').fill('0.01');
      await b.locator('input[type=number]').fill('3');
    });
    await addQuestion(page, 'text', async (b) => {
      await b.locator('textarea').first().fill('Қазақстанның астанасы');
      await b.locator('textarea').nth(1).fill('Астана\nAstana');
      await b.locator('input[type=number]').fill('2');
    });
    await checkAxe(page, 'test builder');
    await inEachLanguage(page, 'test builder');
    await shoot(page, 'quiz-build');
    await page.click('#save-test');
    await waitView(page, '#/teacher/test/:id');
    const quizId = Number(new URL(page.url()).hash.split('/').pop());
    const stored = (await apiCall('GET', `/quizzes/${quizId}`, undefined, f.teacher)).body;
    assert.equal(stored.title, title);
    assert.equal(stored.time_limit_s, 900);
    assert.equal(stored.max_points, 8);
    assert.deepEqual(stored.questions.map((q) => [q.kind, q.points]),
      [['single', 1], ['multiple', 2], ['number', 3], ['text', 2]]);
    assert.equal(stored.questions[0].correct, 1);
    assert.deepEqual(stored.questions[1].correct, [1, 3]);
    assert.equal(stored.questions[2].correct, 3.14);
    assert.equal(stored.questions[2].tolerance, 0.01);
    assert.deepEqual(stored.questions[3].accepted, ['Астана', 'Astana']);

    // the pupil: the open test, an attempt, every kind answered
    const pp = await t.newPage();
    await pp.goto(env.base + '/');
    await login(pp, 'pupil');
    await openPage(pp, '#/tests');
    const card = pp.locator(`section[data-quiz="${quizId}"]`);
    await card.locator('button.start').click();
    await waitView(pp, '#/tests/attempt/:id');
    assert.match(await pp.textContent('.timer'), /1[45]:\d\d/);
    // nothing of the key in the page while the attempt runs
    assert.equal(await pp.locator('.key').count(), 0);
    const saved = () => pp.locator('.save-state').filter({ hasText: 'Жауаптар сақталды.' }).waitFor();
    await pp.locator('#q0 input[value="1"]').check();
    await saved();
    await pp.locator('#q1 input[value="1"]').check();
    await pp.locator('#q1 input[value="3"]').check();
    await pp.fill('#q2-in', 'x');
    await pp.locator('#q2-in').blur();
    assert.match(await pp.textContent('#q2-err'), /\S/, 'a number field took a word');
    await pp.fill('#q2-in', '3,141');
    await pp.fill('#q3-in', '  астана ');
    await pp.locator('#q3-in').blur();
    // every answer stored before the page is drawn again in each language
    const attemptId = Number(new URL(pp.url()).hash.split('/').pop());
    await until(async () => (await apiCall('GET', `/quiz-attempts/${attemptId}`, undefined, f.pupil))
      .body.answers[3] === 'астана', 'the last answer was not saved');
    await checkAxe(pp, 'attempt');
    await inEachLanguage(pp, 'attempt');
    await shoot(pp, 'quiz-attempt');
    assert.equal(await pp.inputValue('#q2-in'), '3.141');
    await pp.click('#submit-attempt');
    await pp.locator('.score').waitFor();
    assert.equal((await pp.textContent('.score .mark')).trim(), '8 ұпайдан 8');
    assert.equal(await pp.locator('.review .right').count(), 4);
    assert.equal(await pp.locator('.review .key').count(), 4);
    const att = (await apiCall('GET', `/quiz-attempts/${attemptId}`, undefined, f.pupil)).body;
    assert.deepEqual(att.answers, [1, [1, 3], 3.141, 'астана']);
    assert.equal(att.score, 8);
    await checkAxe(pp, 'attempt result');
    await inEachLanguage(pp, 'attempt result');
    await shoot(pp, 'quiz-result');
    // the test's card now shows the score and no start button
    await openPage(pp, '#/tests');
    await card.locator('.attempts .mark').waitFor();
    assert.equal(await card.locator('button.start').count(), 0);
    await checkAxe(pp, 'pupil tests');
    await inEachLanguage(pp, 'pupil tests');
    await shoot(pp, 'quiz-pupil-list');

    // the teacher: results per question and per pupil, then the journal
    await page.reload();
    await waitView(page, '#/teacher/test/:id');
    const res = (await apiCall('GET', `/quizzes/${quizId}/results`, undefined, f.teacher)).body;
    const rows = page.locator('table.by-question tbody tr');
    assert.equal(await rows.count(), 4);
    for (let i = 0; i < 4; i++) {
      const q = res.questions[i];
      assert.equal(q.right, 1);
      assert.equal((await rows.nth(i).locator('td').nth(3).textContent()).trim(), `${q.pupils}-ден ${q.right}`);
    }
    const me = page.locator('table.by-pupil tbody tr').filter({ hasText: f.child.full_name });
    assert.equal((await me.locator('a').textContent()).trim(), '8 ұпайдан 8');
    assert.equal(await page.locator('table.by-pupil tbody tr').count(), res.pupils.length);
    await checkAxe(page, 'test results');
    await inEachLanguage(page, 'test results');
    await shoot(page, 'quiz-results');
    // into the journal: a lesson before today, a formative mark (8/8 -> 10)
    const lessonValue = await page.$$eval('#mk-lesson option', (os) => os.map((o) => o.value));
    assert.ok(lessonValue.length > 1, 'no lessons to put the marks in');
    const lesson = lessonValue[1];
    await page.selectOption('#mk-lesson', lesson);
    await page.selectOption('#mk-kind', 'formative');
    await page.click('#mk-send');
    await page.locator('.marks-form [role=status]').filter({ hasText: 'Бағалар қойылды' }).waitFor();
    const hist = (await apiCall('GET', `/lessons/${lesson}/marks/history`, undefined, f.teacher)).body.history;
    assert.ok(hist.some((e) => e.student_id === f.child.id && e.what === 'mark:formative' && e.new_value === '10'),
      JSON.stringify(hist.slice(-3)));
    // the best score opens the pupil's attempt
    await me.locator('a').click();
    await waitView(page, '#/tests/attempt/:id');
    assert.equal(await page.locator('.review .key').count(), 4);

    // the parent: the child's tests and the attempt
    const pa = await t.newPage();
    await pa.goto(env.base + '/');
    await login(pa, 'parent');
    await openPage(pa, '#/tests');
    const pcard = pa.locator(`section[data-quiz="${quizId}"]`);
    assert.equal((await pcard.locator('.attempts .mark').textContent()).trim(), '8 ұпайдан 8');
    assert.equal(await pcard.locator('button.start').count(), 0, 'a parent may not start a test');
    await checkAxe(pa, 'parent tests');
    await inEachLanguage(pa, 'parent tests');
    await shoot(pa, 'quiz-parent-list');
    await pcard.locator(`a[href="#/tests/attempt/${attemptId}"]`).click();
    await waitView(pa, '#/tests/attempt/:id');
    assert.equal((await pa.textContent('.score .mark')).trim(), '8 ұпайдан 8');
    assert.equal(await pa.locator('.review .key').count(), 4);
    assert.equal(await pa.locator('#submit-attempt').count(), 0);
    await checkAxe(pa, 'parent attempt');
    await shoot(pa, 'quiz-parent-attempt');
  },

  async 'a submit refused because the time ran out shows the attempt as stored'(t) {
    const f = await facts();
    const now = Date.now();
    const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const made = await apiCall('POST', `/courses/${f.course.course_id}/quizzes`, {
      title: `Уақыт ${RUN}`, time_limit_s: 10, attempts: 1, opens_at: iso(now - 60e3), closes_at: iso(now + 3600e3),
      questions: [
        { kind: 'single', text: '1 + 1', points: 1, options: ['2', '3'], correct: 0 },
        { kind: 'text', text: 'Астана?', points: 1, accepted: ['иә'] }],
    }, f.teacher);
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'pupil');
    const start = await apiCall('POST', `/quizzes/${made.body.id}/attempts`, undefined, f.pupil);
    assert.equal(start.status, 201, JSON.stringify(start.body));
    const a = start.body;
    // the page's countdown is an hour behind the server (a phone that
    // slept): only the server's deadline passes
    await page.route(`**/api/v1/quiz-attempts/${a.id}`, async (route) => {
      const res = await route.fetch();
      const body = await res.json();
      await route.fulfill({ response: res, json: { ...body, seconds_left: body.seconds_left + 3600 } });
    });
    await page.goto(`${env.base}/#/tests/attempt/${a.id}`);
    await waitView(page, '#/tests/attempt/:id');
    assert.match(await page.textContent('.timer'), /1:00:\d\d/);
    await page.locator('#q0 input[value="0"]').check();
    await page.locator('.save-state').filter({ hasText: 'Жауаптар сақталды.' }).waitFor();
    await page.fill('#q1-in', 'иә');
    const wait = Date.parse(a.deadline) + 1500 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // both questions answered: the submit goes at once; the answer of
    // question 2 is refused with the rest (409): not stored
    await page.click('#submit-attempt');
    await page.locator('.notice').waitFor();
    assert.equal(await page.textContent('.notice'), 'Уақыт бітті: жауаптарыңыз сол сәттегі күйінде тапсырылды.');
    assert.equal((await page.textContent('.score .mark')).trim(), '2 ұпайдан 1');
    const stored = (await apiCall('GET', `/quiz-attempts/${a.id}`, undefined, f.pupil)).body;
    assert.equal(stored.finished, true);
    assert.equal(stored.finished_at, stored.deadline);
    assert.deepEqual(stored.answers, [0, null]);
    await checkAxe(page, 'attempt ended by the server');
  },
};
