"""Well-formedness of the broad gold set (tests/fixtures/broad/{tune,sealed}): it never runs the extractor.

A broken gold line would silently score as a miss, so the set itself is checked, for both halves:
every file named in gold exists (and every document in a folder is named in its gold), every
``part_of`` names a ``ref`` of the same document, every ``quote_contains`` is verbatim in the text a
reader sees, every value is a pair of integers with a known qualifier, and metrics, claimant keys,
location keys and dates have the shapes the claim record allows. The ``sealed`` half is for
measuring only: never tune anything on it (see tests/fixtures/broad/README.md).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.gold_texts import squash, visible_texts

BROAD = Path(__file__).resolve().parent / "fixtures" / "broad"
HALVES = tuple(h for h in ("tune", "sealed") if (BROAD / h / "gold.jsonl").is_file()) or ("tune", "sealed")
ROOT = Path(__file__).resolve().parent.parent
ACTORS = ROOT / "src" / "counterclaim" / "extract" / "lang" / "en" / "actors.json"
QUALIFIERS = {"exact", "approx", "at_least", "at_most", "range", "vague"}
KINDS = {"reported", "assertion", "speculation", "opinion", "recommendation", "question"}
EQUIPMENT = {"tanks", "afv", "artillery", "mlrs", "air_defense", "aircraft", "helicopters", "uav",
             "missiles", "ships", "vehicles", "other"}
ATTACK = {"uav", "missiles", "bombs", "artillery", "other"}
METRICS = ({"personnel.casualties", "personnel.killed", "personnel.wounded", "personnel.captured",
            "personnel.missing", "personnel.returned", "personnel.deployed", "territory.control",
            "participation", "event"}
           | {f"equipment.{t}" for t in EQUIPMENT} | {f"attack.{t}" for t in ATTACK})
SPEC_KEYS = {"ua.general_staff", "ua.mod", "ua.president", "ua.military_intelligence", "ua.sbu",
             "ua.coordination_hq_pow", "ru.mod", "ru.general_staff", "ru.president", "ru.authorities",
             "ua.authorities", "uk.mod", "us.government", "isw", "oryx", "mediazona", "un.ohchr", "author"}
DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
LOCATION = re.compile(r"[A-Z]{2}(-[A-Z0-9]{1,3})?")


def gold_lines(half: str) -> list[dict]:
    with open(BROAD / half / "gold.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def all_docs() -> list[tuple[str, dict]]:
    return [(half, doc) for half in HALVES for doc in gold_lines(half)]


def known_keys() -> set[str]:
    registry = json.loads(ACTORS.read_text(encoding="utf-8"))
    return set(registry["actors"]) | SPEC_KEYS


def _id(item) -> str:
    half, doc = item
    return f"{half}/{doc['file']}"


def test_set_size_and_halves():
    counts = {half: len(gold_lines(half)) for half in HALVES}
    assert all(n >= 20 for n in counts.values()), counts
    figures = sum(1 for _, doc in all_docs() for c in doc["claims"] if c.get("value"))
    assert figures >= 400, figures
    files = [_id(item).split("/", 1)[1] for item in all_docs()]
    assert len(files) == len(set(files)), "a file name repeats within or across halves"
    for half in HALVES:
        formats = {d["format"] for d in gold_lines(half)}
        assert formats == {"text", "html", "json"}, (half, formats)


@pytest.mark.parametrize("half", HALVES)
def test_every_document_in_a_folder_is_named_in_its_gold(half):
    named = {d["file"] for d in gold_lines(half)}
    present = {p.name for p in (BROAD / half).iterdir() if p.name not in ("gold.jsonl", "README.md")}
    assert present == named


@pytest.mark.parametrize("item", all_docs(), ids=_id)
def test_document_exists_and_has_a_published_date(item):
    half, doc = item
    assert (BROAD / half / doc["file"]).is_file()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["published"])
    assert doc["format"] in ("text", "html", "json")
    assert doc["claims"], "a document without gold claims"
    assert any("quote_contains" in c for c in doc["claims"]), "no statement claim"


@pytest.mark.parametrize("item", all_docs(), ids=_id)
def test_part_of_names_a_ref_of_the_same_document(item):
    _, doc = item
    refs = [c["ref"] for c in doc["claims"] if c.get("ref")]
    assert len(refs) == len(set(refs)), "duplicate ref"
    for claim in doc["claims"]:
        if claim.get("part_of"):
            assert claim["part_of"] in refs, claim
            assert claim["part_of"] != claim.get("ref"), claim


@pytest.mark.parametrize("item", all_docs(), ids=_id)
def test_quote_contains_is_verbatim_in_the_visible_text(item):
    half, doc = item
    texts = visible_texts(BROAD / half / doc["file"], doc["format"])
    for claim in doc["claims"]:
        quote = claim.get("quote_contains")
        if quote is None:
            continue
        if doc["format"] == "html":
            quote = squash(quote)
        assert any(quote in t for t in texts), quote


@pytest.mark.parametrize("item", all_docs(), ids=_id)
def test_values_are_integer_pairs_with_a_known_qualifier(item):
    _, doc = item
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
        else:
            assert low < high, claim


@pytest.mark.parametrize("item", all_docs(), ids=_id)
def test_fields_have_the_shapes_of_the_claim_record(item):
    _, doc = item
    keys = known_keys()
    for claim in doc["claims"]:
        assert claim["kind"] in KINDS, claim
        if claim.get("value") or claim.get("metric"):
            assert claim["metric"] in METRICS, claim
        claimant = claim.get("claimant") or {}
        key = claimant.get("key")
        if key is not None:
            assert key in keys or key.startswith("user:"), claim
        else:
            assert claimant == {} or claimant.get("text"), claim
        for side in (claimant.get("side"), (claim.get("subject") or {}).get("side")):
            assert side is None or re.fullmatch(r"[A-Z]{2}", side), claim
        location = claim.get("location")
        if location:
            assert location.get("key") or location.get("text"), claim
            if location.get("key"):
                assert LOCATION.fullmatch(location["key"]), claim
        for date in (claim.get("stated_on"), *(claim.get("period") or {}).values()):
            assert date is None or DATE.fullmatch(date), claim
        period = claim.get("period") or {}
        if period.get("start") and period.get("end"):
            assert period["start"][:len(period["end"])] <= period["end"], claim


def test_the_html_check_sees_only_the_article():
    """Sidebars, cookie banners and footers must not count as visible article text."""
    for half in HALVES:
        for page in (d for d in gold_lines(half) if d["format"] == "html"):
            (text,) = visible_texts(BROAD / half / page["file"], "html")
            assert "partners use cookies" not in text and "All rights reserved" not in text
            assert "Most read" not in text
