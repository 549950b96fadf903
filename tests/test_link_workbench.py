"""The analyst's reads below the web: disputes explained, one quantity beside the series that count it,
claimants' track records against plain SQL counts, the timeline's panels (hand-built ledger)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.ledger import ClaimFilter, Ledger  # noqa: E402
from counterclaim.link import track  # noqa: E402
from counterclaim.link.disputes import admits, explain  # noqa: E402
from counterclaim.link.keys import QuantityKey  # noqa: E402
from counterclaim.link.quantity import describe, panel_of, quantity_view  # noqa: E402
from counterclaim.records import Claim, Value  # noqa: E402


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    path = tmp_path_factory.mktemp("wb") / "ledger.db"
    ids = fx.build_ledger(path, synthetic=10, xss=False)
    led = Ledger(path, readonly=True)
    yield led, ids
    led.close()


def _explained(led, rows):
    crow = led.claim_rows_by_id([i for r in rows for i in r["claim_ids"]])
    import json
    claims = {i: Claim.from_dict(json.loads(r["record"])) for i, r in crow.items()}
    return [explain(r, claims, crow) for r in rows]


def test_disputes_are_listed_newest_first_with_every_kind(built):
    led, ids = built
    rows = led.dispute_rows()
    kinds = [r["kind"] for r in rows]
    assert set(kinds) == {"contradicts", "revises", "parts_vs_total"}
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    assert led.dispute_counts() == {"contradicts": 1, "revises": 1, "parts_vs_total": 1}
    rev = next(r for r in rows if r["kind"] == "revises")
    assert rev["claim_ids"] == [ids["revised"], ids["ru"]] and rev["date"] == "2025-04-29"


def test_disputes_filter_by_metric_claimant_place_date_and_kind(built):
    led, ids = built
    assert {r["kind"] for r in led.dispute_rows(ClaimFilter(claimant="ru.mod"))} == {"contradicts", "revises"}
    assert {r["kind"] for r in led.dispute_rows(ClaimFilter(claimant="Defence Ministry"))} == {"contradicts",
                                                                                              "revises"}
    assert led.dispute_rows(ClaimFilter(metric="personnel.killed"))[0]["kind"] == "parts_vs_total"
    assert led.dispute_rows(ClaimFilter(location="UA-63")) == []
    assert len(led.dispute_rows(ClaimFilter(location="RU-KRS"))) == 3
    assert [r["kind"] for r in led.dispute_rows(ClaimFilter(date_from="2025-04-28"))] == ["revises"]
    assert [r["kind"] for r in led.dispute_rows(kind="findings")] == ["parts_vs_total"]
    assert [r["kind"] for r in led.dispute_rows(kind="contradicts")] == ["contradicts"]


def test_a_contradiction_is_explained_with_its_gap_and_rule(built):
    led, ids = built
    d = _explained(led, led.dispute_rows(kind="contradicts"))[0]
    assert [s.claim_id for s in d.sides] == [ids["total"], ids["ru"]]
    # 62,400 (exact) against 76,000 (exact): 13,600 apart, 17.9 % of the larger
    assert d.gap == 13600 and round(d.relative, 3) == 0.179
    assert "no number satisfies both" in d.rule and "62,400 exactly" in d.rule
    f = _explained(led, led.dispute_rows(kind="findings"))[0]
    assert [s.role for s in f.sides] == ["total", "part", "part"] and f.gap == -1000
    assert "add up" in f.rule
    r = _explained(led, led.dispute_rows(kind="revises"))[0]
    assert r.gap == -5000 and round(r.relative, 4) == round(-5000 / 76000, 4)
    assert [s.role for s in r.sides] == ["earlier", "later"]


def test_what_a_value_admits_says_its_rule():
    assert admits(Value(9500, 9500, "approx")) == ("about 9,500 admits 9,310–9,690 (±190: half a unit of its last "
                                                   "non-zero digit, at least 2 %, at most 10 %)")
    assert admits(Value(14000, 14000, "at_least")) == "at least 14,000 admits 14,000 or more"
    assert admits(Value(320, 320, "at_most")) == "at most 320 admits 0 to 320"
    assert admits(Value(600, 700, "range")) == "the range admits 600–700"


def test_a_regional_quantity_is_never_set_against_the_national_series(built):
    led, ids = built
    view = quantity_view(led, "personnel.casualties|RU|war|RU-KRS")
    assert view.scope is None and view.series == {}
    assert "counts a place (RU-KRS)" in view.note
    assert ids["total"] in [r["claim_id"] for r in view.rows]
    assert all(r["comparison"] is None for r in view.table)


def test_a_national_total_is_compared_with_the_series_on_its_day(built):
    led, ids = built
    view = quantity_view(led, "personnel.casualties|RU|war|*")
    assert view.scope == "level" and "genstaff" in view.series
    row = next(r for r in view.table if r["claim_id"] == ids["national"])
    sv = row["comparison"].series[0]
    assert (sv.series, sv.date, sv.value, sv.difference) == ("genstaff", "2025-04-26", 62300, 200)
    # the series from 15 days before the first claim (the thread's, 2025-04-21) to 15 after the last
    assert (view.date_from, view.date_to) == ("2025-04-06", "2025-05-11")
    assert [d for d, _ in view.series["genstaff"]] == ["2025-04-10", "2025-04-20", "2025-04-26", "2025-04-30"]
    assert view.claimants == [("ua.general_staff", "ua.general_staff", 2)]
    narrow = quantity_view(led, "personnel.casualties|RU|war|*", "2025-04-22", "2025-04-28")
    assert [d for d, _ in narrow.series["genstaff"]] == ["2025-04-26"]


def test_keys_in_words_and_panels():
    assert describe(QuantityKey.parse("personnel.casualties|RU|from:2024|RU-KRS")) == \
        "personnel.casualties of RU in RU-KRS, since 2024"
    assert describe(QuantityKey.parse("equipment.tanks|RU|day:2025-05-12|*")) == \
        "equipment.tanks of RU nationwide, on 2025-05-12"
    assert panel_of("equipment.tanks|RU|war|*", None, None) == "total-national"
    assert panel_of("equipment.tanks|RU|war|UA-14", None, None) == "total-local"
    assert panel_of("personnel.casualties|RU|from:2025|UA-23", None, None) == "total-local"
    assert panel_of("equipment.tanks|RU|day:2025-05-12|*", None, None) == "day-national"
    assert panel_of("personnel.wounded|UA|day:2025-05-15|UA-63", None, None) == "day-local"
    assert panel_of("equipment.tanks|UA|?|UA-23", None, None) == "period"
    assert panel_of(None, "2025-05-11", "2025-05-12", None, None) == "day-national"   # no key: its period
    assert panel_of(None, None, "2025-05-12", "UA-14", "Pokrovsk") == "total-local"


def _sql_counts(led, ident):
    """The track record's counts as plain SQL over the ledger (what the test compares with)."""
    mine = "SELECT claim_id FROM claims WHERE claimant_id = ?"
    claims = led.scalar("SELECT count(*) FROM claims WHERE claimant_id = ?", (ident,))
    contradicted = led.scalar(
        "SELECT count(DISTINCT c) FROM (SELECT dst AS c FROM relations WHERE type = 'contradicts' AND dst IN (%s) "
        "UNION SELECT src FROM relations WHERE type = 'contradicts' AND src IN (%s))" % (mine, mine), (ident, ident))
    revised = led.scalar("SELECT count(DISTINCT dst) FROM relations WHERE type = 'revises' AND dst IN (%s)" % mine,
                         (ident,))
    return claims, contradicted, revised


