// build.js: the teacher builds a test of a course: title, time limit,
// attempts, the window it is open, and questions of four kinds, each with
// points (POST /courses/{id}/quizzes). The server checks everything; a
// refusal naming a field ("questions[1].correct") is shown at it.
import { h, append } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { quizCss } from './common.js';
import { courseName } from './course.js';

const KINDS = ['single', 'multiple', 'number', 'text'];
let seq = 0;                    // ids of the questions' controls

// "2026-11-24T15:30" (a datetime-local value) of a Date, local time.
function localValue(d) {
  const two = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

// A datetime-local value as the API's UTC time, or null.
function utc(v) {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function num(s) { return Number(String(s).trim().replace(',', '.')); }

function field(label, id, input, hint) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint && h('span', { class: 'muted' }, hint), h('span', { class: 'error', id: `${id}-err` }));
}

// The API's question of an editor's draft.
function toApi(d) {
  const q = { kind: d.kind, text: d.text.trim(), points: num(d.points) };
  if (d.kind === 'single' || d.kind === 'multiple') {
    const rows = d.options.filter((o) => o.text.trim() !== '');
    const right = rows.map((o, k) => (o.right ? k : -1)).filter((k) => k >= 0);
    q.options = rows.map((o) => o.text.trim());
    q.correct = d.kind === 'single' ? (right.length ? right[0] : null) : right;
  } else if (d.kind === 'number') {
    q.correct = num(d.correct);
    q.tolerance = num(d.tolerance || 0);
  } else {
    q.accepted = d.accepted.split('\n').map((x) => x.trim()).filter(Boolean);
  }
  return q;
}

// One question's editor, from a draft (kind and what was typed); its
// draft() answers what it holds now.
function questionEditor(t, d, onRemove) {
  const { kind } = d;
  const id = `nq${++seq}`;
  const text = h('textarea', { id: `${id}-text`, rows: 2, required: true, value: d.text || '' });
  const points = h('input', { id: `${id}-points`, type: 'number', min: 1, max: 100, value: d.points || 1 });
  const box = h('fieldset', { class: 'card question-edit', 'data-kind': kind });
  const parts = h('div', { class: 'kind-part' });
  let draft;
  if (kind === 'single' || kind === 'multiple') {
    const list = h('ol', { class: 'option-edit' });
    const type = kind === 'single' ? 'radio' : 'checkbox';
    const addOption = (o) => {
      const n = list.children.length + 1;
      const oid = `${id}-o${n}`;
      list.append(h('li', null,
        h('label', { for: oid, class: 'sr-only' }, t('quiz.b.option_n', { n })),
        h('input', { id: oid, type: 'text', class: 'option-text', value: (o && o.text) || '' }),
        h('label', { class: 'option' }, h('input', { type, name: `${id}-right`, class: 'option-right',
          checked: !!(o && o.right) }), ' ', t('quiz.b.right'))));
    };
    (d.options || [null, null, null]).forEach(addOption);
    parts.append(h('p', { class: 'muted' }, t(kind === 'single' ? 'quiz.b.single_hint' : 'quiz.b.multiple_hint')),
      list, h('button', { type: 'button', class: 'secondary add-option', onclick: () => addOption(null) },
        t('quiz.b.add_option')));
    draft = () => ({ options: [...list.children].map((li) => ({
      text: li.querySelector('.option-text').value,
      right: li.querySelector('.option-right').checked })) });
  } else if (kind === 'number') {
    const correct = h('input', { id: `${id}-correct`, type: 'text', inputmode: 'decimal', value: d.correct || '' });
    const tol = h('input', { id: `${id}-tol`, type: 'text', inputmode: 'decimal', value: d.tolerance ?? '0' });
    parts.append(field(t('quiz.b.correct'), `${id}-correct`, correct),
      field(t('quiz.b.tolerance'), `${id}-tol`, tol, t('quiz.b.tolerance_hint')));
    draft = () => ({ correct: correct.value, tolerance: tol.value });
  } else {
    const acc = h('textarea', { id: `${id}-acc`, rows: 2, value: d.accepted || '' });
    parts.append(field(t('quiz.b.accepted'), `${id}-acc`, acc, t('quiz.b.accepted_hint')));
    draft = () => ({ accepted: acc.value });
  }
  append(box, [
    h('legend', null, t('quiz.kind.' + kind)),
    field(t('quiz.b.text'), `${id}-text`, text),
    field(t('quiz.b.points'), `${id}-points`, points),
    parts,
    h('span', { class: 'error q-err', role: 'alert' }),
    h('button', { type: 'button', class: 'secondary remove', onclick: () => onRemove(box) }, t('quiz.b.remove'))]);
  box.draft = () => ({ kind, text: text.value, points: points.value, ...draft() });
  return box;
}

