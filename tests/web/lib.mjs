// lib.mjs: what every browser test uses. run.mjs fills `env` before the
// first test runs.
//
// A test file is tests/web/test_<name>.mjs and exports `tests`, an object
// whose keys are test names and whose values are async functions (t) =>
// { ... }; a test fails by throwing (node:assert, re-exported here as
// `assert`). t is the test's own context:
//   t.page               a fresh page in a fresh browser context (its
//                        own cookies, storage and service worker), at
//                        1280x800; more with t.newPage(opts)
//   t.newPage(opts)      another page in another fresh context; opts go
//                        to browser.newContext (e.g. { viewport })
//   t.context            the context of t.page
// Every page created this way fails its test on an uncaught exception or
// a Content-Security-Policy violation in the page.
//
// Helpers:
//   env.base             "http://127.0.0.1:PORT", the server under test
//   env.out              the artifacts directory ($(BUILD)/web-artifacts)
//   env.db               the demo database the server uses
//   login(page, role)    log in through the login form as a demo login
//                        (admin region district director teacher parent
//                        pupil, password demo); waits for the app
//   logout(page)         press the logout button; waits for the form
//   checkAxe(page, name) run axe-core on the page as it is; throws listing
//                        every violation (WCAG 2.1 A and AA rules)
//   shoot(page, name)    full-page screenshots at 360 and 1280 px wide:
//                        <out>/<name>-360.png and -1280.png
//   apiLogin(login)      log in through the API from node: { token,
//                        csrf, user, cookie }
//   apiCall(method, path, body, session) call /api/v1 from node with the
//                        session's Bearer token; answers { status, body }
//   setLang(page, code)  pick a language in the header's select
//   waitView(page, hash) wait until the view of route hash ("#/diary") has
//                        rendered (main[data-route=hash], not busy)
//   openPage(page, hash) click the header's link to hash and waitView
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export { assert };
export const env = { base: '', out: '', db: '', browser: null };
export const PASSWORD = 'demo';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export async function login(page, role) {
  if (!page.url().startsWith('http')) await page.goto(env.base + '/');
  await page.locator('#login').waitFor();
  await page.fill('#login', role);
  await page.fill('#password', PASSWORD);
  await page.click('form.login button[type=submit]');
  await page.locator('#logout').waitFor();
  await page.waitForFunction(() => !document.getElementById('main').hasAttribute('aria-busy')
    && document.getElementById('main').childElementCount > 0);
}

export async function logout(page) {
  await page.click('#logout');
  await page.locator('#login').waitFor();
}

export async function setLang(page, code) {
  await page.selectOption('#lang', code);
  await page.waitForFunction((c) => document.documentElement.lang === c, code);
  await waitIdle(page);
}

export async function waitView(page, hash) {
  await page.locator(`main[data-route="${hash}"]:not([aria-busy])`).waitFor();
}

export async function openPage(page, hash) {
  await page.click(`nav a[href="${hash}"]`);
  await waitView(page, hash);
}

// Wait until the current view has rendered (main not busy).
export async function waitIdle(page) {
  await page.waitForFunction(() => !document.getElementById('main').hasAttribute('aria-busy'));
}

export async function checkAxe(page, name) {
  await waitIdle(page);
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has) await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
  }));
  const bad = res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n      ` +
    v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n      '));
  assert.equal(bad.length, 0, `axe on ${name}: ${bad.length} violation(s)\n    ${bad.join('\n    ')}`);
  return res;
}

export async function shoot(page, name) {
  mkdirSync(env.out, { recursive: true });
  const size = page.viewportSize();
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 800 });
    await page.screenshot({ path: path.join(env.out, `${name}-${width}.png`), fullPage: true });
  }
  if (size) await page.setViewportSize(size);
}

export async function apiCall(method, p, body, session) {
  const headers = { Accept: 'application/json' };
  if (session) headers.Authorization = `Bearer ${session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(env.base + '/api/v1' + p, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: res.status, body: json, headers: res.headers };
}

export async function apiLogin(loginName) {
  const res = await fetch(env.base + '/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: loginName, password: PASSWORD }),
  });
  const body = await res.json();
  assert.equal(res.status, 200, `login ${loginName}: ${JSON.stringify(body)}`);
  return { token: body.token, csrf: body.csrf_token, user: body.user };
}
