// results.js: a test's results for its teacher (GET /quizzes/{id} and
// /quizzes/{id}/results): per pupil (best score, opening that attempt)
// and per question (how many got it right, average points); and the
// results into the journal as marks of a lesson (POST /quizzes/{id}/marks).
import { h, append } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { fmtDate, fmtNum } from '../../core/i18n.js';
import { quizCss, when, keyText } from './common.js';

function th(text, cls) { return h('th', { scope: 'col', class: cls || null }, text); }

function pupilsTable(t, res) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'by-pupil' },
    h('caption', null, t('quiz.r.by_pupil')),
    h('thead', null, h('tr', null, th(t('quiz.r.pupil')), th(t('quiz.r.attempts'), 'num'),
      th(t('quiz.r.best'), 'num'))),
    h('tbody', null, res.pupils.map((p) => h('tr', null,
      h('td', null, p.full_name),
      h('td', { class: 'num' }, p.attempts),
      h('td', { class: 'num' }, p.best_score === null ? h('span', { class: 'muted' }, '—')
        : h('a', { href: `#/tests/attempt/${p.best_attempt_id}` },
          t('quiz.score', { score: p.best_score, max: res.max_points }))))))));
}

function questionsTable(t, quiz, res) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'by-question' },
    h('caption', null, t('quiz.r.by_question')),
    h('thead', null, h('tr', null, th('#'), th(t('quiz.b.text')), th(t('quiz.key'))
      , th(t('quiz.r.right'), 'num'), th(t('quiz.r.avg'), 'num'))),
    h('tbody', null, res.questions.map((r, i) => {
      const q = quiz.questions[i];
      return h('tr', null,
        h('td', null, i + 1),
        h('td', null, q.text, h('br'), h('span', { class: 'muted' }, t('quiz.kind.' + q.kind))),
        h('td', null, keyText(t, q)),
        h('td', { class: 'num' }, t('quiz.r.right_of', { n: r.right, of: r.pupils })),
        h('td', { class: 'num' }, r.avg_points === null ? '—'
          : t('quiz.points', { got: fmtNum(r.avg_points, { maximumFractionDigits: 2 }), of: r.points })));
    }))));
}

// The lessons of the test's course around its window, to put marks in.
async function marksForm(ctx, quiz, done) {
  const { api, t } = ctx;
  const { today } = await api('GET', '/me/courses');
  const day = (iso) => iso.slice(0, 10);
  const shift = (d, n) => new Date(Date.parse(d + 'T00:00:00Z') + n * 86400e3).toISOString().slice(0, 10);
  const to = day(quiz.closes_at) < today ? day(quiz.closes_at) : today;
  const from = shift(day(quiz.opens_at) < to ? day(quiz.opens_at) : to, -14);
  const { lessons } = await api('GET', `/me/lessons?from=${from}&to=${to}`);
  const mine = lessons.filter((l) => l.course_id === quiz.course_id && l.status !== 'cancelled').reverse();
  const out = h('p', { role: 'status' });
  if (!mine.length) return h('section', { class: 'card' }, h('h2', null, t('quiz.m.title')),
    h('p', { class: 'muted' }, t('quiz.m.no_lessons')));
  const lesson = h('select', { id: 'mk-lesson' }, mine.map((l) =>
    h('option', { value: l.lesson_id }, `${fmtDate(l.date)} · ${l.starts}` + (l.topic ? ` · ${l.topic}` : ''))));
  const kind = h('select', { id: 'mk-kind' }, ['formative', 'sor', 'soch'].map((k) =>
    h('option', { value: k }, t('quiz.m.' + k))));
  const send = async (e) => {
    e.preventDefault();
    out.className = '';
    out.textContent = t('quiz.saving');
    try {
      await api('POST', `/quizzes/${quiz.id}/marks`, { lesson_id: Number(lesson.value), kind: kind.value });
      out.textContent = t('quiz.m.done', { n: done });
    } catch (err) {
      out.className = 'error';
      out.textContent = errorText(err);
    }
  };
  return h('form', { class: 'card marks-form', onsubmit: send },
    h('h2', null, t('quiz.m.title')),
    h('p', { class: 'muted' }, t('quiz.m.hint')),
    h('div', { class: 'toolbar' },
      h('label', { for: 'mk-lesson' }, t('quiz.m.lesson')), lesson,
      h('label', { for: 'mk-kind' }, t('quiz.m.kind')), kind,
      h('button', { type: 'submit', id: 'mk-send' }, t('quiz.m.send'))),
    out);
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  quizCss();
  const [quiz, res] = await Promise.all([api('GET', `/quizzes/${params.id}`),
    api('GET', `/quizzes/${params.id}/results`)]);
  const done = res.pupils.filter((p) => p.best_score !== null).length;
  append(main, [
    h('h1', null, quiz.title),
    h('p', null, h('a', { href: `#/teacher/tests/${quiz.course_id}` }, t('quiz.back'))),
    h('p', { class: 'card' }, `${when(quiz.opens_at)} – ${when(quiz.closes_at)} · `,
      t('quiz.facts_t', { n: quiz.question_count, max: quiz.max_points,
        min: Math.round(quiz.time_limit_s / 60), of: quiz.attempts }), ' · ',
      t('quiz.r.done', { n: done, of: res.pupils.length })),
    h('section', { class: 'card' }, questionsTable(t, quiz, res)),
    h('section', { class: 'card' }, pupilsTable(t, res)),
    await marksForm(ctx, quiz, done)]);
}
