"""Claims against independent series: the series' value on the claim's date, and the difference.

A series covers a claim when it counts the same metric of the same side nationwide:
a running total since the invasion (key period ``war``, no place or a country) is compared
with the series' level on the claim's date; a one-day increment (``day:D``) with the
series' change from the day before to D.  Claims about a region or a window are not
covered (the series have no regional breakdown).  For the General Staff's equipment
claims the ratio to Oryx's visually confirmed losses on the same date is added.
Lookups go through the ``series_points`` primary key; claims are streamed.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterator, Optional

from counterclaim.ledger import Ledger
from counterclaim.link.keys import QuantityKey, as_of, quantity_key
from counterclaim.link.values import claimant_name, show
from counterclaim.records import Claim

#: a series value older than this many days before the claim's date is too stale to compare with
MAX_STALE_DAYS = 7
GENSTAFF, ORYX = "genstaff", "oryx"


@dataclass(frozen=True)
class SeriesValue:
    series: str
    date: str           #: the series' own date used (the last one on or before the claim's)
    value: int          #: level, or the day's change for an increment
    difference: int     #: the claim's figure minus the series' value

    def to_dict(self) -> dict:
        return {"series": self.series, "date": self.date, "value": self.value, "difference": self.difference}


@dataclass(frozen=True)
class Comparison:
    """One claim a series covers, with each covering series' value."""
    claim_id: str
    claimant: str
    metric: str
    subject_side: str
    date: str
    value: str          #: the claim's figure in words ("about 10,241")
    figure: int         #: the number compared
    increment: bool     #: a one-day change rather than a running total
    series: tuple[SeriesValue, ...] = ()
    oryx_ratio: Optional[float] = None   #: General Staff equipment claims: figure / Oryx confirmed
    doc_id: str = ""

    def to_dict(self) -> dict:
        return {"claim_id": self.claim_id, "doc_id": self.doc_id, "claimant": self.claimant, "metric": self.metric,
                "subject_side": self.subject_side, "date": self.date, "value": self.value, "figure": self.figure,
                "increment": self.increment, "series": [s.to_dict() for s in self.series],
                "oryx_ratio": self.oryx_ratio}


class SeriesIndex:
    """Point lookups into ``series_points`` with the list of series per (metric, side) cached."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self._names: dict[tuple[str, str], list[str]] = {}

    def names(self, metric: str, side: str) -> list[str]:
        k = (metric, side)
        if k not in self._names:
            self._names[k] = [s for s in self.ledger.series_names(metric, side) if not s.endswith(".corrections")]
        return self._names[k]

    def at(self, series: str, metric: str, side: str, day: str) -> Optional[tuple[str, int]]:
        """(date, value) of the last point on or before ``day``, unless older than MAX_STALE_DAYS."""
        r = self.ledger.series_point_before(series, metric, side, day)
        if r is None or (date.fromisoformat(day) - date.fromisoformat(r["date"])).days > MAX_STALE_DAYS:
            return None
        return r["date"], r["value"]

    def change(self, series: str, metric: str, side: str, day: str) -> Optional[tuple[str, int]]:
        """The series' change from the day before ``day`` to ``day`` (both points must exist)."""
        prev = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        a = self.ledger.series_point(series, metric, side, prev)
        b = self.ledger.series_point(series, metric, side, day)
        if a is None or b is None:
            return None
        return day, b.value - a.value


def _national(loc: str, side: str) -> bool:
    return loc == "*" or loc in ("UA", "RU")


def series_scope(key: Optional[QuantityKey]) -> Optional[str]:
    """What of a series a quantity can be compared with: ``level`` (a nationwide total since the
    invasion, against the series' total that day), ``change`` (a nationwide one-day figure, against
    the series' change that day), or None (a place, an operation, another period: no series counts it)."""
    if key is None or key.stance or not _national(key.location, key.subject):
        return None
    if key.period == "war":
        return "level"
    if key.period.startswith("day:"):
        return "change"
    return None


