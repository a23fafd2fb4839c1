// router.js: hash routes ("#/diary?week=2026-W48").
//
// A route is { path, label?, roles?, load } where path may hold ":name"
// segments and load() answers the view module. A view module exports
// async function render(main, params, ctx): params has the :name
// segments and the query of the hash; ctx = { me, api, t, navigate }.

// Split a hash into its path and query parameters.
export function parseHash(hash) {
  const s = (hash || '').replace(/^#/, '') || '/';
  const q = s.indexOf('?');
  const path = q < 0 ? s : s.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : s.slice(q + 1)));
  return { path: path.startsWith('/') ? path : '/' + path, query };
}

// The route matching hash and its params, or null.
export function match(routes, hash) {
  const { path, query } = parseHash(hash);
  const segs = path.split('/');
  for (const r of routes) {
    const pat = parseHash(r.path).path.split('/');
    if (pat.length !== segs.length) continue;
    const params = { ...query };
    let ok = true;
    for (let i = 0; i < pat.length && ok; i++) {
      if (pat[i].startsWith(':')) params[pat[i].slice(1)] = decodeURIComponent(segs[i]);
      else ok = pat[i] === segs[i];
    }
    if (ok) return { route: r, params };
  }
  return null;
}

export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

// Build a hash from a path and query parameters (empty values left out).
export function hashOf(path, query = {}) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const s = q.toString();
  return '#' + path + (s ? '?' + s : '');
}
