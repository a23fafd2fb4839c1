// student.js: whose diary, marks and homework a pupil or parent sees.
//
// A pupil sees their own; a parent picks one of their children (GET /me
// "children"), kept in the hash as ?child=ID and for the tab's other
// pages in sessionStorage.
import { h } from '../core/dom.js';

const KEY = 'mektep.child';

// The student to show: { id, name, picker } where picker is a labelled
// select for a parent with several children (null otherwise).
export function pickStudent(ctx, params, onPick) {
  const { me, t } = ctx;
  const kids = me.children || [];
  if (!kids.length || me.roles.some((g) => g.role === 'pupil')) {
    return { id: me.id, name: me.full_name, picker: null };
  }
  const want = params.child || sessionStorage.getItem(KEY);
  const cur = kids.find((c) => String(c.id) === want) || kids[0];
  const pick = (id) => { sessionStorage.setItem(KEY, id); onPick(id); };
  const picker = kids.length < 2 ? null : h('span', { class: 'child' },
    h('label', { for: 'child' }, t('common.child'), ' '),
    h('select', { id: 'child', onchange: (e) => pick(e.target.value) },
      kids.map((c) => h('option', { value: c.id, selected: c.id === cur.id },
        `${c.full_name} (${c.class_name})`))));
  return { id: cur.id, name: cur.full_name, picker };
}
