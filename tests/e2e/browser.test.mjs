// End-to-end test of the web UI of `sitrep serve` in headless Chromium.
//
// It builds nothing: it takes a built binary, ingests the seed article, the examples and
// the dispute fixtures into a fresh store, starts `sitrep serve` on 127.0.0.1, opens every
// view in Debian's Chromium (driven by playwright-core, no browser download), checks what
// each shows and writes a screenshot per view to target/e2e/<view>.png.
//
//   cd tests/e2e && npm ci && node --test browser.test.mjs
//
// Environment: SITREP_BIN (default target/release/sitrep), SITREP_E2E_PORT (default: a
// free port), SITREP_SEED (default ../shared/gold/seed.txt beside the repository),
// CHROMIUM (default /usr/bin/chromium), SITREP_E2E_OUT (default target/e2e);
// SITREP_E2E_URL tests a server that is already running with that data instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = resolve(ROOT, process.env.SITREP_BIN || 'target/release/sitrep');
const SEED = resolve(ROOT, process.env.SITREP_SEED || '../shared/gold/seed.txt');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const OUT = resolve(ROOT, process.env.SITREP_E2E_OUT || 'target/e2e');
const TOKEN = 'e2e-write-token';

let tmp;
let server;
let serverLog = '';
let base;
let browser;
let context;
let page;
const consoleErrors = [];
const foreignRequests = [];
// Console errors that a step provokes on purpose (a 404 it asks for) are allowed there only.
let expectedErrors = null;

