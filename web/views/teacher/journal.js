// journal.js: a course's journal for a quarter: the grid (grid.js), the
// quarter's results, and a lesson's topic, homework and СОР/СОЧ
// (lesson.js). #/teacher/journal/:course?quarter=N&lesson=ID
import { h, clear, useCss } from '../../core/dom.js';
import { hashOf } from '../../core/router.js';
import { makeGrid } from './grid.js';
import { renderLesson } from './lesson.js';

export async function render(main, params, ctx) {
  const { api, t, navigate } = ctx;
  useCss('css/journal.css');
  const course = Number(params.course);
  const q = /^[1-4]$/.test(params.quarter || '') ? params.quarter : '';
  const path = `/courses/${course}/gradebook` + (q ? `?quarter=${q}` : '');
  const [book, mine] = await Promise.all([api('GET', path), api('GET', '/me/courses')]);

  const quarter = h('select', {
    id: 'quarter',
    onchange: (e) => navigate(hashOf(`/teacher/journal/${course}`, { quarter: e.target.value })),
  }, [1, 2, 3, 4].map((n) => h('option', { value: n, selected: n === book.quarter }, t('teacher.grid.quarter_n', { n }))));

  const panel = h('div', { class: 'lesson-panel-slot' });
  let grid = null;

  async function openLesson(id) {
    await grid.flush();
    clear(panel);
    await renderLesson(panel, id, book, ctx, {
      close: () => { clear(panel); grid.focusLesson(id); },
      saved: async () => { await reload(); },
    });
  }

  async function reload() {
    const fresh = await api('GET', `/courses/${course}/gradebook?quarter=${book.quarter}`);
    book.pupils = fresh.pupils;
    book.lessons = fresh.lessons;
    const old = grid.el;
    grid = makeGrid(book, ctx, { onLesson: openLesson, refresh, today: mine.today });
    old.replaceWith(grid.el);
  }

  function refresh() {
    return api('GET', `/courses/${course}/gradebook?quarter=${book.quarter}`);
  }

  main.append(
    h('h1', null, `${book.course.class_name} · ${book.course.subject}`),
    h('div', { class: 'toolbar' },
      h('a', { href: '#/teacher/journal' }, t('teacher.grid.all_courses')),
      h('label', { for: 'quarter' }, t('teacher.grid.quarter')), quarter),
    panel);

  if (book.lessons.length === 0 || book.pupils.length === 0) {
    main.append(h('p', { class: 'card muted' }, t('teacher.grid.empty')));
    return;
  }
  grid = makeGrid(book, ctx, { onLesson: openLesson, refresh, today: mine.today });
  main.append(grid.el);

  // the lesson asked for, else the last one up to today, in sight
  const lesson = Number(params.lesson);
  const past = book.lessons.filter((l) => l.date <= mine.today);
  const shown = book.lessons.some((l) => l.lesson_id === lesson) ? lesson
    : past.length ? past[past.length - 1].lesson_id : null;
  if (shown) grid.reveal(shown);
  if (shown === lesson) await openLesson(lesson);
}
