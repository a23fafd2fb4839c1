// test_online.mjs: lessons online and TV in the diary. A week with a TV
// broadcast for the pupil's grade (the ministry's slot), an online lesson
// with its meeting link, a self-paced lesson with a text and a recording,
// a TV lesson referring to its slot; the pupil opens them (each opening a
// view the page reports), the parent sees the same without a view; kk, ru
// and en with no string missing; axe and screenshots.
import { assert, env, login, checkAxe, shoot, setLang, waitView, apiLogin, apiCall } from './lib.mjs';
import { assertNoRawKeys, LANGS } from './i18n_check.mjs';

// A week of its own (test_family reads the demo's today's week and the
// weeks either side): 2026-W51.
const WEEK = '2026-W51';
const FROM = '2026-12-14';
const TO = '2026-12-18';
const MEET = 'https://meet.example.org/online-w51';
const REC = 'https://video.example.org/rec-w51';
const TV_REC = 'https://tv.example.kz/balapan-w51';

async function setup() {
  const teacher = await apiLogin('teacher');
  const parent = await apiLogin('parent');
  const admin = await apiLogin('admin');
  const child = (await apiCall('GET', '/me', undefined, parent)).body.children[0];
  const grade = (await apiCall('GET', `/classes/${child.class_id}`, undefined, teacher)).body.grade;
  // lessons of the teacher's whole-class courses (a group's is not in
  // every pupil's diary)
  const whole = new Set((await apiCall('GET', '/me/courses', undefined, teacher)).body.courses
    .filter((c) => c.class_id === child.class_id && !c.subgroup).map((c) => c.course_id));
  const lessons = (await apiCall('GET', `/me/lessons?from=${FROM}&to=${TO}`, undefined, teacher)).body.lessons
    .filter((l) => whole.has(l.course_id) && l.status !== 'cancelled');
  assert.ok(lessons.length >= 3, `only ${lessons.length} lessons of the teacher in ${child.class_name} in ${WEEK}`);
  const [sync, async_, tv] = lessons;
  const slot = await apiCall('POST', '/tv/slots', {
    channel: 'balapan', date: tv.date, starts: '10:00', ends: '10:30', grade,
    title: 'Математика: бөлшектер W51', recording_url: TV_REC }, admin);
  assert.equal(slot.status, 201, JSON.stringify(slot.body));
  const ok = async (method, path, body) => {
    const r = await apiCall(method, path, body, teacher);
    assert.equal(r.status, 200, `${method} ${path}: ${JSON.stringify(r.body)}`);
  };
  await ok('PATCH', `/lessons/${sync.lesson_id}`, { mode: 'online_sync', link: MEET });
  await ok('PATCH', `/lessons/${async_.lesson_id}`, { mode: 'online_async', link: null });
  await ok('PUT', `/lessons/${async_.lesson_id}/online`, { materials: [
    { kind: 'text', title: 'Оқу', text: 'Оқулықтың 42-бетін оқыңыз.' },
    { kind: 'recording', title: 'Сабақтың жазбасы', url: REC }] });
  await ok('PATCH', `/lessons/${tv.lesson_id}`, { mode: 'tv', link: null });
  await ok('PUT', `/lessons/${tv.lesson_id}/online`, { tv_slot_id: slot.body.id });
  return { child, sync, async_, tv, slot: slot.body };
}

let made = null;
async function fixture() {
  if (!made) made = await setup();
  return made;
}

async function openWeek(page, who) {
  await page.goto(env.base + '/');
  await login(page, who);
  await page.goto(`${env.base}/#/diary?week=${WEEK}`);
  await waitView(page, '#/diary');
  await page.locator('.toolbar .week').waitFor();
}

function lessonOf(page, id) {
  return page.locator('li.lesson').filter({ has: page.locator(`#online-${id}`) });
}

