// home.js: who is logged in, for roles without pages of their own yet.
import { h } from '../core/dom.js';

export async function render(main, params, ctx) {
  const { t, me } = ctx;
  main.append(h('section', { class: 'card' },
    h('h1', null, t('home.title', { name: me.full_name })),
    h('p', null, t('home.roles')),
    h('ul', null, me.roles.map((g) => h('li', null, t('role.' + g.role)))),
    h('p', { class: 'muted' }, t('home.none'))));
}
