// Disputes: each number, event or claim that sources disagree on, with every side's
// value, speaker, outlet, date and a link to the article it comes from.
import { get } from '../api.js';
import { go, href } from '../router.js';
import { field, h, loading, num, pager } from '../util.js';

const KINDS = { quantity: 'Numbers', event: 'Events', claim: 'Claims' };

export async function render(main, route, live) {
  const p = route.params;
  const filters = { kind: p.get('kind') || '', tolerance: p.get('tolerance') || '', window_days: p.get('window_days') || '' };
  main.append(h('h1', null, 'Disputes'), form(filters), loading('disputes'));
  const after = p.get('after') || '';
  const data = await get('/api/disputes', { ...filters, limit: 100, after });
  if (!live()) return;
  const more = data.next || after ? ' on this page' : '';
  main.replaceChildren(
    h('h1', null, 'Disputes'),
    form(filters),
    h('p', { class: 'muted' }, `${num(data.rows.length)} things that sources disagree on${more}.`),
    h('div', { id: 'disputes-list' }, data.rows.map(dispute)),
    pager(after, data.next, (a) => href('disputes', null, { ...filters, after: a })),
  );
}

function form(filters) {
  const f = h(
    'form', { class: 'filters', id: 'disputes-filters', 'aria-label': 'Dispute options' },
    field('Kind', h('select', { name: 'kind' }, h('option', { value: '' }, 'all'),
      Object.entries(KINDS).map(([k, label]) => h('option', { value: k, selected: k === filters.kind }, label)))),
    field('Tolerance', h('input', { name: 'tolerance', value: filters.tolerance, placeholder: '0.25', size: 4, inputmode: 'decimal' })),
    field('Window (days)', h('input', { name: 'window_days', value: filters.window_days, placeholder: '30', type: 'number', min: 0, size: 4 })),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit' }, 'Show')),
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    go('disputes', null, Object.fromEntries(new FormData(f).entries()));
  });
  return f;
}

function dispute(d) {
  // For numbers, a bar per side on one scale shows how far apart they are.
  const max = Math.max(0, ...d.sides.map((x) => x.number || 0));
  return h(
    'article', { class: `dispute dispute-${d.kind}`, 'data-id': d.id },
    h('h2', null, h('span', { class: 'badge' }, d.kind), ' ', d.subject),
    h('table', { class: 'grid sides' },
      h('thead', null, h('tr', null, ['Value', 'Said by', 'Outlet', 'Date', 'In the text', 'Article'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, d.sides.map((x) => h('tr', null,
        h('td', { class: 'value' }, h('strong', null, x.value),
          x.number && max ? h('span', { class: 'bar', style: `width:${((x.number / max) * 100).toFixed(1)}%`, 'aria-hidden': 'true' }) : null),
        h('td', null, x.speaker || h('span', { class: 'muted' }, 'unknown'), x.speaker_from && x.speaker_from !== 'none' ? h('span', { class: 'muted' }, ` (${x.speaker_from})`) : null),
        h('td', null, x.source || h('span', { class: 'muted' }, '—')),
        h('td', { class: 'date' }, x.date || h('span', { class: 'muted' }, '—')),
        h('td', { title: x.sentence }, h('q', null, x.text)),
        h('td', null, h('a', { href: href('article', x.doc_id) }, 'open'), x.url ? [' · ', h('a', { href: x.url, rel: 'noreferrer' }, 'source')] : null),
      )))),
  );
}
