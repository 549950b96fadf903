"""Storing an imported series: its points replace the earlier points of the same metrics, in one transaction.

``Ledger.add_series`` replaces a whole series; importing the General Staff's personnel file
and its equipment file one after the other must keep both, so points are replaced per metric.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable

from counterclaim.records import SeriesPoint

BATCH = 2000


def store_points(ledger, series: str, points: Iterable[SeriesPoint], metrics: Iterable[str], source: str,
                 licence: str, path: str, url: str = "") -> int:
    """Replace ``series``' points of ``metrics`` by ``points`` (streamed in batches); points stored."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    n = 0
    with ledger.transaction():
        ledger.execute("INSERT OR REPLACE INTO series(series, source, licence, path, imported_at) VALUES (?, ?, ?, ?, ?)",
                       (series, source, licence, path, now))
        ledger.execute("INSERT OR REPLACE INTO sources(name, url, licence) VALUES (?, ?, ?)", (source, url, licence))
        for m in sorted(set(metrics)):
            ledger.execute("DELETE FROM series_points WHERE series = ? AND metric = ?", (series, m))
        batch = []
        for p in points:
            batch.append((series, p.metric, p.subject_side, p.date, p.value))
            if len(batch) >= BATCH:
                n += _flush(ledger, batch)
        n += _flush(ledger, batch)
    return n


def _flush(ledger, batch: list) -> int:
    if not batch:
        return 0
    ledger.executemany("INSERT OR REPLACE INTO series_points(series, metric, subject_side, date, value) "
                       "VALUES (?, ?, ?, ?, ?)", batch)
    k = len(batch)
    batch.clear()
    return k
