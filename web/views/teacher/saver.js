// saver.js: the grid's pending changes, saved in batches.
//
// Cells typed into are queued by lesson; a short pause after the last one
// (or flush()) sends, per lesson, one PUT /lessons/{id}/attendance and one
// PUT /lessons/{id}/marks. Each request is all or nothing: on a 422 that
// names an entry (marks[2].value), that cell is shown in error with the
// server's reason and the other cells of the request, not at fault, are
// sent again at once; a 422 without an entry, or any other failure, puts
// every cell of the request in error with the reason.
import { buildBatch, entryIndex } from './grid_keys.js';

const PAUSE_MS = 700;

// cell: { lesson, pupil, saved: {mark, att}, want: {mark, att} }
// hooks.state(cell, 'dirty' | 'saving' | 'saved' | 'error', err?)
// hooks.saved() after a batch stored something (results changed)
export function makeSaver(api, hooks) {
  const queue = new Map();          // lesson id -> Set of cells
  let timer = null;
  let running = 0;

  function put(cell) {
    const same = cell.want.mark === cell.saved.mark && cell.want.att === cell.saved.att;
    if (same) {
      queue.get(cell.lesson)?.delete(cell);
      hooks.state(cell, cell.state === 'error' || cell.state === 'dirty' ? 'saved' : cell.state);
      return;
    }
    if (!queue.has(cell.lesson)) queue.set(cell.lesson, new Set());
    queue.get(cell.lesson).add(cell);
    hooks.state(cell, 'dirty');
    clearTimeout(timer);
    timer = setTimeout(flush, PAUSE_MS);
  }

  async function send(lesson, cells, part) {
    const changes = cells.map((c) => ({
      pupil: c.pupil, mark: c.want.mark, att: c.want.att,
      markChanged: part === 'marks' && c.want.mark !== c.saved.mark,
      attChanged: part === 'attendance' && c.want.att !== c.saved.att,
    }));
    const b = buildBatch(changes);
    const body = part === 'marks' ? { marks: b.marks } : { entries: b.entries };
    const pupils = part === 'marks' ? b.markPupils : b.attPupils;
    if (pupils.length === 0) return [];
    const sent = pupils.map((p) => cells.find((c) => c.pupil === p));
    const vals = part === 'marks' ? b.marks.map((m) => m.value) : b.entries.map((e) => e.status);
    try {
      await api('PUT', `/lessons/${lesson}/${part}`, body);
    } catch (err) {
      const i = err.status === 422 ? entryIndex(err.field) : null;
      if (i !== null && sent[i]) {
        hooks.state(sent[i], 'error', err);
        return sent.filter((c, k) => k !== i);   // not at fault: again
      }
      for (const c of sent) hooks.state(c, 'error', err);
      return [];
    }
    sent.forEach((c, k) => {
      if (part === 'marks') c.saved.mark = vals[k];
      else c.saved.att = vals[k];
    });
    return null;
  }

  async function saveLesson(lesson, cells) {
    for (const c of cells) hooks.state(c, 'saving');
    let stored = false;
    for (const part of ['attendance', 'marks']) {
      let todo = cells.filter((c) => c.state !== 'error');
      // a request answered 422 for one entry is sent again without it
      while (todo.length > 0) {
        const again = await send(lesson, todo, part);
        if (again === null) { stored = true; break; }
        todo = again;
      }
    }
    for (const c of cells) {
      if (c.state === 'saving') hooks.state(c, 'saved');
      // typed again while its request was under way: the newer entry goes
      if (c.state !== 'error' && (c.want.mark !== c.saved.mark || c.want.att !== c.saved.att)) put(c);
    }
    return stored;
  }

  async function flush() {
    clearTimeout(timer);
    const jobs = [...queue].map(([lesson, set]) => [lesson, [...set]]);
    queue.clear();
    if (jobs.length === 0) return;
    running++;
    hooks.busy(true);
    try {
      const done = await Promise.all(jobs.map(([l, cells]) => saveLesson(l, cells)));
      if (done.some(Boolean)) hooks.saved();
    } finally {
      running--;
      if (running === 0 && queue.size === 0) hooks.busy(false);
    }
  }

  const pending = () => queue.size > 0 || running > 0;
  return { put, flush, pending };
}
