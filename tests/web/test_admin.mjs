// test_admin.mjs: the school admin's pages: people and classes with
// search, a CSV import refused line by line (and storing nothing), a
// holiday added to the calendar, a timetable edit saved.
import { assert, env, login, checkAxe, shoot, apiLogin, apiCall, waitIdle, setLang } from './lib.mjs';

async function director() {
  const s = await apiLogin('director');
  const me = (await apiCall('GET', '/me', undefined, s)).body;
  const school = me.roles.find((r) => r.role === 'school_admin').school_id;
  return { s, school };
}

async function open(t, hash) {
  const { page } = t;
  await page.goto(env.base + '/');
  await login(page, 'director');
  await page.goto(env.base + '/' + hash);
  await waitIdle(page);
  return page;
}

export const tests = {
  async 'people: a search by part of a name finds the person; classes filter as typed'(t) {
    const d = await director();
    const parent = await apiLogin('parent');
    const who = (await apiCall('GET', '/me', undefined, parent)).body.full_name;
    const part = who.split(' ').pop().slice(0, 6).toLowerCase();
    const page = await open(t, '#/admin/people');
    await page.locator('#people-table tbody tr').first().waitFor();
    await page.fill('#people-q', part);
    await page.selectOption('#people-role', 'parent');
    await page.click('form[role=search] button[type=submit]');
    await page.locator('#people-table tbody th', { hasText: who }).waitFor();
    const names = await page.locator('#people-table tbody th').allTextContents();
    assert.ok(names.length >= 1);
    for (const n of names) assert.ok(n.toLowerCase().includes(part), `"${n}" does not hold "${part}"`);
    // the page shows what the API answers for the same search
    const api = (await apiCall('GET', `/schools/${d.school}/people?role=parent&limit=50&q=${encodeURIComponent(part)}`,
      undefined, d.s)).body.items.map((p) => p.full_name);
    assert.deepEqual(names, api);

    await page.fill('#class-filter', '8');
    const classes = await page.locator('section[aria-labelledby=classes-h] tbody th').allTextContents();
    assert.ok(classes.length > 0 && classes.every((c) => c.startsWith('8')), `classes: ${classes}`);
    await page.fill('#class-filter', '');
    await checkAxe(page, 'admin people');
    await shoot(page, 'admin-people');
  },

  async 'a CSV import with a bad line shows that line\'s error and stores nothing'(t) {
    const d = await director();
    const before = (await apiCall('GET', `/schools/${d.school}/classes?limit=1000`, undefined, d.s)).body.items.length;
    const name = 'Әлихан Серікұлы Тестов';
    const csv = [
      'kind;full_name;class;login;iin;birth_date;parent_of;language;shift;subject',
      'class;;7 Ж;;;;;ru;2;',
      `pupil;${name};7 Ж;alikhan.web;;2013-02-03;;;;`,
      'pupil;Ерасыл Маратұлы;7 Ж;;900101300127;;;;;',
    ].join('\n') + '\n';
    const page = await open(t, '#/admin/import');
    await page.fill('#csv-text', csv);
    await page.click('.import-form button[type=submit]');
    const row = page.locator('.import-errors tbody tr[data-line="4"]');
    await row.waitFor({ timeout: 10000 });
    const text = await row.textContent();
    assert.match(text, /iin/, `line 4: ${text}`);
    assert.match(text, /900101300127/, `line 4 shows the file's line and the server's reason: ${text}`);
    assert.equal(await page.locator('.import-errors tbody tr').count(), 1, 'only line 4 is at fault');
    assert.match(await page.locator('#import-result p.error').textContent(), /1/);
    // nothing stored: not the class, not the pupil of the good line
    const after = (await apiCall('GET', `/schools/${d.school}/classes?limit=1000`, undefined, d.s)).body.items.length;
    assert.equal(after, before, 'a class was stored');
    const found = (await apiCall('GET', `/schools/${d.school}/people?q=${encodeURIComponent('Тестов')}`, undefined, d.s)).body.items;
    assert.equal(found.length, 0, `a pupil was stored: ${JSON.stringify(found)}`);
    await checkAxe(page, 'admin import with errors');
    await shoot(page, 'admin-import');
  },

  async 'a holiday added shows in the school\'s calendar'(t) {
    const d = await director();
    const page = await open(t, '#/admin/calendar');
    await page.locator('#holidays').waitFor();
    const name = 'Мектеп күні';
    await page.fill('#hol-name', name);
    await page.fill('#hol-starts', '2027-05-20');
    await page.fill('#hol-ends', '2027-05-21');
    await page.selectOption('#hol-kind', 'public');
    await page.click('.add-holiday button[type=submit]');
    await page.locator('#holidays li', { hasText: name }).waitFor({ timeout: 10000 });
    const cal = (await apiCall('GET', `/school-years?school_id=${d.school}`, undefined, d.s)).body;
    assert.equal(cal.source, 'school');
    assert.ok(cal.holidays.some((x) => x.name === name && x.starts === '2027-05-20' && x.ends === '2027-05-21'
      && x.kind === 'public'), JSON.stringify(cal.holidays));
    // in Russian and English, the page's own words change
    for (const [code, title] of [['ru', 'Календарь школы'], ['en', 'School calendar']]) {
      await setLang(page, code);
      await page.locator('main h1', { hasText: title }).waitFor();
      await page.locator('#holidays li', { hasText: name }).waitFor();
    }
    await setLang(page, 'kk');
    // and again after a reload, from the server
    await page.reload();
    await waitIdle(page);
    await page.locator('#holidays li', { hasText: name }).waitFor();
    await checkAxe(page, 'admin calendar');
    await shoot(page, 'admin-calendar');
  },

  async 'quarter dates out of order are refused with the server\'s reason, and nothing changes'(t) {
    const d = await director();
    const before = (await apiCall('GET', `/school-years?school_id=${d.school}`, undefined, d.s)).body;
    const page = await open(t, '#/admin/calendar');
    await page.locator('#q2-ends').waitFor();
    // the second quarter ending before it starts
    const start = new Date(`${before.quarters[1].starts}T12:00:00Z`);
    start.setUTCDate(start.getUTCDate() - 1);
    await page.fill('#q2-ends', start.toISOString().slice(0, 10));
    await page.click('form[aria-labelledby=quarters-h] button[type=submit]');
    const msg = page.locator('#calendar-msg.error');
    await msg.waitFor({ timeout: 10000 });
    assert.match(await msg.textContent(), /quarter|starts|ends|order/i, await msg.textContent());
    const after = (await apiCall('GET', `/school-years?school_id=${d.school}`, undefined, d.s)).body;
    assert.deepEqual(after.quarters, before.quarters);
  },

  async 'a timetable edit is saved from a date on'(t) {
    const d = await director();
    const parent = await apiLogin('parent');
    const kids = (await apiCall('GET', '/me', undefined, parent)).body.children.map((c) => c.class_id);
    const year = (await apiCall('GET', `/school-years?school_id=${d.school}`, undefined, d.s)).body.year;
    const classes = (await apiCall('GET', `/schools/${d.school}/classes?year=${year}&limit=1000`, undefined, d.s)).body.items
      .filter((c) => c.pupil_count > 0 && !kids.includes(c.id));
    const cls = classes[classes.length - 1];
    const tt = (await apiCall('GET', `/classes/${cls.id}/timetable`, undefined, d.s)).body;
    // a free slot: Friday, the first period without a lesson
    const period = [1, 2, 3, 4, 5, 6, 7, 8].find((p) => !tt.slots.some((s) => s.weekday === 5 && s.period === p));
    assert.ok(period, 'no free period on Friday');
    const courses = (await apiCall('GET', `/classes/${cls.id}/courses?limit=1000`, undefined, d.s)).body.items;
    const course = courses.find((c) => !c.subgroup);

    const page = await open(t, `#/admin/timetable?class=${cls.id}`);
    const sel = `#slot-5-${period}-0`;
    await page.locator(sel).waitFor();
    await page.selectOption(sel, String(course.id));
    await page.click('form button[type=submit]:not(.add-slot)');
    await page.locator('#timetable-msg p.ok').waitFor({ timeout: 15000 });
    const now = (await apiCall('GET', `/classes/${cls.id}/timetable`, undefined, d.s)).body;
    assert.ok(now.slots.some((s) => s.weekday === 5 && s.period === period && s.course_id === course.id),
      `slot not stored: ${JSON.stringify(now.slots.filter((s) => s.weekday === 5))}`);
    assert.equal(now.slots.length, tt.slots.length + 1, 'other slots changed');
    await page.reload();
    await waitIdle(page);
    assert.equal(await page.inputValue(sel), String(course.id));
    await checkAxe(page, 'admin timetable');
    await shoot(page, 'admin-timetable');
  },
};
