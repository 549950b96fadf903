"""``counterclaim eval``: agreement with the reference scorer, and the gate on the development set."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from counterclaim.eval import gate
from counterclaim.eval.runner import run
from counterclaim.eval.score import Report, score_document

FIX = Path(__file__).parent / "fixtures" / "eval"
CLI = [sys.executable, "-m", "counterclaim"]


def _gold(claims):
    return {"file": "x.txt", "published": "2025-01-01", "format": "text", "claims": claims}


def test_matching_is_one_to_one_on_metric_value_and_side():
    g = _gold([{"metric": "personnel.killed", "value": {"low": 5, "high": 5, "qualifier": "exact"}, "subject": {"side": "UA"},
                "claimant": {"key": "ua.mod"}},
               {"metric": "personnel.killed", "value": {"low": 5, "high": 5, "qualifier": "exact"}, "subject": {"side": "RU"}}])
    preds = [{"claim_id": "a", "metric": "personnel.killed", "value": {"low": 5, "high": 5}, "subject": {"side": "UA"},
              "claimant": {"key": "ru.mod"}, "quote": ""},
             {"claim_id": "b", "metric": "personnel.killed", "value": {"low": 5, "high": 5}, "subject": {"side": "UA"}, "quote": ""},
             {"claim_id": "c", "metric": "personnel.killed", "value": {"low": 1999, "high": 1999}, "quote": ""}]
    rep = Report()
    score_document(rep, g, preds)
    res = rep.to_dict()
    assert (res["figure"]["tp"], res["figure"]["fp"], res["figure"]["fn"]) == (1, 2, 1)
    assert res["fields"]["claimant"] == 0.0 and res["fields_n"]["claimant"] == 1


def test_statements_found_by_quote_overlap_and_kind():
    g = _gold([{"kind": "opinion", "quote_contains": "those reports  are GREAT"},
               {"kind": "assertion", "quote_contains": "never said", "citations": ["https://a.example/x"]}])
    preds = [{"kind": "opinion", "quote": "(More generally, those reports are great source.)", "value": None},
             {"kind": "reported", "quote": "He never said it", "citations": ["https://a.example/x"], "value": None}]
    rep = Report()
    score_document(rep, g, preds)
    st = rep.to_dict()["statements"]
    assert st == {"total": 2, "recall": 1.0, "kind_acc": 0.5, "citations_acc": 1.0}


def test_agrees_with_the_reference_scorer(shared_dir, tmp_path):
    """Our in-process scorer and shared/tools/score.py (which runs the CLI per document) report the same."""
    ref = subprocess.run([sys.executable, str(shared_dir / "tools" / "score.py"), str(FIX),
                          "--cmd", "%s -m counterclaim" % sys.executable, "--json", str(tmp_path / "ref.json")],
                         capture_output=True, text=True, timeout=600)
    assert ref.returncode == 0, ref.stderr
    expected = json.loads((tmp_path / "ref.json").read_text())
    ours = run(str(FIX)).to_dict()
    assert ours == expected
    assert ours["figure"]["fn"] >= 1   # the fixture's gold holds a claim nobody could find


def test_floors_are_not_below_the_issue_targets():
    floors = gate.floors()
    for name, target in gate.TARGETS.items():
        assert floors[name] >= target, "floor %s lowered below the target %s" % (name, target)


def test_development_set_gate(extractor, shared_dir):
    res = run(str(shared_dir / "eval" / "dev"), extractor=extractor).to_dict()
    assert not res["errors"]
    assert gate.check(res) == [], res


def test_eval_command_reports_and_gates(shared_dir, tmp_path):
    out = subprocess.run(CLI + ["eval", str(FIX), "--json", str(tmp_path / "r.json"), "-v"],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    assert "figure F1" in out.stdout and "missed personnel.deployed" in out.stdout
    assert json.loads((tmp_path / "r.json").read_text())["figure"]["tp"] >= 5
    bad = subprocess.run(CLI + ["eval", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert bad.returncode == 1 and "no gold.jsonl" in bad.stderr


def test_second_set_written_for_the_project(extractor):
    """tests/fixtures/heldout: ten documents by other (invented) outlets, annotated before the rules
    were tuned on them; now a regression floor for wording the development set does not have."""
    res = run(str(Path(__file__).parent / "fixtures" / "heldout"), extractor=extractor).to_dict()
    assert res["figure"]["f1"] >= 0.92, res["figure"]
    assert res["fields"]["claimant"] >= 0.95 and res["statements"]["kind_acc"] >= 0.9
