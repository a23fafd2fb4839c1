// mine.js: the pupil's tests (GET /students/{id}/quizzes): open ones to
// start or go on with, the attempts made and their scores; a parent sees
// their child's (?child=ID) and opens an ended attempt.
import { h, append } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { hashOf } from '../../core/router.js';
import { pickStudent } from '../student.js';
import { quizCss, when, isOpen, scoreChip } from './common.js';

function attemptLine(t, q, a) {
  return h('li', null,
    h('a', { href: `#/tests/attempt/${a.id}` }, t('quiz.attempt_n', { n: a.n })), ' · ',
    a.finished ? scoreChip(t, a.score, q.max_points) : h('span', { class: 'tag' }, t('quiz.running')),
    ' ', h('span', { class: 'muted' }, when(a.started_at)));
}

function testCard(ctx, q, pupil, onError) {
  const { t, api, navigate } = ctx;
  const running = q.my_attempts.find((a) => !a.finished);
  const left = q.attempts - q.my_attempts.length;
  const open = isOpen(q);
  const start = async (e) => {
    e.target.disabled = true;
    try {
      const a = await api('POST', `/quizzes/${q.id}/attempts`);
      navigate(`#/tests/attempt/${a.id}`);
    } catch (err) {
      e.target.disabled = false;
      onError(errorText(err));
    }
  };
  let action = null;
  if (pupil && running) {
    action = h('a', { class: 'button', href: `#/tests/attempt/${running.id}` }, t('quiz.continue'));
  } else if (pupil && open && left > 0) {
    action = h('button', { type: 'button', class: 'start', onclick: start }, t('quiz.start'));
  }
  const state = open ? t('quiz.open_until', { time: when(q.closes_at) })
    : Date.parse(q.opens_at) > Date.now() ? t('quiz.opens', { time: when(q.opens_at) })
      : t('quiz.closed', { time: when(q.closes_at) });
  return h('section', { class: 'card quiz', 'data-quiz': q.id },
    h('h2', null, q.title),
    h('p', { class: 'muted' }, q.subject, ' · ', state),
    h('p', null, t('quiz.facts', { n: q.question_count, max: q.max_points,
      min: Math.round(q.time_limit_s / 60), left: Math.max(0, left), of: q.attempts })),
    q.my_attempts.length ? h('ul', { class: 'attempts' }, q.my_attempts.map((a) => attemptLine(t, q, a)))
      : h('p', { class: 'muted' }, t('quiz.no_attempts')),
    action);
}

export async function render(main, params, ctx) {
  const { t, api, navigate, me } = ctx;
  quizCss();
  const who = pickStudent(ctx, params, (child) => navigate(hashOf('/tests', { child })));
  const pupil = who.id === me.id;
  const d = await api('GET', `/students/${who.id}/quizzes`);
  const msg = h('p', { class: 'error', role: 'alert' });
  const onError = (text) => { msg.textContent = text; };
  append(main, [
    h('h1', null, t('quiz.title'), ' · ', who.name),
    who.picker && h('div', { class: 'toolbar' }, who.picker),
    msg,
    d.quizzes.length ? d.quizzes.map((q) => testCard(ctx, q, pupil, onError))
      : h('p', { class: 'card muted' }, t('quiz.none'))]);
}
