// Actor graph: who acts on whom. Nodes are actors sized by their events; edges are
// weighted by events and coloured by the PLOVER quad class of those events: green for
// cooperation, red for conflict, grey for a mix. The layout is a small force simulation
// run to rest before drawing, seeded deterministically so the same data looks the same.
import { get } from '../api.js';
import { showRecord } from '../panel.js';
import { go, href } from '../router.js';
import { eventFilterFields, field, h, loading, num, s } from '../util.js';

const FILTERS = ['type', 'actor', 'country', 'factuality', 'since', 'until', 'min_sources', 'min_events'];
const W = 960;
const H = 600;

export async function render(main, route, live) {
  const p = route.params;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, p.get(k) || '']));
  main.append(h('h1', null, 'Actors'), form(filters), loading('the actor graph'));
  const g = await get('/api/graph', filters);
  if (!live()) return;
  main.replaceChildren(
    h('h1', null, 'Actors'),
    form(filters),
    h('p', { class: 'legend' },
      h('span', { class: 'swatch-item' }, h('span', { class: 'swatch tone-cooperation' }), 'cooperation'),
      h('span', { class: 'swatch-item' }, h('span', { class: 'swatch tone-conflict' }), 'conflict'),
      h('span', { class: 'swatch-item' }, h('span', { class: 'swatch tone-mixed' }), 'mixed'),
      h('span', { class: 'muted' }, ` ${num(g.nodes.length)} actors, ${num(g.edges.length)} links; arrows point from source to target; width = events; node size = events.`)),
    g.nodes.length ? draw(g, filters) : h('p', null, 'No pair of actors matches these filters.'),
  );
}

function form(filters) {
  const input = (name, attrs) => h('input', { name, value: filters[name], ...attrs });
  const f = h(
    'form', { class: 'filters', id: 'graph-filters', 'aria-label': 'Graph filters' },
    eventFilterFields(filters),
    field('Min events per link', input('min_events', { type: 'number', min: 1, size: 3 })),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit' }, 'Show'), h('a', { href: '#/graph' }, 'Clear')),
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    go('graph', null, Object.fromEntries(new FormData(f).entries()));
  });
  return f;
}

/** A seeded pseudo-random generator (mulberry32), so layouts repeat. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Force layout: every pair of nodes repels (Coulomb), every edge pulls like a spring, and a
 * weak pull to the centre keeps unconnected parts on screen; the step size cools down.
 * O(n^2) per step, fine for the few hundred actors a view shows.
 */
