"""Well-formedness of the held-out gold set (tests/fixtures/heldout): it never runs the extractor.

A broken gold line would silently score as a miss, so the set itself is checked: every file
exists, every ``part_of`` names a ``ref`` of the same document, every ``quote_contains`` is
verbatim in the text a reader sees, and every value is a pair of integers.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.gold_texts import squash, visible_texts

HELDOUT = Path(__file__).resolve().parent / "fixtures" / "heldout"
QUALIFIERS = {"exact", "approx", "at_least", "at_most", "range", "vague"}


def gold_lines() -> list[dict]:
    with open(HELDOUT / "gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_set_has_ten_documents_of_the_intended_formats():
    docs = gold_lines()
    assert len(docs) == 10
    assert len({d["file"] for d in docs}) == 10
    formats = [d["format"] for d in docs]
    assert formats.count("html") == 1 and formats.count("json") == 1 and formats.count("text") == 8


@pytest.mark.parametrize("doc", gold_lines(), ids=lambda d: d["file"])
def test_document_exists_and_has_a_published_date(doc):
    assert (HELDOUT / doc["file"]).is_file()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["published"])


@pytest.mark.parametrize("doc", gold_lines(), ids=lambda d: d["file"])
def test_part_of_names_a_ref_of_the_same_document(doc):
    refs = [c["ref"] for c in doc["claims"] if c.get("ref")]
    assert len(refs) == len(set(refs)), "duplicate ref"
    for claim in doc["claims"]:
        if claim.get("part_of"):
            assert claim["part_of"] in refs, claim
            assert claim["part_of"] != claim.get("ref"), claim


@pytest.mark.parametrize("doc", gold_lines(), ids=lambda d: d["file"])
def test_quote_contains_is_verbatim_in_the_visible_text(doc):
    texts = visible_texts(HELDOUT / doc["file"], doc["format"])
    for claim in doc["claims"]:
        quote = claim.get("quote_contains")
        if quote is None:
            continue
        if doc["format"] == "html":
            quote = squash(quote)
        assert any(quote in t for t in texts), quote


@pytest.mark.parametrize("doc", gold_lines(), ids=lambda d: d["file"])
def test_values_are_integer_pairs_with_a_known_qualifier(doc):
    for claim in doc["claims"]:
        assert claim.get("value") or claim.get("quote_contains"), claim
        value = claim.get("value")
        if value is None:
            continue
        low, high = value["low"], value["high"]
        assert type(low) is int and type(high) is int, claim
        assert 0 <= low <= high, claim
        assert value["qualifier"] in QUALIFIERS, claim
        if value["qualifier"] not in ("range", "vague"):
            assert low == high, claim


def test_the_html_check_sees_only_the_article():
    """The boilerplate (cookie banner, related links) must not count as visible article text."""
    page = next(d for d in gold_lines() if d["format"] == "html")
    (text,) = visible_texts(HELDOUT / page["file"], "html")
    assert "partners" not in text and "All rights reserved" not in text
    assert "Syrskyi" in text
