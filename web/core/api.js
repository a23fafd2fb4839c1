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
// upload(file, onProgress) sends one file to POST /files with progress.
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
  if (!res.ok) throw failed(path, res.status, res.statusText, data);
  const when = res.headers.get('X-Mektep-As-Of');
  if (when && data && typeof data === 'object') stale.set(data, new Date(when));
  return data;
}

// The ApiError of an answer that was not ok (a 401 also tells the app).
function failed(path, status, statusText, data) {
  const e = (data && data.error) || {};
  const err = new ApiError(status, e.code || `http_${status}`,
    e.message || statusText, e.field, e.details);
  if (status === 401 && path !== '/auth/login' && unauthorized) unauthorized(err);
  return err;
}

// Upload a file (POST /files?name=, the body its bytes) with progress:
// onProgress(sent, total) as the bytes go (fetch cannot tell that).
// Answers the stored file {id, name, size, content_type} or throws an
// ApiError as api() does (413 too_large, 422 invalid naming "file").
export function upload(file, onProgress) {
  const path = '/files?name=' + encodeURIComponent(file.name);
  return new Promise((resolve, reject) => {
    const x = new XMLHttpRequest();
    x.open('POST', '/api/v1' + path);
    x.setRequestHeader('Accept', 'application/json');
    x.setRequestHeader('Accept-Language', lang());
    x.setRequestHeader('X-CSRF-Token', localStorage.getItem(CSRF_KEY) || '');
    x.setRequestHeader('Content-Type', 'application/octet-stream');
    if (onProgress) x.upload.onprogress = (e) => onProgress(e.loaded, e.total || file.size);
    x.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    x.onload = () => {
      let data = null;
      try { data = JSON.parse(x.responseText); } catch { data = null; }
      if (x.status >= 200 && x.status < 300) resolve(data);
      else reject(failed(path, x.status, x.statusText, data));
    };
    x.send(file);
  });
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
