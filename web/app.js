// Entry point: the header (navigation, store stats, search), the record panel and the
// router that hands the main area to one view module per route.
import { get } from './api.js';
import { closePanel } from './panel.js';
import { current, go } from './router.js';
import { errorBox, num } from './util.js';
import * as documents from './views/documents.js';
import * as article from './views/article.js';
import * as events from './views/events.js';
import * as timeline from './views/timeline.js';
import * as map from './views/map.js';
import * as graph from './views/graph.js';
import * as disputes from './views/disputes.js';

const VIEWS = { documents, search: documents, article, events, timeline, map, graph, disputes };

// Each render gets a token; a view that finishes loading after the user moved on
// checks it and leaves the page alone.
let renderToken = 0;

async function render() {
  const route = current();
  const view = VIEWS[route.view];
  const main = document.getElementById('main');
  const token = ++renderToken;
  for (const a of document.querySelectorAll('nav a')) {
    const active = a.dataset.view === route.view || (route.view === 'article' && a.dataset.view === 'documents');
    if (active) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.body.dataset.view = route.view;
  closePanel();
  document.getElementById('search-q').value = route.view === 'search' ? route.params.get('q') || '' : '';
  if (!view) {
    main.replaceChildren(errorBox(new Error(`no view called "${route.view}"`)));
    return;
  }
  main.replaceChildren();
  delete main.dataset.ready;
  try {
    await view.render(main, route, () => token === renderToken);
  } catch (e) {
    if (token === renderToken) main.replaceChildren(errorBox(e));
  }
  if (token === renderToken) main.dataset.ready = route.view;
}

async function stats() {
  const el = document.getElementById('stats');
  try {
    const s = await get('/api/stats');
    el.textContent = `${num(s.documents)} documents · ${num(s.events)} events · ${num(s.claims)} claims · ${num(s.entities)} entities`;
  } catch (e) {
    el.replaceChildren(errorBox(e));
  }
}

document.getElementById('panel-close').addEventListener('click', closePanel);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') closePanel();
});
document.getElementById('search-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const q = document.getElementById('search-q').value.trim();
  if (q) go('search', null, { q });
});
window.addEventListener('hashchange', render);
if (!location.hash) history.replaceState(null, '', '#/documents');
render();
stats();
