"""``counterclaim demo``: a fresh ledger built from the bundled examples, and what to show about it."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional

from counterclaim.errors import LedgerError
from counterclaim.examples import EXAMPLES, EXAMPLES_DIR
from counterclaim.ledger.ingest import IngestStats, ingest
from counterclaim.ledger.store import Ledger
from counterclaim.settings import Settings

DEFAULT_DEMO_DB = "counterclaim-demo.db"


def _is_demo_ledger(path: Path) -> bool:
    """True when every document of the ledger at ``path`` was read from the bundled examples."""
    try:
        with Ledger(path, readonly=True) as led:
            others = led.scalar("SELECT count(*) FROM documents WHERE path IS NULL OR substr(path, 1, ?) != ?",
                                (len(str(EXAMPLES_DIR)), str(EXAMPLES_DIR)))
            return others == 0
    except LedgerError:
        return False


def reset(path: str) -> None:
    """Remove an earlier demo ledger; refuse to delete a file that holds anything else."""
    p = Path(path)
    if p.exists():
        if not _is_demo_ledger(p):
            raise LedgerError("exists and is not a demo ledger; give the demo another --db", path=path)
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(str(p) + suffix)
        except FileNotFoundError:
            pass


def build(path: str, extractor, on_progress=None, on_error: Optional[Callable[[str], None]] = None) -> IngestStats:
    """Ingest every bundled example (with its date and source) into a new ledger at ``path``."""
    from counterclaim.ingest import read_inputs
    reset(path)

    def items():
        for ex in EXAMPLES:
            settings = Settings.from_env(published=ex.published, source=ex.source)
            yield from read_inputs([str(ex.path)], settings)

    with Ledger(path) as led:
        return ingest(led, items(), extractor, on_progress=on_progress, on_error=on_error)


def summary(led: Ledger) -> dict:
    """What the demo prints under the claims: counts by kind, metric, relation type, and the findings."""
    return {
        "counts": led.counts(),
        "by_kind": led.facets(None, "kind", limit=10),
        "by_metric": led.facets(None, "metric", limit=30),
        "by_relation": [(r["type"], r["n"]) for r in
                        led.query("SELECT type, count(*) AS n FROM relations GROUP BY type ORDER BY n DESC")],
        "findings": list(led.findings()),
    }
