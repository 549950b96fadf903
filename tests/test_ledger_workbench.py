"""The ledger's workbench reads: the disputes table its triggers keep, the documents list, full text over documents."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_fixtures as fx  # noqa: E402

from counterclaim.ledger import ClaimFilter, Ledger  # noqa: E402
from counterclaim.records import Finding, Relation  # noqa: E402


def _ledger(tmp_path):
    path = tmp_path / "l.db"
    ids = fx.build_ledger(path, synthetic=0, xss=False)
    return Ledger(path), ids


def test_disputes_follow_relations_and_findings(tmp_path):
    led, ids = _ledger(tmp_path)
    with led:
        assert led.dispute_counts() == {"contradicts": 1, "revises": 1, "parts_vs_total": 1}
        # an update or a re-report is no dispute; a contradiction added later is one, dated by its claims
        led.add_relations([Relation(ids["national"], ids["total"], "updates", "u"),
                           Relation(ids["syniehubov"][1], ids["syniehubov"][0], "contradicts", "c")])
        rows = led.dispute_rows()
        assert [r["kind"] for r in rows][:1] == ["contradicts"] and rows[0]["date"] == "2025-05-16"
        assert rows[0]["claim_ids"] == [ids["syniehubov"][1], ids["syniehubov"][0]]
        # re-checking replaces a finding: one dispute, with the new message
        f = Finding("parts_vs_total", (ids["total"], ids["killed"]), "again", 1.0, 2.0, 1.0)
        led.add_findings([f])
        led.add_findings([Finding(f.kind, f.claim_ids, "again, re-checked", 1.0, 2.0, 1.0)])
        found = [r for r in led.dispute_rows(kind="findings") if r["message"].startswith("again")]
        assert [r["message"] for r in found] == ["again, re-checked"]
        # a document that goes takes its disputes with it
        seed = ids["seed_doc"]
        led.delete_document(seed)
        left = led.dispute_rows()
        assert all(ids["total"] not in r["claim_ids"] for r in left)
        assert led.dispute_counts() == {"contradicts": 1, "revises": 1}


def test_a_running_total_that_went_down_is_listed_once(tmp_path):
    led, ids = _ledger(tmp_path)
    with led:
        led.add_findings([Finding("cumulative_drop", (ids["revised"], ids["ru"]), "went down", 76000.0, 71000.0,
                                  -5000.0)])
        assert [r["kind"] for r in led.dispute_rows(ClaimFilter(claimant="ru.mod"))] == ["revises", "contradicts"]


def test_documents_list_and_matches(tmp_path):
    led, ids = _ledger(tmp_path)
    with led:
        docs = led.document_list({})
        assert [d["published"] for d in docs] == sorted((d["published"] for d in docs), reverse=True)
        seed = next(d for d in docs if d["doc_id"] == ids["seed_doc"])
        assert seed["claims"] == 4 and seed["source"] == "newswire"
        assert [d["doc_id"] for d in led.document_list({"source": "newswire"})] == [ids["seed_doc"]]
        assert [d["format"] for d in led.document_list({"format": "reddit"})] == ["reddit"]
        assert len(led.document_list({"q": "Kharkiv injured"})) == 3
        facets, seen = led.document_facets({})
        assert seen == len(docs) and dict(facets["format"])["reddit"] == 1
        m = led.document_matches("recaptured")
        assert m[0]["doc_id"] == ids["seed_doc"] and "\ue000recaptured\ue001" in m[0]["snippet"]
        assert led.document_matches("   ") == []
