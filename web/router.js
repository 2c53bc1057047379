// Hash routing: `#/<view>/<id>?<params>`. Every piece of view state lives in the hash,
// so a reload or a shared link shows the same thing.

/** The current route: {view, id, params (URLSearchParams)}. */
export function current() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, qs = ''] = hash.split(/\?(.*)/s);
  const [view, ...rest] = path.split('/');
  return {
    view: view || 'documents',
    id: rest.length ? decodeURIComponent(rest.join('/')) : null,
    params: new URLSearchParams(qs),
  };
}

/** A hash link for a view, id and params (empty params dropped). */
export function href(view, id, params) {
  let h = '#/' + view;
  if (id !== null && id !== undefined) h += '/' + encodeURIComponent(id);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `${h}?${s}` : h;
}

/** Go to a route (adds a history entry and re-renders through `hashchange`). */
export function go(view, id, params) {
  location.hash = href(view, id, params);
}

/**
 * Record state in the URL without re-rendering (pan and zoom of the map, for one):
 * `replaceState` does not fire `hashchange`.
 */
export function replace(view, id, params) {
  history.replaceState(null, '', href(view, id, params));
}

/** The params of a route as a plain object. */
export function paramsObject(params) {
  return Object.fromEntries(params.entries());
}
