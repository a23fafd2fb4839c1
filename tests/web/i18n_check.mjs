// i18n_check.mjs: no string missing for the distance-learning screens
// (test_quiz.mjs, test_online.mjs). The page's t() falls back to the
// Kazakh string and then to the key itself, so a missing Russian or
// English string would hide behind Kazakh: every key the views name is
// looked up in each dictionary here, and a page is checked for a raw key.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assert } from './lib.mjs';

const WEB = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'web');
export const LANGS = ['kk', 'ru', 'en'];
const PREFIX = /^(quiz|online|tv)\./;

// The keys the files name literally, t('quiz.x'), and those they build
// from a prefix ('quiz.kind.' + kind) with the values given.
export function keysOf(files, built) {
  const keys = new Set();
  for (const f of files) {
    const src = readFileSync(path.join(WEB, f), 'utf8');
    for (const m of src.matchAll(/['"`]((?:quiz|online|tv)\.[a-z_.]+[a-z_])['"`]/g)) keys.add(m[1]);
  }
  for (const [prefix, values] of Object.entries(built)) {
    for (const v of values) keys.add(prefix + v);
  }
  return [...keys].filter((k) => PREFIX.test(k)).sort();
}

export function quizFiles() {
  return [...readdirSync(path.join(WEB, 'views', 'quiz')).map((f) => `views/quiz/${f}`), 'views/diary.js'];
}

export function assertDictionaries(keys) {
  for (const lang of LANGS) {
    const dict = JSON.parse(readFileSync(path.join(WEB, 'i18n', `${lang}.json`), 'utf8'));
    const missing = keys.filter((k) => !(k in dict) || !String(dict[k]).trim());
    assert.deepEqual(missing, [], `${lang}.json lacks ${missing.join(', ')}`);
  }
}

// No key shown as itself in the page's main part (t()'s last fallback).
export async function assertNoRawKeys(page, where) {
  const text = await page.evaluate(() => document.getElementById('main').innerText
    + ' ' + [...document.querySelectorAll('#main [aria-label], #main [title]')]
      .map((e) => e.getAttribute('aria-label') || e.getAttribute('title')).join(' '));
  const raw = text.match(/\b(quiz|online|tv|mode|diary|common|error)\.[a-z_]+(\.[a-z_]+)*\b/g);
  assert.equal(raw, null, `${where}: keys shown as text: ${raw && raw.join(', ')}`);
}
