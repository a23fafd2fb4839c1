// import.js: a school's classes and people from a CSV file (POST
// /schools/{id}/import, all or nothing). Errors come by line and column
// (docs/CSV_IMPORT.md); each is shown with the line of the file it names.
import { h, clear, useCss } from '../../core/dom.js';
import { errorText } from '../../core/api.js';
import { schoolOf } from './school.js';

// Lines as the server counts them: a quoted line break counts as a line,
// so the file's Nth line is simply the Nth piece between line breaks.
function fileLines(text) {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}

function errorTable(details, lines, t) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'admin-table import-errors' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'num' }, t('admin.import.line')),
      h('th', { scope: 'col' }, t('admin.import.column')),
      h('th', { scope: 'col' }, t('admin.import.problem')),
      h('th', { scope: 'col' }, t('admin.import.text')))),
    h('tbody', null, details.map((d) => h('tr', { 'data-line': d.line },
      h('th', { scope: 'row', class: 'num' }, String(d.line)),
      h('td', null, d.column ?? t('admin.import.whole_line')),
      h('td', null, d.message),
      h('td', null, h('code', null, lines[d.line - 1] ?? '')))))));
}

export async function render(main, params, ctx) {
  const { api, t, me } = ctx;
  useCss('css/admin.css');
  const school = schoolOf(me);
  const file = h('input', { id: 'csv-file', type: 'file', accept: '.csv,text/csv,text/plain' });
  const text = h('textarea', { id: 'csv-text', rows: 8, spellcheck: 'false', class: 'csv' });
  const result = h('div', { id: 'import-result', role: 'status' });
  const send = h('button', { type: 'submit' }, t('admin.import.send'));

  file.addEventListener('change', async () => {
    if (file.files.length > 0) text.value = await file.files[0].text();
  });

  async function submit(e) {
    e.preventDefault();
    clear(result);
    if (!text.value.trim()) {
      result.append(h('p', { class: 'error' }, t('admin.import.empty')));
      return;
    }
    send.disabled = true;
    result.append(h('p', null, t('admin.import.sending')));
    try {
      const js = await api('POST', `/schools/${school}/import`, new Blob([text.value], { type: 'text/csv' }));
      const c = js.created;
      clear(result).append(h('p', { class: 'ok' }, t('admin.import.done', c)));
    } catch (err) {
      clear(result);
      if (err.status === 422 && Array.isArray(err.details)) {
        result.append(
          h('p', { class: 'error' }, t('admin.import.failed', { message: err.message })),
          errorTable(err.details, fileLines(text.value), t));
      } else {
        result.append(h('p', { class: 'error' }, errorText(err)));
      }
    } finally {
      send.disabled = false;
    }
  }

  main.append(h('h1', null, t('admin.import.title')),
    h('form', { class: 'card import-form', onsubmit: submit },
      h('p', { class: 'muted' }, t('admin.import.help')),
      h('label', { for: 'csv-file' }, t('admin.import.file')), file,
      h('label', { for: 'csv-text' }, t('admin.import.paste')), text,
      h('div', null, send)),
    result);
}
