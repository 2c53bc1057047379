// Timeline: events per day (or week, month) stacked by PLOVER type, drawn as SVG.
// Range, bucket and filters live in the URL; a click on a bar segment opens the event
// table filtered to that period and type.
import { get } from '../api.js';
import { go, href } from '../router.js';
import { PLOVER, PLOVER_COLOURS, eventFilterFields, field, h, loading, num, s } from '../util.js';

const FILTERS = ['since', 'until', 'type', 'actor', 'country', 'factuality', 'min_sources'];
const DAY = 86400000;

export async function render(main, route, live) {
  const p = route.params;
  const filters = Object.fromEntries(FILTERS.map((k) => [k, p.get(k) || '']));
  const by = p.get('by') || 'day';
  main.append(h('h1', null, 'Timeline'), form(filters, by), loading('the timeline'));
  const data = await get('/api/timeline', { ...filters, by });
  if (!live()) return;
  main.replaceChildren(
    h('h1', null, 'Timeline'),
    form(filters, by),
    data.rows.length ? chart(data.rows, by, filters) : h('p', null, 'No dated event matches these filters.'),
    h('p', { class: 'muted', id: 'timeline-note' },
      `${num(data.rows.reduce((n, r) => n + r.events, 0))} dated events`,
      data.undated ? `; ${num(data.undated)} without a date are not drawn` : '', '.'),
  );
}

function form(filters, by) {
  const f = h(
    'form', { class: 'filters', id: 'timeline-filters', 'aria-label': 'Timeline range and filters' },
    eventFilterFields(filters),
    field('Per', h('select', { name: 'by' }, ['day', 'week', 'month'].map((b) => h('option', { value: b, selected: b === by }, b)))),
    h('div', { class: 'field buttons' }, h('button', { type: 'submit' }, 'Show'), h('a', { href: '#/timeline' }, 'Clear')),
  );
  f.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = Object.fromEntries(new FormData(f).entries());
    if (data.by === 'day') delete data.by;
    go('timeline', null, data);
  });
  return f;
}

const parse = (d) => Date.parse(d + 'T00:00:00Z');
const iso = (t) => new Date(t).toISOString().slice(0, 10);

/** The first day of the period after the one that starts on `t`. */
function nextPeriod(t, by) {
  if (by === 'day') return t + DAY;
  if (by === 'week') return t + 7 * DAY;
  const d = new Date(t);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function chart(rows, by, filters) {
  // Periods from the first to the last with data (or the asked range), empty ones included,
  // so the x axis is time and gaps show as gaps.
  const dates = rows.map((r) => parse(r.date));
  let first = Math.min(...dates);
  let last = Math.max(...dates);
  if (filters.since && by === 'day') first = Math.min(first, parse(filters.since));
  if (filters.until && by === 'day') last = Math.max(last, parse(filters.until));
  const periods = [];
  for (let t = first; t <= last && periods.length < 2000; t = nextPeriod(t, by)) periods.push(t);
  const index = new Map(periods.map((t, i) => [iso(t), i]));
  const stacks = periods.map(() => []);
  for (const r of rows) {
    const i = index.get(r.date);
    if (i !== undefined) stacks[i].push(r);
  }
  for (const st of stacks) st.sort((a, b) => PLOVER.indexOf(a.type) - PLOVER.indexOf(b.type));
  const max = Math.max(1, ...stacks.map((st) => st.reduce((n, r) => n + r.events, 0)));
  const W = 960;
  const H = 320;
  const m = { l: 40, r: 40, t: 10, b: 40 };
  const bw = (W - m.l - m.r) / periods.length;
  const y = (v) => H - m.b - (v / max) * (H - m.t - m.b);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'timeline', id: 'timeline-chart', role: 'img', 'aria-label': `Events per ${by} by type` });
  // y axis: a few round ticks.
  const step = Math.max(1, Math.ceil(max / 5));
  for (let v = 0; v <= max; v += step) {
    svg.append(s('line', { x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid-line' }),
      s('text', { x: m.l - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, v));
  }
  const labelEvery = Math.ceil(periods.length / 12);
  periods.forEach((t, i) => {
    const x = m.l + i * bw;
    let acc = 0;
    for (const r of stacks[i]) {
      const until = iso(nextPeriod(t, by) - DAY);
      const link = href('events', null, { ...pick(filters, ['actor', 'country', 'factuality', 'min_sources']), type: r.type, since: r.date, until });
      const a = s('a', { href: link, class: 'bar', 'data-date': r.date, 'data-type': r.type, 'aria-label': `${r.date}: ${r.events} ${r.type}` },
        s('rect', {
          x: x + bw * 0.1, width: Math.max(1, bw * 0.8), y: y(acc + r.events), height: y(acc) - y(acc + r.events),
          fill: PLOVER_COLOURS[r.type] || '#888',
        }, s('title', null, `${r.date}${by !== 'day' ? ` (${by})` : ''}: ${r.events} ${r.type} events, ${r.mentions} mentions`)));
      svg.append(a);
      acc += r.events;
    }
    if (i % labelEvery === 0) {
      svg.append(s('text', { x: x + bw / 2, y: H - m.b + 16, class: 'axis', 'text-anchor': 'middle' }, by === 'month' ? iso(t).slice(0, 7) : iso(t)));
    }
  });
  const types = PLOVER.filter((t) => rows.some((r) => r.type === t));
  return h('figure', { class: 'chart' }, svg, h('figcaption', { class: 'legend' },
    types.map((t) => h('span', { class: 'swatch-item' }, h('span', { class: 'swatch', style: `background:${PLOVER_COLOURS[t]}` }), t))));
}

function pick(obj, keys) {
  return Object.fromEntries(keys.filter((k) => obj[k]).map((k) => [k, obj[k]]));
}
