// files.js: choosing files to attach: each chosen file is uploaded at once
// (POST /files, upload() of core/api.js) with its progress shown; a file
// the server refuses (413: too large; 422: a type it does not take) is
// listed with the reason and not attached. ids() answers the stored
// files' ids in order; busy() is true while an upload is under way.
import { h, clear } from '../../core/dom.js';
import { upload, errorText } from '../../core/api.js';
import { fmtSize } from './common.js';

// the server's reason for a refused file, in the page's language
function refusal(t, file, err) {
  if (err.status === 413) return t('assign.file.too_big', { name: file.name, reason: err.message });
  if (err.status === 422 && err.field === 'file') return t('assign.file.bad_type', { name: file.name, reason: err.message });
  return t('assign.file.failed', { name: file.name, reason: errorText(err) });
}

// opts: { id, label, t, files } where files are FileRefs attached already
// (a hand-in given again keeps them unless removed)
export function filePicker({ id, label, t, files = [] }) {
  const items = [];                       // { ref, li } stored, or uploading
  let uploading = 0;
  const list = h('ul', { class: 'a-upload-list', 'aria-live': 'polite' });
  const input = h('input', { id, type: 'file', multiple: true });

  function stored(ref) {
    const item = { ref };
    const remove = h('button', {
      type: 'button', class: 'secondary small',
      'aria-label': t('assign.file.remove_name', { name: ref.name }),
      onclick: () => { items.splice(items.indexOf(item), 1); item.li.remove(); input.focus(); },
    }, t('assign.file.remove'));
    item.li = h('li', { class: 'a-upload done' }, h('span', null, ref.name),
      h('span', { class: 'muted' }, ` (${fmtSize(t, ref.size)}) `), remove);
    items.push(item);
    list.append(item.li);
  }

  async function send(file) {
    const bar = h('progress', { max: file.size || 1, value: 0, 'aria-label': t('assign.file.progress', { name: file.name }) });
    const li = h('li', { class: 'a-upload' }, h('span', null, file.name, ' '), bar);
    list.append(li);
    uploading++;
    try {
      const ref = await upload(file, (sent, total) => { bar.max = total || 1; bar.value = sent; });
      li.remove();
      stored(ref);
    } catch (err) {
      clear(li).className = 'a-upload refused';
      li.append(h('span', { class: 'error', role: 'alert' }, refusal(t, file, err)));
    } finally {
      uploading--;
    }
  }

  input.addEventListener('change', () => {
    const chosen = [...input.files];
    input.value = '';
    chosen.forEach(send);
  });
  files.forEach(stored);

  return {
    input,
    el: h('div', { class: 'a-field' }, h('label', { for: id }, label), input, list),
    ids: () => items.map((i) => i.ref.id),
    busy: () => uploading > 0,
  };
}
