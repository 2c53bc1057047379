// Documents list (newest added first, paged with the API's cursor) and full-text search.
import { get } from '../api.js';
import { href } from '../router.js';
import { h, loading, num, pager } from '../util.js';

export async function render(main, route, live) {
  if (route.view === 'search') return search(main, route, live);
  const after = route.params.get('after') || '';
  main.append(h('h1', null, 'Documents'), loading('documents'));
  const page = await get('/api/documents', { limit: 50, after });
  if (!live()) return;
  main.replaceChildren(
    h('h1', null, 'Documents'),
    page.rows.length ? docTable(page.rows) : h('p', null, 'The store has no documents yet: run `sitrep ingest`.'),
    pager(after, page.next, (a) => href('documents', null, { after: a })),
  );
}

function docTable(rows) {
  return h(
    'table',
    { class: 'grid', id: 'documents-table' },
    h('thead', null, h('tr', null, ['Title', 'Published', 'Source', 'Story', 'Added'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, rows.map((d) => h(
      'tr',
      null,
      h('td', null, h('a', { href: href('article', d.doc_id) }, d.title || d.url || `untitled ${d.doc_id.slice(0, 12)}`)),
      h('td', null, d.published || ''),
      h('td', null, d.source || ''),
      h('td', { class: 'num' }, d.story ?? ''),
      h('td', null, d.added || ''),
    ))),
  );
}

async function search(main, route, live) {
  const q = route.params.get('q') || '';
  const after = route.params.get('after') || '';
  main.append(h('h1', null, `Search: ${q}`), loading('hits'));
  const page = await get('/api/search', { q, limit: 50, after });
  if (!live()) return;
  main.replaceChildren(
    h('h1', null, `Search: ${q}`),
    h('p', { class: 'muted' }, page.rows.length ? `${num(page.rows.length)} hits on this page` : 'No document matches.'),
    h('ol', { class: 'hits' }, page.rows.map((hit) => h(
      'li',
      null,
      h('a', { href: href('article', hit.doc_id) }, hit.title || hit.url || hit.doc_id.slice(0, 12)),
      h('span', { class: 'muted' }, ` ${[hit.source, hit.published].filter(Boolean).join(', ')}`),
      h('p', { class: 'snippet' }, snippet(hit.snippet)),
    ))),
    pager(after, page.next, (a) => href('search', null, { q, after: a })),
  );
}

/** The API marks matched words as [word]; they become <mark>s (text stays text). */
function snippet(text) {
  return text.split(/(\[[^\]]*\])/).map((part) =>
    part.startsWith('[') && part.endsWith(']') ? h('mark', null, part.slice(1, -1)) : part);
}