function layout(nodes, edges) {
  const rand = rng(42);
  const pos = nodes.map(() => ({ x: W / 2 + (rand() - 0.5) * W * 0.6, y: H / 2 + (rand() - 0.5) * H * 0.6, vx: 0, vy: 0 }));
  const idx = new Map(nodes.map((n, i) => [n.code, i]));
  const links = edges.map((e) => [idx.get(e.source), idx.get(e.target)]).filter(([a, b]) => a !== undefined && b !== undefined && a !== b);
  const k = Math.sqrt((W * H) / Math.max(1, nodes.length)) * 0.45;
  for (let step = 0, temp = W / 10; step < 300; step++, temp *= 0.985) {
    for (const p of pos) { p.vx = 0; p.vy = 0; }
    for (let i = 0; i < pos.length; i++) {
      for (let j = i + 1; j < pos.length; j++) {
        const dx = pos[i].x - pos[j].x;
        const dy = pos[i].y - pos[j].y;
        const d2 = Math.max(1, dx * dx + dy * dy);
        const f = (k * k) / d2;
        pos[i].vx += dx * f; pos[i].vy += dy * f;
        pos[j].vx -= dx * f; pos[j].vy -= dy * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const d = Math.max(1, Math.hypot(dx, dy));
      const f = d / k;
      pos[a].vx -= dx * f; pos[a].vy -= dy * f;
      pos[b].vx += dx * f; pos[b].vy += dy * f;
    }
    for (const p of pos) {
      // Gravity grows with the square of the distance (like a spring to the centre), strong
      // enough to keep parts that are not linked to the rest from drifting to the border.
      const gx = W / 2 - p.x;
      const gy = (H / 2 - p.y) * (W / H);
      const gd = Math.hypot(gx, gy) / k;
      p.vx += gx * gd * 0.35;
      p.vy += gy * gd * 0.35;
      const v = Math.hypot(p.vx, p.vy);
      if (v > 0) {
        const m = Math.min(v, temp) / v;
        p.x += p.vx * m;
        p.y += p.vy * m;
      }
      p.x = Math.min(W - 40, Math.max(40, p.x));
      p.y = Math.min(H - 30, Math.max(30, p.y));
    }
  }
  return pos;
}

function draw(g, filters) {
  const nodes = g.nodes.slice().sort((a, b) => b.events - a.events || a.code.localeCompare(b.code));
  const pos = layout(nodes, g.edges);
  const at = new Map(nodes.map((n, i) => [n.code, pos[i]]));
  const maxNode = Math.max(1, ...nodes.map((n) => n.events));
  const maxEdge = Math.max(1, ...g.edges.map((e) => e.events));
  const radius = (n) => 6 + 18 * Math.sqrt(n.events / maxNode);
  const rOf = new Map(nodes.map((n) => [n.code, radius(n)]));
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'graph', id: 'graph-svg', role: 'img', 'aria-label': 'Actor graph' },
    s('defs', null, ['cooperation', 'conflict', 'mixed'].map((t) => s('marker', {
      id: `arrow-${t}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto',
    }, s('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrow tone-${t}` })))));
  const edgeLayer = s('g', { class: 'edges' });
  for (const e of g.edges) {
    const a = at.get(e.source);
    const b = at.get(e.target);
    if (!a || !b || a === b) continue;
    // Stop the line at the target's rim, so the arrow head shows; bend a little so that
    // A->B and B->A are two visible lines.
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const d = Math.max(1, Math.hypot(dx, dy));
    const rb = rOf.get(e.target) + 2;
    const ex = b.x - (dx / d) * rb;
    const ey = b.y - (dy / d) * rb;
    const mx = (a.x + ex) / 2 - (dy / d) * 14;
    const my = (a.y + ey) / 2 + (dx / d) * 14;
    const label = `${e.source} → ${e.target}: ${e.events} event${e.events === 1 ? '' : 's'} (${e.cooperation} cooperation, ${e.conflict} conflict)`;
    const path = s('path', {
      d: `M${a.x.toFixed(1)},${a.y.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`,
      class: `edge tone-${e.tone}`, 'stroke-width': (1 + 7 * (e.events / maxEdge)).toFixed(1),
      'marker-end': `url(#arrow-${e.tone})`, tabindex: 0, role: 'button', 'aria-label': label,
      'data-source': e.source, 'data-target': e.target, 'data-tone': e.tone,
    }, s('title', null, label));
    const open = () => showRecord(`${e.source} → ${e.target}`, [
      ['events', num(e.events)], ['cooperation', num(e.cooperation)], ['conflict', num(e.conflict)], ['tone', e.tone],
      ['types', e.types ? Object.entries(e.types).map(([t, n]) => `${t} ${n}`).join(', ') : null],
    ], e, h('p', null, h('a', { href: href('events', null, { ...pick(filters), source: e.source, target: e.target }) }, 'These events in the table »')));
    path.addEventListener('click', open);
    path.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    edgeLayer.append(path);
  }
  const nodeLayer = s('g', { class: 'nodes' });
  for (const n of nodes) {
    const p = at.get(n.code);
    const label = `${n.code}${n.name && n.name !== n.code ? ' (' + n.name + ')' : ''}: ${n.events} events`;
    const node = s('g', {
      class: 'node', transform: `translate(${p.x.toFixed(1)} ${p.y.toFixed(1)})`, tabindex: 0, role: 'button',
      'aria-label': label, 'data-code': n.code,
    }, s('circle', { r: rOf.get(n.code).toFixed(1) }), s('text', { dy: '0.35em', 'text-anchor': 'middle' }, n.code), s('title', null, label));
    const open = () => {
      const out = g.edges.filter((e) => e.source === n.code);
      const inc = g.edges.filter((e) => e.target === n.code);
      const list = (es, other) => (es.length ? h('ul', null, es.map((e) => h('li', null,
        h('span', { class: `swatch tone-${e.tone}` }), ` ${e[other]}: ${e.events} event${e.events === 1 ? '' : 's'} (${e.cooperation} cooperation, ${e.conflict} conflict)`))) : h('p', { class: 'muted' }, 'none'));
      showRecord(n.name || n.code, [['code', n.code], ['country', n.country], ['events', num(n.events)]], n,
        h('div', null, h('h3', null, 'Acts on'), list(out, 'target'), h('h3', null, 'Acted on by'), list(inc, 'source'),
          h('p', null, h('a', { href: href('events', null, { ...pick(filters), actor: n.code }) }, 'Events of this actor »'))));
    };
    node.addEventListener('click', open);
    node.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    nodeLayer.append(node);
  }
  svg.append(edgeLayer, nodeLayer);
  return h('div', { class: 'graph-wrap' }, svg);
}

function pick(filters) {
  const out = {};
  for (const k of ['type', 'country', 'factuality', 'since', 'until', 'min_sources']) if (filters[k]) out[k] = filters[k];
  return out;
}
