// Map: a world outline (Natural Earth, web/world.json) in an equirectangular projection,
// with the events and places of /api/map clustered on a screen grid. Clusters show their
// counts and split as one zooms in; a click on a cluster lists what is in it. Pan by
// dragging or with the arrow keys, zoom with the wheel, + and -. The view (centre, zoom),
// the layers and the filters stay in the URL.
import { get, getOnce } from '../api.js';
import { showContent } from '../panel.js';
import { go, href, replace } from '../router.js';
import { PLOVER_COLOURS, eventFilterFields, h, loading, num, s } from '../util.js';

const FILTERS = ['type', 'actor', 'country', 'factuality', 'since', 'until', 'min_sources'];
const W = 960;
const H = 480;
const PX = W / 360; // SVG units per degree at zoom 1
const CELL = 44; // cluster grid cell, in screen units

const project = (lon, lat) => [(lon + 180) * PX, (90 - lat) * PX];

export async function render(main, route, live) {
  const p = route.params;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, p.get(k) || '']));
  const layers = new Set((p.get('layers') || 'event,place').split(',').filter(Boolean));
  main.append(h('h1', null, 'Map'), loading('the map'));
  const [world, fc] = await Promise.all([getOnce('/static/world.json'), get('/api/map', filters)]);
  if (!live()) return;
  const view = {
    lon: num0(p.get('lon'), 0),
    lat: num0(p.get('lat'), 0),
    z: Math.min(64, Math.max(1, num0(p.get('z'), 1))),
  };
  const features = fc.features.filter((f) => layers.has(f.properties.kind) && f.geometry && f.geometry.type === 'Point');
  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, class: 'map', id: 'map-svg', tabindex: 0, role: 'application',
    'aria-label': 'World map of events and places; arrow keys pan, plus and minus zoom',
  });
  const land = s('g', { class: 'land', id: 'map-land' }, s('rect', { x: 0, y: 0, width: W, height: H, class: 'sea' }),
    world.countries.map((c) => s('path', { d: countryPath(c), class: 'country' }, s('title', null, c.name))));
  const pointsLayer = s('g', { class: 'points', id: 'map-points' });
  svg.append(land, pointsLayer);

  // Pan and zoom are a transform of the land and a re-clustering of the points.
  const state = { ...view };
  const transform = () => {
    const [cx, cy] = project(state.lon, state.lat);
    return { k: state.z, tx: W / 2 - cx * state.z, ty: H / 2 - cy * state.z };
  };
  const draw = () => {
    const t = transform();
    land.setAttribute('transform', `translate(${t.tx} ${t.ty}) scale(${t.k})`);
    pointsLayer.replaceChildren(...clusters(features, t).map((c) => clusterNode(c, filters)));
  };
  const save = () => replace('map', null, {
    ...filters, layers: layers.size === 2 ? '' : [...layers].join(','),
    lon: round(state.lon, 2), lat: round(state.lat, 2), z: state.z === 1 ? '' : round(state.z, 2),
  });
  const zoomAt = (factor, sx = W / 2, sy = H / 2) => {
    const t = transform();
    // Keep the world point under (sx, sy) where it is.
    const wx = (sx - t.tx) / t.k;
    const wy = (sy - t.ty) / t.k;
    state.z = Math.min(64, Math.max(1, state.z * factor));
    const nx = wx - (sx - W / 2) / state.z;
    const ny = wy - (sy - H / 2) / state.z;
    state.lon = nx / PX - 180;
    state.lat = clampLat(90 - ny / PX);
    draw();
    save();
  };
  const panBy = (dx, dy) => {
    state.lon -= dx / (PX * state.z);
    state.lat = clampLat(state.lat + dy / (PX * state.z));
    draw();
  };
  const toSvg = (e) => {
    const r = svg.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * W, ((e.clientY - r.top) / r.height) * H];
  };
  svg.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [sx, sy] = toSvg(e);
    zoomAt(e.deltaY < 0 ? 1.25 : 0.8, sx, sy);
  }, { passive: false });
  let drag = null;
  svg.addEventListener('pointerdown', (e) => {
    if (e.target.closest('.cluster')) return;
    drag = toSvg(e);
    svg.setPointerCapture(e.pointerId);
  });
  svg.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const [x, y] = toSvg(e);
    panBy(x - drag[0], y - drag[1]);
    drag = [x, y];
  });
  svg.addEventListener('pointerup', () => {
    if (drag) save();
    drag = null;
  });
  svg.addEventListener('keydown', (e) => {
    const step = 60;
    const keys = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (keys[e.key]) {
      e.preventDefault();
      panBy(...keys[e.key]);
      save();
    } else if (e.key === '+' || e.key === '=') zoomAt(1.5);
    else if (e.key === '-') zoomAt(1 / 1.5);
  });
  draw();

  const counts = { event: 0, place: 0 };
  for (const f of features) counts[f.properties.kind] = (counts[f.properties.kind] || 0) + 1;
  main.replaceChildren(
    h('h1', null, 'Map'),
    form(filters, layers, state),
    h('div', { class: 'toolbar' },
      h('button', { type: 'button', id: 'zoom-in', onclick: () => zoomAt(1.5), 'aria-label': 'Zoom in' }, '+'),
      h('button', { type: 'button', id: 'zoom-out', onclick: () => zoomAt(1 / 1.5), 'aria-label': 'Zoom out' }, '−'),
      h('button', {
        type: 'button',
        onclick: () => {
          Object.assign(state, { lon: 0, lat: 0, z: 1 });
          draw();
          save();
        },
      }, 'Whole world'),
      h('span', { id: 'map-count' }, `${num(counts.event)} located events, ${num(counts.place)} places`),
      h('span', { class: 'legend' },
        h('span', { class: 'swatch-item' }, h('span', { class: 'swatch dot-event' }), 'events'),
        h('span', { class: 'swatch-item' }, h('span', { class: 'swatch dot-place' }), 'places'),
        h('span', { class: 'swatch-item' }, h('span', { class: 'swatch dot-mixed' }), 'both'))),
    h('div', { class: 'map-wrap' }, svg),
  );
}

