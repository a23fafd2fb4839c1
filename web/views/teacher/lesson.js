// lesson.js: one lesson of the journal: its topic, homework, mode and link
// (PATCH /lessons/{id}) and a summative work, СОР or СОЧ, as points out of a
// maximum for each pupil (PUT /lessons/{id}/marks, all or nothing: the
// entry the server refuses is shown on that pupil's line).
import { h } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { fmtDate } from '../../core/i18n.js';
import { entryIndex } from './grid_keys.js';

const MODES = ['in_person', 'online_sync', 'online_async', 'tv'];

// topic, homework, how the lesson is given and its link
function lessonForm(lesson, ctx, hooks) {
  const { api, t } = ctx;
  const topic = h('input', { id: 'lesson-topic', maxlength: 500, value: lesson.topic || '' });
  const homework = h('textarea', { id: 'lesson-homework', maxlength: 4000, rows: 3 });
  homework.value = lesson.homework || '';
  const mode = h('select', { id: 'lesson-mode' },
    MODES.map((m) => h('option', { value: m, selected: m === lesson.mode }, t('mode.' + m))));
  const link = h('input', { id: 'lesson-link', type: 'url', maxlength: 1000, value: lesson.link || '', placeholder: 'https://' });
  const msg = h('p', { class: 'form-msg', role: 'status' });
  const save = h('button', { type: 'submit' }, t('teacher.lesson.save'));
  return h('form', {
    class: 'lesson-form',
    onsubmit: async (e) => {
      e.preventDefault();
      save.disabled = true;
      msg.className = 'form-msg';
      msg.textContent = t('teacher.grid.saving');
      try {
        await api('PATCH', `/lessons/${lesson.lesson_id}`, {
          topic: topic.value.trim(), homework: homework.value.trim(), mode: mode.value, link: link.value.trim(),
        });
        msg.textContent = t('teacher.lesson.saved');
        hooks.topicSaved();
      } catch (err) {
        msg.className = 'form-msg error';
        msg.textContent = errorText(err);
      } finally {
        save.disabled = false;
      }
    },
  },
  h('label', { for: 'lesson-topic' }, t('teacher.lesson.topic')), topic,
  h('label', { for: 'lesson-homework' }, t('teacher.lesson.homework')), homework,
  h('label', { for: 'lesson-mode' }, t('teacher.lesson.mode')), mode,
  h('label', { for: 'lesson-link' }, t('teacher.lesson.link')), link,
  h('div', null, save), msg);
}

// the summative works of the lesson, one kind at a time (СОР or СОЧ):
// the maximum and each pupil's points; choosing the kind shows its marks
function summativeForm(lessonId, book, ctx, hooks) {
  const { api, t } = ctx;
  // pupil id -> kind -> {value, max}, as stored
  const had = new Map(book.pupils.map((p) => [p.id, new Map(p.marks
    .filter((m) => m.lesson_id === lessonId && (m.kind === 'sor' || m.kind === 'soch'))
    .map((m) => [m.kind, { value: m.value, max: m.max }]))]));
  const first = [...had.values()].flatMap((m) => [...m.keys()])[0] || 'sor';
  const kind = h('select', { id: 'sum-kind' },
    ['sor', 'soch'].map((k) => h('option', { value: k, selected: k === first }, t('teacher.kind.' + k + '_long'))));
  const max = h('input', { id: 'sum-max', type: 'number', min: 1, max: 100, inputmode: 'numeric' });
  const msg = h('p', { class: 'form-msg', role: 'status' });
  const lines = book.pupils.map((p) => {
    const id = `sum-${p.id}`;
    const input = h('input', { id, type: 'number', min: 0, max: 100, inputmode: 'numeric', class: 'points', 'data-pupil': p.id });
    const err = h('span', { class: 'error line-msg', id: id + '-msg' });
    input.setAttribute('aria-describedby', err.id);
    return { p, input, err, li: h('li', null, h('label', { for: id }, p.full_name), input, err) };
  });
  const save = h('button', { type: 'submit' }, t('teacher.lesson.save_sum'));

  function clearErrors() {
    for (const l of lines) { l.err.textContent = ''; l.input.removeAttribute('aria-invalid'); }
  }

  // the stored marks of the chosen kind into the form
  function fill() {
    clearErrors();
    msg.textContent = '';
    let mx = '';
    for (const l of lines) {
      const m = had.get(l.p.id).get(kind.value);
      l.input.value = m ? m.value : '';
      if (m) mx = m.max;
    }
    max.value = mx;
  }
  kind.addEventListener('change', fill);
  fill();

  async function submit(e) {
    e.preventDefault();
    clearErrors();
    const k = kind.value;
    const mx = max.value === '' ? null : Number(max.value);
    const sent = [];
    const body = [];
    for (const l of lines) {
      const v = l.input.value === '' ? null : Number(l.input.value);
      const m = had.get(l.p.id).get(k);
      if (m ? m.value === v && m.max === mx : v === null) continue;
      body.push({ student_id: l.p.id, kind: k, value: v, max: mx });
      sent.push(l);
    }
    if (body.length === 0) { msg.textContent = t('teacher.lesson.nothing'); return; }
    save.disabled = true;
    msg.className = 'form-msg';
    msg.textContent = t('teacher.grid.saving');
    try {
      await api('PUT', `/lessons/${lessonId}/marks`, { marks: body });
      msg.textContent = t('teacher.lesson.saved');
      body.forEach((b, i) => {
        if (b.value === null) had.get(sent[i].p.id).delete(k);
        else had.get(sent[i].p.id).set(k, { value: b.value, max: b.max });
      });
      hooks.marksSaved();
    } catch (err) {
      const i = err.status === 422 ? entryIndex(err.field) : null;
      msg.className = 'form-msg error';
      msg.textContent = t('teacher.lesson.not_saved', { reason: errorText(err) });
      if (i !== null && sent[i]) {
        sent[i].err.textContent = errorText(err);
        sent[i].input.setAttribute('aria-invalid', 'true');
        sent[i].input.focus();
      }
    } finally {
      save.disabled = false;
    }
  }

  return h('form', { class: 'sum-form', onsubmit: submit },
    h('h3', null, t('teacher.lesson.summative')),
    h('div', { class: 'row' },
      h('label', { for: 'sum-kind' }, t('teacher.lesson.kind')), kind,
      h('label', { for: 'sum-max' }, t('teacher.lesson.max')), max),
    h('ol', { class: 'sum-lines' }, lines.map((l) => l.li)),
    h('div', null, save), msg);
}

export async function renderLesson(slot, lessonId, book, ctx, hooks) {
  const { api, t } = ctx;
  const lesson = await api('GET', `/lessons/${lessonId}`);
  const title = h('h2', { tabindex: '-1' }, t('teacher.lesson.title', {
    date: fmtDate(lesson.date, { weekday: 'long', day: 'numeric', month: 'long' }), period: lesson.period }));
  slot.append(h('section', { class: 'card lesson-panel', 'aria-label': title.textContent },
    h('div', { class: 'panel-head' }, title,
      h('button', { type: 'button', class: 'secondary', onclick: hooks.close }, t('teacher.lesson.close'))),
    lesson.status === 'cancelled' && h('p', { class: 'notice' }, t('teacher.today.cancelled')),
    h('p', null, h('a', { href: `#/teacher/assign/${lesson.course_id}/new?lesson=${lessonId}`, id: 'lesson-assign' },
      t('assign.course.new'))),
    lessonForm(lesson, ctx, { topicSaved: hooks.saved }),
    summativeForm(lessonId, book, ctx, { marksSaved: hooks.saved })));
  title.focus();
}
