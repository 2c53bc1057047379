// Small DOM and data helpers shared by the views.

/**
 * Builds an element: h('a', {href: '#', class: 'x', onclick: f}, 'text', child, ...).
 * Attributes starting with `on` become listeners; null/false attributes are skipped;
 * children may be strings, nodes, arrays or null.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Like `h`, for SVG elements. */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

/** An error box with the API's message (role=alert so screen readers say it). */
export function errorBox(err) {
  return h('p', { class: 'error', role: 'alert' }, err && err.message ? err.message : String(err));
}

/** A "loading" line, replaced by the view when its data arrives. */
export function loading(what) {
  return h('p', { class: 'muted', 'aria-busy': 'true' }, `Loading ${what}…`);
}

/** Formats an integer with thousands separators. */
export function num(n) {
  return n === null || n === undefined ? '' : Number(n).toLocaleString('en');
}

/** One CSV field, RFC 4180: quoted when it holds a comma, quote or line break. */
export function csvField(v) {
  const t = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

/** CSV text of a header and rows (arrays of values), CRLF line ends as RFC 4180 asks. */
export function toCsv(header, rows) {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** Offers text as a file download, built in the page (nothing goes to the server). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  // The click has started the download synchronously; the URL can go on the next tick.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** "First page" and "Next page" links; the cursor stays in the URL. */
export function pager(after, next, link) {
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    after ? h('a', { href: link('') }, '« First page') : null,
    next ? h('a', { href: link(next), rel: 'next', id: 'next-page' }, 'Next page »') : h('span', { class: 'muted' }, 'Last page'),
  );
}

/** A labelled form control: label + input/select in one wrapper. */
export function field(label, control) {
  const id = control.id || 'f-' + Math.random().toString(36).slice(2, 8);
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/** A <select> with an empty "any" option and the given values. */
export function select(name, values, selected, anyLabel = 'any') {
  return h(
    'select',
    { name },
    h('option', { value: '' }, anyLabel),
    values.map((v) => h('option', { value: v, selected: v === selected }, v)),
  );
}

/** The event filters that the timeline, map and graph share, as labelled controls. */
export function eventFilterFields(filters) {
  const input = (name, attrs) => h('input', { name, value: filters[name], ...attrs });
  return [
    field('Type', select('type', PLOVER, filters.type)),
    field('Actor', input('actor', { size: 10 })),
    field('Country', input('country', { size: 5 })),
    field('Factuality', select('factuality', FACTUALITY, filters.factuality)),
    field('Since', input('since', { type: 'date' })),
    field('Until', input('until', { type: 'date' })),
  ];
}

/** PLOVER event types, in the manual's order (cooperation first, then conflict). */
export const PLOVER = [
  'AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST',
  'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT',
];

/** One colour per PLOVER type: greens and blues for cooperation, warm colours for conflict. */
export const PLOVER_COLOURS = {
  AGREE: '#1b7837', CONSULT: '#5aae61', SUPPORT: '#a6dba0', CONCEDE: '#80cdc1',
  COOPERATE: '#35978f', AID: '#01665e', RETREAT: '#92c5de', REQUEST: '#4393c3',
  ACCUSE: '#fdb863', REJECT: '#e08214', THREATEN: '#b35806', PROTEST: '#c2a5cf',
  SANCTION: '#8073ac', MOBILIZE: '#f46d43', COERCE: '#d73027', ASSAULT: '#a50026',
};

export const FACTUALITY = ['asserted', 'possible', 'planned', 'negated'];

/** "PRKMIL (North Korean troops)" for an event's actor, or an empty string. */
export function actorLabel(a) {
  if (!a) return '';
  if (a.code && a.name && a.name !== a.code) return `${a.code} (${a.name})`;
  return a.code || a.name || '';
}
