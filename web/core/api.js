// api.js: the one way the page talks to the API (/api/v1).
//
// api(method, path, body) sends body as JSON (a Blob as it is, with its
// type) and answers the parsed JSON (null for 204) or
// throws an ApiError {status, code, message, field, details}; status 0
// and code "network" when the server could not be reached. The session
// is the HttpOnly cookie set by login; every request that changes state
// carries X-CSRF-Token (kept from the login answer). A 401 on any call
// but login calls the handler set by onUnauthorized() (the app shows the
// "session expired" login) before throwing.
//
// An answer the service worker gave from its cache while offline carries
// the time it was stored: asOf(data) returns it as a Date, else null.
import { lang, t, has } from './i18n.js';

const CSRF_KEY = 'mektep.csrf';
const stale = new WeakMap();
let unauthorized = null;

export class ApiError extends Error {
  constructor(status, code, message, field, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field || null;
    this.details = details || null;
  }
}

export function onUnauthorized(fn) { unauthorized = fn; }

export function setCsrf(token) {
  if (token) localStorage.setItem(CSRF_KEY, token);
  else localStorage.removeItem(CSRF_KEY);
}

// Was there a session in this browser (a CSRF token kept from a login)?
export function hadSession() { return localStorage.getItem(CSRF_KEY) !== null; }

export function asOf(data) { return (data && stale.get(data)) || null; }

export async function api(method, path, body) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang() };
  if (method !== 'GET' && method !== 'HEAD') {
    headers['X-CSRF-Token'] = localStorage.getItem(CSRF_KEY) || '';
  }
  // a Blob (a CSV file) goes as it is, with its own type
  const raw = typeof Blob !== 'undefined' && body instanceof Blob;
  if (body !== undefined) headers['Content-Type'] = raw ? body.type : 'application/json';
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined || raw ? body : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, 'network', e.message);
  }
  let data = null;
  if (res.status !== 204) {
    try { data = await res.json(); } catch { data = null; }
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    const err = new ApiError(res.status, e.code || `http_${res.status}`,
      e.message || res.statusText, e.field, e.details);
    if (res.status === 401 && path !== '/auth/login' && unauthorized) {
      unauthorized(err);
    }
    throw err;
  }
  const when = res.headers.get('X-Mektep-As-Of');
  if (when && data && typeof data === 'object') stale.set(data, new Date(when));
  return data;
}

// The message to show for an error, in the chosen language: the text for
// its code (i18n "error.<code>"), with the server's own words where they
// name what is wrong (invalid values, conflicts).
export function errorText(err) {
  if (!(err instanceof ApiError)) return t('error.internal');
  const key = 'error.' + err.code;
  const text = has(key) ? t(key) : t('error.internal');
  if ((err.code === 'invalid' || err.code === 'conflict' || err.code === 'bad_request') && err.message) {
    return `${text} (${err.message})`;
  }
  return text;
}
