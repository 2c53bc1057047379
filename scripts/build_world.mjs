#!/usr/bin/env node
// Builds web/world.json, the world outline of the web UI's map, from Natural Earth
// boundaries (public domain) as shipped by the npm package world-atlas (countries-110m,
// TopoJSON). The package version and its registry checksum are pinned, so a rerun writes
// the same file byte for byte:
//
//   node scripts/build_world.mjs            # writes web/world.json
//
// Output: {"source", "attribution", "countries": [{"id", "name", "rings": [[lon, lat, lon,
// lat, ...], ...]}]}: rings as flat arrays with coordinates rounded to 0.01 degree, which
// keeps the file small and is far finer than a screen pixel at world scale.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'world-atlas@2.0.2';
const INTEGRITY =
  'sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==';
const FILE = 'package/countries-110m.json';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'web', 'world.json');

const tmp = mkdtempSync(join(tmpdir(), 'world-atlas-'));
try {
  // `npm pack` fetches the tarball through the ordinary registry client (and its cache).
  execFileSync('npm', ['pack', PACKAGE, '--silent', '--pack-destination', tmp], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tgz = readdirSync(tmp).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${PACKAGE} left no tarball in ${tmp}`);
  const bytes = readFileSync(join(tmp, tgz));
  const got = 'sha512-' + createHash('sha512').update(bytes).digest('base64');
  if (got !== INTEGRITY) throw new Error(`${tgz}: checksum ${got} is not the pinned ${INTEGRITY}`);
  execFileSync('tar', ['-xzf', join(tmp, tgz), '-C', tmp, FILE]);
  const topo = JSON.parse(readFileSync(join(tmp, FILE), 'utf8'));
  const world = convert(topo);
  writeFileSync(out, JSON.stringify(world) + '\n');
  const size = readFileSync(out).length;
  console.error(`wrote ${out}: ${world.countries.length} countries, ${(size / 1024).toFixed(0)} KB`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** TopoJSON (quantized, delta-encoded arcs) to flat rings per country. */
function convert(topo) {
  const [sx, sy] = topo.transform.scale;
  const [tx, ty] = topo.transform.translate;
  // Decode every arc once: undo the delta encoding, then the quantization.
  const arcs = topo.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  // A ring lists arc indexes; ~i means arc i reversed. Consecutive arcs share an end point.
  const ring = (indexes) => {
    const pts = [];
    for (const i of indexes) {
      const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
      for (let k = pts.length ? 1 : 0; k < arc.length; k++) pts.push(arc[k]);
    }
    const flat = [];
    let px = NaN;
    let py = NaN;
    let shift = 0;
    for (const [x0, y] of pts) {
      // Rings that cross the antimeridian (Russia, Fiji) jump from 180 to -180; unwrapping
      // keeps them continuous (some longitudes then lie past 180) instead of drawing a line
      // across the whole map.
      let x = x0 + shift;
      if (!Number.isNaN(px) && x - px > 180) {
        shift -= 360;
        x -= 360;
      } else if (!Number.isNaN(px) && px - x > 180) {
        shift += 360;
        x += 360;
      }
      const rx = round(x);
      const ry = round(y);
      // Points that round onto the previous one add bytes and nothing visible.
      if (rx === px && ry === py) continue;
      flat.push(rx, ry);
      px = rx;
      py = ry;
    }
    return flat;
  };
  const countries = topo.objects.countries.geometries
    .filter((g) => g.type === 'Polygon' || g.type === 'MultiPolygon')
    .map((g) => {
      const polygons = g.type === 'Polygon' ? [g.arcs] : g.arcs;
      const rings = polygons.flatMap((poly) => poly.map(ring)).filter((r) => r.length >= 6);
      return { id: g.id ?? '', name: g.properties?.name ?? '', rings };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    source: `Natural Earth 1:110m admin 0 countries, from the npm package ${PACKAGE} (countries-110m.json)`,
    attribution: 'Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.',
    countries,
  };
}

function round(v) {
  return Math.round(v * 100) / 100;
}
