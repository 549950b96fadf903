"""The bundled examples through the real extractor into a ledger (what `counterclaim demo` does)."""
import json

import pytest

from counterclaim.examples import EXAMPLES, N_DOCUMENTS
from counterclaim import service
from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.service import reextract

extract = pytest.importorskip("counterclaim.extract")


@pytest.fixture(scope="module")
def extractor():
    from counterclaim.settings import Settings
    return extract.Extractor(Settings())


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, extractor):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    stats = service.build_demo(str(path), extractor)
    assert stats.errors == [] and stats.added == N_DOCUMENTS
    return path


def test_every_example_is_stored_with_its_date_source_and_claims(demo_db):
    with Ledger(demo_db, readonly=True) as led:
        rows = list(led.query(
            "SELECT d.path, d.published, d.source, d.format, count(c.id) AS n FROM documents d "
            "LEFT JOIN claims c ON c.doc_id = d.doc_id GROUP BY d.doc_id"))
    by_file = {}
    for r in rows:
        by_file.setdefault(r["path"].rsplit("/", 1)[-1], []).append(r)
    assert set(by_file) == {e.name for e in EXAMPLES}
    for e in EXAMPLES:
        docs = by_file[e.name]
        assert len(docs) == e.documents, e.name
        assert all(r["n"] > 0 for r in docs), e.name
        assert all(r["published"] for r in docs), e.name
        if e.published:
            assert {r["published"] for r in docs} == {e.published}
        if e.source:
            assert {r["source"] for r in docs} == {e.source}
    formats = {e.name: by_file[e.name][0]["format"] for e in EXAMPLES}
    assert formats["reddit-huliaipole-thread.json"] == "reddit"
    assert formats["eastbridge-post-huliaipole-2025-05-14.html"] == "html"
    assert formats["dispatch-drone-night-2025-05-18.md"] == "markdown"
    assert formats["wire-items-2025-05-15.jsonl"] == "jsonl"
    assert formats["border-watch-feed.xml"] == "feed"


def test_spans_point_into_the_stored_text(demo_db):
    with Ledger(demo_db, readonly=True) as led:
        for doc in led.documents():
            for c in led.claims_of(doc.doc_id):
                assert doc.text[c.span[0]:c.span[1]] == c.quote, c.claim_id
                row = led.claim_row(c.claim_id)
                assert json.loads(row["record"]) == c.to_dict()


def test_the_breakdown_and_its_revision_are_queryable(demo_db):
    with Ledger(demo_db, readonly=True) as led:
        gs = list(led.claims(ClaimFilter(claimant="ua.general_staff", location="UA-23", metric="personnel"),
                             sort="value"))
        values = {(c.metric, c.value.low) for c in gs if c.value}
        assert ("personnel.casualties", 18600) in values
        assert ("personnel.killed", 7150) in values
        assert ("personnel.wounded", 11200) in values and ("personnel.wounded", 11450) in values
        totals = {c.claim_id for c in gs if c.metric == "personnel.casualties" and c.value.low == 18600}
        parts = [c for c in gs if c.metric in ("personnel.killed", "personnel.wounded") and c.part_of]
        assert parts and all(p.part_of in totals for p in parts)
        # the bulletins: 2 days x cumulative figures, searchable by text
        tanks = list(led.claims(ClaimFilter(metric="equipment.tanks", claimant="ua.general_staff",
                                            date_from="2025-05-11", date_to="2025-05-12")))
        assert {c.value.low for c in tanks} >= {10771, 10779}
        assert led.count(ClaimFilter(search="Malynivka")) >= 2


def test_the_demo_is_linked_and_checked(demo_db):
    with Ledger(demo_db, readonly=True) as led:
        kinds = {f.kind for f in led.findings()}
        assert "parts_vs_total" in kinds
        assert led.counts()["relations"] > 0


def test_reextract_all_gives_the_same_claims(demo_db, extractor, tmp_path):
    import shutil
    copy = tmp_path / "copy.db"
    with Ledger(demo_db, readonly=True) as led:
        led.query_one("PRAGMA wal_checkpoint")
    shutil.copy(demo_db, copy)
    with Ledger(copy) as led:
        before = sorted(r["record"] for r in led.query("SELECT record FROM claims"))
        stats = reextract(led, extractor, everything=True)
        assert stats.read == N_DOCUMENTS and stats.errors == []
        assert sorted(r["record"] for r in led.query("SELECT record FROM claims")) == before


def test_demo_summary(demo_db):
    with Ledger(demo_db, readonly=True) as led:
        s = service.demo_summary(led)
    assert s["counts"]["documents"] == N_DOCUMENTS
    assert sum(n for _, n in s["by_kind"]) == s["counts"]["claims"]
    kinds = {k for k, _ in s["by_kind"]}
    assert {"reported", "speculation", "opinion", "recommendation", "question"} <= kinds


def test_ingest_parquet_output_of_corpus_extract(tmp_path):
    pytest.importorskip("counterclaim.corpus.parquet")
    from click.testing import CliRunner
    from counterclaim.cli import main
    picked = [str(e.path) for e in EXAMPLES if e.name.startswith(("frontline", "genstaff-bulletin-2025-05-11"))]
    out = tmp_path / "corpus"
    r = CliRunner().invoke(main, ["corpus", "extract", *picked, "--out", str(out), "--engine", "local"])
    assert r.exit_code == 0, r.output
    db = str(tmp_path / "p.db")
    first = CliRunner().invoke(main, ["ingest", "--parquet", str(out), "--db", db])
    assert first.exit_code == 0 and "2 documents read, 2 stored" in first.stdout, first.output
    again = CliRunner().invoke(main, ["ingest", "--parquet", str(out), "--db", db])
    assert "0 stored, 2 already in the ledger, 0 claims" in again.stdout
    with Ledger(db, readonly=True) as led:
        assert led.count(ClaimFilter(metric="personnel.killed")) >= 1
        for doc in led.documents():
            for c in led.claims_of(doc.doc_id):
                assert doc.text[c.span[0]:c.span[1]] == c.quote
    bad = CliRunner().invoke(main, ["ingest", "--parquet", str(tmp_path / "missing"), "--db", db])
    assert bad.exit_code == 1 and "counterclaim: error: " in bad.stderr and "0 documents read" in bad.stdout