export const tests = {
  async 'the pupil\'s diary: TV slot of the day, the meeting link, materials and recording; each opening a view'(t) {
    const f = await fixture();
    const { page } = t;
    // links to other sites open nothing in the test
    await t.context.route(/^https:\/\/(meet|video|tv)\.example\./, (r) => r.fulfill({ status: 204 }));
    await openWeek(page, 'pupil');
    // the TV broadcast in its day
    const slot = page.locator('.tv .tv-slot').filter({ hasText: f.slot.title });
    assert.equal(await slot.count(), 1, 'the TV slot is not in the diary');
    assert.match(await slot.textContent(), /10:00–10:30/);
    assert.match(await slot.textContent(), /Балапан/);
    assert.equal(await slot.locator(`a[href="${TV_REC}"]`).count(), 1);
    // the online lesson's meeting link; opening it is a view
    const sync = lessonOf(page, f.sync.lesson_id);
    const join = sync.locator(`a[href="${MEET}"]`);
    assert.equal((await join.textContent()).trim(), 'Онлайн сабаққа қосылу');
    let viewed = page.waitForResponse((r) => r.url().endsWith(`/lessons/${f.sync.lesson_id}/views`)
      && r.request().method() === 'POST');
    const [popup] = await Promise.all([page.waitForEvent('popup'), join.click()]);
    assert.equal((await viewed).status(), 204);
    await popup.close();
    // the self-paced lesson's materials: reading them is a view (GET)
    const asy = lessonOf(page, f.async_.lesson_id);
    const read = page.waitForResponse((r) => r.url().endsWith(`/lessons/${f.async_.lesson_id}/online`));
    await asy.locator('button.online-open').click();
    assert.equal((await read).status(), 200);
    assert.equal(await asy.locator('button.online-open').getAttribute('aria-expanded'), 'true');
    await asy.locator('.material-text').filter({ hasText: 'Оқулықтың 42-бетін оқыңыз.' }).waitFor();
    const rec = asy.locator(`a[href="${REC}"]`);
    assert.equal((await rec.textContent()).trim(), 'Сабақтың жазбасы');
    viewed = page.waitForResponse((r) => r.url().endsWith(`/lessons/${f.async_.lesson_id}/views`));
    const [p2] = await Promise.all([page.waitForEvent('popup'), rec.click()]);
    assert.equal((await viewed).status(), 204);
    await p2.close();
    // the TV lesson names its broadcast
    const tv = lessonOf(page, f.tv.lesson_id);
    await tv.locator('button.online-open').click();
    await tv.locator('.tv-ref').waitFor();
    const ref = await tv.locator('.tv-ref').textContent();
    assert.match(ref, /Balapan|Балапан/);
    assert.match(ref, /10:00–10:30/);
    await checkAxe(page, 'diary online');
    await shoot(page, 'diary-online');
    // the same day in Russian and English: no string missing
    const heads = new Set();
    for (const code of LANGS) {
      await setLang(page, code);
      await assertNoRawKeys(page, `diary online (${code})`);
      heads.add(await page.locator('.tv h3').first().textContent());
      await lessonOf(page, f.async_.lesson_id).locator('button.online-open').click();
      await lessonOf(page, f.async_.lesson_id).locator('.material-text').waitFor();
      await assertNoRawKeys(page, `diary materials (${code})`);
    }
    assert.deepEqual([...heads], ['Телесабақтар', 'Телеуроки', 'TV lessons']);
    await checkAxe(page, 'diary online (en)');
  },

  async 'the parent sees the same lessons online, and opening them is no view'(t) {
    const f = await fixture();
    const { page } = t;
    await t.context.route(/^https:\/\/(meet|video|tv)\.example\./, (r) => r.fulfill({ status: 204 }));
    await openWeek(page, 'parent');
    assert.equal(await page.locator('.tv .tv-slot').filter({ hasText: f.slot.title }).count(), 1);
    const views = [];
    page.on('request', (r) => { if (/\/api\/v1\/lessons\/\d+\/views$/.test(r.url())) views.push(r.url()); });
    const asy = lessonOf(page, f.async_.lesson_id);
    await asy.locator('button.online-open').click();
    const rec = asy.locator(`a[href="${REC}"]`);
    const [p2] = await Promise.all([page.waitForEvent('popup'), rec.click()]);
    await p2.close();
    const join = lessonOf(page, f.sync.lesson_id).locator(`a[href="${MEET}"]`);
    const [p3] = await Promise.all([page.waitForEvent('popup'), join.click()]);
    await p3.close();
    // the page's own requests are sent before the popup opens
    assert.deepEqual(views, [], 'a parent\'s opening was sent as a view');
    await checkAxe(page, 'parent diary online');
    await shoot(page, 'diary-online-parent');
  },
};
