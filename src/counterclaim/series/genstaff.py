"""Importer for the Ukrainian General Staff's daily cumulative Russian losses.

Format: PetroIvaniuk/2022-Ukraine-Russia-War-Dataset — JSON arrays of flat objects, one per day,
every count cumulative since 2022-02-24: ``russia_losses_personnel.json`` (``personnel``, ``POW``),
``russia_losses_equipment.json`` (``tank``, ``APC``, ``field artillery`` …) and
``russia_losses_equipment_correction.json`` (signed corrections the General Staff applied on a
date; the cumulative series already contains them, so they are kept as a series of their own,
``genstaff.corrections``, to explain a jump or a drop).  The files are read as a stream of
objects, never parsed whole.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Optional

from counterclaim.errors import SeriesError
from counterclaim.records import SeriesPoint

if TYPE_CHECKING:  # the readers serve the evaluation too, which needs no ledger
    from counterclaim.ledger import Ledger

SERIES = "genstaff"
CORRECTIONS = "genstaff.corrections"
SOURCE = ("General Staff of the Armed Forces of Ukraine, daily statements (zsu.gov.ua, mil.gov.ua), "
          "as compiled by PetroIvaniuk/2022-Ukraine-Russia-War-Dataset")
URL = "https://github.com/PetroIvaniuk/2022-Ukraine-Russia-War-Dataset"
LICENCE = "MIT (Copyright (c) 2022 Petro Ivaniuk)"
SIDE = "RU"  # every count is of Russian losses

#: dataset field -> metric of the claim record spec
EQUIPMENT = {
    "tank": "equipment.tanks",
    "APC": "equipment.afv",
    "field artillery": "equipment.artillery",
    "MRL": "equipment.mlrs",
    "anti-aircraft warfare": "equipment.air_defense",
    "aircraft": "equipment.aircraft",
    "helicopter": "equipment.helicopters",
    "drone": "equipment.uav",
    "cruise missiles": "equipment.missiles",
    "naval ship": "equipment.ships",
    "special equipment": "equipment.other",
}
#: fields summed into ``equipment.vehicles`` before the dataset merged them (to 2022-04-30)
VEHICLE_PARTS = ("military auto", "fuel tank")
PERSONNEL = {"personnel": "personnel.casualties", "POW": "personnel.captured"}

FILES = {"personnel": "russia_losses_personnel.json", "equipment": "russia_losses_equipment.json",
         "correction": "russia_losses_equipment_correction.json"}

_CHUNK = 1 << 16


def iter_json_array(path: Path) -> Iterator[dict]:
    """The objects of a top-level JSON array, decoded one at a time from 64 KiB reads."""
    dec = json.JSONDecoder()
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise SeriesError("cannot read: %s" % e.strerror, path=str(path)) from None
    with f:
        buf, pos, eof, started = "", 0, False, False
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos >= len(buf) or (started and buf[pos] == "{" and len(buf) - pos < _CHUNK // 4 and not eof):
                if eof:
                    if pos >= len(buf):
                        raise SeriesError("truncated JSON: the array is not closed" if started
                                          else "empty file, expected a JSON array", path=str(path))
                else:
                    try:
                        more = f.read(_CHUNK)
                    except UnicodeDecodeError:
                        raise SeriesError("not UTF-8 text", path=str(path)) from None
                    eof = not more
                    buf, pos = buf[pos:] + more, 0
                    continue
            if not started:
                if buf[pos] != "[":
                    raise SeriesError("expected a JSON array of daily objects", path=str(path))
                started, pos = True, pos + 1
                continue
            if buf[pos] == "]":
                return
            try:
                obj, pos = dec.raw_decode(buf, pos)
            except json.JSONDecodeError as e:
                if not eof:  # an object longer than what is buffered: read on
                    more = f.read(_CHUNK)
                    eof = not more
                    buf, pos = buf[pos:] + more, 0
                    continue
                raise SeriesError("invalid JSON at character %d of a read: %s" % (e.pos, e.msg),
                                  path=str(path)) from None
            if not isinstance(obj, dict):
                raise SeriesError("expected objects in the array, got %s" % type(obj).__name__, path=str(path))
            yield obj


def _date(row: dict, path: Path) -> str:
    d = row.get("date")
    if not isinstance(d, str) or len(d) != 10:
        raise SeriesError("a row without a YYYY-MM-DD date: %r" % (row,)[:120], path=str(path))
    return d


def _int(v) -> Optional[int]:
    return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def equipment_points(row: dict, series: str = SERIES) -> Iterator[SeriesPoint]:
    """The points of one equipment row (cumulative counts, or corrections)."""
    d = row["date"]
    for field, metric in EQUIPMENT.items():
        v = _int(row.get(field))
        if v is not None:
            yield SeriesPoint(series, metric, SIDE, d, v, SOURCE, LICENCE)
    veh = _int(row.get("vehicles and fuel tanks"))
    if veh is None:
        parts = [_int(row.get(p)) for p in VEHICLE_PARTS]
        if any(p is not None for p in parts):
            veh = sum(p or 0 for p in parts)
    if veh is not None:
        yield SeriesPoint(series, "equipment.vehicles", SIDE, d, veh, SOURCE, LICENCE)


def personnel_points(row: dict, series: str = SERIES) -> Iterator[SeriesPoint]:
    for field, metric in PERSONNEL.items():
        v = _int(row.get(field))
        if v is not None:
            yield SeriesPoint(series, metric, SIDE, row["date"], v, SOURCE, LICENCE)


def kind_of(path: Path) -> str:
    """``personnel``, ``equipment`` or ``correction``, by the file's name, else by its first object."""
    name = path.name.lower()
    if "correction" in name:
        return "correction"
    if "personnel" in name:
        return "personnel"
    if "equipment" in name and "oryx" not in name:
        return "equipment"
    for row in iter_json_array(path):
        if "personnel" in row and not any(k in row for k in EQUIPMENT):
            return "personnel"
        if any(k in row for k in EQUIPMENT):
            return "equipment"
        break
    raise SeriesError("not a General Staff losses file (expected personnel or equipment counts per date)",
                      path=str(path))