// What the teacher has typed is kept for the tab (a change of language
// draws the page again; a reload): per course, until the test is saved.
const draftKey = (course) => `mektep.quizdraft.${course}`;
function loadDraft(course) {
  try { return JSON.parse(sessionStorage.getItem(draftKey(course))); } catch { return null; }
}

export async function render(main, params, ctx) {
  const { api, t, navigate } = ctx;
  quizCss();
  const name = await courseName(api, params.course);
  const now = new Date();
  now.setSeconds(0, 0);
  const d = loadDraft(params.course) || { title: '', limit: 20, attempts: 1, opens: localValue(now),
    closes: localValue(new Date(now.getTime() + 7 * 86400e3)), questions: [] };
  const title = h('input', { id: 'qz-title', type: 'text', maxlength: 200, required: true, value: d.title });
  const limit = h('input', { id: 'qz-limit', type: 'number', min: 1, max: 1440, value: d.limit });
  const tries = h('input', { id: 'qz-attempts', type: 'number', min: 1, max: 20, value: d.attempts });
  const opens = h('input', { id: 'qz-opens', type: 'datetime-local', value: d.opens });
  const closes = h('input', { id: 'qz-closes', type: 'datetime-local', value: d.closes });
  const qs = h('div', { class: 'questions' });
  const alert = h('p', { class: 'error', role: 'alert' });
  const keep = () => sessionStorage.setItem(draftKey(params.course), JSON.stringify({
    title: title.value, limit: limit.value, attempts: tries.value, opens: opens.value, closes: closes.value,
    questions: [...qs.children].map((b) => b.draft()) }));
  const remove = (box) => { box.remove(); keep(); };
  const add = (q) => {
    const box = questionEditor(t, q, remove);
    qs.append(box);
    return box;
  };
  d.questions.forEach(add);
  // a refusal at its field: "questions[1].correct" -> question 2
  const showError = (err) => {
    for (const el of main.querySelectorAll('.error')) if (el !== alert) el.textContent = '';
    alert.textContent = errorText(err);
    const m = /^questions\[(\d+)\]/.exec(err.field || '');
    const top = { title: 'qz-title', time_limit_s: 'qz-limit', attempts: 'qz-attempts',
      opens_at: 'qz-opens', closes_at: 'qz-closes' }[err.field];
    if (m && qs.children[+m[1]]) {
      const box = qs.children[+m[1]];
      box.querySelector('.q-err').textContent = err.message;
      box.querySelector('input, textarea').focus();
    } else if (top) {
      main.querySelector(`#${top}-err`).textContent = err.message;
      main.querySelector(`#${top}`).focus();
    }
  };
  const save = async (e) => {
    e.preventDefault();
    const body = {
      title: title.value.trim(), time_limit_s: Math.round(num(limit.value) * 60),
      attempts: num(tries.value), opens_at: utc(opens.value), closes_at: utc(closes.value),
      questions: [...qs.children].map((b) => toApi(b.draft())),
    };
    const btn = e.target.querySelector('button[type=submit]');
    btn.disabled = true;
    try {
      const q = await api('POST', `/courses/${params.course}/quizzes`, body);
      sessionStorage.removeItem(draftKey(params.course));
      navigate(`#/teacher/test/${q.id}`);
    } catch (err) {
      btn.disabled = false;
      showError(err);
    }
  };
  append(main, [
    h('h1', null, t('quiz.b.title'), name && ` · ${name}`),
    h('p', null, h('a', { href: `#/teacher/tests/${params.course}` }, t('quiz.back'))),
    h('form', { class: 'quiz-build', novalidate: true, onsubmit: save, oninput: keep, onchange: keep },
      h('section', { class: 'card grid2' },
        field(t('quiz.f.title'), 'qz-title', title),
        field(t('quiz.f.limit'), 'qz-limit', limit),
        field(t('quiz.f.attempts'), 'qz-attempts', tries),
        field(t('quiz.f.opens'), 'qz-opens', opens),
        field(t('quiz.f.closes'), 'qz-closes', closes)),
      qs,
      h('div', { class: 'toolbar add-question' }, h('span', null, t('quiz.b.add')),
        KINDS.map((k) => h('button', { type: 'button', class: 'secondary', 'data-add': k,
          onclick: () => { add({ kind: k }).querySelector('textarea').focus(); keep(); } }, t('quiz.kind.' + k)))),
      alert,
      h('button', { type: 'submit', id: 'save-test' }, t('quiz.b.save')))]);
}
