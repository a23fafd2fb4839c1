// handin.js: the teacher opens one hand-in (GET /handins/{id}): its text
// and files, when and how many times it was handed in, late; and returns
// it with points, a comment and optionally a journal mark, ФО or СОР, in
// a lesson of the course (POST /handins/{id}/return); the server's
// refusal (the journal's own rules) is shown on the field. #/handin/:id
import { h, clear, useCss } from '../../core/dom.js';
import { fileList, statusChips, resultOf, fmtWhen, formErrors, field } from './common.js';
import { courseLessons, lessonSelect } from './lessons.js';

const KINDS = ['', 'formative', 'sor'];

function returnForm(hi, a, lessons, ctx, done) {
  const { api, t } = ctx;
  const points = h('input', { id: 'r-points', type: 'number', min: 0, max: a.max_points, inputmode: 'numeric', required: true });
  const comment = h('textarea', { id: 'r-comment', maxlength: 2000, rows: 3 });
  const kind = h('select', { id: 'r-kind' }, KINDS.map((k) => h('option', { value: k }, t('assign.return.kind_' + (k || 'none')))));
  const value = h('input', { id: 'r-value', type: 'number', min: 0, inputmode: 'numeric' });
  const max = h('input', { id: 'r-max', type: 'number', min: 1, inputmode: 'numeric' });
  // the assignment's lesson, else the course's last lesson up to today
  const chosen = a.lesson_id || (lessons.length ? lessons[lessons.length - 1].lesson_id : null);
  const lesson = lessonSelect(t, 'r-lesson', lessons, chosen, null);
  // the journal names a refused value "mark" (its marks[0]): the value
  const msg = formErrors(t, { points, comment, 'mark.kind': kind, mark: value, 'mark.value': value,
    'mark.max': max, 'mark.lesson_id': lesson });
  const markBox = h('fieldset', { class: 'a-mark', hidden: true },
    h('legend', null, t('assign.return.mark')),
    field(t('assign.return.value'), value, msg.note('mark.value')),
    h('div', { class: 'a-field sor-only' }, h('label', { for: 'r-max' }, t('assign.return.max')), max, msg.note('mark.max')),
    field(t('assign.return.lesson'), lesson, msg.note('mark.lesson_id')));
  const sorOnly = markBox.querySelector('.sor-only');
  function shown() {
    markBox.hidden = kind.value === '';
    sorOnly.hidden = kind.value !== 'sor';
    value.max = kind.value === 'formative' ? 10 : '';
  }
  kind.addEventListener('change', shown);
  shown();
  const save = h('button', { type: 'submit', id: 'r-send' }, t('assign.return.send'));

  async function submit(e) {
    e.preventDefault();
    if (points.value === '') { msg.mark('points', t('assign.return.points_missing')); return; }
    const body = { points: Number(points.value), comment: comment.value.trim() };
    if (kind.value) {
      if (value.value === '') { msg.mark('mark.value', t('assign.return.value_missing')); return; }
      body.mark = { kind: kind.value, value: Number(value.value) };
      if (kind.value === 'sor' && max.value !== '') body.mark.max = Number(max.value);
      if (lesson.value) body.mark.lesson_id = Number(lesson.value);
    }
    save.disabled = true;
    msg.say(t('assign.saving'));
    try {
      done(await api('POST', `/handins/${hi.id}/return`, body));
    } catch (err) {
      msg.show(err);
      save.disabled = false;
    }
  }

  return h('form', { class: 'card a-form', onsubmit: submit, novalidate: true },
    h('h2', null, t('assign.return.title')),
    field(t('assign.return.points', { max: a.max_points }), points, msg.note('points')),
    field(t('assign.return.comment'), comment, msg.note('comment')),
    field(t('assign.return.kind'), kind, msg.note('mark.kind')),
    markBox,
    h('div', null, save), msg.line);
}

export async function render(main, params, ctx) {
  const { api, t } = ctx;
  useCss('css/assign.css');
  const hi = await api('GET', `/handins/${Number(params.id)}`);
  const a = await api('GET', `/assignments/${hi.assignment_id}`);
  const mine = await api('GET', '/me/courses');
  const lessons = (await courseLessons(api, a.course_id, mine.today, 45, 0));
  const box = h('div');

  function show(x, said) {
    clear(box).append(
      h('section', { class: 'card a-work', 'aria-labelledby': 'handin-title' },
        h('h2', { id: 'handin-title' }, t('assign.handin.of', { name: x.student.full_name })),
        h('p', null, statusChips(t, { ...x, overdue: false }), ' ',
          h('span', { class: 'muted' }, t('assign.handed_in_at', { when: fmtWhen(x.handed_in_at), times: x.times }))),
        x.text ? h('p', { class: 'a-text' }, x.text) : h('p', { class: 'muted' }, t('assign.handin.no_text')),
        fileList(t, x.files),
        resultOf(t, x, a.max_points),
        said && h('p', { class: 'form-msg ok', role: 'status', tabindex: '-1' }, said)),
      x.status !== 'returned' && returnForm(x, a, lessons, ctx, (y) => show(y, t('assign.return.done'))));
    // the form that had the focus is gone: the message takes it
    const note = box.querySelector('.form-msg.ok');
    if (note) note.focus();
  }

  main.append(
    h('h1', null, a.title),
    h('p', { class: 'muted' }, a.subject),
    h('div', { class: 'toolbar' }, h('a', { href: `#/assign/${a.id}` }, t('assign.back_to_roll'))),
    box);
  show(hi, null);
}
