// Article view: the stored text with its record drawn over it, as displaCy does.
// Entities are coloured by kind, event triggers are boxed and coloured by factuality,
// claims underline their content and cue in the colour of their stance. A click (or
// Enter) on a highlight opens the record in the side panel.
import { get } from '../api.js';
import { showRecord } from '../panel.js';
import { href } from '../router.js';
import { actorLabel, h, loading } from '../util.js';

const ENTITY_KINDS = ['country', 'person', 'organization', 'place', 'group'];
const FACTUALITY = ['asserted', 'possible', 'planned', 'negated'];
const STANCES = ['neutral', 'doubted', 'false', 'denied'];
const LAYERS = ['entities', 'events', 'claims'];

export async function render(main, route, live) {
  main.append(loading('the article'));
  const doc = await get('/api/documents/' + encodeURIComponent(route.id));
  if (!live()) return;
  const rec = doc.record;
  // Layers switched off are listed in the URL (`hide=claims`), so a link keeps them.
  const hidden = new Set((route.params.get('hide') || '').split(',').filter(Boolean));
  const text = h('div', { class: 'article-text', id: 'article-text' }, renderText(rec));
  for (const l of hidden) text.classList.add('hide-' + l);
  text.addEventListener('click', (e) => open(e.target, rec));
  text.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      open(e.target, rec);
    }
  });
  const meta = [doc.source, doc.published, doc.lang].filter(Boolean).join(' · ');
  main.replaceChildren(
    h('h1', null, doc.title || rec.title || untitled(rec)),
    h('p', { class: 'muted' }, meta, doc.url ? [' · ', h('a', { href: doc.url, rel: 'noreferrer' }, doc.url)] : null,
      ' · ', h('code', null, doc.doc_id.slice(0, 12))),
    layerToggles(route, hidden, text),
    legend(),
    text,
    summary(rec, doc),
  );
  // `at=<byte offset>` (links from an event's reports) brings that highlight into view.
  const at = route.params.get('at');
  const target = at !== null && text.querySelector(`mark[data-start="${Number(at)}"]`);
  if (target) {
    target.classList.add('focus-target');
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
  }
}

/** A heading for a document without a title: the start of its first sentence. */
function untitled(rec) {
  const first = sentenceText(rec, 0) || rec.text.slice(0, 200);
  return first.length > 90 ? first.slice(0, first.lastIndexOf(' ', 90)) + '…' : first;
}

/** A sentence's text: given in the record, or cut from the text by its byte offsets. */
function sentenceText(rec, i) {
  const sent = rec.sentences && rec.sentences[i];
  if (!sent) return '';
  if (typeof sent.text === 'string') return sent.text;
  return byteSlicer(rec.text)(sent.start, sent.end);
}

/** Byte offsets (UTF-8) of the record to pieces of the JS string (UTF-16). */
function byteSlicer(text) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  return (a, b) => dec.decode(bytes.subarray(a, b));
}

/**
 * Builds the highlighted text. Entity mentions and event triggers are inner marks; a mark
 * that lies inside another is nested in it ("North Korean" inside "North Korean troops"),
 * one that only partly overlaps a kept mark is dropped. Claim cues and contents are the
 * outer layer and may nest, so the text is cut at every outer boundary and each run is
 * wrapped in the innermost claim span that covers it.
 */
