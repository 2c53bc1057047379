// Event table: the API's filters as a form whose values live in the URL, columns sorted
// by the API (so every page follows the order), pages by the API's cursor, and "export what I see" (CSV and JSON Lines of
// exactly the rows on screen, in their order, built in the page).
import { get } from '../api.js';
import { showRecord } from '../panel.js';
import { go, href } from '../router.js';
import { FACTUALITY, PLOVER, actorLabel, download, errorBox, field, h, loading, num, pager, select, toCsv } from '../util.js';

/** Filters sent to the API, in the form's order. */
const FILTERS = ['type', 'actor', 'source', 'target', 'country', 'place', 'factuality', 'since', 'until', 'min_sources'];

/** Columns: key (also the API's `sort` value), header, value of an EventRecord. */
const COLUMNS = [
  ['date', 'Date', (e) => e.date || ''],
  ['type', 'Type', (e) => e.plover],
  ['cameo', 'CAMEO', (e) => e.cameo],
  ['source', 'Source', (e) => actorLabel(e.source)],
  ['target', 'Target', (e) => actorLabel(e.target)],
  ['factuality', 'Factuality', (e) => e.factuality],
  ['place', 'Place', (e) => (e.place ? e.place.name : '')],
  ['mentions', 'Mentions', (e) => e.mentions],
  ['documents', 'Docs', (e) => e.documents],
  ['sources', 'Sources', (e) => e.sources],
  ['trigger', 'Trigger', (e) => e.trigger],
  ['outlet', 'Outlet', (e) => e.outlet || ''],
];

/** Columns the API does not sort by: their headers are plain. */
const UNSORTED = new Set(['trigger', 'outlet']);

export async function render(main, route, live) {
  const p = route.params;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, p.get(k) || '']));
  const sort = p.get('sort') || '-date';
  const after = p.get('after') || '';
  const limit = p.get('limit') || '100';
  const order = sort.startsWith('-') ? 'desc' : 'asc';
  const sortKey = sort.replace(/^-/, '');
  main.append(h('h1', null, 'Events'), form(filters, sort), loading('events'));
  const page = await get('/api/events', { ...filters, sort: sortKey, order, limit, after });
  if (!live()) return;
  const rows = page.rows;
  const state = { ...filters, sort, limit: limit === '100' ? '' : limit };
  const table = h(
    'table', { class: 'grid', id: 'events-table' },
    h('caption', { class: 'sr-only' }, 'Events matching the filters'),
    h('thead', null, h('tr', null, COLUMNS.map(([key, label]) => {
      if (UNSORTED.has(key)) return h('th', { scope: 'col' }, label);
      const dir = sort === key ? 'ascending' : sort === '-' + key ? 'descending' : null;
      // Counts and dates first go largest first; names first go A to Z.
      const first = ['date', 'mentions', 'documents', 'sources'].includes(key) ? '-' + key : key;
      const nextSort = sort === first ? (first.startsWith('-') ? key : '-' + key) : first;
      return h('th', { scope: 'col', 'aria-sort': dir || 'none' },
        h('a', { href: href('events', null, { ...state, sort: nextSort }), class: 'sort', 'data-sort': key },
          label, dir === 'ascending' ? ' ▲' : dir === 'descending' ? ' ▼' : ''));
    }), h('th', { scope: 'col' }, 'Article'))),
    h('tbody', null, rows.map((e) => h(
      'tr', { 'data-id': e.id },
      COLUMNS.map(([key, , value]) => cell(key, value(e), e)),
      h('td', null, h('a', { href: href('article', e.doc_id), title: e.title || e.doc_id }, 'open')),
    ))),
  );
  table.addEventListener('click', (ev) => {
    const btn = ev.target.closest('button.event-open');
    if (btn) openEvent(Number(btn.dataset.id));
  });
  main.replaceChildren(
    h('h1', null, 'Events'),
    form(filters, sort),
    h('div', { class: 'toolbar' },
      h('span', { id: 'events-count' }, `${num(rows.length)} events shown`, page.next ? ' (more on the next page)' : ''),
      h('button', { type: 'button', id: 'export-csv', onclick: () => exportCsv(rows) }, 'Export what I see: CSV'),
      h('button', { type: 'button', id: 'export-jsonl', onclick: () => exportJsonl(rows) }, 'JSON Lines'),
      h('a', { href: '/api/events.csv' + apiQuery(filters, sortKey, order), class: 'muted' }, 'all matching rows as CSV (API)')),
    rows.length ? h('div', { class: 'table-wrap' }, table) : h('p', null, 'No event matches these filters.'),
    pager(after, page.next, (a) => href('events', null, { ...state, after: a })),
  );
}

