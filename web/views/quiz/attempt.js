// attempt.js: one attempt (GET /quiz-attempts/{id}). Its pupil, while it
// runs, answers: each answer is saved when given (PUT .../answers), a
// countdown runs from the server's seconds_left, and "Submit" ends it.
// The server's clock rules: a save or submit refused with 409 (the time
// ran out), or the countdown reaching zero, reads the attempt again,
// which the server has closed with the answers it had, and shows that.
// Once ended (and for a parent, a teacher): score, answers, points and
// the key.
import { h, append, clear } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { quizCss, clock, answerText, keyText, scoreChip } from './common.js';

// The value of question i from its controls; undefined when not valid.
function readValue(form, q, i) {
  if (q.kind === 'single') {
    const c = form.querySelector(`input[name="q${i}"]:checked`);
    return c ? Number(c.value) : null;
  }
  if (q.kind === 'multiple') {
    const v = [...form.querySelectorAll(`input[name="q${i}"]:checked`)].map((c) => Number(c.value));
    return v.length ? v : null;
  }
  const s = form.querySelector(`[name="q${i}"]`).value.trim();
  if (s === '') return null;
  if (q.kind === 'number') {
    const n = Number(s.replace(',', '.').replace(/\s/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  return s;
}

function questionField(t, q, i, n, given) {
  const legend = h('legend', null, t('quiz.question_n', { n: i + 1, of: n }));
  const text = h('p', { class: 'qtext', id: `q${i}-text` }, q.text);
  const err = h('p', { class: 'error', id: `q${i}-err` });
  let body;
  if (q.kind === 'single' || q.kind === 'multiple') {
    const type = q.kind === 'single' ? 'radio' : 'checkbox';
    const on = (k) => (q.kind === 'single' ? given === k : Array.isArray(given) && given.includes(k));
    body = h('div', { class: 'options' }, q.options.map((o, k) => h('label', { class: 'option' },
      h('input', { type, name: `q${i}`, value: k, checked: on(k) }), ' ', o)),
    q.kind === 'multiple' && h('p', { class: 'muted' }, t('quiz.pick_all')));
  } else {
    body = h('div', null, h('label', { for: `q${i}-in`, class: 'sr-only' }, t('quiz.your_answer')),
      h('input', { id: `q${i}-in`, name: `q${i}`, type: 'text', autocomplete: 'off',
        inputmode: q.kind === 'number' ? 'decimal' : null, value: given ?? '',
        'aria-describedby': `q${i}-text q${i}-err` }),
      q.kind === 'number' && h('span', { class: 'muted' }, ' ', t('quiz.a_number')));
  }
  return h('fieldset', { class: 'card question', id: `q${i}`, 'data-kind': q.kind,
    'aria-describedby': `q${i}-text` }, legend, text, body, err);
}

function take(view, a, ctx, ended) {
  const { t, api } = ctx;
  const n = a.questions.length;
  const left = h('strong', null, clock(a.seconds_left));
  const status = h('p', { class: 'muted save-state', role: 'status' });
  const alert = h('p', { class: 'error', role: 'alert' });
  const form = h('form', { class: 'attempt', novalidate: true },
    a.questions.map((q, i) => questionField(t, q, i, n, a.answers[i])),
    h('button', { type: 'submit', id: 'submit-attempt' }, t('quiz.submit')));
  const end = Date.now() + a.seconds_left * 1000;
  let over = false;
  let queue = Promise.resolve();

  // the server closed it (time ran out): show it as stored
  const timeUp = async () => {
    if (over) return;
    over = true;
    clearInterval(timer);
    form.querySelectorAll('input, button').forEach((el) => { el.disabled = true; });
    status.textContent = t('quiz.time_up_wait');
    for (let i = 0; i < 10; i++) {
      const b = await api('GET', `/quiz-attempts/${a.id}`);
      if (b.finished) return ended(b, t('quiz.time_up'));
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const failed = (err) => {
    if (err.status === 409) return timeUp();
    alert.textContent = errorText(err);
    return null;
  };
  const save = (answers) => {
    queue = queue.then(async () => {
      if (over) return;
      status.textContent = t('quiz.saving');
      try {
        await api('PUT', `/quiz-attempts/${a.id}/answers`, { answers });
        status.textContent = t('quiz.saved');
      } catch (err) {
        status.textContent = '';
        await failed(err);
      }
    });
    return queue;
  };
  // the answer of question i, or undefined (its error shown) if invalid
  const answerOf = (i) => {
    const v = readValue(form, a.questions[i], i);
    const box = form.querySelector(`#q${i}`);
    const bad = v === undefined;
    box.querySelector(`#q${i}-err`).textContent = bad ? t('quiz.not_a_number') : '';
    box.querySelectorAll('input[type=text]').forEach((el) => el.setAttribute('aria-invalid', String(bad)));
    return v;
  };
  form.addEventListener('change', (e) => {
    const i = Number((e.target.name || '').slice(1));
    const v = answerOf(i);
    if (v !== undefined) save([{ question: i, value: v }]);
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    alert.textContent = '';
    const vals = a.questions.map((q, i) => answerOf(i));
    const bad = vals.findIndex((v) => v === undefined);
    if (bad >= 0) {
      form.querySelector(`#q${bad} input`).focus();
      alert.textContent = t('quiz.fix_first');
      return;
    }
    if (!confirmEmpty(vals)) return;
    await save(vals.map((value, question) => ({ question, value })));
    if (over) return;
    try {
      const b = await api('POST', `/quiz-attempts/${a.id}/submit`);
      over = true;
      clearInterval(timer);
      ended(b, null);
    } catch (err) {
      await failed(err);
    }
  });
  // an unanswered question is said once before submitting
  let warned = false;
  const confirmEmpty = (vals) => {
    const empty = vals.filter((v) => v === null).length;
    if (!empty || warned) return true;
    warned = true;
    alert.textContent = t('quiz.unanswered', { n: empty });
    return false;
  };
  const tick = () => {
    if (!view.isConnected) { clearInterval(timer); return; }
    const s = (end - Date.now()) / 1000;
    left.textContent = clock(Math.ceil(s));
    if (s <= 0) timeUp();
  };
  const timer = setInterval(tick, 1000);
  append(view, [
    h('h1', null, a.title),
    h('p', { class: 'timer card', role: 'timer', 'aria-live': 'off' }, t('quiz.time_left'), ' ', left),
    alert, status, form]);
}

function result(view, a, ctx, note) {
  const { t, me } = ctx;
  const back = a.pupil_id === me.id || (me.children || []).some((c) => c.id === a.pupil_id)
    ? '#/tests' : `#/teacher/test/${a.quiz_id}`;
  append(view, [
    h('h1', null, a.title),
    h('p', null, h('a', { href: back }, t('quiz.back'))),
    note && h('p', { class: 'notice', role: 'status' }, note)]);
  if (!a.finished) {
    view.append(h('p', { class: 'card muted running' }, t('quiz.under_way')));
    return;
  }
  view.append(h('p', { class: 'card score' }, t('quiz.result'), ' ', scoreChip(t, a.score, a.max_points)));
  view.append(h('ol', { class: 'review' }, a.questions.map((q, i) => {
    const got = a.points ? a.points[i] : 0;
    const given = answerText(t, q, a.answers ? a.answers[i] : null);
    const right = got === q.points;
    return h('li', { class: 'card question ' + (right ? 'right' : 'wrong') },
      h('p', { class: 'qtext' }, q.text),
      h('p', null, t('quiz.your_answer'), ': ', given ?? h('span', { class: 'muted' }, t('quiz.no_answer'))),
      h('p', { class: 'qpoints' }, t('quiz.points', { got, of: q.points }), ' ',
        h('span', { class: 'sr-only' }, right ? t('quiz.right') : t('quiz.wrong'))),
      ('correct' in q || 'accepted' in q) && h('p', { class: 'key' }, t('quiz.key'), ': ', keyText(t, q)));
  })));
}

export async function render(main, params, ctx) {
  const { api, me } = ctx;
  quizCss();
  const a = await api('GET', `/quiz-attempts/${params.id}`);
  const ended = (b, note) => {
    clear(main);
    result(main, b, ctx, note);
    main.closest('main')?.focus({ preventScroll: true });
  };
  if (!a.finished && a.pupil_id === me.id) take(main, a, ctx, ended);
  else result(main, a, ctx, null);
}