async function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function run(args) {
  const r = spawnSync(BIN, args, { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `sitrep ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

async function api(path) {
  const res = await fetch(base + path);
  assert.ok(res.ok, `${path}: HTTP ${res.status}`);
  return res.json();
}

async function waitForServer() {
  const deadline = Date.now() + 30000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`sitrep serve exited ${server.exitCode}: ${serverLog}`);
    try {
      const res = await fetch(base + '/api/stats');
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`sitrep serve did not answer within 30 s: ${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Opens a route and waits until its view has rendered (main[data-ready=<view>]). */
async function open(hash) {
  const view = hash.replace(/^#\/?/, '').split(/[/?]/)[0];
  // A new hash on the same page re-renders without a load: clear the marker of the last
  // render first, so the wait below sees this one.
  if (page.url().startsWith(base)) await page.evaluate(() => document.querySelector('main')?.removeAttribute('data-ready'));
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector(`main[data-ready="${view}"]`);
}

/** Does something that navigates within the page and waits for the view it leads to. */
async function navigate(view, action) {
  await page.evaluate(() => document.querySelector('main')?.removeAttribute('data-ready'));
  await action();
  await page.waitForSelector(`main[data-ready="${view}"]`);
}

async function shot(name) {
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install chromium chromium-driver)`);
  mkdirSync(OUT, { recursive: true });
  tmp = mkdtempSync(join(tmpdir(), 'sitrep-e2e-'));
  if (process.env.SITREP_E2E_URL) base = process.env.SITREP_E2E_URL.replace(/\/$/, '');
  else await startServer();
});

async function startServer() {
  assert.ok(existsSync(BIN), `no sitrep binary at ${BIN} (build it with cargo build --release -p sitrep-cli)`);
  assert.ok(existsSync(SEED), `no seed article at ${SEED}`);
  const db = join(tmp, 'store.db');
  run(['ingest', '-q', '--db', db, SEED, '--published', '2024-10-22', '--source', 'Euronews']);
  run(['ingest', '-q', '--db', db, 'examples/', 'tests/fixtures/disputes/']);

  const port = Number(process.env.SITREP_E2E_PORT) || (await freePort());
  base = `http://127.0.0.1:${port}`;
  server = spawn(BIN, ['serve', '--db', db, '--bind', `127.0.0.1:${port}`, '--write-token', TOKEN], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout.on('data', (d) => (serverLog += d));
  server.stderr.on('data', (d) => (serverLog += d));
  await waitForServer();
}

before(async () => {
  // launch() gives the browser a fresh temporary profile (user data dir) every time.
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  context = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    if (expectedErrors && expectedErrors.test(msg.text())) return;
    consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => consoleErrors.push(`uncaught: ${err.message}`));
  page.on('request', (req) => {
    const url = new URL(req.url());
    // data: and blob: URLs (the empty icon, export downloads) never leave the page.
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.hostname !== '127.0.0.1') foreignRequests.push(req.url());
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('documents view lists the stored documents; search finds the seed', async () => {
  await open('#/documents');
  const rows = await page.locator('#documents-table tbody tr').count();
  const stats = await api('/api/stats');
  assert.ok(rows >= 10, `documents table shows ${rows} rows`);
  assert.equal(rows, Math.min(stats.documents, 50));
  await page.waitForFunction(() => /documents/.test(document.getElementById('stats').textContent));
  assert.match(await page.locator('#stats').textContent(), new RegExp(`${stats.documents} documents`));
  await shot('documents');

  await page.fill('#search-q', 'Budanov');
  await page.press('#search-q', 'Enter');
  await page.waitForSelector('main[data-ready="search"]');
  assert.match(page.url(), /#\/search\?q=Budanov/);
  const hits = page.locator('.hits li');
  assert.ok((await hits.count()) >= 1, 'search for Budanov finds nothing');
  assert.equal(await hits.first().locator('mark').first().textContent(), 'Budanov');
  await shot('search');
});

test('article view highlights entities, event triggers and claims; a click shows the record', async () => {
  const docs = await api('/api/documents?limit=100');
  const seed = docs.rows.find((d) => d.source === 'Euronews');
  assert.ok(seed, 'the seed document (source Euronews) is not listed');
  await open(`#/article/${seed.doc_id}`);

  // An entity: "North Korean" is a mention of North Korea (PRK).
  const nk = page.locator('#article-text mark.ent[data-entity="PRK"]', { hasText: /^North Korean/ }).first();
  await nk.waitFor();
  assert.match(await nk.getAttribute('class'), /ent-country/);
  assert.equal(await nk.locator('.tag').textContent(), 'PRK');
  assert.notEqual(await nk.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgba(0, 0, 0, 0)');
  await nk.click();
  await page.locator('#panel').waitFor({ state: 'visible' });
  assert.match(await page.locator('#panel-title').textContent(), /North Korea/);
  assert.match(await page.locator('#panel .json-record').textContent(), /"code": "PRK"/);

  // An event trigger: "deploy" coded MOBILIZE, boxed in the colour of its factuality.
  const deploy = page.locator('#article-text mark.trigger', { hasText: /^deploy/ }).first();
  await deploy.waitFor();
  const cls = await deploy.getAttribute('class');
  const fact = /fact-(asserted|possible|planned|negated)/.exec(cls);
  assert.ok(fact, `trigger "deploy" has no factuality class: ${cls}`);
  assert.equal(await deploy.locator('.tag').textContent(), 'MOBILIZE');
  await deploy.click();
  assert.match(await page.locator('#panel-title').textContent(), /MOBILIZE/);
  assert.match(await page.locator('#panel .fields').textContent(), new RegExp(`factuality${fact[1]}`));

  // A claim with its speaker and stance: Budanov's, reported with a cue.
  const claims = page.locator('.summary li', { hasText: 'Budanov' });
  assert.ok((await claims.count()) >= 1, 'no claim of Budanov listed');
  const claimSpan = page.locator('#article-text .claim.claim-cue').first();
  await claimSpan.click();
  assert.equal(await page.locator('#panel-title').textContent(), 'Claim');
  const fields = await page.locator('#panel .fields').textContent();
  assert.match(fields, /speaker/);
  assert.match(fields, /stance(neutral|doubted|false|denied)/);
  const stances = await page.locator('#article-text .claim').evaluateAll((els) =>
    [...new Set(els.map((e) => /stance-(\w+)/.exec(e.className)[1]))]);
  assert.ok(stances.length >= 1);
  // Keyboard: a highlight is focusable and Enter opens it too.
  await nk.focus();
  await page.keyboard.press('Enter');
  assert.match(await page.locator('#panel-title').textContent(), /North Korea/);
  assert.ok((await page.locator('#legend mark.ent').count()) === 5, 'the legend lists the five entity kinds');
  await shot('article');
});

test('event table filters, sorts, pages and exports what it shows', async () => {
  await open('#/events');
  const all = await page.locator('#events-table tbody tr').count();
  assert.ok(all > 10, `event table shows ${all} rows`);
  const text = await page.locator('#events-table tbody').textContent();
  assert.match(text, /PRK/);

  // Filter by type through the form: fewer rows, all of that type, the filter in the URL.
  await page.selectOption('#events-filters select[name=type]', 'MOBILIZE');
  await navigate('events', () => page.click('#events-filters button[type=submit]'));
  assert.match(page.url(), /type=MOBILIZE/);
  const types = await page.locator('#events-table tbody tr td:nth-child(2)').allTextContents();
  assert.ok(types.length >= 1 && types.length < all, `type filter left ${types.length} of ${all} rows`);
  assert.ok(types.every((t) => t === 'MOBILIZE'), `rows of other types: ${types}`);

  // Actor filter and a column sort, both in the URL.
  await open('#/events?actor=PRK&sort=-sources');
  const prkRows = await page.locator('#events-table tbody tr').allTextContents();
  assert.ok(prkRows.length >= 1 && prkRows.every((r) => r.includes('PRK')), 'actor=PRK rows without PRK');
  const sources = await page.locator('#events-table tbody tr td:nth-child(10)').allTextContents();
  const nums = sources.map(Number);
  assert.deepEqual(nums, nums.slice().sort((a, b) => b - a), 'sort=-sources is not descending');

  // The API sorts, so the next page goes on where the first stopped.
  await open('#/events?sort=-mentions&limit=5');
  const mentionsOf = () => page.locator('#events-table tbody tr td:nth-child(8)').allTextContents();
  const firstPage = (await mentionsOf()).map(Number);
  await navigate('events', () => page.click('#next-page'));
  const secondPage = (await mentionsOf()).map(Number);
  assert.ok(secondPage.length >= 1, 'no second page of events by mentions');
  assert.ok(Math.max(...secondPage) <= Math.min(...firstPage), `page 2 ${secondPage} after page 1 ${firstPage}`);

  // Paging with the cursor: a page of 5 has a next page whose rows differ.
  await open('#/events?limit=5');
  const firstIds = await page.locator('#events-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  assert.equal(firstIds.length, 5);
  await navigate('events', () => page.click('#next-page'));
  assert.match(page.url(), /after=/);
  const secondIds = await page.locator('#events-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  assert.equal(secondIds.length, 5);
  assert.ok(secondIds.every((id) => !firstIds.includes(id)), 'the next page repeats rows');

  // Export what I see: the CSV's rows are the rows on screen, in order.
  await open('#/events?country=UKR&sort=type');
  const shownIds = await page.locator('#events-table tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.id));
  const shownTypes = await page.locator('#events-table tbody tr td:nth-child(2)').allTextContents();
  assert.ok(shownIds.length >= 2, `country=UKR shows ${shownIds.length} rows`);
  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  assert.equal(csvDl.suggestedFilename(), 'events.csv');
  const csv = parseCsv(readFileSync(await csvDl.path(), 'utf8'));
  assert.equal(csv[0][0], 'id');
  assert.deepEqual(csv.slice(1).map((r) => r[0]), shownIds);
  assert.deepEqual(csv.slice(1).map((r) => r[2]), shownTypes);
  const [jsonlDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-jsonl')]);
  const lines = readFileSync(await jsonlDl.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines.map((e) => String(e.id)), shownIds);

  // A row's type opens the event with its mentions.
  await page.locator('#events-table tbody tr button.event-open').first().click();
  await page.locator('#panel h3', { hasText: 'Mentions' }).waitFor();
  await shot('events');
});

test('timeline draws bars per day, keeps its range in the URL and links to the table', async () => {
  await open('#/timeline?since=2024-10-01&until=2024-11-30');
  const bars = page.locator('#timeline-chart a.bar');
  assert.ok((await bars.count()) >= 2, 'timeline has fewer than two bars');
  const dates = await bars.evaluateAll((els) => els.map((e) => e.dataset.date));
  assert.ok(dates.every((d) => d >= '2024-10-01' && d <= '2024-11-30'), `bars outside the range: ${dates}`);
  await page.reload();
  await page.waitForSelector('main[data-ready="timeline"] #timeline-chart');
  assert.match(page.url(), /since=2024-10-01/);
  assert.match(page.url(), /until=2024-11-30/);
  assert.equal(await page.inputValue('#timeline-filters input[name=since]'), '2024-10-01');
  assert.equal(await page.locator('#timeline-chart a.bar').count(), dates.length);
  await shot('timeline');

  // A bar opens the event table on that day and type.
  const bar = page.locator('#timeline-chart a.bar[data-type="MOBILIZE"]').first();
  const day = await bar.getAttribute('data-date');
  await bar.click();
  await page.waitForSelector('main[data-ready="events"]');
  assert.match(page.url(), new RegExp(`type=MOBILIZE.*since=${day}|since=${day}.*type=MOBILIZE`));
  const types = await page.locator('#events-table tbody tr td:nth-child(2)').allTextContents();
  assert.ok(types.length >= 1 && types.every((t) => t === 'MOBILIZE'));
});

test('map draws the world outline and clusters events and places, Kursk among them', async () => {
  await open('#/map');
  const countries = await page.locator('#map-land path.country').count();
  assert.ok(countries > 150, `world outline has ${countries} countries`);
  const clusters = page.locator('#map-points .cluster');
  assert.ok((await clusters.count()) >= 1, 'no cluster on the map');
  // A cluster that holds Kursk, drawn where Kursk is (51.7 N, 36.2 E) in the projection.
  const kursk = page.locator('#map-points .cluster[data-names*="Kursk"]').first();
  await kursk.waitFor();
  const box = await kursk.boundingBox();
  const svgBox = await page.locator('#map-svg').boundingBox();
  const x = ((36.2 + 180) / 360) * svgBox.width + svgBox.x;
  const y = ((90 - 51.7) / 180) * svgBox.height + svgBox.y;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  assert.ok(Math.hypot(cx - x, cy - y) < 50, `Kursk's cluster is at ${cx},${cy}, Kursk at ${x},${y}`);
  await shot('map');

  // The cluster lists what it holds.
  await kursk.click();
  await page.locator('#panel .cluster-list li').first().waitFor();
  assert.match(await page.locator('#panel').textContent(), /Kursk/);

  // Zooming in splits clusters, and the view is kept in the URL.
  await page.locator('#map-svg').hover();
  for (let i = 0; i < 3; i++) await page.click('#zoom-in');
  await page.waitForFunction(() => /z=3\.38/.test(location.hash));
  const url = page.url();
  await page.reload();
  await page.waitForSelector('main[data-ready="map"]');
  assert.equal(page.url(), url);
  assert.match(await page.locator('#map-land').getAttribute('transform'), /scale\(3\.38\)/);
  await open('#/map?lon=30&lat=40&z=4');
  const zoomed = await page.locator('#map-points .cluster').count();
  const worldWide = await api('/api/map');
  const inView = worldWide.features.filter(({ geometry: { coordinates: [lon, lat] } }) => Math.abs(lon - 30) < 45 && Math.abs(lat - 40) < 22.5);
  assert.ok(inView.length > 0, 'nothing to draw around Europe');
  assert.ok(zoomed > 1, `zoomed in, ${zoomed} clusters`);
  const drawn = await page.locator('#map-points .cluster').evaluateAll((els) => els.reduce((n, e) => n + Number(e.dataset.count), 0));
  // Points just outside the view are clustered too (so edges do not pop), hence >=.
  assert.ok(drawn >= inView.length, `clusters count ${drawn} points, ${inView.length} are in view`);
  await shot('map-zoomed');
});

test('actor graph shows actors with edges coloured by cooperation and conflict', async () => {
  await open('#/graph');
  const codes = await page.locator('#graph-svg .node').evaluateAll((els) => els.map((e) => e.dataset.code));
  for (const c of ['PRK', 'RUS', 'UKR', 'KOR']) assert.ok(codes.some((x) => x.startsWith(c)), `no ${c} node among ${codes}`);
  const edges = await page.locator('#graph-svg path.edge').evaluateAll((els) =>
    els.map((e) => ({ tone: e.dataset.tone, stroke: getComputedStyle(e).stroke, width: Number(e.getAttribute('stroke-width')) })));
  assert.ok(edges.length >= 3, `${edges.length} edges`);
  const colour = { cooperation: 'rgb(26, 138, 58)', conflict: 'rgb(198, 40, 40)', mixed: 'rgb(138, 143, 150)' };
  for (const e of edges) assert.equal(e.stroke, colour[e.tone], `a ${e.tone} edge is drawn in ${e.stroke}`);
  assert.ok(edges.some((e) => e.tone === 'cooperation') && edges.some((e) => e.tone === 'conflict'));
  const graph = await api('/api/graph');
  assert.equal(codes.length, graph.nodes.length);
  await page.locator('#graph-svg .node[data-code="PRK"], #graph-svg .node[data-code^="PRK"]').first().click();
  await page.locator('#panel h3', { hasText: 'Acts on' }).waitFor();
  await shot('graph');
});

test('disputes view shows 11,000 against 1,500 with speakers and sources', async () => {
  await open('#/disputes');
  const q = page.locator('#disputes-list .dispute', { hasText: 'military personnel' }).first();
  await q.waitFor();
  const text = await q.textContent();
  for (const s of ['11,000', '1,500', '3,000', '12,000', 'Kyrylo Budanov', 'South Korean intelligence', 'Euronews']) {
    assert.ok(text.includes(s), `dispute lacks ${s}`);
  }
  const links = await q.locator('a[href^="#/article/"]').count();
  assert.ok(links >= 4, `${links} article links`);
  await shot('disputes');
  await q.locator('a[href^="#/article/"]').first().click();
  await page.waitForSelector('main[data-ready="article"] #article-text');
});

test('an API error shows its message', async () => {
  expectedErrors = /404|Not Found/i;
  await open('#/article/no-such-document-key');
  const err = page.locator('main .error[role=alert]');
  await err.waitFor();
  const api404 = await fetch(`${base}/api/documents/no-such-document-key`).then((r) => r.json());
  assert.equal(await err.textContent(), api404.message);
  expectedErrors = null;
});

test('no console errors and no request outside 127.0.0.1', () => {
  assert.deepEqual(consoleErrors, []);
  assert.deepEqual(foreignRequests, []);
});

/** A small RFC 4180 reader: quoted fields with doubled quotes, CRLF or LF line ends. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
