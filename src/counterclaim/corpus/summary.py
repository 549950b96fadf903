"""The run summary both engines print and write as ``OUT/summary.json``.

Errors are counted by stage and the first ``MAX_LISTED`` are listed with their reasons,
so a crawl with a million broken pages still has a summary of bounded size.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

SUMMARY_FILE = "summary.json"
MAX_LISTED = 1000


@dataclass
class RunSummary:
    """What one ``corpus extract`` run did."""
    engine: str                                  #: ``local`` or ``spark``
    out: str                                     #: output directory
    inputs: list[str] = field(default_factory=list)
    master: Optional[str] = None                 #: Spark master URL (spark engine only)
    documents: int = 0                           #: documents read and extracted
    claims: int = 0                              #: claims written
    errors: int = 0                              #: inputs, records or documents that failed
    errors_by_stage: dict[str, int] = field(default_factory=dict)   #: read / extract -> count
    error_list: list[dict] = field(default_factory=list)            #: first MAX_LISTED {path, stage, reason}
    months: dict[str, int] = field(default_factory=dict)            #: published_month -> documents
    seconds: float = 0.0                         #: wall time of the whole run
    startup_seconds: Optional[float] = None      #: Spark session start (spark engine only)

    def add_error(self, path: Optional[str], stage: str, reason: str) -> None:
        self.errors += 1
        self.errors_by_stage[stage] = self.errors_by_stage.get(stage, 0) + 1
        if len(self.error_list) < MAX_LISTED:
            self.error_list.append({"path": path, "stage": stage, "reason": reason})

    def add_document(self, month: str, n_claims: int) -> None:
        self.documents += 1
        self.claims += n_claims
        self.months[month] = self.months.get(month, 0) + 1

    def to_dict(self) -> dict:
        return {"engine": self.engine, "master": self.master, "inputs": self.inputs, "out": self.out,
                "documents": self.documents, "claims": self.claims, "errors": self.errors,
                "errors_by_stage": self.errors_by_stage, "error_list": self.error_list,
                "months": dict(sorted(self.months.items())), "seconds": round(self.seconds, 3),
                "startup_seconds": None if self.startup_seconds is None else round(self.startup_seconds, 3)}

    def write(self) -> Path:
        path = Path(self.out) / SUMMARY_FILE
        os.makedirs(self.out, exist_ok=True)
        path.write_text(json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path

    def lines(self) -> list[str]:
        """The human summary: one line of totals, then one line per listed error."""
        rate = self.documents / self.seconds if self.seconds else 0.0
        head = ("%s: %d documents, %d claims, %d errors in %.1f s (%.1f documents/s)"
                % (self.engine, self.documents, self.claims, self.errors, self.seconds, rate))
        out = [head]
        if self.startup_seconds is not None:
            out.append("spark start-up: %.1f s (master %s)" % (self.startup_seconds, self.master))
        for e in self.error_list[:20]:
            out.append("error [%s] %s: %s" % (e["stage"], e["path"], e["reason"]))
        if self.errors > 20:
            out.append("… %d more errors in %s" % (self.errors - 20, Path(self.out) / SUMMARY_FILE))
        return out
