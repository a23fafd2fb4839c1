// new.js: the teacher sets work for a course or one of its lessons:
// title, instructions, links, files (uploaded as chosen, with progress),
// due time, maximum points, the day's single task
// (POST /courses/{id}/assignments); a refusal is shown on its field.
// #/teacher/assign/:course/new?lesson=ID
import { h, useCss } from '../../core/dom.js';
import { isoDay, parseDay, addDays } from '../../core/dates.js';
import { formErrors, field } from './common.js';
import { filePicker } from './files.js';
import { courseLessons, lessonSelect } from './lessons.js';

export async function render(main, params, ctx) {
  const { api, t, navigate } = ctx;
  useCss('css/assign.css');
  const course = Number(params.course);
  const mine = await api('GET', '/me/courses');
  const lessons = await courseLessons(api, course, mine.today, 14, 45);
  const c = mine.courses.find((x) => x.course_id === course);
  const name = c ? `${c.class_name} · ${c.subject}` : '';

  const title = h('input', { id: 'a-title', maxlength: 200, required: true });
  const instructions = h('textarea', { id: 'a-instructions', maxlength: 20000, rows: 5 });
  const links = h('textarea', { id: 'a-links', rows: 2, placeholder: 'https://' });
  const files = filePicker({ id: 'a-files', label: t('assign.files'), t });
  const due = h('input', { id: 'a-due', type: 'datetime-local', required: true,
    value: `${isoDay(addDays(parseDay(mine.today), 1))}T18:00` });
  const points = h('input', { id: 'a-max', type: 'number', min: 1, max: 1000, value: 10, inputmode: 'numeric', required: true });
  const dayTask = h('input', { id: 'a-day-task', type: 'checkbox' });
  const lesson = lessonSelect(t, 'a-lesson', lessons, Number(params.lesson), t('assign.for_course'));
  const msg = formErrors(t, { title, instructions, links, file_ids: files.input, due_at: due,
    max_points: points, day_task: dayTask, lesson_id: lesson });
  files.el.append(msg.note('file_ids'));
  const save = h('button', { type: 'submit' }, t('assign.new.save'));

  async function submit(e) {
    e.preventDefault();
    if (files.busy()) { msg.say(t('assign.file.wait')); return; }
    const when = new Date(due.value);
    if (!due.value || Number.isNaN(when.getTime())) {
      msg.mark('due_at', t('assign.due_missing'));
      return;
    }
    const body = {
      title: title.value.trim(),
      instructions: instructions.value.trim(),
      links: links.value.split(/\s+/).filter(Boolean),
      file_ids: files.ids(),
      due_at: when.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      max_points: Number(points.value),
      day_task: dayTask.checked,
    };
    if (lesson.value) body.lesson_id = Number(lesson.value);
    save.disabled = true;
    msg.say(t('assign.saving'));
    try {
      const a = await api('POST', `/courses/${course}/assignments`, body);
      navigate(`#/assign/${a.id}`);
    } catch (err) {
      msg.show(err);
    } finally {
      save.disabled = false;
    }
  }

  main.append(
    h('h1', null, t('assign.new.title'), name ? ` · ${name}` : ''),
    h('div', { class: 'toolbar' }, h('a', { href: `#/teacher/assign/${course}` }, t('assign.course.back'))),
    h('form', { class: 'card a-form', onsubmit: submit, novalidate: true },
      field(t('assign.lesson'), lesson, msg.note('lesson_id')),
      field(t('assign.title'), title, msg.note('title')),
      field(t('assign.instructions'), instructions, msg.note('instructions')),
      field(t('assign.links'), links, msg.note('links'), t('assign.links_hint')),
      files.el,
      field(t('assign.due_col'), due, msg.note('due_at')),
      field(t('assign.max_points_label'), points, msg.note('max_points')),
      h('div', { class: 'a-field check' }, dayTask,
        h('label', { for: 'a-day-task' }, t('assign.day_task_label')), msg.note('day_task')),
      h('div', null, save), msg.line));
  title.focus();
}
