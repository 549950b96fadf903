"""The local corpus engine: streaming extraction to Parquet, and failures that stay alone."""
from __future__ import annotations

import json

import pytest

from counterclaim.corpus.local import run_local
from counterclaim.corpus.parquet import iter_claim_rows, read_parquet_dir
from counterclaim.corpus.synthetic import make_corpus, write_bad_inputs
from counterclaim.settings import Settings

pytest.importorskip("counterclaim.ingest", reason="the readers (counterclaim.ingest) are not there yet")


def stand_in_factory():
    """An extractor factory that needs no spaCy: one claim per sentence with a number.

    Built inside a function so that cloudpickle ships it by value to Spark workers.
    """
    import re

    from counterclaim.records import Actor, Claim, Subject, Value, make_claim_id

    sentence = re.compile(r"[^.!?\n]*\d[^.!?\n]*[.!?]?")
    number = re.compile(r"\d[\d,]*")

    def factory(settings):
        def extract(doc):
            if "EXPLODE" in doc.text:
                raise RuntimeError("stand-in failure")
            out = []
            for m in sentence.finditer(doc.text):
                n = int(number.search(m.group()).group().replace(",", "") or 0)
                span = (m.start(), m.end())
                out.append(Claim(claim_id=make_claim_id(doc.doc_id, span, None, "event"), doc_id=doc.doc_id,
                                 kind="assertion", claimant=Actor("author", "author", None), subject=Subject(),
                                 metric="event", value=Value(n, n, "exact", str(n)), location=None, period=None,
                                 stated_on=doc.published, quote=m.group(), span=span))
            return out
        return extract
    return factory


def test_local_engine_writes_every_document_and_claim(tmp_path):
    counts = make_corpus(tmp_path / "in", n_documents=120)
    out = tmp_path / "out"
    summary = run_local([str(tmp_path / "in")], out, Settings(), extractor=stand_in_factory())
    assert summary.errors == 0, summary.error_list
    assert summary.documents == sum(counts.values())
    back = list(read_parquet_dir(out))
    assert len(back) == summary.documents
    assert len({d.doc_id for d, _ in back}) == summary.documents
    n_claims = sum(len(c) for _, c in back)
    assert n_claims == summary.claims > summary.documents  # every article has figures
    assert len(list(iter_claim_rows(out))) == n_claims
    for doc, claims in back:
        for c in claims:
            assert doc.text[c.span[0]:c.span[1]] == c.quote and c.doc_id == doc.doc_id
    formats = {d.format for d, _ in back}
    assert {"text", "html", "jsonl", "warc"} <= formats
    months = set(summary.months)
    assert "unknown" in months and any(m.startswith("2025-") for m in months)
    written = json.loads((out / "summary.json").read_text())
    assert written["documents"] == summary.documents and written["claims"] == n_claims
    assert written["engine"] == "local" and written["errors"] == 0

    again = run_local([str(tmp_path / "in")], out, Settings(), extractor=stand_in_factory())
    assert again.documents == summary.documents
    assert len(list(read_parquet_dir(out))) == summary.documents  # replaced, not appended


def test_bad_inputs_fail_only_themselves(tmp_path):
    write_bad_inputs(tmp_path / "bad", big_bytes=20 * 1024 * 1024)
    (tmp_path / "bad" / "explode.txt").write_text("This page makes the extractor EXPLODE with 3 figures.\n")
    out = tmp_path / "out"
    summary = run_local([str(tmp_path / "bad"), str(tmp_path / "missing.txt")], out, Settings(),
                        extractor=stand_in_factory())
    reasons = "\n".join("%s: %s" % (e["path"], e["reason"]) for e in summary.error_list)
    # good: 2 of 3 WARC responses, 2 JSON lines, ok.txt
    assert summary.documents == 5, reasons
    assert any("broken.warc" in e["path"] and "record" in e["reason"] for e in summary.error_list), reasons
    assert any("latin1.txt" in e["path"] and "UTF-8" in e["reason"] for e in summary.error_list), reasons
    assert any("huge.txt" in e["path"] and "too large" in e["reason"] for e in summary.error_list), reasons
    assert any("mixed.jsonl" in e["path"] and "line 2" in e["reason"] for e in summary.error_list), reasons
    assert any("mixed.jsonl" in e["path"] and "line 3" in e["reason"] and "too large" in e["reason"]
               for e in summary.error_list), reasons
    assert any("image.html" in e["path"] for e in summary.error_list), reasons
    assert any("missing.txt" in e["path"] for e in summary.error_list), reasons
    assert [e for e in summary.error_list if e["stage"] == "extract"] == [
        {"path": str(tmp_path / "bad" / "explode.txt"), "stage": "extract",
         "reason": "RuntimeError: stand-in failure"}]
    assert summary.errors == len(summary.error_list) == sum(summary.errors_by_stage.values())
    assert len(list(read_parquet_dir(out))) == 5


def test_corpus_extract_command_with_the_real_extractor(tmp_path):
    pytest.importorskip("counterclaim.extract.pipeline", reason="the extractor is not there yet")
    from click.testing import CliRunner

    from counterclaim.cli import main

    make_corpus(tmp_path / "in", n_documents=30)
    (tmp_path / "in" / "bad.txt").write_bytes(b"Caf\xe9 owners said 12 shops closed.")
    res = CliRunner().invoke(main, ["corpus", "extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--engine", "local"])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["documents"] == 30 and summary["claims"] > 30 and summary["errors"] == 1
    assert "local: %d documents, %d claims, 1 errors" % (summary["documents"], summary["claims"]) in res.output
    assert "bad.txt" in res.output
    claims = list(iter_claim_rows(tmp_path / "out"))
    assert {c["metric"] for c in claims} & {"personnel.killed", "equipment.uav", "personnel.wounded"}


def test_output_loads_into_a_ledger_once(tmp_path):
    """``counterclaim ingest --parquet`` reads what the engines write (idempotent)."""
    from counterclaim import service as ingest
    from counterclaim.ledger.store import Ledger

    make_corpus(tmp_path / "in", n_documents=60)
    summary = run_local([str(tmp_path / "in")], tmp_path / "out", Settings(), extractor=stand_in_factory())
    with Ledger(str(tmp_path / "ledger.db")) as ledger:
        first = ingest.ingest_parquet(ledger, str(tmp_path / "out"), link=False)
        again = ingest.ingest_parquet(ledger, str(tmp_path / "out"), link=False)
        counts = ledger.counts()
    assert (first.added, first.claims, first.errors) == (summary.documents, summary.claims, [])
    assert (again.added, again.skipped, again.claims) == (0, summary.documents, 0)
    assert (counts["documents"], counts["claims"]) == (summary.documents, summary.claims)