function renderText(rec) {
  const slice = byteSlicer(rec.text);
  const total = new TextEncoder().encode(rec.text).length;
  const inner = [];
  rec.entities.forEach((e, i) => {
    for (const m of e.mentions || []) {
      inner.push({
        start: m.start, end: m.end, kind: 'entity', index: i, label: e.code || e.kind, entity: e.id,
        cls: `ent ent-${e.kind}`, title: `${e.name} (${e.kind})`,
      });
    }
  });
  (rec.events || []).forEach((ev, i) => {
    if (!ev.trigger) return;
    inner.push({
      start: ev.trigger.start, end: ev.trigger.end, kind: 'event', index: i, label: ev.plover,
      cls: `trigger fact-${ev.factuality}`, title: `${ev.plover} ${ev.cameo}, ${ev.factuality}`,
    });
  });
  // Outer marks before the marks they contain: by start, then longest first; at equal
  // spans a trigger comes first, so a verb that is also a name shows as the event.
  inner.sort((a, b) => a.start - b.start || b.end - a.end || (a.kind === 'event' ? -1 : b.kind === 'event' ? 1 : 0));
  const marks = nest(inner.filter((m) => m.end > m.start));
  const outer = [];
  (rec.claims || []).forEach((c, i) => {
    if (c.content && c.content.end > c.content.start) outer.push({ start: c.content.start, end: c.content.end, part: 'content', index: i, stance: c.stance });
    if (c.cue && c.cue.end > c.cue.start) outer.push({ start: c.cue.start, end: c.cue.end, part: 'cue', index: i, stance: c.stance });
  });
  const cuts = new Set([0, total]);
  for (const o of outer) cuts.add(o.start).add(o.end);
  const bounds = [...cuts].filter((b) => b >= 0 && b <= total).sort((a, b) => a - b);
  const out = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    const run = runContent(a, b, marks, slice);
    // The innermost claim span (shortest; a cue beats the content around it).
    const cover = outer.filter((o) => o.start <= a && o.end >= b)
      .sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
    if (!cover) {
      out.push(...run);
      continue;
    }
    out.push(h('span', {
      class: `claim claim-${cover.part} stance-${cover.stance}`,
      'data-kind': 'claim', 'data-index': cover.index,
      // Only the first run of a claim is a tab stop; the rest are reachable by mouse.
      tabindex: a === cover.start ? 0 : null,
      role: a === cover.start ? 'button' : null,
      title: `claim (${cover.stance}): ${cover.part}`,
    }, run));
  }
  return out;
}

/** Marks as a tree: each mark gets the marks inside it as `children`. */
function nest(sorted) {
  const top = [];
  const stack = [];
  for (const m of sorted) {
    m.children = [];
    while (stack.length && stack[stack.length - 1].end <= m.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent && m.end > parent.end) continue; // crosses its parent's end: dropped
    const siblings = parent ? parent.children : top;
    const prev = siblings[siblings.length - 1];
    if (prev && prev.end > m.start) continue; // overlaps a sibling without nesting
    siblings.push(m);
    stack.push(m);
  }
  return top;
}

/** Text between two byte offsets with the marks inside it (clipped to the run), nested. */
function runContent(a, b, marks, slice) {
  const out = [];
  let pos = a;
  for (const m of marks) {
    if (m.end <= a || m.start >= b) continue;
    const s = Math.max(m.start, a);
    const e = Math.min(m.end, b);
    if (s > pos) out.push(slice(pos, s));
    out.push(mark(m, runContent(s, e, m.children, slice), e === m.end));
    pos = e;
  }
  if (pos < b) out.push(slice(pos, b));
  return out;
}

function mark(m, text, last) {
  return h('mark', {
    class: m.cls,
    title: m.title,
    'data-entity': m.entity || null,
    'data-start': m.start,
    'data-kind': m.kind,
    'data-index': m.index,
    tabindex: 0,
    role: 'button',
  }, text, last ? h('span', { class: 'tag', 'aria-hidden': 'true' }, m.label) : null);
}