def compare_claim(index: SeriesIndex, claim: Claim, key=None) -> Optional[Comparison]:
    """The comparison for one claim, or None when no series covers it (see ``series_scope``)."""
    key = key or quantity_key(claim)
    if claim.value is None or series_scope(key) is None:
        return None
    increment = key.period.startswith("day:")
    names = index.names(key.metric, key.subject)
    if not names:
        return None
    d = key.period[4:] if increment else (as_of(claim).isoformat() if as_of(claim) else None)
    if d is None:
        return None
    figure = claim.value.low if claim.value.low == claim.value.high else (claim.value.low + claim.value.high) // 2
    values = []
    for s in names:
        got = index.change(s, key.metric, key.subject, d) if increment else index.at(s, key.metric, key.subject, d)
        if got is not None:
            values.append(SeriesValue(s, got[0], got[1], figure - got[1]))
    if not values:
        return None
    ratio = None
    if claim.claimant.key == "ua.general_staff" and key.metric.startswith("equipment.") and not increment:
        o = next((v for v in values if v.series == ORYX), None)
        if o is not None and o.value > 0:
            ratio = round(figure / o.value, 3)
    return Comparison(claim.claim_id, claimant_name(claim), key.metric, key.subject, d, show(claim.value), figure,
                      increment, tuple(values), ratio, claim.doc_id)


def compare(ledger: Ledger, metric: Optional[str] = None) -> Iterator[Comparison]:
    """Every claim (of ``metric``, or of any metric a series has) that a series covers, streamed by date."""
    metrics = ledger.series_metrics()
    if metric:
        metrics = [m for m in metrics if m == metric or m.startswith(metric.rstrip(".") + ".")]
    index = SeriesIndex(ledger)
    for m in metrics:
        for claim, stored_key in ledger.valued_claims(m):
            key = QuantityKey.parse(stored_key) if stored_key else None
            c = compare_claim(index, claim, key)
            if c is not None:
                yield c


@dataclass(frozen=True)
class RatioPoint:
    date: str
    genstaff: int
    oryx: int
    ratio: float


def ratio_over_time(ledger: Ledger, metric: str, side: str = "RU", every_days: int = 30) -> list[RatioPoint]:
    """The General Staff's claimed count against Oryx's confirmed count, sampled every ``every_days``."""
    out: list[RatioPoint] = []
    last: Optional[date] = None
    index = SeriesIndex(ledger)
    for r in ledger.series_values(GENSTAFF, metric, side):
        d = date.fromisoformat(r["date"])
        if last is not None and (d - last).days < every_days:
            continue
        o = index.at(ORYX, metric, side, r["date"])
        if o is None or o[1] <= 0:
            continue
        out.append(RatioPoint(r["date"], r["value"], o[1], round(r["value"] / o[1], 3)))
        last = d
    return out


@dataclass
class Report:
    """What ``counterclaim compare`` prints: the comparisons, the ratio over time per equipment metric,
    and the source and licence of each series (Oryx's data is CC BY: it must be credited)."""
    comparisons: list[Comparison] = field(default_factory=list)
    ratios: dict[str, list[RatioPoint]] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"comparisons": [c.to_dict() for c in self.comparisons],
                "genstaff_oryx_ratio": {m: [vars(p) for p in pts] for m, pts in self.ratios.items()},
                "series": self.sources}


def report(ledger: Ledger, metric: Optional[str] = None) -> Report:
    rep = Report(list(compare(ledger, metric)))
    rep.sources = {r["series"]: {"source": r["source"], "licence": r["licence"], "imported_at": r["imported_at"]}
                   for r in ledger.series_sources()}
    metrics = ledger.series_metrics(ORYX, prefix="equipment.")
    for m in metrics:
        if metric and not (m == metric or m.startswith(metric.rstrip(".") + ".")):
            continue
        pts = ratio_over_time(ledger, m)
        if pts:
            rep.ratios[m] = pts
    return rep