function num0(v, d) {
  const n = Number(v);
  return v !== null && v !== '' && Number.isFinite(n) ? n : d;
}
const round = (v, d) => Math.round(v * 10 ** d) / 10 ** d;
const clampLat = (lat) => Math.max(-85, Math.min(85, lat));

/** One SVG path of a country: its rings as closed subpaths, in world units. */
function countryPath(c) {
  let d = '';
  for (const r of c.rings) {
    for (let i = 0; i < r.length; i += 2) {
      const [x, y] = project(r[i], r[i + 1]);
      d += (i === 0 ? 'M' : 'L') + x.toFixed(1) + ' ' + y.toFixed(1);
    }
    d += 'Z';
  }
  return d;
}

/**
 * Grid clustering in screen space: features whose projected points fall in the same
 * CELL-sized square are one cluster, drawn at their mean position. Zooming in spreads
 * the points over more cells, so clusters split.
 */
function clusters(features, t) {
  const cells = new Map();
  for (const f of features) {
    const [lon, lat] = f.geometry.coordinates;
    const [wx, wy] = project(lon, lat);
    const x = wx * t.k + t.tx;
    const y = wy * t.k + t.ty;
    if (x < -CELL || y < -CELL || x > W + CELL || y > H + CELL) continue;
    const key = Math.floor(x / CELL) + ',' + Math.floor(y / CELL);
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { x: 0, y: 0, items: [] }));
    c.x += x;
    c.y += y;
    c.items.push(f);
  }
  // Neighbouring cells can put two clusters on top of each other; those are merged, so
  // every circle on screen stands apart.
  const out = [];
  for (const c of cells.values()) {
    const here = { x: c.x / c.items.length, y: c.y / c.items.length, items: c.items };
    const near = out.find((o) => Math.hypot(o.x - here.x, o.y - here.y) < CELL * 0.6);
    if (!near) {
      out.push(here);
      continue;
    }
    const n = near.items.length + here.items.length;
    near.x = (near.x * near.items.length + here.x * here.items.length) / n;
    near.y = (near.y * near.items.length + here.y * here.items.length) / n;
    near.items = near.items.concat(here.items);
  }
  return out;
}

