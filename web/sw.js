// sw.js: the service worker: the app shell offline, the last diary weeks.
//
// The shell (/s/<version>/...) is immutable: cache first, kept per
// version; the pupil's and parent's part is cached on install, the rest
// (other languages, the teacher's and admin's views) once fetched. "/" is network first, so a deploy shows at once, with the
// cached copy when offline. The answers of GET /api/v1/me and of the
// diary are network first too; the last DATA_MAX diary weeks viewed are
// kept, and when the network fails the cached answer is given with
// X-Mektep-As-Of (when it was stored), which the page shows. Logout and
// an ended session delete the data cache (app.js).
const V = '@VERSION@';
const SHELL = `mektep-shell-${V}`;
const DATA = 'mektep-data';
const DATA_MAX = 8;
const FILES = ['app.js', 'core/api.js', 'core/dom.js', 'core/i18n.js',
  'core/router.js', 'core/dates.js', 'css/base.css', 'i18n/kk.json',
  'views/login.js', 'views/student.js', 'views/home.js', 'views/diary.js',
  'views/marks.js', 'views/homework.js', 'views/teacher/routes.js',
  'views/admin/routes.js', 'views/assign/routes.js',
  'views/quiz/routes.js'].map((f) => `/s/${V}/${f}`);

self.addEventListener('install', (e) => {
  e.waitUntil(caches.open(SHELL).then((c) => c.addAll(['/', ...FILES]))
    .then(() => self.skipWaiting()));
});

self.addEventListener('activate', (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys
    .filter((k) => k.startsWith('mektep-shell-') && k !== SHELL)
    .map((k) => caches.delete(k)))).then(() => self.clients.claim()));
});

function isData(url) {
  return url.pathname === '/api/v1/me' ||
    /^\/api\/v1\/students\/\d+\/diary$/.test(url.pathname);
}

async function shell(req) {
  const hit = await caches.match(req);
  if (hit) return hit;
  const res = await fetch(req);
  if (res.ok) (await caches.open(SHELL)).put(req, res.clone());
  return res;
}

async function page(req) {
  try {
    const res = await fetch(req);
    if (res.ok) (await caches.open(SHELL)).put('/', res.clone());
    return res;
  } catch (err) {
    const hit = await caches.match('/');
    if (hit) return hit;
    throw err;
  }
}

// Keep only the DATA_MAX most recently stored diary answers.
async function trim(cache) {
  const keys = (await cache.keys()).filter((r) => new URL(r.url).pathname !== '/api/v1/me');
  for (const k of keys.slice(0, Math.max(0, keys.length - DATA_MAX))) await cache.delete(k);
}

async function data(req) {
  const cache = await caches.open(DATA);
  try {
    const res = await fetch(req);
    if (res.ok) {
      const body = await res.clone().arrayBuffer();
      const headers = new Headers(res.headers);
      headers.set('X-Mektep-As-Of', new Date().toISOString());
      await cache.delete(req);
      await cache.put(req, new Response(body, { status: 200, headers }));
      await trim(cache);
    }
    return res;
  } catch (err) {
    const hit = await cache.match(req);
    if (hit) return hit;
    throw err;
  }
}

self.addEventListener('fetch', (e) => {
  const req = e.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== location.origin) return;
  if (url.pathname.startsWith('/s/')) e.respondWith(shell(req));
  else if (req.mode === 'navigate' && url.pathname === '/') e.respondWith(page(req));
  else if (isData(url)) e.respondWith(data(req));
});
