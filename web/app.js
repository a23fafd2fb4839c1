// app.js: the app shell: language, session, navigation, one view at a time.
import { h, clear } from './core/dom.js';
import { api, onUnauthorized, setCsrf, hadSession, errorText, ApiError } from './core/api.js';
import { t, lang, setLang, loadLang, LANGS } from './core/i18n.js';
import { match, navigate } from './core/router.js';
import { setToday } from './core/dates.js';
import teacherRoutes from './views/teacher/routes.js';
import adminRoutes from './views/admin/routes.js';
import assignRoutes from './views/assign/routes.js';
import quizRoutes from './views/quiz/routes.js';

const FAMILY = ['pupil', 'parent'];
const routes = [
  { path: '#/diary', label: 'nav.diary', roles: FAMILY, load: () => import('./views/diary.js') },
  { path: '#/marks', label: 'nav.marks', roles: FAMILY, load: () => import('./views/marks.js') },
  { path: '#/homework', label: 'nav.homework', roles: FAMILY, load: () => import('./views/homework.js') },
  ...teacherRoutes,
  ...assignRoutes,
  ...quizRoutes,
  ...adminRoutes,
  { path: '#/home', label: 'nav.home', roles: null, load: () => import('./views/home.js') },
];
const loginRoute = { path: '#/login', load: () => import('./views/login.js') };
const DATA_CACHE = 'mektep-data';

let me = null;
let expired = false;
let wanted = null;              // the hash asked for before login
const header = document.getElementById('top');
const main = document.getElementById('main');
const skip = document.querySelector('.skip');
// the skip link focuses the view; "#main" in the address would be a route
skip.addEventListener('click', (e) => { e.preventDefault(); main.focus(); });

function allowed(r) {
  return !r.roles || (me && me.roles.some((g) => r.roles.includes(g.role)));
}

function myRoutes() { return routes.filter(allowed); }

async function forgetData() {
  if ('caches' in window) await caches.delete(DATA_CACHE);
}

function renderHeader() {
  skip.textContent = t('nav.skip');
  clear(header);
  const nav = me && h('nav', { 'aria-label': t('nav.label') },
    h('ul', null, myRoutes().filter((r) => r.label && r.path !== '#/home').map((r) =>
      h('li', null, h('a', {
        href: r.path,
        'aria-current': location.hash.startsWith(r.path) ? 'page' : null,
      }, t(r.label))))));
  const langSel = h('select', { id: 'lang', onchange: (e) => setLang(e.target.value) },
    LANGS.map((c) => h('option', { value: c, selected: c === lang() }, t('lang.' + c))));
  header.append(
    h('a', { class: 'brand', href: me ? '#/' : '#/login' }, 'mektep'),
    nav || '',
    h('div', { class: 'tools' },
      h('label', { for: 'lang', class: 'sr-only' }, t('lang.label')), langSel,
      me && h('span', { class: 'who' }, me.full_name),
      me && h('button', { type: 'button', id: 'logout', onclick: logout }, t('nav.logout'))),
  );
}

async function logout() {
  try { await api('POST', '/auth/logout'); } catch { /* gone already */ }
  setCsrf(null);
  await forgetData();
  me = null;
  expired = false;
  navigate('#/login');
}

// Who the caller is; the school's today from it marks "today" on every page.
async function fetchMe() {
  const m = await api('GET', '/me');
  setToday(m.today);
  return m;
}

async function loggedIn(csrf) {
  setCsrf(csrf);
  expired = false;
  me = await fetchMe();
  const to = wanted && !wanted.startsWith('#/login') ? wanted : '#/';
  wanted = null;
  navigate(to);
}

function ctx() {
  return { me, api, t, navigate, loggedIn, expired };
}

let showing = 0;
let views = 0;
async function show() {
  const seq = ++showing;
  let found;
  main.setAttribute('aria-busy', 'true');
  delete main.dataset.route;
  if (!me) {
    if (!location.hash.startsWith('#/login')) {
      wanted = location.hash;
      history.replaceState(null, '', '#/login');
    }
    found = { route: loginRoute, params: {} };
  } else {
    found = match(myRoutes(), location.hash);
    if (!found) {
      navigate(myRoutes()[0].path);
      return;
    }
  }
  renderHeader();
  try {
    const mod = await found.route.load();
    if (seq !== showing) return;
    // each view renders into its own element: a view still loading when
    // the next is shown writes into a detached one, not over the new one
    const view = h('div', { class: 'view' });
    clear(main).append(view);
    await mod.render(view, found.params, ctx());
    if (seq !== showing) return;
    main.dataset.route = found.route.path;
    // after a change of view the old one took the focus with it: start
    // the next Tab in this one (on the first view, at the skip link)
    if (views++ && (!document.activeElement || document.activeElement === document.body)) {
      main.focus({ preventScroll: true });
    }
  } catch (err) {
    if (seq !== showing || (err && err.status === 401)) return;
    clear(main).append(h('p', { class: 'error', role: 'alert' }, errorText(err)));
    if (!(err instanceof ApiError)) setTimeout(() => { throw err; });   // a bug: report it
  } finally {
    if (seq === showing) main.removeAttribute('aria-busy');
  }
}

onUnauthorized(() => {
  if (!me) return;
  me = null;
  expired = true;
  setCsrf(null);
  forgetData();
  wanted = location.hash;
  navigate('#/login');
});

async function start() {
  await loadLang();
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('/sw.js').catch(() => {});
  }
  window.addEventListener('langchange', show);
  window.addEventListener('hashchange', show);
  try {
    me = await fetchMe();
  } catch (err) {
    me = null;
    expired = err.status === 401 && hadSession();
    if (expired) setCsrf(null);
  }
  await show();
}

start();
