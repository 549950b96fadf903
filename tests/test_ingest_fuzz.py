"""Property tests: random bytes and mutated fixtures make every reader fail only with CounterclaimError.

Fixed seed and a bounded number of examples, so CI runs the same few hundred inputs each time;
``COUNTERCLAIM_FUZZ_EXAMPLES=5000`` makes a longer run of the same properties.
"""
from __future__ import annotations

import copy
import io
import json
import os
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from counterclaim.errors import CounterclaimError
from counterclaim.ingest import feeds, jsonl, reddit, warc
from counterclaim.records import Document
from counterclaim.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parent))
FIX = Path(__file__).parent / "fixtures" / "ingest"
SETTINGS = Settings(max_document_bytes=200_000)
FUZZ = settings(max_examples=int(os.environ.get("COUNTERCLAIM_FUZZ_EXAMPLES", 150)), derandomize=True, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _warc_fixture(gz: bool) -> bytes:
    from test_ingest_warc import RECORDS, build
    return build(RECORDS, gz)


SEEDS = {
    "jsonl": (FIX / "docs.jsonl").read_bytes(),
    "reddit": (FIX / "thread.json").read_bytes(),
    "atom": (FIX / "feed.atom").read_bytes(),
    "rss": (FIX / "feed.rss").read_bytes(),
}


@st.composite
def mutated(draw, seed: bytes):
    """``seed`` with a few bytes changed, cut, duplicated or spliced in."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "cut", "dup", "insert", "truncate"]))
        if op == "flip":
            data[i] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[i:i + draw(st.integers(1, 64))]
        elif op == "dup":
            data[i:i] = data[i:i + draw(st.integers(1, 64))]
        elif op == "insert":
            data[i:i] = draw(st.sampled_from([b"\x00", b"\xff", b"\\ud800", b"[" * 200, b"9" * 5000, b'"',
                                              b"{", b"\r\n\r\n", b"WARC/1.0\r\n", b"\x1f\x8b\x08", b"<", b"&#0;",
                                              b"1e999", b"-", b"null", b"[]", b"{}", b"true"]))
        else:
            del data[i:]
    return bytes(data)


def _inputs(seed: bytes):
    return st.one_of(st.binary(max_size=2000), mutated(seed))


def _drain(reader, data: bytes, *, budget: float = 10.0) -> list:
    t0 = time.monotonic()
    try:
        items = list(reader(data))
    except CounterclaimError:
        return []
    assert time.monotonic() - t0 < budget  # every input ends, and soon
    for item in items:
        assert isinstance(item, (Document, CounterclaimError)), type(item)
    return items


@FUZZ
@given(_inputs(SEEDS["jsonl"]))
def test_jsonl_reader_fails_only_with_counterclaim_error(data):
    _drain(lambda d: jsonl.read(d, SETTINGS, "fuzz.jsonl"), data)


@FUZZ
@given(_inputs(SEEDS["reddit"]))
def test_json_and_reddit_readers_fail_only_with_counterclaim_error(data):
    _drain(lambda d: jsonl.read_json(d, SETTINGS, "fuzz.json"), data)
    _drain(lambda d: reddit.read(d, SETTINGS, "fuzz.json"), data)


def _retype(obj, path, value):
    for k in path[:-1]:
        obj = obj[k]
    obj[path[-1]] = value


def _paths(obj, here=()):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield here + (k,)
            yield from _paths(v, here + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield here + (i,)
            yield from _paths(v, here + (i,))


THREAD = json.loads(SEEDS["reddit"])
THREAD_PATHS = list(_paths(THREAD))
ODD_VALUES = st.sampled_from([None, 0, -1, 1.5, 1e308, True, "", "x", [], {}, [1], {"a": 1}, "9" * 40])


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(THREAD_PATHS), ODD_VALUES), min_size=1, max_size=4))
def test_reddit_fields_of_any_type_fail_only_with_counterclaim_error(changes):
    obj = json.loads(SEEDS["reddit"])
    for path, value in changes:
        try:
            _retype(obj, path, copy.deepcopy(value))  # a shared {} would let a later change loop it
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    _drain(lambda d: reddit.read(d, SETTINGS, "fuzz.json"), json.dumps(obj).encode())


@FUZZ
@given(st.one_of(_inputs(SEEDS["atom"]), mutated(SEEDS["rss"])))
def test_feed_reader_fails_only_with_counterclaim_error(data):
    _drain(lambda d: feeds.read(d, SETTINGS, "fuzz.xml"), data)


@FUZZ
@given(st.one_of(st.binary(max_size=2000), mutated(_warc_fixture(False)), mutated(_warc_fixture(True))))
def test_warc_reader_fails_only_with_counterclaim_error_and_always_ends(data):
    _drain(lambda d: warc.read(io.BytesIO(d), SETTINGS, "fuzz.warc"), data)


@pytest.mark.parametrize("gz", [False, True])
def test_warc_keeps_every_record_beside_a_damaged_one(gz):
    import re
    data = _warc_fixture(gz)
    marker = rb"\x1f\x8b\x08" if gz else rb"WARC/1\.0\r\n"
    starts = [m.start() for m in re.finditer(marker, data)]
    image = starts[3]  # damage the image record between the two pages
    bad = data[:image + 5] + b"\x00garbage\x00" + data[image + 14:]
    items = list(warc.read(bad, SETTINGS, "x.warc"))
    assert [d.url for d in items if isinstance(d, Document)] == ["https://news.example/a", "https://news.example/b"]


_SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
            | st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3))
JSON_VALUES = st.recursive(_SCALARS, lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c,
                                                                                           max_size=4),
                           max_leaves=10)
_DEEP = st.integers(90, 300).map(lambda n: "[" * n + "]" * n)
_BAD_LINE = st.one_of(
    JSON_VALUES.map(json.dumps),
    st.fixed_dictionaries({}, optional={k: JSON_VALUES for k in ("text",) + jsonl.FIELDS + ("parts",)}).map(json.dumps),
    _DEEP.map(lambda d: '{"text": "deep", "x": %s}' % d),
    st.integers(4301, 6000).map(lambda n: '{"text": "long", "n": %s}' % ("9" * n)),
    st.binary(max_size=80).map(lambda b: b.replace(b"\n", b" ").decode("latin-1")),
)


@FUZZ
@given(st.lists(st.one_of(st.just(None), _BAD_LINE), min_size=1, max_size=8))
def test_jsonl_keeps_every_good_line_beside_bad_ones(lines):
    good = iter(range(1000))
    text = ['{"text": "good line %d"}' % next(good) if ln is None else ln for ln in [None] + lines]
    data = ("\n".join(text) + "\n").encode("utf-8")
    items = _drain(lambda d: jsonl.read(d, SETTINGS, "fuzz.jsonl"), data)
    kept = [i.text for i in items if isinstance(i, Document) and i.text.startswith("good line")]
    assert kept == ["good line %d" % n for n in range(1 + lines.count(None))]
