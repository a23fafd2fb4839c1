// i18n.js: strings from i18n/{kk,ru,en}.json, dates and numbers by Intl.
//
// Kazakh is the default; the choice is kept in localStorage. t(key, vars)
// answers the string of the current language, else the Kazakh one, else
// the key itself; "{name}" in it is replaced by vars.name.
const KEY = 'mektep.lang';
export const LANGS = ['kk', 'ru', 'en'];
const LOCALES = { kk: 'kk-KZ', ru: 'ru-KZ', en: 'en-GB' };

let cur = LANGS.includes(stored()) ? stored() : 'kk';
let dict = {};
let base = {};

function stored() {
  try { return localStorage.getItem(KEY); } catch { return null; }
}

async function fetchDict(code) {
  const res = await fetch(new URL(`../i18n/${code}.json`, import.meta.url));
  if (!res.ok) throw new Error(`i18n ${code}: HTTP ${res.status}`);
  return res.json();
}

// Load the strings of the current language (and Kazakh as fallback).
export async function loadLang() {
  const [d, b] = await Promise.all([fetchDict(cur),
    cur === 'kk' ? null : fetchDict('kk')]);
  dict = d;
  base = b || d;
  document.documentElement.lang = cur;
}

export function lang() { return cur; }

export function locale() { return LOCALES[cur]; }

// Switch language, remember it, reload the strings, tell the app
// (a "langchange" event on window).
export async function setLang(code) {
  if (!LANGS.includes(code)) throw new Error(`unknown language ${code}`);
  cur = code;
  try { localStorage.setItem(KEY, code); } catch { /* private mode */ }
  await loadLang();
  window.dispatchEvent(new Event('langchange'));
}

export function t(key, vars) {
  let s = dict[key] ?? base[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

// Does the current language have a string for key?
export function has(key) { return key in dict || key in base; }

// A "YYYY-MM-DD" string or a Date as a local date.
export function toDate(d) {
  if (d instanceof Date) return d;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(d));
  if (m) return new Date(+m[1], +m[2] - 1, +m[3]);
  return new Date(d);
}

// Browsers without Kazakh locale data (Intl gives "M11 24") get
// Kazakh dates from the names in kk.json ("date.months", "date.weekdays").
function ownDate(d, opts) {
  const months = t('date.months').split(' ');
  const days = t('date.weekdays').split(' ');
  const s = [opts.day && String(d.getDate()), opts.month && months[d.getMonth()],
    opts.year && String(d.getFullYear())].filter(Boolean).join(' ');
  const out = opts.weekday ? `${s}, ${days[(d.getDay() + 6) % 7]}` : s;
  const time = opts.hour ? ` ${fmtTime(d)}` : '';
  return out + time;
}

// Chromium claims "kk" (supportedLocalesOf) yet may format a Kazakh month
// as "M11": trust Intl only if it names November as kk.json does.
let kkIntl = null;
function intlHasKazakh() {
  if (kkIntl === null) {
    const nov = new Intl.DateTimeFormat(LOCALES.kk, { month: 'long' })
      .format(new Date(2026, 10, 15)).toLowerCase();
    kkIntl = nov === t('date.months').split(' ')[10];
  }
  return kkIntl;
}

export function fmtDate(date, opts = { day: 'numeric', month: 'long' }) {
  if (cur === 'kk' && !intlHasKazakh()) {
    return ownDate(toDate(date), opts);
  }
  return new Intl.DateTimeFormat(locale(), opts).format(toDate(date));
}

// "HH:MM" (as the API gives times) or a Date, as a local time.
export function fmtTime(time, opts = { hour: '2-digit', minute: '2-digit' }) {
  let d = time;
  if (!(time instanceof Date)) {
    const [hh, mm] = String(time).split(':').map(Number);
    d = new Date(2000, 0, 1, hh, mm);
  }
  return new Intl.DateTimeFormat(locale(), { hourCycle: 'h23', ...opts }).format(d);
}

export function fmtNum(n, opts) {
  return new Intl.NumberFormat(locale(), opts).format(n);
}
