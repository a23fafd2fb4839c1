// test_login.mjs: logging in as each demo role, wrong passwords, logout.
import { assert, env, login, logout, checkAxe, shoot, setLang } from './lib.mjs';

const ROLES = ['admin', 'region', 'district', 'director', 'teacher', 'parent', 'pupil'];

export const tests = {
  async 'the login page: Kazakh by default, accessible'(t) {
    const { page } = t;
    await page.goto(env.base + '/');
    await page.locator('#login').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'kk');
    assert.equal(await page.textContent('form.login h1'), 'Жүйеге кіру');
    await checkAxe(page, 'login');
    await shoot(page, 'login');
  },

  async 'a wrong password says so in the chosen language'(t) {
    const { page } = t;
    await page.goto(env.base + '/');
    await setLang(page, 'ru');
    await page.fill('#login', 'pupil');
    await page.fill('#password', 'wrong');
    await page.click('form.login button[type=submit]');
    await page.locator('#login-msg:has-text("Неверный логин или пароль")').waitFor();
    assert.equal(await page.locator('#logout').count(), 0);
  },

  async 'each demo role logs in, sees its name and a page, logs out'(t) {
    for (const role of ROLES) {
      const page = await t.newPage();
      await page.goto(env.base + '/');
      await login(page, role);
      const who = (await page.textContent('.who')).trim();
      assert.ok(who.length > 0, `${role}: no name shown`);
      const errors = await page.locator('main .error').allTextContents();
      assert.deepEqual(errors, [], `${role}: the page shows an error`);
      await checkAxe(page, `home of ${role}`);
      await shoot(page, `home-${role}`);
      await logout(page);
      // the session is gone on the server too
      const me = await page.evaluate(() => fetch('/api/v1/me').then((r) => r.status));
      assert.equal(me, 401, `${role}: /me after logout`);
    }
  },
};
