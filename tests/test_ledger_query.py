"""ClaimFilter, sorting, full-text search and facets against a small synthetic ledger."""
import pytest

from counterclaim.errors import LedgerError
from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.ledger.query import fts_query
from counterclaim.ledger.synthetic import synthetic_corpus


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    led = Ledger(tmp_path_factory.mktemp("q") / "q.db")
    for doc, claims in synthetic_corpus(60):
        led.add(doc, claims)
    yield led
    led.close()


def rows(ledger, **kw):
    sort = kw.pop("sort", None)
    return list(ledger.claim_rows(ClaimFilter(**kw), sort=sort))


def test_each_filter_matches_python_over_all_rows(ledger):
    everything = rows(ledger)
    assert len(everything) == 300 == ledger.count()
    cases = [
        (dict(metric="equipment.tanks"), lambda r: r["metric"] == "equipment.tanks"),
        (dict(metric="equipment"), lambda r: r["metric"].startswith("equipment.")),
        (dict(claimant="ru.mod"), lambda r: r["claimant_key"] == "ru.mod"),
        (dict(claimant="UKRAINE'S AIR FORCE"), lambda r: r["claimant_text"] == "Ukraine's Air Force"),
        (dict(side="ua"), lambda r: r["claimant_side"] == "UA"),
        (dict(subject_side="UA"), lambda r: r["subject_side"] == "UA"),
        (dict(location="UA-14"), lambda r: r["location_key"] == "UA-14"),
        (dict(location="RU"), lambda r: r["location_key"].startswith("RU-")),
        (dict(location="kursk oblast"), lambda r: r["location_key"] == "RU-KRS"),
        (dict(kind="reported"), lambda r: True),
        (dict(date_from="2024-03-01", date_to="2024-06"), lambda r: "2024-03-01" <= r["stated_on"] <= "2024-06-31"),
        (dict(date_to="2023"), lambda r: r["stated_on"] < "2024"),
        (dict(min_value=50, max_value=200), lambda r: 50 <= r["value_low"] and r["value_high"] <= 200),
        (dict(claimant="isw", date_from="2023-01-01", date_to="2024-12-31"),
         lambda r: r["claimant_key"] == "isw" and "2023" <= r["stated_on"][:4] <= "2024"),
    ]
    for kw, pred in cases:
        got = {r["claim_id"] for r in rows(ledger, **kw)}
        want = {r["claim_id"] for r in everything if pred(r)}
        assert got == want, kw
        assert want, "fixture should exercise %s" % kw
        assert ledger.count(ClaimFilter(**kw)) == len(want)


def test_full_text_search(ledger):
    got = rows(ledger, search="artillery systems")
    assert got and all("artillery systems" in r["quote"] for r in got)
    assert len(got) == sum("artillery systems" in r["quote"] for r in rows(ledger))
    assert {r["claim_id"] for r in rows(ledger, search='report 12.3')} == \
        {r["claim_id"] for r in rows(ledger) if "(report 12.3)" in r["quote"]}
    # without a sort, newest stored first, straight from the FTS index; with one, that order
    ids = [r["id"] for r in rows(ledger, search="tanks")]
    assert ids == sorted(ids, reverse=True) and len(ids) == ledger.count(ClaimFilter(search="tanks"))
    vals = [r["value_low"] for r in rows(ledger, search="tanks", sort="-value")]
    assert vals == sorted(vals, reverse=True) and len(vals) == len(ids)
    both = rows(ledger, search="tanks", side="UA")
    assert both and {r["claim_id"] for r in both} == {r["claim_id"] for r in rows(ledger, search="tanks")
                                                      if r["claimant_side"] == "UA"}
    assert ledger.count(ClaimFilter(search="tanks", side="UA")) == len(both)
    # prefix, and syntax that would break a raw FTS5 query
    assert rows(ledger, search="artill*")
    assert rows(ledger, search='"unbalanced: (quote') == []
    assert len(rows(ledger, search="\"\" ::")) == 300  # nothing searchable: no condition


def test_fts_query_escapes():
    assert fts_query('tanks "Kursk') == '"tanks" "Kursk"'
    assert fts_query("drone* OR missiles") == '"drone"* OR "missiles"'
    assert fts_query("tanks OR") == '"tanks"'  # a dangling operator is dropped
    assert fts_query("62,400") == '"62,400"'


def test_sorting(ledger):
    vals = [r["value_low"] for r in rows(ledger, sort="-value")]
    assert vals == sorted(vals, reverse=True)
    dates = [r["stated_on"] for r in rows(ledger, location="UA-23", sort="stated_on")]
    assert dates == sorted(dates)
    default = [r["stated_on"] for r in rows(ledger)]
    assert default == sorted(default, reverse=True)
    by_doc = rows(ledger, sort="doc")
    assert [(r["doc_id"], r["span_start"]) for r in by_doc] == sorted((r["doc_id"], r["span_start"]) for r in by_doc)
    with pytest.raises(LedgerError, match="unknown sort"):
        rows(ledger, sort="quote; DROP TABLE claims")


def test_limit_offset_and_records(ledger):
    page1 = list(ledger.claims(ClaimFilter(metric="personnel"), sort="-value", limit=5))
    page2 = list(ledger.claims(ClaimFilter(metric="personnel"), sort="-value", limit=5, offset=5))
    assert len(page1) == 5 and len(page2) == 5
    assert page1[-1].value.low >= page2[0].value.low
    assert not {c.claim_id for c in page1} & {c.claim_id for c in page2}


def test_facets(ledger):
    facets = ledger.facets(ClaimFilter(side="UA"), "metric")
    assert sum(n for _, n in facets) == ledger.count(ClaimFilter(side="UA"))
    assert [n for _, n in facets] == sorted((n for _, n in facets), reverse=True)
    with pytest.raises(LedgerError, match="cannot facet"):
        ledger.facets(None, "record")


def test_uses_indexes_for_the_typical_queries(ledger):
    """The five benchmark queries must not scan the claims table."""
    from counterclaim.ledger.query import select_claims
    for flt, sort in [(ClaimFilter(metric="equipment.tanks"), None),
                      (ClaimFilter(claimant="ru.mod", date_from="2024-01-01", date_to="2024-06-30"), None),
                      (ClaimFilter(location="UA-14"), "-value"),
                      (ClaimFilter(search="tanks"), None),
                      (ClaimFilter(min_value=100, max_value=500), "-value")]:
        sql, params = select_claims(flt, sort, 50, 0)
        plan = [r["detail"] for r in ledger.query("EXPLAIN QUERY PLAN " + sql, params)]
        assert "SCAN c" not in plan, plan  # a full scan of claims
        assert not any("TEMP B-TREE FOR ORDER BY" in d for d in plan), plan  # sorting every match
