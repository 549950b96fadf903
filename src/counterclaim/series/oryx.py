"""Importer for Oryx-derived visually confirmed equipment losses (scarnecchia/oryx_data ``daily_count.csv``).

Each row is a running tally of one (country, Oryx category) as of ``date_recorded``; rows exist only
on the days the scraper recorded a change, so each category is carried forward from its last
record to the next one (forward fill), then categories are summed into the spec's metrics
(Oryx's tanks, AFVs, IFVs, APCs … fall into ``equipment.tanks`` / ``equipment.afv`` …).
The country is the owner of the materiel: Russia's losses have subject side RU.  The summary
rows (``All Types`` and the headers Oryx prints above its lists) are left out.  The CSV is read
row by row; only one value per category and recorded date is kept.
"""
from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from counterclaim.errors import SeriesError
from counterclaim.records import SeriesPoint

if TYPE_CHECKING:  # the readers serve the evaluation too, which needs no ledger
    from counterclaim.ledger import Ledger

SERIES = "oryx"
SOURCE = "Oryx (oryxspioenkop.com), visually confirmed losses, as scraped by scarnecchia/oryx_data"
URL = "https://github.com/scarnecchia/oryx_data"
LICENCE = "CC BY 4.0 (scarnecchia/oryx_data; data from Oryx / oryxspioenkop.com)"
COUNTRIES = {"russia": "RU", "ukraine": "UA"}

#: Oryx category (lower case) -> metric; categories not listed count as ``equipment.other``
CATEGORIES = {
    "tanks": "equipment.tanks",
    "armoured fighting vehicles": "equipment.afv",
    "infantry fighting vehicles": "equipment.afv",
    "armoured personnel carriers": "equipment.afv",
    "infantry mobility vehicles": "equipment.afv",
    "mine-resistant ambush protected": "equipment.afv",
    "self-propelled artillery": "equipment.artillery",
    "towed artillery": "equipment.artillery",
    "multiple rocket launchers": "equipment.mlrs",
    "surface-to-air missile systems": "equipment.air_defense",
    "anti-aircraft guns": "equipment.air_defense",
    "self-propelled anti-aircraft guns": "equipment.air_defense",
    "aircraft": "equipment.aircraft",
    "helicopters": "equipment.helicopters",
    "reconnaissance unmanned aerial vehicles": "equipment.uav",
    "unmanned combat aerial vehicles": "equipment.uav",
    "naval ships": "equipment.ships",
    "naval ships and submarines": "equipment.ships",
    "trucks, vehicles, and jeeps": "equipment.vehicles",
    "trucks, vehicles, jeeps, and trains": "equipment.vehicles",
}
#: one category under two names over time: carried forward as one
SAME_CATEGORY = {"trucks, vehicles, jeeps, and trains": "trucks, vehicles, and jeeps",
                 "naval ships and submarines": "naval ships"}
REQUIRED = ("country", "equipment_type", "type_total", "date_recorded")


def category(equipment_type: str) -> str | None:
    """The category's canonical name, or None for a summary row."""
    t = " ".join(equipment_type.split()).lower()
    if not t or t == "all types" or t.startswith("losses ") or "of which" in t:
        return None
    return SAME_CATEGORY.get(t, t)


def read_records(path: Path) -> dict[tuple[str, str], dict[str, int]]:
    """{(side, category): {date: running total}} from the CSV, read row by row."""
    path = Path(path)
    try:
        f = open(path, newline="", encoding="utf-8")
    except OSError as e:
        raise SeriesError("cannot read: %s" % e.strerror, path=str(path)) from None
    out: dict[tuple[str, str], dict[str, int]] = {}
    with f:
        reader = csv.DictReader(f)
        missing = [c for c in REQUIRED if c not in (reader.fieldnames or ())]
        if missing:
            raise SeriesError("not an Oryx daily_count.csv: no column %s" % ", ".join(missing), path=str(path))
        try:
            for n, row in enumerate(reader, 2):
                side = COUNTRIES.get((row["country"] or "").strip().lower())
                cat = category(row["equipment_type"] or "")
                if side is None or cat is None:
                    continue
                d = (row["date_recorded"] or "").strip()
                try:
                    date.fromisoformat(d)
                    total = int(float(row["type_total"]))
                except (TypeError, ValueError):
                    raise SeriesError("record %d: bad date or total (%r, %r)" % (n, d, row["type_total"]),
                                      path=str(path)) from None
                out.setdefault((side, cat), {})[d] = total
        except UnicodeDecodeError:
            raise SeriesError("not UTF-8 text", path=str(path)) from None
        except csv.Error as e:
            raise SeriesError("malformed CSV: %s" % e, path=str(path)) from None
    return out


def daily_points(records: dict[tuple[str, str], dict[str, int]]) -> Iterator[SeriesPoint]:
    """Every day from a metric's first record to the file's last recorded date, categories carried forward."""
    if not records:
        return
    last = max(max(days) for days in records.values())
    by_metric: dict[tuple[str, str], list[dict[str, int]]] = {}
    for (side, cat), days in records.items():
        by_metric.setdefault((side, CATEGORIES.get(cat, "equipment.other")), []).append(days)
    end = date.fromisoformat(last)
    for (side, metric), cats in sorted(by_metric.items()):
        day = date.fromisoformat(min(min(c) for c in cats))
        current = [None] * len(cats)
        while day <= end:
            iso = day.isoformat()
            for i, c in enumerate(cats):
                if iso in c:
                    current[i] = c[iso]
            yield SeriesPoint(SERIES, metric, side, iso, sum(v for v in current if v is not None), SOURCE, LICENCE)
            day += timedelta(days=1)


def import_oryx(ledger: Ledger, path) -> dict[str, int]:
    """Import ``daily_count.csv`` (or a folder holding it) into the ledger as the series ``oryx``."""
    from counterclaim.series.store import store_points
    path = Path(path)
    if path.is_dir():
        path = path / "daily_count.csv"
    if not path.is_file():
        raise SeriesError("no such file (expected Oryx's daily_count.csv)", path=str(path))
    records = read_records(path)
    if not records:
        raise SeriesError("no Russia or Ukraine category rows", path=str(path))
    metrics = set(CATEGORIES.values()) | {"equipment.other"}
    n = store_points(ledger, SERIES, daily_points(records), metrics, SOURCE, LICENCE, str(path), URL)
    return {SERIES: n}
