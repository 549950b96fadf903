"""Claimants' track records: how often each one's figures were repeated, corroborated, contradicted,
revised by itself, and how they stand against the independent series.

The counts are the ledger's (``ledger/claimants.py``: one read of the ``claims_claimant_id``
index and one per relation type through ``relations_type``); the ratio to a series is the
median of figure ÷ series value over the claimant's claims that a series covers
(``compare.series_scope``: nationwide totals since the invasion against the series' level,
one-day figures against its change). A bare surname is counted with the one full name it
belongs to (``claimants.merge_aliases``). ``counterclaim claimants``, ``/claimants`` and
``/api/claimants`` all show these same records.
"""
from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Iterator, Optional, Sequence

from counterclaim.ledger import Ledger
from counterclaim.ledger.claimants import display_name, merge_aliases, name_key
from counterclaim.link.compare import MAX_STALE_DAYS, SeriesIndex, compare_claim, series_scope
from counterclaim.link.keys import QuantityKey
from counterclaim.link.quantity import light_claim

COUNTS = ("claims", "metrics", "repeated", "corroborated", "contradicted", "revised")
#: what the index sorts by (``-`` prefix: descending)
SORTS = ("name", "claims", "metrics", "first", "last", "repeated", "corroborated", "contradicted", "revised",
         "genstaff", "oryx")


@dataclass
class Ratio:
    """A claimant's figures against one series: median figure ÷ series value over ``n`` claims."""
    series: str
    scope: str          #: "level" (totals) or "change" (one-day figures)
    median: float
    n: int
    low: float
    high: float

    def to_dict(self) -> dict:
        return {"series": self.series, "scope": self.scope, "median": self.median, "n": self.n,
                "min": self.low, "max": self.high}


@dataclass
class TrackRecord:
    claimant_id: str
    name: str
    names: list[str] = field(default_factory=list)     #: every way it was written
    aliases: list[str] = field(default_factory=list)   #: other identities counted as this one
    claims: int = 0
    metrics: int = 0
    first: Optional[str] = None
    last: Optional[str] = None
    repeated: int = 0        #: claims another document re-reported
    corroborated: int = 0    #: claims another claimant's figure agrees with
    contradicted: int = 0    #: claims another claimant's figure contradicts
    revised: int = 0         #: claims it later replaced with another figure
    ratios: list[Ratio] = field(default_factory=list)

    def ratio(self, series: str, scope: str = "level") -> Optional[Ratio]:
        return next((r for r in self.ratios if r.series == series and r.scope == scope), None)

    @property
    def identities(self) -> list[str]:
        return [self.claimant_id] + self.aliases

    def to_dict(self) -> dict:
        return {"claimant_id": self.claimant_id, "name": self.name, "names": self.names, "aliases": self.aliases,
                "claims": self.claims, "metrics": self.metrics, "first": self.first, "last": self.last,
                "repeated": self.repeated, "corroborated": self.corroborated, "contradicted": self.contradicted,
                "revised": self.revised, "ratios": [r.to_dict() for r in self.ratios]}


def _series_keys(ledger: Ledger) -> tuple[list[str], list[str]]:
    """The keys (and key prefixes) of quantities a series covers, for every metric and side with points."""
    exact, prefixes = [], []
    for s in ledger.series_list():
        if s["series"].endswith(".corrections"):
            continue
        for m in s["metrics"]:
            for loc in ("*", "UA", "RU"):
                exact.append(str(QuantityKey(m["metric"], m["subject_side"], "war", loc)))
            prefixes.append("%s|%s|day:" % (m["metric"], m["subject_side"]))
    return exact, prefixes


class MemorySeriesIndex(SeriesIndex):
    """``SeriesIndex`` answered from each (series, metric, side)'s points read once into memory:
    a track record compares thousands of claims with a few series of about 1,500 days each."""

    def __init__(self, ledger: Ledger):
        super().__init__(ledger)
        self._points: dict[tuple[str, str, str], tuple[list[str], list[int]]] = {}

    def _of(self, series: str, metric: str, side: str) -> tuple[list[str], list[int]]:
        k = (series, metric, side)
        if k not in self._points:
            rows = list(self.ledger.series_values(series, metric, side))
            self._points[k] = ([r["date"] for r in rows], [r["value"] for r in rows])
        return self._points[k]

    def at(self, series: str, metric: str, side: str, day: str) -> Optional[tuple[str, int]]:
        dates, values = self._of(series, metric, side)
        i = bisect_right(dates, day) - 1
        if i < 0 or (date.fromisoformat(day) - date.fromisoformat(dates[i])).days > MAX_STALE_DAYS:
            return None
        return dates[i], values[i]

    def change(self, series: str, metric: str, side: str, day: str) -> Optional[tuple[str, int]]:
        dates, values = self._of(series, metric, side)
        prev = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        i, j = bisect_left(dates, prev), bisect_left(dates, day)
        if i >= len(dates) or dates[i] != prev or j >= len(dates) or dates[j] != day:
            return None
        return day, values[j] - values[i]


def ratio_rows(ledger: Ledger, identities: Optional[Sequence[str]] = None, claim_ids: Optional[set] = None
               ) -> Iterator[tuple[str, str, str, str, float]]:
    """(claim_id, series, claimant_id, scope, figure ÷ series value) of each claim a series covers."""
    exact, prefixes = _series_keys(ledger)
    if not exact:
        return
    index = MemorySeriesIndex(ledger)
    for r in ledger.key_claim_rows(exact, prefixes, identities):
        if claim_ids is not None and r["claim_id"] not in claim_ids:
            continue
        key = QuantityKey.parse(r["quantity_key"])
        scope = series_scope(key)
        if scope is None or not r["claimant_id"]:
            continue
        comp = compare_claim(index, light_claim(r), key)
        if comp is None:
            continue
        for sv in comp.series:
            base = sv.value
            if base and base > 0 and comp.figure >= 0:
                yield r["claim_id"], sv.series, r["claimant_id"], scope, comp.figure / base


