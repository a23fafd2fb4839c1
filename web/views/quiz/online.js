// online.js: what a lesson carries online (GET /lessons/{id}/online),
// shown in the diary under the lesson when asked: the meeting to join
// (online_sync), the materials and recording (online_async), the TV
// broadcast (tv). Reading it is a view for a pupil (the server counts
// it); opening a link, file or recording is one too (POST .../views).
import { h, append, clear } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { fmtDate, fmtTime } from '../../core/i18n.js';
import { noteView } from '../diary.js';

function out(ctx, l, href, text, cls) {
  return h('a', { href, class: cls || null, rel: 'noopener noreferrer', target: '_blank',
    onclick: () => noteView(ctx, l.lesson_id) }, text);
}

function material(ctx, l, m) {
  const { t } = ctx;
  const kind = h('span', { class: 'muted' }, t('online.kind.' + m.kind), ': ');
  if (m.kind === 'text') {
    return h('li', { class: 'material text' }, kind, h('strong', null, m.title),
      h('p', { class: 'material-text' }, m.text));
  }
  const href = m.kind === 'file' ? `/api/v1/files/${m.file_id}` : m.url;
  return h('li', { class: 'material ' + m.kind }, kind, out(ctx, l, href, m.title));
}

export async function fill(box, l, ctx) {
  const { t, api } = ctx;
  append(box, [h('p', { class: 'muted' }, t('common.loading'))]);
  let o;
  try {
    o = await api('GET', `/lessons/${l.lesson_id}/online`);
  } catch (err) {
    clear(box).append(h('p', { class: 'error', role: 'alert' }, errorText(err)));
    return;
  }
  clear(box);
  const parts = [];
  if (o.meeting && o.meeting.join_url) {
    parts.push(h('p', null, out(ctx, l, o.meeting.join_url, t('online.join'), 'join')));
  }
  if (o.materials.length) {
    parts.push(h('ul', { class: 'materials' }, o.materials.map((m) => material(ctx, l, m))));
  }
  if (o.tv) {
    const s = o.tv;
    parts.push(h('p', { class: 'tv-ref' }, t('online.tv', {
      channel: s.channel_name, date: fmtDate(s.date), from: fmtTime(s.starts), to: fmtTime(s.ends) }),
    ' · ', s.title,
    s.recording_url ? [' · ', out(ctx, l, s.recording_url, t('tv.recording'))] : ''));
  }
  if (!parts.length) parts.push(h('p', { class: 'muted' }, t('online.nothing')));
  append(box, parts);
}
