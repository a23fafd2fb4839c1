// test_family.mjs: the pupil's and the parent's pages: the week diary,
// marks by subject, homework; a parent switching children; language
// switch; the diary offline after one visit; an ended session; axe and
// screenshots on every page.
import { assert, env, login, checkAxe, shoot, setLang, waitIdle, waitView, openPage, apiLogin, apiCall } from './lib.mjs';

const DEMO_TODAY = '2026-11-24';      // run.mjs serves with --today

// The pupil's diary of the demo's week, through the API (the reference).
async function diaryOf(who, week) {
  const s = await apiLogin(who);
  const me = (await apiCall('GET', '/me', undefined, s)).body;
  const id = who === 'parent' ? me.children[0].id : me.id;
  return (await apiCall('GET', `/students/${id}/diary${week ? '?week=' + week : ''}`, undefined, s)).body;
}

async function openDiary(page, who) {
  await page.goto(env.base + '/');
  await login(page, who);
  if (!page.url().includes('#/diary')) await openPage(page, '#/diary');
  await waitView(page, '#/diary');
}

export const tests = {
  async 'the pupil opens on the week diary: every lesson, marks, today highlighted'(t) {
    const { page } = t;
    await openDiary(page, 'pupil');
    assert.ok(page.url().endsWith('#/diary'), page.url());
    const ref = await diaryOf('pupil');
    const days = page.locator('.day');
    assert.equal(await days.count(), ref.days.length);
    const lessons = ref.days.reduce((n, d) => n + d.lessons.length, 0);
    assert.equal(await page.locator('.lesson').count(), lessons);
    const subjects = await page.locator('.lesson .subject').allTextContents();
    assert.deepEqual(subjects.map((s) => s.replace(/ \(.*\)$/, '')),
      ref.days.flatMap((d) => d.lessons.map((l) => l.subject)));
    const marks = ref.days.flatMap((d) => d.lessons.flatMap((l) => l.marks));
    assert.equal(await page.locator('.lesson .mark').count(), marks.length);
    const hw = ref.days.flatMap((d) => d.lessons.filter((l) => l.homework)).length;
    assert.equal(await page.locator('.lesson .hw').count(), hw);
    // today is the school's (GET /me's, served --today), whatever the
    // machine's clock says
    assert.equal(await page.locator('.day.today').count(), 1);
    assert.equal(await page.getAttribute('.day.today', 'aria-current'), 'date');
    const todayIdx = ref.days.findIndex((d) => d.date === DEMO_TODAY);
    assert.equal(await days.nth(todayIdx).getAttribute('aria-current'), 'date');
    // Kazakh dates by name ("24 қараша"), never Intl's "M11 24"
    const heads = (await page.locator('.day h2').allTextContents()).join(' | ');
    assert.ok(/қараша/.test(heads) && !/\bM\d/.test(heads), heads);
    await checkAxe(page, 'diary');
    await shoot(page, 'diary-pupil');
  },

  async 'keyboard: the skip link focuses the page, Tab reaches the week buttons'(t) {
    const { page } = t;
    await openDiary(page, 'pupil');
    await page.reload();
    await waitView(page, '#/diary');
    const hash = new URL(page.url()).hash;
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
    assert.equal(await page.textContent('.skip'), 'Негізгі мазмұнға өту');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
    assert.equal(new URL(page.url()).hash, hash, 'the skip link changed the route');
    for (let i = 0; i < 5 && await page.evaluate(() => document.activeElement.id) !== 'prev-week'; i++) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement.id), 'prev-week');
    const label = await page.textContent('.toolbar .week');
    await page.keyboard.press('Enter');
    await page.waitForFunction((l) => document.querySelector('.toolbar .week')?.textContent !== l, label);
  },

  async 'previous and next week move the diary by one week'(t) {
    const { page } = t;
    await openDiary(page, 'pupil');
    const label = await page.textContent('.toolbar .week');
    await page.click('#prev-week');
    await page.waitForFunction((l) => document.querySelector('.toolbar .week')?.textContent !== l, label);
    await waitIdle(page);
    const week = new URL(page.url()).hash.match(/week=(\d{4}-W\d{2})/)[1];
    const ref = await diaryOf('pupil', week);
    assert.equal(ref.week, week);
    assert.equal(await page.locator('.lesson').count(), ref.days.reduce((n, d) => n + d.lessons.length, 0));
    assert.equal(await page.locator('.day.today').count(), 0, 'today highlighted in another week');
    await page.click('#next-week');
    await page.waitForFunction((l) => document.querySelector('.toolbar .week')?.textContent === l, label);
  },

  async 'a parent switches between the two children'(t) {
    const { page } = t;
    await openDiary(page, 'parent');
    const s = await apiLogin('parent');
    const kids = (await apiCall('GET', '/me', undefined, s)).body.children;
    assert.equal(await page.locator('#child option').count(), kids.length);
    assert.ok((await page.textContent('h1')).includes(kids[0].full_name));
    await page.selectOption('#child', String(kids[1].id));
    await page.waitForFunction((n) => document.querySelector('h1')?.textContent.includes(n), kids[1].full_name);
    await waitIdle(page);
    const ref = (await apiCall('GET', `/students/${kids[1].id}/diary`, undefined, s)).body;
    assert.equal(await page.locator('.lesson').count(), ref.days.reduce((n, d) => n + d.lessons.length, 0));
    // the child stays chosen on the other pages
    await openPage(page, '#/marks');
    assert.ok((await page.textContent('h1')).includes(kids[1].full_name), await page.textContent('h1'));
    await checkAxe(page, 'marks of the second child');
    await shoot(page, 'diary-parent');
  },

  async 'marks by subject: each mark, the parts and the quarter result as the API gives them'(t) {
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'pupil');
    await openPage(page, '#/marks');
    const s = await apiLogin('pupil');
    const ref = (await apiCall('GET', `/students/${s.user.id}/marks`, undefined, s)).body;
    const rows = page.locator('.marks-table tbody tr');
    assert.equal(await rows.count(), ref.subjects.length);
    for (let i = 0; i < ref.subjects.length; i++) {
      const sub = ref.subjects[i];
      const row = rows.nth(i);
      assert.equal((await row.locator('th').textContent()).trim(), sub.subject);
      assert.equal(await row.locator('.mark').count(), sub.marks.length, sub.subject);
      const mark = (await row.locator('td.result').textContent()).trim();
      assert.equal(mark, sub.result.mark === null ? '—' : String(sub.result.mark), sub.subject);
    }
    assert.equal(await page.inputValue('#quarter'), String(ref.quarter));
    await checkAxe(page, 'marks');
    await shoot(page, 'marks');
    await page.selectOption('#quarter', '1');
    await page.waitForFunction(() => location.hash.includes('quarter=1'));
    await waitIdle(page);
    assert.equal(await page.inputValue('#quarter'), '1');
  },

  async 'homework by day, from today on'(t) {
    const { page } = t;
    await page.goto(env.base + '/');
    await login(page, 'pupil');
    await openPage(page, '#/homework');
    const items = await page.locator('.hw-list li').count();
    const ref = await diaryOf('pupil');
    const ahead = ref.days.filter((d) => d.date >= DEMO_TODAY).flatMap((d) => d.lessons.filter((l) => l.homework));
    assert.ok(items >= ahead.length, `${items} homework items, this week alone has ${ahead.length} from today`);
    await checkAxe(page, 'homework');
    await shoot(page, 'homework');
  },

  async 'ru and en change the visible strings and are remembered'(t) {
    const { page } = t;
    await openDiary(page, 'pupil');
    assert.equal(await page.textContent('nav a[href="#/diary"]'), 'Күнделік');
    await setLang(page, 'ru');
    assert.equal(await page.textContent('nav a[href="#/diary"]'), 'Дневник');
    assert.equal(await page.textContent('#logout'), 'Выйти');
    assert.ok((await page.textContent('#prev-week')).includes('Предыдущая неделя'));
    await page.reload();
    await waitView(page, '#/diary');
    assert.equal(await page.getAttribute('html', 'lang'), 'ru');
    assert.equal(await page.textContent('nav a[href="#/diary"]'), 'Дневник');
    await setLang(page, 'en');
    assert.equal(await page.textContent('nav a[href="#/marks"]'), 'Marks');
    assert.ok((await page.textContent('#next-week')).includes('Next week'));
    // dates through Intl in the chosen language
    const title = await page.locator('.day h2').first().textContent();
    assert.match(title, /Monday|Tuesday|Wednesday|Thursday|Friday/, title);
    await checkAxe(page, 'diary in English');
  },

  async 'the diary opens offline after one visit, with an "as of" time'(t) {
    const { page, context } = t;
    await openDiary(page, 'pupil');
    const online = await page.locator('.lesson').count();
    await page.evaluate(() => navigator.serviceWorker.ready);
    // the first visit's page was not controlled yet: one reload is
    await page.reload();
    await page.locator('.days').waitFor();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await context.setOffline(true);
    await page.reload();
    await page.locator('.days').waitFor();
    await waitIdle(page);
    assert.equal(await page.locator('.lesson').count(), online);
    const note = await page.textContent('.asof');
    assert.ok(note.length > 10, note);
    await checkAxe(page, 'diary offline');
    await shoot(page, 'diary-offline');
    await context.setOffline(false);
  },

  async 'an ended session returns to the login with "session expired"'(t) {
    const { page, context } = t;
    await openDiary(page, 'parent');
    const cookie = (await context.cookies()).find((c) => c.name === 'mektep_session');
    assert.ok(cookie && cookie.httpOnly, 'no HttpOnly session cookie');
    // the session ends elsewhere (logout with the same token)
    const r = await apiCall('POST', '/auth/logout', undefined, { token: cookie.value });
    assert.equal(r.status, 204);
    await page.click('#next-week');
    await page.locator('#login').waitFor();
    assert.equal(await page.textContent('#login-msg'), 'Сеанс аяқталды. Қайта кіріңіз.');
    assert.equal(await page.locator('#logout').count(), 0);
    // logging in again returns to the page asked for
    await login(page, 'parent');
    assert.ok(page.url().includes('#/diary'), page.url());
    // a reload with an ended session lands on the login too
    const c2 = (await context.cookies()).find((c) => c.name === 'mektep_session');
    await apiCall('POST', '/auth/logout', undefined, { token: c2.value });
    await page.reload();
    await page.locator('#login').waitFor();
    assert.equal(await page.textContent('#login-msg'), 'Сеанс аяқталды. Қайта кіріңіз.');
  },
};