def test_track_records_equal_sql_counts(built):
    led, ids = built
    records = {t.claimant_id: t for t in track.track_records(led)}
    for ident in ("ru.mod", "ua.general_staff"):
        t = records[ident]
        assert (t.claims, t.contradicted, t.revised) == _sql_counts(led, ident)
    assert records["ru.mod"].revised == 1 and records["ru.mod"].contradicted == 1
    gs = records["ua.general_staff"].ratio("genstaff")    # 62,500 / 62,300 and the thread's 1,200 / 61,900
    assert gs.n == 2 and gs.high == round(62500 / 62300, 3) and gs.low == round(1200 / 61900, 3)


def test_a_surname_is_counted_with_its_full_name(built):
    led, ids = built
    records = {t.claimant_id: t for t in track.track_records(led)}
    t = records["n:oleh syniehubov"]
    assert "n:syniehubov" not in records and t.aliases == ["n:syniehubov"]
    assert t.claims == 3 and t.first == "2025-05-15" and t.last == "2025-05-17"
    assert t.names == ["Governor Oleh Syniehubov", "Oleh Syniehubov", "Syniehubov"]
    assert [x.claimant_id for x in track.matching(list(records.values()), "syniehubov")] == ["n:oleh syniehubov"]
    one = track.track_records(led, ["n:syniehubov"])
    assert [x.claimant_id for x in one] == ["n:oleh syniehubov"] and one[0].claims == 3


def test_track_records_sort_by_any_figure(built):
    led, _ = built
    records = track.track_records(led)
    by_claims = track.sort_records(records, "-claims")
    assert [t.claims for t in by_claims] == sorted((t.claims for t in records), reverse=True)
    by_name = track.sort_records(records, "name")
    assert [t.name.casefold() for t in by_name] == sorted(t.name.casefold() for t in records)
    with_ratio = track.sort_records(records, "-genstaff")
    assert with_ratio[0].claimant_id == "ua.general_staff"        # those without a ratio come last
    with pytest.raises(ValueError):
        track.sort_records(records, "password")


def test_a_quantity_pages_its_table_newest_first(built):
    led, ids = built
    first = quantity_view(led, "personnel.casualties|UA|war|RU-KRS", page=1, per_page=1)
    assert len(first.rows) == 2 and len(first.table) == 1 and first.has_next
    dates = [r["as_of"] for r in first.table]
    assert dates == sorted(dates, reverse=True)
    second = quantity_view(led, "personnel.casualties|UA|war|RU-KRS", page=2, per_page=1)
    assert not {r["claim_id"] for r in first.table} & {r["claim_id"] for r in second.table}
