// common.js: what the test views share: times, answers and the key as
// text, the stylesheet.
import { h, useCss } from '../../core/dom.js';
import { fmtDate, fmtNum } from '../../core/i18n.js';

export function quizCss() { useCss('css/quiz.css'); }

// "2026-11-24T10:00:00Z" as a local date and time.
export function when(iso) {
  return fmtDate(new Date(iso), { day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' });
}

// Seconds as "m:ss" (or "h:mm:ss").
export function clock(s) {
  const n = Math.max(0, Math.floor(s));
  const hh = Math.floor(n / 3600), mm = Math.floor(n / 60) % 60, ss = n % 60;
  const two = (x) => String(x).padStart(2, '0');
  return hh ? `${hh}:${two(mm)}:${two(ss)}` : `${mm}:${two(ss)}`;
}

// Is the test open now by the browser's clock (the server decides; this
// only picks which button to show)?
export function isOpen(q, now = Date.now()) {
  return Date.parse(q.opens_at) <= now && now < Date.parse(q.closes_at);
}

// A pupil's answer to question q as text (null: no answer).
export function answerText(t, q, v) {
  if (v === null || v === undefined) return null;
  if (q.kind === 'single') return q.options[v] ?? String(v);
  if (q.kind === 'multiple') return v.map((i) => q.options[i] ?? String(i)).join('; ');
  if (q.kind === 'number') return fmtNum(v);
  return String(v);
}

// The right answer of question q (the key, once the attempt has ended).
export function keyText(t, q) {
  if (q.kind === 'single') return q.options[q.correct];
  if (q.kind === 'multiple') return q.correct.map((i) => q.options[i]).join('; ');
  if (q.kind === 'number') {
    return q.tolerance ? t('quiz.key.number', { value: fmtNum(q.correct), tol: fmtNum(q.tolerance) })
      : fmtNum(q.correct);
  }
  return (q.accepted || []).join(' / ');
}

export function scoreChip(t, score, max) {
  return h('span', { class: 'mark sum' }, t('quiz.score', { score, max }));
}