def refresh_ratios(ledger: Ledger) -> int:
    """Every claim's ratio to the series into the ledger (``claim_ratios``), marked complete; how many.
    Run after a series import (which marks them stale) and for a ledger from before migration 4."""
    rows = list(ratio_rows(ledger))
    ledger.replace_claim_ratios(rows, fresh=True)
    return len(rows)


def record_ratios(ledger: Ledger, doc_id: str) -> None:
    """The ratios of one just linked document's claims, while the stored ones are complete (when they
    are stale a ``refresh_ratios`` recomputes them all anyway)."""
    if not ledger.claim_ratios_fresh():
        return
    rows = [r for r in ledger.document_claim_rows(doc_id) if r.get("quantity_key") and r.get("claimant_id")]
    if not rows:
        return
    ids = {r["claim_id"] for r in rows}
    got = list(ratio_rows(ledger, sorted({r["claimant_id"] for r in rows}), ids))
    ledger.add_claim_ratios(sorted(ids), got)


def ratios(ledger: Ledger, identities: Optional[Sequence[str]] = None) -> dict[str, list[Ratio]]:
    """Each identity's ratios to the series (figure ÷ series value), over the claims a series covers:
    read from the ledger's ``claim_ratios`` when complete, else computed here from the claims."""
    out: dict[str, list[Ratio]] = {}
    if ledger.claim_ratios_fresh():
        for g in sorted(ledger.claimant_ratio_stats(identities),
                        key=lambda g: (g["claimant_id"], g["series"], g["scope"])):
            out.setdefault(g["claimant_id"], []).append(Ratio(g["series"], g["scope"], round(g["median"], 3), g["n"],
                                                              round(g["low"], 3), round(g["high"], 3)))
        return out
    got: dict[tuple[str, str, str], list[float]] = {}
    for _, series, who, scope, ratio in ratio_rows(ledger, identities):
        got.setdefault((who, series, scope), []).append(ratio)
    for (who, series, scope), vals in sorted(got.items()):
        out.setdefault(who, []).append(Ratio(series, scope, round(statistics.median(vals), 3), len(vals),
                                             round(min(vals), 3), round(max(vals), 3)))
    return out


def track_records(ledger: Ledger, identities: Optional[Sequence[str]] = None) -> list[TrackRecord]:
    """Track records of every claimant (or of some identities, with the aliases merged into them)."""
    names = ledger.claimant_names()
    alias_of = merge_aliases(names)
    wanted = None
    if identities is not None:
        canon = {alias_of.get(i, i) for i in identities}
        wanted = sorted(canon | {a for a, c in alias_of.items() if c in canon})
    records: dict[str, TrackRecord] = {}

    def rec(identity: str) -> TrackRecord:
        who = alias_of.get(identity, identity)
        if who not in records:
            group = [who] + sorted(a for a, c in alias_of.items() if c == who)
            written = sorted({n for i in group for n in names.get(i, [])})
            records[who] = TrackRecord(who, display_name(who, written), written, group[1:])
        return records[who]

    for row in ledger.claimant_counts(wanted):
        t = rec(row["claimant_id"])
        t.claims += row["claims"]
        t.metrics = max(t.metrics, row["metrics"])
        t.first = min(filter(None, (t.first, row["first"])), default=None)
        t.last = max(filter(None, (t.last, row["last"])), default=None)
    for row in ledger.claimant_relation_counts(wanted):
        if alias_of.get(row["claimant_id"], row["claimant_id"]) not in records:
            continue
        t = rec(row["claimant_id"])
        for name in ("repeated", "corroborated", "contradicted", "revised"):
            setattr(t, name, getattr(t, name) + row.get(name, 0))
    for t in records.values():
        if t.aliases:       # distinct metrics of a merged group: counted over all of it
            t.metrics = len(ledger.claimant_metric_counts(t.identities))
    for who, rs in ratios(ledger, wanted).items():
        t = records.get(alias_of.get(who, who))
        if t is not None:
            t.ratios += rs
    return list(records.values())


def sort_records(records: list[TrackRecord], sort: str = "-claims") -> list[TrackRecord]:
    """Records sorted by one of ``SORTS`` (``-`` for descending); those without the figure last."""
    desc = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError("unknown sort %r: expected one of %s (prefix - for descending)" % (sort, ", ".join(SORTS)))

    def value(t: TrackRecord):
        if key == "name":
            return t.name.casefold()
        if key in ("genstaff", "oryx"):
            r = t.ratio(key)
            return r.median if r else None
        return getattr(t, key)

    have = [t for t in records if value(t) is not None]
    rest = sorted((t for t in records if value(t) is None), key=lambda t: t.name.casefold())
    have.sort(key=lambda t: t.name.casefold())
    have.sort(key=value, reverse=desc)
    return have + rest


def matching(records: list[TrackRecord], needle: Optional[str]) -> list[TrackRecord]:
    """Records one of whose names or identities contains ``needle`` (case-insensitive), or all."""
    if not needle:
        return records
    folded, key = needle.casefold(), name_key(needle)
    return [t for t in records if any(folded in n.casefold() for n in t.names + t.identities)
            or (key and any(key in i for i in t.identities))]