function clusterNode(c, filters) {
  const n = c.items.length;
  const kinds = new Set(c.items.map((f) => f.properties.kind));
  const kind = kinds.size > 1 ? 'mixed' : [...kinds][0];
  const r = n === 1 ? 6 : 9 + Math.min(16, Math.sqrt(n) * 3);
  const names = [...new Set(c.items.map((f) => f.properties.name).filter(Boolean))];
  const label = `${n} ${n === 1 ? 'item' : 'items'}${names.length ? ': ' + names.slice(0, 4).join(', ') : ''}`;
  const g = s('g', {
    class: `cluster cluster-${kind}`, transform: `translate(${c.x.toFixed(1)} ${c.y.toFixed(1)})`,
    tabindex: 0, role: 'button', 'aria-label': label, 'data-count': n, 'data-names': names.join('|'),
  },
  s('circle', { r }),
  n > 1 ? s('text', { 'text-anchor': 'middle', dy: '0.35em' }, n) : null,
  s('title', null, label));
  const open = () => listCluster(c, filters);
  g.addEventListener('click', open);
  g.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open();
    }
  });
  return g;
}

function listCluster(c, filters) {
  const events = c.items.filter((f) => f.properties.kind === 'event').map((f) => f.properties);
  const places = c.items.filter((f) => f.properties.kind === 'place').map((f) => f.properties);
  events.sort((a, b) => String(b.date || '').localeCompare(String(a.date || '')));
  showContent(
    `${c.items.length} on the map here`,
    events.length ? h('h3', null, `Events (${events.length})`) : null,
    h('ul', { class: 'cluster-list' }, events.map((e) => h('li', null,
      h('span', { class: 'swatch', style: `background:${PLOVER_COLOURS[e.type] || '#888'}` }), ' ',
      h('strong', null, e.type), ` ${e.date || 'undated'} `, `${e.source || '?'} → ${e.target || '∅'} `,
      h('span', { class: `fact fact-${e.factuality}` }, e.factuality), ` at ${e.name || ''} `,
      h('a', { href: href('events', null, { ...filters, place: e.name, type: e.type, since: e.date || '', until: e.date || '' }) }, 'in the table')))),
    places.length ? h('h3', null, `Places (${places.length})`) : null,
    h('ul', { class: 'cluster-list' }, places.map((p) => h('li', null,
      h('strong', null, p.name), p.country ? ` (${p.country})` : '',
      p.documents ? `, ${p.documents} documents` : '', p.events ? `, ${p.events} events` : '', ' ',
      h('a', { href: href('events', null, { place: p.name }) }, 'events here')))),
  );
}

function form(filters, layers, state) {
  const f = h(
    'form', { class: 'filters', id: 'map-filters', 'aria-label': 'Map filters' },
    eventFilterFields(filters),
    h('fieldset', { class: 'toggles' }, h('legend', null, 'Show'),
      ['event', 'place'].map((k) => h('label', null, h('input', { type: 'checkbox', name: 'layer', value: k, checked: layers.has(k) }), ` ${k}s`))),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit' }, 'Show'), h('a', { href: '#/map' }, 'Clear')),
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const fd = new FormData(f);
    const data = {};
    for (const k of FILTERS) data[k] = fd.get(k) || '';
    const ls = fd.getAll('layer');
    data.layers = ls.length === 2 ? '' : ls.join(',') || 'none';
    go('map', null, { ...data, lon: round(state.lon, 2), lat: round(state.lat, 2), z: state.z === 1 ? '' : round(state.z, 2) });
  });
  return f;
}
