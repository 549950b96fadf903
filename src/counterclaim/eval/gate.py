"""The evaluation gate: pinned floors that CI enforces on ``shared/eval/dev``.

Floors live in ``floors.json`` beside this module. They may only be raised: the
gate test also checks them against the issue's targets, below which no floor may sit.
"""
from __future__ import annotations

import json
from pathlib import Path

FLOORS_FILE = Path(__file__).with_name("floors.json")
#: the targets of the extraction issue; a floor below them is refused
TARGETS = {"figure_f1": 0.90, "claimant": 0.90, "statement_kind": 0.85}


def floors() -> dict:
    return json.loads(FLOORS_FILE.read_text(encoding="utf-8"))


def measures(report: dict) -> dict:
    """The gated numbers of a scoring report."""
    return {"figure_f1": report["figure"]["f1"], "claimant": report["fields"].get("claimant") or 0.0,
            "statement_kind": report["statements"].get("kind_acc") or 0.0,
            "statement_recall": report["statements"].get("recall") or 0.0}


def check(report: dict) -> list[str]:
    """The floors a report falls below, as readable lines (empty when the gate passes)."""
    got = measures(report)
    return ["%s %.3f is below its floor %.3f" % (k, got.get(k, 0.0), v) for k, v in floors().items() if got.get(k, 0.0) < v]
