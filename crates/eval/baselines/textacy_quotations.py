"""spaCy + textacy's quotation extractor on PolNeAR, as relations `sitrep eval polnear --system` scores.

A baseline for sitrep's claims: textacy.extract.triples.direct_quotations finds (speaker,
cue, content) triples of direct quotations. This script runs it over the articles of one
split and writes one JSON line per triple, with character offsets into the article text:

    {"article": NAME, "source": [START, END] or null, "cue": [START, END], "content": [START, END]}

Setup (any environment with network access to PyPI and spaCy's models):

    pip install "spacy>=3.7.5,<3.9" textacy
    python -m spacy download en_core_web_sm

Run and score:

    python3 textacy_quotations.py ../shared/data/polnear/test > textacy-test.jsonl
    sitrep eval polnear ../shared/data/polnear --system textacy-test.jsonl

textacy raises an error on a text with an odd number of quotation marks; such an article
gives no relations, and its name is printed on stderr.
"""
import json
import sys
from pathlib import Path


def char_span(tokens):
    """[start, end) character offsets of a token sequence, or None when it is empty."""
    tokens = list(tokens)
    if not tokens:
        return None
    return [tokens[0].idx, tokens[-1].idx + len(tokens[-1])]


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: textacy_quotations.py SPLIT_DIR [SPACY_MODEL]")
    split = Path(sys.argv[1])
    model = sys.argv[2] if len(sys.argv) > 2 else "en_core_web_sm"
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(model)
    for path in sorted((split / "text").glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        try:
            triples = list(direct_quotations(doc))
        except ValueError as e:
            print(f"{path.stem}: no relations ({e})", file=sys.stderr)
            continue
        for t in triples:
            rel = {"article": path.stem, "source": char_span(t.speaker), "cue": char_span(t.cue),
                   "content": char_span(t.content)}
            print(json.dumps(rel))


if __name__ == "__main__":
    main()
