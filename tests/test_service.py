"""The application layer: every way into the ledger links and checks alike (import-claims included)."""
import sys
from pathlib import Path

from counterclaim import service
from counterclaim.ledger import Ledger
from counterclaim.ledger.export import export_claims
from counterclaim.records import Document

sys.path.insert(0, str(Path(__file__).parent))  # the shared hand-built claims (pytest runs in importlib mode)
from link_claims import mk  # noqa: E402


def _documents():
    """Two bulletins of a running total (an ``updates``) and a breakdown that misses its total (a finding)."""
    out = []
    for day, total in ((1, 10233), (2, 10241)):
        d = "2025-03-%02d" % day
        c = mk("G%d" % day, "equipment.tanks", total, q="approx", start="2022-02-24", end=d, stated=d)
        out.append((Document(text=c.doc_id, doc_id=c.doc_id, published=d), [c]))
    total = mk("T", "personnel.casualties", 62400, stated="2025-03-03")
    parts = [mk("T", "personnel.killed", 25200, stated="2025-03-03", part_of=total.claim_id, n=1),
             mk("T", "personnel.wounded", 36200, stated="2025-03-03", part_of=total.claim_id, n=2)]
    out.append((Document(text="T", doc_id="T", published="2025-03-03"), [total] + parts))
    return out


def _links(led):
    return ({(r.src, r.dst, r.type) for doc, _ in _documents() for c in led.claims_of(doc.doc_id)
             for r in led.relations_of(c.claim_id)},
            {(f.kind, f.claim_ids) for f in led.findings()})


def test_import_claims_links_and_checks_like_an_ingest(tmp_path):
    with Ledger(tmp_path / "a.db") as a:
        for doc, claims in _documents():
            a.add(doc, claims)
            service.link_and_check(a, doc.doc_id)
        export_claims(a, str(tmp_path / "out.jsonl"), "jsonl", with_text=True)
        linked = _links(a)
    assert {t for _, _, t in linked[0]} == {"updates"} and {k for k, _ in linked[1]} == {"parts_vs_total"}
    with Ledger(tmp_path / "b.db") as b:
        res = service.import_claims(b, str(tmp_path / "out.jsonl"))
        assert res.claims_added == 5 and res.errors == []
        assert _links(b) == linked
    with Ledger(tmp_path / "c.db") as c:
        service.import_claims(c, str(tmp_path / "out.jsonl"), link=False)
        assert _links(c) == (set(), set())


def test_relink_links_a_ledger_filled_without_linking(tmp_path):
    with Ledger(tmp_path / "a.db") as a:
        for doc, claims in _documents():
            a.add(doc, claims)
            service.link_and_check(a, doc.doc_id)
        linked = _links(a)
    with Ledger(tmp_path / "b.db") as b:
        stats = service.ingest_extracted(b, _documents(), link=False)
        assert stats.added == 3 and _links(b) == (set(), set())
        service.relink(b)
        assert _links(b) == linked
