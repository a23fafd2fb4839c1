// dom.js: building DOM nodes without innerHTML.
//
// h(tag, attrs, ...children): attrs may be null. A key "on<event>" with a
// function adds a listener; "class" sets the class; value, checked,
// selected, disabled and hidden set the property; true sets an empty
// attribute; false, null and undefined set nothing; anything else goes
// through setAttribute. Children are nodes, strings and numbers (made
// text nodes, never parsed), arrays of them, or null/false (skipped).
const PROPS = new Set(['value', 'checked', 'selected', 'disabled', 'hidden']);

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (PROPS.has(k)) {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

// Append children (as h() takes them) to el; returns el.
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

// Remove every child of el; returns el.
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Load a stylesheet of the app once (path relative to web/, e.g.
// "css/journal.css").
export function useCss(path) {
  const href = new URL('../' + path, import.meta.url).pathname;
  if (document.querySelector(`link[rel=stylesheet][href="${href}"]`)) return;
  document.head.append(h('link', { rel: 'stylesheet', href }));
}