function apiQuery(filters, sortKey, order) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  q.set('sort', sortKey);
  q.set('order', order);
  return '?' + q.toString();
}

function cell(key, value, e) {
  if (key === 'type') {
    return h('td', null, h('button', { type: 'button', class: 'linkish event-open', 'data-id': e.id, title: `Event ${e.id}: details` }, value));
  }
  if (key === 'factuality') return h('td', null, h('span', { class: `fact fact-${value}` }, value));
  if (typeof value === 'number') return h('td', { class: 'num' }, num(value));
  return h('td', { title: key === 'trigger' ? e.sentence : null }, value);
}

function form(filters, sort) {
  const input = (name, attrs) => h('input', { name, value: filters[name], ...attrs });
  const f = h(
    'form', { class: 'filters', id: 'events-filters', 'aria-label': 'Event filters' },
    field('Type', select('type', PLOVER, filters.type)),
    field('Actor', input('actor', { placeholder: 'PRK, Budanov…', size: 10 })),
    field('Source', input('source', { placeholder: 'code', size: 7 })),
    field('Target', input('target', { placeholder: 'code', size: 7 })),
    field('Country', input('country', { placeholder: 'ISO3', size: 5, pattern: '[A-Za-z]{3}' })),
    field('Place', input('place', { size: 10 })),
    field('Factuality', select('factuality', FACTUALITY, filters.factuality)),
    field('Since', input('since', { type: 'date' })),
    field('Until', input('until', { type: 'date' })),
    field('Min sources', input('min_sources', { type: 'number', min: 1, size: 3 })),
    h('div', { class: 'field buttons' },
      h('button', { type: 'submit' }, 'Filter'),
      h('a', { href: href('events', null, {}) }, 'Clear')),
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(f).entries());
    go('events', null, { ...data, sort: sort === '-date' ? '' : sort });
  });
  return f;
}

function exportCsv(rows) {
  const header = ['id', ...COLUMNS.map(([, label]) => label), 'doc_id'];
  const body = rows.map((e) => [e.id, ...COLUMNS.map(([, , value]) => value(e)), e.doc_id]);
  download('events.csv', toCsv(header, body), 'text/csv;charset=utf-8');
}

function exportJsonl(rows) {
  download('events.jsonl', rows.map((e) => JSON.stringify(e)).join('\n') + '\n', 'application/x-ndjson');
}

/** The event's details and every mention, with links to the articles. */
async function openEvent(id) {
  let detail;
  try {
    detail = await get(`/api/events/${id}`);
  } catch (e) {
    showRecord(`Event ${id}`, [], undefined, errorBox(e));
    return;
  }
  const e = detail.event;
  showRecord(`Event ${e.id}: ${e.plover}`, [
    ['CAMEO', e.cameo], ['source', actorLabel(e.source)], ['target', actorLabel(e.target)],
    ['factuality', e.factuality], ['date', [e.date, e.date_last !== e.date ? e.date_last : null].filter(Boolean).join(' – ')],
    ['place', e.place && e.place.name], ['mentions / docs / sources', `${e.mentions} / ${e.documents} / ${e.sources}`],
  ], detail, h('div', null, h('h3', null, 'Mentions'), h('ul', null, (detail.mentions || []).map((m) => h('li', null,
    h('a', { href: href('article', m.doc_id, { at: m.trigger_start ?? '' }) }, m.title || m.source || m.doc_id.slice(0, 12)),
    ` ${[m.source, m.published, m.factuality].filter(Boolean).join(', ')}: `,
    h('q', null, m.sentence))))));
}
