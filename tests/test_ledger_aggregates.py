"""The per-claimant aggregates, claim marks, disputes' claims and stored series ratios (schema migration 4)
equal what counting the ledger's rows gives, after stores, relations, re-extraction, deletion and migration."""
from __future__ import annotations

import json
import random
import sqlite3
import sys
from pathlib import Path

import pytest

from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.ledger.schema import MIGRATIONS, migrate
from counterclaim.ledger.synthetic import synthetic_corpus
from counterclaim.link import track
from counterclaim.records import Finding, Relation

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

TYPES = ("repeats", "revises", "corroborates", "contradicts", "updates")
FILTERS = [ClaimFilter(), ClaimFilter(claimant="ru.mod"), ClaimFilter(claimant="Air Force"),
           ClaimFilter(metric="equipment.tanks"), ClaimFilter(location="UA-14"),
           ClaimFilter(date_from="2023", date_to="2024-06"), ClaimFilter(metric="personnel", location="RU-KRS"),
           ClaimFilter(search="drones"), ClaimFilter(claimant_ids=("ua.general_staff",))]


def _fill(led: Ledger, docs: int, seed: int, start: int = 0) -> list[str]:
    ids = []
    for d, cs in synthetic_corpus(docs, start=start):
        led.add(d, cs)
        ids += [c.claim_id for c in cs]
    rng = random.Random(seed)
    rels = [Relation(rng.choice(ids), rng.choice(ids), rng.choice(TYPES), "r") for _ in range(len(ids))]
    led.add_relations([r for r in rels if r.src != r.dst])
    led.add_findings([Finding("parts_vs_total", tuple(rng.sample(ids, 3)), "f%d" % i, 1.0, 2.0, 1.0)
                      for i in range(10)])
    return ids


def _norm(rows):
    return sorted(({k: v for k, v in r.items() if v} for r in rows), key=lambda r: r["claimant_id"])


def _disputes_scan(led: Ledger, flt: ClaimFilter) -> dict:
    """Each dispute kind's count the old way: one of its claims matches the filter."""
    where, args = flt.where()
    out: dict = {}
    for r in led.query("SELECT kind, claim_ids FROM disputes"):
        ids = json.loads(r["claim_ids"])
        hit = led.scalar("SELECT count(*) FROM claims c WHERE c.claim_id IN (%s) AND %s"
                         % (",".join("?" * len(ids)), where), ids + args)
        if hit:
            out[r["kind"]] = out.get(r["kind"], 0) + 1
    return out


def check(led: Ledger) -> None:
    assert led.metric_counts() == led.metric_counts_scan()
    assert _norm(led.claimant_counts()) == _norm(led.claimant_counts_scan())
    assert _norm(led.claimant_relation_counts()) == _norm(led.claimant_relation_counts_scan())
    some = ["ru.mod", "n:ukraine's air force"]
    assert _norm(led.claimant_relation_counts(some)) == _norm(led.claimant_relation_counts_scan(some))
    metrics = dict(led.claimant_metric_counts(["ru.mod"]))
    assert metrics == {r["metric"]: r["n"] for r in led.query(
        "SELECT metric, count(*) AS n FROM claims WHERE claimant_id = 'ru.mod' AND metric IS NOT NULL GROUP BY 1")}
    for flt in FILTERS:
        assert led.dispute_counts(flt) == _disputes_scan(led, flt), flt
        rows = led.dispute_rows(flt, None, 1000)
        assert len(rows) == sum(_disputes_scan(led, flt).values())
        assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), key=lambda d: d or "", reverse=True)


def test_aggregates_equal_the_counts_through_stores_relinks_and_deletes(tmp_path):
    with Ledger(tmp_path / "a.db") as led:
        ids = _fill(led, 60, 1)
        check(led)
        assert any(r.get("revised") for r in led.claimant_relation_counts())
        # re-extraction: a document's claims (and their relations, findings) replaced
        doc = led.claim_row(ids[7])["doc_id"]
        led.replace_claims(doc, led.claims_of(doc)[:2])
        check(led)
        for doc_id in list(led.doc_ids())[:5]:
            led.delete_document(doc_id)
        check(led)
        _fill(led, 20, 2, start=100)     # more documents and relations after the deletes
        check(led)
        led.rebuild_aggregates()
        check(led)


def test_migration_gives_an_old_ledger_its_aggregates(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, MIGRATIONS[:3])                                   # a ledger written before migration 4
    conn.close()
    with Ledger(path) as led:                                       # (migrated to 4 here: fill it, then undo 4)
        _fill(led, 40, 3)
        expected = (_norm(led.claimant_counts_scan()), _norm(led.claimant_relation_counts_scan()))
    conn = sqlite3.connect(path, isolation_level=None)
    for t in ("metric_stats", "claimant_stats", "claimant_metrics", "claim_marks", "claim_ratios", "derived_state", "dispute_members"):
        conn.execute("DROP TABLE %s" % t)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%stats%' "
                                "OR name LIKE '%marks%' OR name LIKE '%ratios%' OR name LIKE '%members%' "
                                "OR name LIKE 'series_points_stale%')").fetchall():
        conn.execute("DROP TRIGGER %s" % name)
    conn.execute("DELETE FROM schema_migrations WHERE version = 4")
    conn.close()
    with Ledger(path) as led:
        assert led.scalar("SELECT max(version) FROM schema_migrations") == MIGRATIONS[-1].version
        assert (_norm(led.claimant_counts()), _norm(led.claimant_relation_counts())) == expected
        check(led)


def _ratios(led, identities=None):
    return {who: sorted(r.to_dict().items() for r in rs) for who, rs in track.ratios(led, identities).items()}


def test_stored_ratios_equal_the_computed_ones(tmp_path):
    fx.build_ledger(tmp_path / "r.db")
    with Ledger(tmp_path / "r.db") as led:
        assert not led.claim_ratios_fresh()         # a series was imported: the stored ratios are stale
        live = _ratios(led)
        assert live and any(rs for rs in live.values())
        assert track.refresh_ratios(led) > 0 and led.claim_ratios_fresh()
        assert _ratios(led) == live
        who = next(iter(live))
        assert _ratios(led, [who]) == {who: live[who]}
        # a new document's claims: recorded as it is linked, equal to recomputing everything
        d, cs = next(iter(synthetic_corpus(1, start=999)))
        led.add(d, cs)
        fx.set_keys(led)
        track.record_ratios(led, d.doc_id)
        stored = _ratios(led)
        track.refresh_ratios(led)
        assert stored == _ratios(led)
        led.add_series("genstaff", fx.series_points()[:3], source="again", licence="test")
        assert not led.claim_ratios_fresh()
