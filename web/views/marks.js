// marks.js: a pupil's marks by subject for one quarter: every mark, the
// ФО%, СОР% and СОЧ% parts, the quarter's result and mark so far
// (GET /students/{id}/marks).
import { h, append } from '../core/dom.js';
import { hashOf } from '../core/router.js';
import { fmtDate, fmtNum } from '../core/i18n.js';
import { pickStudent } from './student.js';
import { markText, staleNotice } from './diary.js';

function pct(v) {
  return v === null || v === undefined ? '—' : fmtNum(v, { maximumFractionDigits: 1 });
}

function markList(t, marks) {
  if (!marks.length) return h('span', { class: 'muted' }, t('marks.none'));
  return marks.map((m) => h('span', {
    class: m.kind === 'formative' ? 'mark' : 'mark sum',
    title: `${t('mark.' + m.kind)}, ${fmtDate(m.date)}`,
  }, h('span', { class: 'sr-only' }, `${t('mark.' + m.kind)}, ${fmtDate(m.date)}: `), markText(t, m)));
}

export async function render(main, params, ctx) {
  const { t, api, navigate } = ctx;
  const go = (q) => navigate(hashOf('/marks', { child: params.child, quarter: params.quarter, ...q }));
  const who = pickStudent(ctx, params, (child) => go({ child }));
  const q = /^[1-4]$/.test(params.quarter || '') ? `?quarter=${params.quarter}` : '';
  const d = await api('GET', `/students/${who.id}/marks${q}`);
  const quarterSel = h('select', { id: 'quarter', onchange: (e) => go({ quarter: e.target.value }) },
    [1, 2, 3, 4].map((n) => h('option', { value: n, selected: n === d.quarter }, t('marks.quarter_n', { n }))));
  append(main, [
    h('h1', null, t('marks.title'), ' · ', d.student.full_name),
    h('div', { class: 'toolbar' }, who.picker,
      h('label', { for: 'quarter' }, t('marks.quarter')), quarterSel),
    staleNotice(t, d),
    h('div', { class: 'table-wrap card' }, h('table', { class: 'marks-table' },
      h('caption', { class: 'sr-only' }, t('marks.title')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('marks.subject')),
        h('th', { scope: 'col' }, t('marks.list')),
        h('th', { scope: 'col', class: 'num' }, t('marks.fo')),
        h('th', { scope: 'col', class: 'num' }, t('marks.sor')),
        h('th', { scope: 'col', class: 'num' }, t('marks.soch')),
        h('th', { scope: 'col', class: 'num' }, t('marks.total')),
        h('th', { scope: 'col', class: 'num' }, t('marks.mark')))),
      h('tbody', null, d.subjects.map((s) => h('tr', null,
        h('th', { scope: 'row' }, s.subject),
        h('td', { class: 'mark-list' }, markList(t, s.marks)),
        h('td', { class: 'num' }, pct(s.result.fo_pct)),
        h('td', { class: 'num' }, pct(s.result.sor_pct)),
        h('td', { class: 'num' }, pct(s.result.soch_pct)),
        h('td', { class: 'num' }, pct(s.result.total_pct)),
        h('td', { class: 'num result' }, s.result.mark ?? '—'))))))]);
}