def read_file(path: Path) -> Iterator[SeriesPoint]:
    """Points of one file: its series is ``genstaff`` or, for the correction file, ``genstaff.corrections``."""
    kind = kind_of(path)
    for row in iter_json_array(path):
        _date(row, path)
        if kind == "personnel":
            yield from personnel_points(row)
        elif kind == "equipment":
            yield from equipment_points(row)
        else:
            yield from personnel_points(row, CORRECTIONS)
            yield from equipment_points(row, CORRECTIONS)


def files_in(path: Path) -> list[Path]:
    """The dataset's files under a folder (or the one file given)."""
    path = Path(path)
    if path.is_dir():
        found = [path / n for n in FILES.values() if (path / n).is_file()]
        if not found:
            raise SeriesError("no %s in this folder" % " / ".join(FILES.values()), path=str(path))
        return found
    if not path.exists():
        raise SeriesError("no such file or folder", path=str(path))
    return [path]


def import_genstaff(ledger: Ledger, path) -> dict[str, int]:
    """Import a folder (or one file) of the dataset into the ledger; points stored per series."""
    from counterclaim.series.store import store_points
    counts: dict[str, int] = {}
    for f in files_in(Path(path)):
        kind = kind_of(f)
        series = CORRECTIONS if kind == "correction" else SERIES
        metrics = _metrics(kind)
        n = store_points(ledger, series, read_file(f), metrics, SOURCE, LICENCE, str(f), URL)
        counts[series] = counts.get(series, 0) + n
    return counts


def _metrics(kind: str) -> Iterable[str]:
    eq = set(EQUIPMENT.values()) | {"equipment.vehicles"}
    return {"personnel": set(PERSONNEL.values()), "equipment": eq}.get(kind, eq | set(PERSONNEL.values()))
