"""Full-text search takes any string a person types: never a 500, never a download cut mid-body."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

pytest.importorskip("starlette")
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.ledger import Ledger  # noqa: E402
from counterclaim.ledger.query import ClaimFilter, fts_query  # noqa: E402
from counterclaim.web.app import create_app  # noqa: E402

HOSTILE = ["a OR NOT b", "a OR OR b", "a AND AND b", '"', "*", "NEAR(", "NEAR(a b)", "a OR NOT OR b",
           "tanks NOT", "AND OR NOT", "a\x00b", '"a" "', "col:x", "^a", "(a", "{a b}", "_", "a* OR *b"]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("web") / "ledger.db"
    fx.build_ledger(path)
    with TestClient(create_app(path, read_only=True), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("q", HOSTILE)
@pytest.mark.parametrize("route", ["/", "/api/claims", "/api/facets", "/timeline"])
def test_fts_syntax_is_never_a_500(client, route, q):
    r = client.get(route, params={"search": q})
    assert r.status_code in (200, 400), (route, q, r.status_code, r.text[:200])


@pytest.mark.parametrize("q", HOSTILE)
def test_downloads_complete_whatever_the_search(client, q):
    csv = client.get("/claims.csv", params={"search": q})
    assert csv.status_code in (200, 400)
    if csv.status_code == 200:
        assert csv.text.startswith("claim_id,") and csv.text.endswith("\n")
    js = client.get("/claims.json", params={"search": q})
    assert js.status_code in (200, 400)
    if js.status_code == 200:
        assert isinstance(json.loads(js.text), list)  # a whole JSON document, not a cut one


def test_operators_between_words_still_work():
    assert fts_query("tanks OR drones") == '"tanks" OR "drones"'
    assert fts_query("a OR NOT b") == '"a" OR "b"'
    assert fts_query("a AND AND b") == '"a" AND "b"'
    assert fts_query("NOT tanks") == '"NOT" "tanks"'   # a leading operator is a word, as typed
    assert fts_query("tanks OR") == '"tanks"'
    assert fts_query("a\x00b") == '"a" "b"'


def test_a_failing_download_query_fails_before_the_first_byte(client, monkeypatch):
    from counterclaim.errors import LedgerError
    from counterclaim.web import api

    def broken(*a, **k):
        raise LedgerError("query failed: simulated")
        yield  # pragma: no cover

    monkeypatch.setattr(api.Ledger, "query", broken)
    for route in ("/claims.csv", "/claims.json"):
        r = client.get(route)
        assert r.status_code == 400 and "simulated" in r.text


_WORDS = st.sampled_from(["a", "tanks", "OR", "AND", "NOT", "NEAR", "NEAR(", '"', "*", "(", ")", "_", "a*",
                          "-", "+", ":", "^", "{", "}", "x:y", "é", "\u200b", "'", ",", "\x00", "a\x00b"])


@settings(max_examples=200, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_WORDS, max_size=8).map(" ".join), st.text(max_size=40)))
def test_any_string_is_a_valid_fts5_query(text):
    led = _memory_ledger()
    led.count(ClaimFilter(search=text))  # raises LedgerError on an FTS5 syntax error


_LED: list = []


def _memory_ledger() -> Ledger:
    if not _LED:
        _LED.append(Ledger(":memory:"))
    return _LED[0]
