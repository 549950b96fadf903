"""The Ledger class: schema and migrations, idempotent add, replace, WAL readers, bad files."""
import sqlite3
from dataclasses import replace

import pytest

from counterclaim.errors import LedgerError
from counterclaim.ledger import Ledger
from counterclaim.ledger.schema import LATEST, MIGRATIONS, Migration, migrate
from counterclaim.ledger.synthetic import synthetic_corpus, synthetic_document
from counterclaim.records import Finding, Relation, SeriesPoint


@pytest.fixture
def ledger(tmp_path):
    with Ledger(tmp_path / "l.db") as led:
        yield led


def test_schema_is_strict_wal_and_recorded(ledger, tmp_path):
    assert ledger.scalar("PRAGMA journal_mode") == "wal"
    versions = [r["version"] for r in ledger.query("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions == [m.version for m in MIGRATIONS]
    tables = {r["name"]: r["sql"] for r in ledger.query("SELECT name, sql FROM sqlite_master WHERE type='table'")}
    for t in ("sources", "documents", "claims", "citations", "relations", "findings", "series", "series_points"):
        assert t in tables and "STRICT" in tables[t], t
    cols = {r["name"] for r in ledger.query("PRAGMA table_info(claims)")}
    assert {"kind", "metric", "claimant_key", "claimant_side", "subject_side", "location_key", "value_low",
            "value_high", "qualifier", "stated_on", "period_start", "period_end", "part_of", "quantity_key",
            "extractor", "record", "quote", "span_start", "span_end", "confidence"} <= cols
    assert "documents_fts" in tables and "claims_fts" in tables
    # STRICT really refuses a wrong type
    with pytest.raises(sqlite3.Error):
        ledger.execute("INSERT INTO series_points VALUES ('s', 'm', 'RU', '2025-01-01', 'many')")


def test_reopen_applies_only_new_migrations(tmp_path):
    path = tmp_path / "m.db"
    Ledger(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    extra = MIGRATIONS + (Migration(LATEST + 1, "a test column", "ALTER TABLE sources ADD COLUMN note TEXT;"),)
    assert migrate(conn, extra) == [LATEST + 1]
    assert migrate(conn, extra) == []
    assert conn.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == LATEST + 1
    conn.close()
    # this code knows fewer migrations than the file: refuse rather than guess
    with pytest.raises(LedgerError, match="newer counterclaim"):
        Ledger(path)


def test_failed_migration_leaves_nothing(tmp_path):
    conn = sqlite3.connect(tmp_path / "f.db", isolation_level=None)
    bad = (Migration(1, "half", "CREATE TABLE a(x INTEGER) STRICT;\nCREATE TABLE oops(;"),)
    with pytest.raises(sqlite3.Error):
        migrate(conn, bad)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "a" not in names


def test_add_is_idempotent_and_round_trips(ledger):
    doc, claims = synthetic_document(7)
    assert ledger.add(doc, claims) is True
    assert ledger.add(doc, claims) is False
    counts = ledger.counts()
    assert counts["documents"] == 1 and counts["claims"] == len(claims) == 5
    assert counts["citations"] == 1 and counts["sources"] == 1
    assert ledger.document(doc.doc_id) == doc
    assert ledger.claims_of(doc.doc_id) == claims
    back = ledger.claim(claims[2].claim_id)
    assert back == claims[2]
    row = ledger.claim_row(claims[2].claim_id)
    assert row["value_low"] == claims[2].value.low and row["metric"] == claims[2].metric
    assert doc.text[row["span_start"]:row["span_end"]] == row["quote"]


def test_add_refuses_claims_of_another_document(ledger):
    doc, _ = synthetic_document(1)
    _, other = synthetic_document(2)
    with pytest.raises(LedgerError, match="belongs to"):
        ledger.add(doc, other)
    assert ledger.counts()["documents"] == 0


def test_failure_inside_add_rolls_back_the_whole_document(ledger, monkeypatch):
    doc, claims = synthetic_document(3)
    broken = claims[:2] + [replace(claims[2], quote=None)]  # NOT NULL violation on the third claim
    with pytest.raises(sqlite3.IntegrityError):
        ledger.add(doc, broken)
    assert ledger.counts()["documents"] == 0 and ledger.counts()["claims"] == 0
    assert ledger.add(doc, claims)


def test_replace_claims_drops_relations_and_findings(ledger):
    doc, claims = synthetic_document(4)
    ledger.add(doc, claims)
    other_doc, other = synthetic_document(5)
    ledger.add(other_doc, other)
    ledger.add_relations([Relation(other[0].claim_id, claims[0].claim_id, "repeats", "same figure"),
                          Relation(other[1].claim_id, other[0].claim_id, "updates", "later")])
    ledger.add_findings([Finding("parts_vs_total", (claims[0].claim_id, claims[1].claim_id), "gap", 1.0, 2.0, 1.0)])
    new = claims[:2]
    removed, added = ledger.replace_claims(doc.doc_id, new, extractor="9.9")
    assert (removed, added) == (5, 2)
    assert ledger.counts()["claims"] == 7
    assert ledger.relations_of(claims[0].claim_id) == []
    assert len(ledger.relations_of(other[0].claim_id)) == 1
    assert list(ledger.findings()) == []
    assert ledger.document_row(doc.doc_id)["extractor"] == "9.9"
    # FTS follows the replacement
    assert ledger.scalar("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?", ('"report 4.4"',)) == 0
    ledger.execute("INSERT INTO claims_fts(claims_fts) VALUES ('integrity-check')")


def test_documents_stream_stale_only(ledger):
    for doc, claims in synthetic_corpus(6):
        ledger.add(doc, claims)
    first = next(iter(ledger.documents()))
    ledger.execute("UPDATE documents SET extractor = 'old' WHERE doc_id = ?", (first.doc_id,))
    assert len(list(ledger.documents(batch=2))) == 6
    assert [d.doc_id for d in ledger.documents(stale_only=True)] == [first.doc_id]


def test_reader_works_while_a_writer_holds_a_transaction(tmp_path):
    path = tmp_path / "w.db"
    writer = Ledger(path)
    doc, claims = synthetic_document(1)
    writer.add(doc, claims)
    with writer.transaction():
        d2, c2 = synthetic_document(2)
        writer.add(d2, c2)
        reader = Ledger(path, readonly=True)
        assert reader.counts()["documents"] == 1  # sees the committed state, is not blocked
        assert reader.count() == 5
    assert reader.counts()["documents"] == 2
    reader.close()
    writer.close()


def test_readonly_refuses_writes_and_missing_files(tmp_path):
    with pytest.raises(LedgerError, match="no ledger here"):
        Ledger(tmp_path / "missing.db", readonly=True)
    with pytest.raises(LedgerError, match="no ledger here"):
        Ledger(tmp_path / "missing.db", create=False)
    assert not (tmp_path / "missing.db").exists()
    Ledger(tmp_path / "r.db").close()
    with Ledger(tmp_path / "r.db", readonly=True) as ro:
        with pytest.raises(sqlite3.OperationalError):
            ro.execute("DELETE FROM documents")


def test_not_a_database_is_a_clear_error(tmp_path):
    p = tmp_path / "notes.db"
    p.write_text("this is not sqlite " * 100)
    with pytest.raises(LedgerError) as e:
        Ledger(p)
    assert str(p) in str(e.value) and "SQLite" in str(e.value)
    empty = tmp_path / "plain.db"
    sqlite3.connect(empty).execute("CREATE TABLE x(y)").connection.commit()
    with pytest.raises(LedgerError, match="not a counterclaim ledger"):
        Ledger(empty, readonly=True)


def test_resolve_id_by_prefix(ledger):
    doc, claims = synthetic_document(9)
    ledger.add(doc, claims)
    assert ledger.resolve_id(claims[0].claim_id[:12]) == claims[0].claim_id
    assert ledger.resolve_id(doc.doc_id[:8]) == doc.doc_id
    with pytest.raises(LedgerError, match="no claim"):
        ledger.resolve_id("c_zzzz")
    with pytest.raises(LedgerError, match="starts with"):
        ledger.resolve_id("xyz")


def test_series_findings_and_quantity_keys(ledger):
    pts = [SeriesPoint("genstaff", "personnel.casualties", "RU", "2025-03-0%d" % d, 1000 + d) for d in (1, 2, 3)]
    assert ledger.add_series("genstaff", pts, source="GS", licence="CC0") == 3
    assert ledger.add_series("genstaff", pts[:2]) == 2  # a re-import replaces
    assert [p.value for p in ledger.series_points("personnel.casualties", "RU")] == [1001, 1002]
    doc, claims = synthetic_document(11)
    ledger.add(doc, claims)
    ledger.set_quantity_keys([(claims[0].claim_id, "k1")])
    assert ledger.claim_row(claims[0].claim_id)["quantity_key"] == "k1"
    f = Finding("parts_vs_total", (claims[0].claim_id, claims[1].claim_id), "msg", 3.0, 4.0, 1.0)
    ledger.add_findings([f, f])
    assert list(ledger.findings(claims[1].claim_id)) == [f]
    assert list(ledger.findings(claims[3].claim_id)) == []
    assert ledger.delete_document(doc.doc_id)
    assert ledger.counts()["claims"] == 0 and ledger.counts()["findings"] == 0
    assert ledger.counts()["citations"] == 0


def test_concurrent_opens_of_a_new_file_migrate_once(tmp_path):
    import threading
    path = tmp_path / "race.db"
    errors = []

    def open_it():
        try:
            Ledger(path).close()
        except Exception as e:  # pragma: no cover - the assertion below shows it
            errors.append(e)

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Ledger(path, readonly=True) as led:
        assert [r["version"] for r in led.query("SELECT version FROM schema_migrations ORDER BY version")] == \
            [m.version for m in MIGRATIONS]


def test_odd_characters_in_the_path(tmp_path):
    path = tmp_path / "a ledger #1 %20?.db"
    with Ledger(path) as led:
        led.add(*synthetic_document(1))
    with Ledger(path, readonly=True) as ro:
        assert ro.counts()["documents"] == 1