/** Opens the record behind a clicked highlight in the side panel. */
function open(target, rec) {
  const el = target.closest('[data-kind]');
  if (!el) return;
  const i = Number(el.dataset.index);
  if (el.dataset.kind === 'entity') {
    const e = rec.entities[i];
    showRecord(`Entity: ${e.name}`, [
      ['kind', e.kind], ['code', e.code], ['country', e.country],
      ['roles', (e.roles || []).join(', ')], ['mentions', String((e.mentions || []).length)],
    ], e);
  } else if (el.dataset.kind === 'event') {
    const ev = rec.events[i];
    const claim = ev.claim !== null && ev.claim !== undefined ? rec.claims[ev.claim] : null;
    showRecord(`Event: ${ev.plover}`, [
      ['trigger', ev.trigger && ev.trigger.text], ['PLOVER', ev.plover], ['CAMEO', ev.cameo],
      ['source', actorLabel(ev.source && { code: ev.source.code, name: ev.source.text })],
      ['target', actorLabel(ev.target && { code: ev.target.code, name: ev.target.text })],
      ['factuality', h('span', { class: `fact fact-${ev.factuality}` }, ev.factuality)],
      ['said by', claim && claim.speaker ? claim.speaker.name || claim.speaker.text : null],
      ['place', ev.place !== null && ev.place !== undefined && rec.places[ev.place] ? rec.places[ev.place].name : null],
      ['time', ev.time !== null && ev.time !== undefined && rec.times[ev.time] ? rec.times[ev.time].value : null],
      ['sentence', sentenceText(rec, ev.sentence)],
    ], ev, h('p', null, h('a', { href: href('events', null, { type: ev.plover, actor: ev.source && ev.source.code }) }, 'Merged events of this type and actor »')));
  } else if (el.dataset.kind === 'claim') {
    const c = rec.claims[i];
    showRecord('Claim', [
      ['speaker', c.speaker ? c.speaker.name || c.speaker.text : '(unattributed)'],
      ['cue', c.cue && c.cue.text],
      ['stance', h('span', { class: `stance stance-${c.stance}` }, c.stance)],
      ['direct', c.direct ? 'quotation' : 'reported'],
      ['content', c.content && c.content.text],
    ], c);
  }
}

function layerToggles(route, hidden, text) {
  return h('fieldset', { class: 'toggles' }, h('legend', null, 'Show'), LAYERS.map((l) => h(
    'label', null,
    h('input', {
      type: 'checkbox', checked: !hidden.has(l), name: l,
      onchange: (e) => {
        if (e.target.checked) hidden.delete(l);
        else hidden.add(l);
        text.classList.toggle('hide-' + l, !e.target.checked);
        // The URL keeps the choice without re-rendering the article.
        const params = new URLSearchParams(route.params);
        if (hidden.size) params.set('hide', [...hidden].join(','));
        else params.delete('hide');
        const qs = params.toString();
        history.replaceState(null, '', `#/article/${encodeURIComponent(route.id)}${qs ? '?' + qs : ''}`);
      },
    }),
    ' ', l,
  )));
}

function legend() {
  return h(
    'div', { class: 'legend', id: 'legend', 'aria-label': 'Legend' },
    h('span', { class: 'legend-title' }, 'Entities:'),
    ENTITY_KINDS.map((k) => h('mark', { class: `ent ent-${k}` }, k)),
    h('span', { class: 'legend-title' }, 'Event triggers:'),
    FACTUALITY.map((f) => h('mark', { class: `trigger fact-${f}` }, f)),
    h('span', { class: 'legend-title' }, 'Claims:'),
    STANCES.map((s) => h('span', { class: `claim claim-content stance-${s}` }, s)),
    h('span', { class: 'claim claim-cue stance-neutral' }, 'cue'),
  );
}

/** Lists of the record's events and claims under the text, each a link to its highlight. */
function summary(rec, doc) {
  const sentence = (i) => sentenceText(rec, i);
  return h(
    'section', { class: 'summary' },
    h('h2', null, `Events (${(rec.events || []).length})`),
    h('ul', null, (rec.events || []).map((ev) => h('li', null,
      h('strong', null, ev.plover), ` ${ev.cameo} `,
      `${actorLabel(ev.source && { code: ev.source.code, name: ev.source.text })} → ${actorLabel(ev.target && { code: ev.target.code, name: ev.target.text }) || '∅'} `,
      h('span', { class: `fact fact-${ev.factuality}` }, ev.factuality), ` “${ev.trigger ? ev.trigger.text : ''}”`))),
    h('h2', null, `Claims (${(rec.claims || []).length})`),
    h('ul', null, (rec.claims || []).map((c) => h('li', null,
      h('strong', null, c.speaker ? c.speaker.name || c.speaker.text : '(unattributed)'), ' ',
      h('em', null, c.cue ? c.cue.text : ''), ' ',
      h('span', { class: `stance stance-${c.stance}` }, c.stance), ': ', c.content ? c.content.text : sentence(c.sentence)))),
    doc.story_documents && doc.story_documents.length
      ? [h('h2', null, 'Same story'), h('ul', null, doc.story_documents.map((d) => h('li', null, h('a', { href: href('article', d) }, d.slice(0, 12)))))]
      : null,
  );
}
