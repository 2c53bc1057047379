// The one place that talks to the server: JSON GETs with the API's error shape
// ({message, code}) turned into exceptions whose message the views show as is.

/** An error answered by the API (or a failed request), with its one-line message. */
export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

/** Query string from an object, leaving out empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** GET a JSON answer from the API; throws ApiError with the server's message. */
export async function get(path, params) {
  let res;
  try {
    res = await fetch(path + query(params), { headers: { Accept: 'application/json' } });
  } catch (e) {
    throw new ApiError(`cannot reach the server: ${e.message}`, 'network', 0);
  }
  let body = null;
  const text = await res.text();
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const message = (body && body.message) || `${res.status} ${res.statusText} from ${path}`;
    throw new ApiError(message, body && body.code, res.status);
  }
  if (body === null) throw new ApiError(`${path} answered something that is not JSON`, 'internal', res.status);
  return body;
}

// Results that do not change while the page is open (the world outline) are fetched once.
const cache = new Map();
export function getOnce(path) {
  if (!cache.has(path)) {
    cache.set(path, get(path).catch((e) => {
      cache.delete(path);
      throw e;
    }));
  }
  return cache.get(path);
}
