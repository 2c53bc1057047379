// The side panel that shows one record: a few fields as a table, then the whole JSON.
import { h } from './util.js';

const panel = () => document.getElementById('panel');

/**
 * Opens the panel with a title, rows of [label, value] (values may be nodes) and the
 * record's JSON. Focus moves to the panel so keyboard users land on what they opened.
 */
export function showRecord(title, rows, record, extra) {
  const body = document.getElementById('panel-body');
  document.getElementById('panel-title').textContent = title;
  // replaceChildren would print a null as the text "null", so absent parts are filtered out.
  body.replaceChildren(...[
    h(
      'table',
      { class: 'fields' },
      h('tbody', null, rows.filter((r) => r[1] !== null && r[1] !== undefined && r[1] !== '')
        .map(([k, v]) => h('tr', null, h('th', { scope: 'row' }, k), h('td', null, v)))),
    ),
    extra || null,
    record !== undefined
      ? h('details', { class: 'json', open: true }, h('summary', null, 'JSON'),
        h('pre', { class: 'json-record' }, JSON.stringify(record, null, 2)))
      : null,
  ].filter(Boolean));
  const p = panel();
  p.hidden = false;
  p.focus();
}

/** Opens the panel with arbitrary content. */
export function showContent(title, ...content) {
  document.getElementById('panel-title').textContent = title;
  document.getElementById('panel-body').replaceChildren(...content);
  const p = panel();
  p.hidden = false;
  p.focus();
}

export function closePanel() {
  panel().hidden = true;
}
