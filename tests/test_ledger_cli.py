"""The ledger commands end to end through click, with the FigureExtractor standing in for spaCy."""
import json

import pytest
from click.testing import CliRunner

from counterclaim.cli import ledger as cli_ledger
from counterclaim.cli import main
from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import FigureExtractor


@pytest.fixture(autouse=True)
def fake_extractor(monkeypatch):
    monkeypatch.setattr(cli_ledger, "_extractor", lambda settings: FigureExtractor())


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("Kursk update\n\nOfficials said 1,250 soldiers and 14 tanks were lost near Sudzha.")
    (d / "b.md").write_text("# Night\n\nRussia launched 120 drones; 35 prisoners were exchanged.")
    (d / "c.txt").write_text("A <script>alert(1)</script> note: 7 tanks \x1b[31mred\x1b[0m here.")
    return d


def invoke(*args, env=None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_ingest_twice_same_counts_and_summary(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    r1 = invoke("ingest", str(corpus), "--db", db, "--published", "2025-05-12", "--source", "test")
    assert r1.exit_code == 0, r1.output
    assert "3 documents read, 3 stored, 0 already in the ledger, 5 claims, 0 errors" in r1.stdout
    with Ledger(db) as led:
        first = led.counts()
        assert led.query_one("SELECT source, published FROM documents LIMIT 1") == {"source": "test",
                                                                                    "published": "2025-05-12"}
    r2 = invoke("ingest", str(corpus), "--db", db)
    assert "3 already in the ledger, 0 claims" in r2.stdout
    with Ledger(db) as led:
        assert led.counts() == first


def test_db_from_environment(corpus, tmp_path):
    db = tmp_path / "env.db"
    r = invoke("ingest", str(corpus / "a.txt"), env={"COUNTERCLAIM_DB": str(db)})
    assert r.exit_code == 0 and db.exists()


def test_bad_inputs_one_line_each_exit_1(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    (tmp_path / "zero.txt").write_bytes(b"")
    r = invoke("ingest", str(tmp_path / "nope.txt"), str(corpus), str(tmp_path / "zero.txt"), "--db", db)
    assert r.exit_code == 1
    lines = [x for x in r.stderr.splitlines() if x.startswith("counterclaim: error: ")]
    assert len(lines) == 2
    assert lines[0].startswith("counterclaim: error: %s: " % (tmp_path / "nope.txt"))
    assert lines[1].startswith("counterclaim: error: %s: " % (tmp_path / "zero.txt"))
    assert "Traceback" not in r.output
    with Ledger(db) as led:
        assert led.counts()["documents"] == 3
    assert invoke("ingest", "--db", db).exit_code == 2  # nothing to ingest: usage error


def test_claims_filters_and_formats(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    invoke("ingest", str(corpus), "--db", db, "--published", "2025-05-12")
    table = invoke("claims", "--db", db, "--metric", "equipment.tanks")
    assert table.exit_code == 0 and "2 claims" in table.stdout and "personnel" not in table.stdout
    lines = invoke("claims", "--db", db, "--format", "jsonl", "--sort", "-value").stdout.splitlines()
    recs = [json.loads(x) for x in lines]
    assert [r["value"]["low"] for r in recs] == [1250, 120, 35, 14, 7]
    assert [r["value"]["low"] for r in recs] == sorted((r["value"]["low"] for r in recs), reverse=True)
    assert set(recs[0]) >= {"claim_id", "doc_id", "kind", "claimant", "subject", "metric", "value", "quote", "span"}
    csv_out = invoke("claims", "--db", db, "--format", "csv", "--search", "drones").stdout.splitlines()
    assert csv_out[0].startswith("claim_id,doc_id,kind,metric") and len(csv_out) == 3  # both claims of that sentence
    assert "No claims match these filters (5 claims" in invoke("claims", "--db", db, "--min", "99999").stdout
    assert invoke("claims", "--db", db, "--from", "May 2025").exit_code == 2
    one_doc = recs[0]["doc_id"]
    per_doc = invoke("claims", "--db", db, "--doc", one_doc, "--format", "jsonl").stdout.splitlines()
    assert len(per_doc) == 2 and all(json.loads(x)["doc_id"] == one_doc for x in per_doc)
    bad_sort = invoke("claims", "--db", db, "--sort", "bogus")
    assert bad_sort.exit_code == 1 and "counterclaim: error: unknown sort" in bad_sort.stderr


def test_empty_and_missing_ledgers_are_friendly(tmp_path):
    missing = invoke("claims", "--db", str(tmp_path / "none.db"))
    assert missing.exit_code == 1 and "no ledger here yet" in missing.stderr and "Traceback" not in missing.output
    assert not (tmp_path / "none.db").exists()
    Ledger(tmp_path / "empty.db").close()
    empty = invoke("claims", "--db", str(tmp_path / "empty.db"))
    assert empty.exit_code == 0 and "no claims yet" in empty.stdout
    r = invoke("export", str(tmp_path / "x.jsonl"), "--db", str(tmp_path / "empty.db"), "--format", "jsonl")
    assert r.exit_code == 0 and (tmp_path / "x.jsonl").read_text() == ""
    r = invoke("show", "c_123", "--db", str(tmp_path / "empty.db"))
    assert r.exit_code == 1 and "no claim with id c_123" in r.stderr


def test_show_document_and_claim_escape_untrusted_text(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    invoke("ingest", str(corpus), "--db", db)
    with Ledger(db) as led:
        doc_id = led.scalar("SELECT doc_id FROM documents WHERE text LIKE '%script%'")
        claim_id = led.scalar("SELECT claim_id FROM claims WHERE doc_id = ?", (doc_id,))
    doc = invoke("show", doc_id[:9], "--db", db)
    assert doc.exit_code == 0
    assert "<script>alert(1)</script>" in doc.stdout  # shown literally, not as markup
    assert "\x1b[31m" not in doc.stdout and "\ufffd[31mred" in doc.stdout
    assert "1 claim" in doc.stdout
    one = invoke("show", claim_id, "--db", db)
    assert one.exit_code == 0 and "in context" in one.stdout and "equipment.tanks" in one.stdout


def test_export_and_import_claims_commands(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    invoke("ingest", str(corpus), "--db", db)
    out = tmp_path / "c.parquet"
    r = invoke("export", str(out), "--db", db, "--format", "parquet", "--with-text")
    assert r.exit_code == 0 and "5 claims written" in r.stderr
    r = invoke("export", "-", "--db", db, "--format", "jsonl", "--metric", "equipment")
    assert len(r.stdout.splitlines()) == 3
    other = str(tmp_path / "o.db")
    imp = invoke("import-claims", str(out), "--db", other)
    assert imp.exit_code == 0 and "5 claims added (0 already there), 3 documents added (0 without text)" in imp.stdout
    with Ledger(db) as a, Ledger(other) as b:
        assert sorted(r["record"] for r in a.query("SELECT record FROM claims")) == \
            sorted(r["record"] for r in b.query("SELECT record FROM claims"))
    (tmp_path / "bad.jsonl").write_text("{nope\n")
    bad = invoke("import-claims", str(tmp_path / "bad.jsonl"), "--db", other)
    assert bad.exit_code == 1 and "counterclaim: error: %s: line 1:" % (tmp_path / "bad.jsonl") in bad.stderr


def test_reextract_command(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    invoke("ingest", str(corpus), "--db", db)
    r = invoke("reextract", "--db", db)
    assert r.exit_code == 0 and "0 documents read" in r.stdout
    r = invoke("reextract", "--db", db, "--all")
    assert r.exit_code == 0 and "3 documents read" in r.stdout and "5 old claims replaced" in r.stdout


def test_demo_builds_and_rebuilds_its_ledger(tmp_path, monkeypatch):
    db = tmp_path / "demo.db"
    r = invoke("demo", "--db", str(db))
    assert r.exit_code == 0, r.output
    assert "Claims of the bundled examples" in r.stdout and "claims by kind" in r.stdout
    with Ledger(db) as led:
        n = led.counts()
        from counterclaim.examples import N_DOCUMENTS
        assert n["documents"] == N_DOCUMENTS and n["claims"] > 10
    again = invoke("demo", "--db", str(db))
    assert again.exit_code == 0
    with Ledger(db) as led:
        assert led.counts() == n
    # it refuses to wipe a ledger that holds other documents
    mine = tmp_path / "mine.db"
    from counterclaim.ledger.synthetic import synthetic_document
    with Ledger(mine) as led:
        led.add(*synthetic_document(1))
    refused = invoke("demo", "--db", str(mine))
    assert refused.exit_code == 1 and "not a demo ledger" in refused.stderr
    with Ledger(mine) as led:
        assert led.counts()["documents"] == 1


def test_ingest_stdin(tmp_path):
    db = str(tmp_path / "l.db")
    r = CliRunner().invoke(main, ["ingest", "-", "--db", db, "--published", "2025-05-01"],
                           input="Officials said 40 soldiers were lost.\n")
    assert r.exit_code == 0 and "1 stored" in r.stdout and "1 claim" in r.stdout
    with Ledger(db) as led:
        assert led.query_one("SELECT path, published FROM documents") == {"path": "<stdin>", "published": "2025-05-01"}


def test_ingest_url_needs_allow_private_for_loopback(tmp_path):
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"Local report\n\nThe governor said 12 drones were shot down."
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/report.txt" % server.server_address[1]
    db = str(tmp_path / "l.db")
    try:
        refused = invoke("ingest", url, "--db", db)
        assert refused.exit_code == 1 and ("counterclaim: error: %s: " % url) in refused.stderr
        ok = invoke("ingest", url, "--db", db, "--allow-private")
        assert ok.exit_code == 0 and "1 stored" in ok.stdout
    finally:
        server.shutdown()
    with Ledger(db) as led:
        assert led.count() == 1 and led.query_one("SELECT url FROM documents")["url"] == url


def test_show_stub_documents_from_an_export_without_text(corpus, tmp_path):
    db = str(tmp_path / "l.db")
    invoke("ingest", str(corpus), "--db", db)
    invoke("export", str(tmp_path / "bare.jsonl"), "--db", db, "--format", "jsonl")
    other = str(tmp_path / "o.db")
    r = invoke("import-claims", str(tmp_path / "bare.jsonl"), "--db", other)
    assert "3 documents added (3 without text)" in r.stdout
    with Ledger(other) as led:
        doc_id = led.scalar("SELECT min(doc_id) FROM documents")
        claim_id = led.scalar("SELECT min(claim_id) FROM claims WHERE doc_id = ?", (doc_id,))
    assert "text not stored" in invoke("show", doc_id, "--db", other).stdout
    assert "document text not stored" in invoke("show", claim_id, "--db", other).stdout
