#!/usr/bin/env python3
"""Check lexicon/countries.txt, sitrep's list of states and territories.

Each record is `ISO3 | name | other names | adjectives and demonyms | metonyms` (see
lexicon/README.md). This script checks that:

- every code is an ISO 3166-1 alpha-3 code known to pycountry, or one of the documented
  user-assigned codes in USER_ASSIGNED (XKX for Kosovo);
- no code appears twice;
- every UN member state (the 193 codes in UN_MEMBERS) and both observer states
  (OBSERVERS) are present;
- no name, alias, adjective or metonym is listed under two different countries (terms with
  an upper-case letter are compared exactly, as they match case-sensitively; all-lower-case
  terms are compared ignoring case);
- no term is repeated within a field, and none starts with the article "the";
- every record has a name and at least one capital or metonym;
- records are sorted by name (ignoring case and accents).

Problems are printed one per line, followed by a one-line summary; the exit status is 1 if
there was any problem. Run from anywhere: `python3 scripts/check_countries.py [FILE]`.
Needs only the standard library and pycountry (`pip install pycountry`).
"""

import sys
import unicodedata
from pathlib import Path

import pycountry

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "lexicon" / "countries.txt"

# Codes in common use that ISO 3166-1 does not assign (user-assigned range), by code.
USER_ASSIGNED = {
    "XKX": "Kosovo (used by the EU, IMF and World Bank)",
}

# Names that really begin with "The" (checked against the no-leading-article rule).
THE_NAMES = {"The Hague"}

# The 193 member states of the United Nations, as ISO 3166-1 alpha-3 codes.
UN_MEMBERS = frozenset("""
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN
    BOL BIH BWA BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI
    CIV HRV CUB CYP CZE PRK COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI
    FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN
    IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU
    LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR NAM
    NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT
    KOR ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM
    ZAF SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA
    UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB ZWE
""".split())

# Non-member observer states of the UN General Assembly: the Holy See and Palestine.
OBSERVERS = frozenset({"VAT", "PSE"})

assert len(UN_MEMBERS) == 193, len(UN_MEMBERS)


def records(text):
    """Yields (line number, fields) for each record, comments and blank lines skipped."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0]
        if line.strip():
            yield number, [field.strip() for field in line.split("|")]


def items(field):
    """The items of a `;`-separated list field, empty items dropped."""
    return [item.strip() for item in field.split(";") if item.strip()]


def match_key(term):
    """How the engine compares a term: exactly if it has an upper-case letter, else any case."""
    return term if any(c.isupper() for c in term) else term.casefold()


def sort_key(name):
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return plain.casefold()


def check(path):
    problems = []
    seen_codes = {}  # code -> line
    owners = {}  # match key -> {code: (term, kind, line)}
    names = []  # (line, name)

    for line, fields in records(path.read_text(encoding="utf-8")):
        where = f"{path.name}:{line}"
        fields += [""] * (5 - len(fields))
        if len(fields) > 5:
            problems.append(f"{where}: {len(fields)} fields, expected at most 5")
        code, name = fields[0], fields[1]

        if len(code) != 3 or not code.isascii() or not code.isupper() or not code.isalpha():
            problems.append(f"{where}: '{code}' is not a three-letter upper-case code")
        elif code not in USER_ASSIGNED and pycountry.countries.get(alpha_3=code) is None:
            problems.append(f"{where}: '{code}' is not an ISO 3166-1 alpha-3 code known to pycountry")
        if code in seen_codes:
            problems.append(f"{where}: code {code} already used on line {seen_codes[code]}")
        else:
            seen_codes[code] = line

        if not name:
            problems.append(f"{where}: {code} has no name")
        else:
            names.append((line, name))
        if not items(fields[4]):
            problems.append(f"{where}: {code} has no capital or metonym")

        columns = [("name", [name] if name else []), ("other name", items(fields[2])),
                   ("adjective", items(fields[3])), ("metonym", items(fields[4]))]
        for kind, terms in columns:
            in_field = set()
            for term in terms:
                if term in in_field:
                    problems.append(f"{where}: {code} lists {kind} '{term}' twice")
                in_field.add(term)
                if term.casefold().startswith("the ") and term not in THE_NAMES:
                    problems.append(f"{where}: {code} {kind} '{term}' starts with an article")
                owners.setdefault(match_key(term), {}).setdefault(code, (term, kind, line))

    for key, by_code in sorted(owners.items()):
        if len(by_code) > 1:
            listed = ", ".join(f"{code} ({kind} '{term}', line {line})"
                               for code, (term, kind, line) in sorted(by_code.items()))
            problems.append(f"{path.name}: clash: '{key}' is listed under {listed}")

    missing = sorted((UN_MEMBERS | OBSERVERS) - seen_codes.keys())
    for code in missing:
        country = pycountry.countries.get(alpha_3=code)
        problems.append(f"{path.name}: missing UN member or observer {code} ({country.name if country else '?'})")

    for (_, before), (line, name) in zip(names, names[1:]):
        if sort_key(name) < sort_key(before):
            problems.append(f"{path.name}:{line}: '{name}' is out of order (after '{before}')")

    return problems, len(seen_codes)


def main(argv):
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT_FILE
    problems, count = check(path)
    for problem in problems:
        print(problem)
    if problems:
        print(f"check_countries: FAILED: {len(problems)} problem(s) in {path} ({count} countries)")
        return 1
    un = len(UN_MEMBERS)
    print(f"check_countries: OK: {count} countries in {path.name}, all {un} UN members and 2 observers present")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
