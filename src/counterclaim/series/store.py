"""Storing an imported series: its points replace the earlier points of the same metrics, in one transaction.

Importing the General Staff's personnel file and its equipment file one after the other must
keep both, so points are replaced per metric (``Ledger.add_series(…, metrics=…)``); the
dataset's source is recorded with its licence, to be credited.
"""
from __future__ import annotations

from typing import Iterable

from counterclaim.ledger import Ledger
from counterclaim.records import SeriesPoint


def store_points(ledger: Ledger, series: str, points: Iterable[SeriesPoint], metrics: Iterable[str], source: str,
                 licence: str, path: str, url: str = "") -> int:
    """Replace ``series``' points of ``metrics`` by ``points`` (streamed); points stored."""
    with ledger.transaction():
        ledger.add_source(source, url, licence)
        return ledger.add_series(series, points, source, licence, path, metrics=metrics)
