"""One quantity over time: every claimant's figures for one linking key, beside the series that count it.

A quantity is a linking key (``keys.QuantityKey``: metric · whose losses · period class ·
place). Its page shows each claim at the day it stands for (``keys.as_of``), one line per
claimant, and an independent series only where it counts the same thing
(``compare.series_scope``): a nationwide total since the invasion beside the series' level,
a nationwide one-day figure beside the series' change that day, and nothing for a place,
an operation or another window (a regional figure is never set against a national total).

``panel_of`` sorts any claim into the timeline's panels by the same scope.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Optional

from counterclaim.ledger import Ledger
from counterclaim.ledger.claimants import display_name
from counterclaim.ledger.reads import record_of
from counterclaim.link.compare import SeriesIndex, compare_claim, series_scope
from counterclaim.link.keys import WAR_START, QuantityKey, as_of, parse_date, period_class
from counterclaim.records import Actor, Claim, Period, Subject, Value

#: the timeline's panels, in page order: (id, title)
PANELS = (("total-national", "Running totals since the invasion, nationwide"),
          ("total-local", "Running totals for a place, or since a later start"),
          ("day-national", "Per day, nationwide"),
          ("day-local", "Per day, in a place"),
          ("period", "Other periods: weeks, months, or none stated"))
#: panels an independent series is drawn in, and what of it
SERIES_PANELS = {"total-national": "level", "day-national": "change"}
NATIONAL = ("*", "UA", "RU")


def _national(location_key: Optional[str], location_text: Optional[str]) -> bool:
    if location_key:
        return location_key.upper() in NATIONAL
    return not location_text


def panel_of(quantity_key: Optional[str], period_start: Optional[str], period_end: Optional[str],
             location_key: Optional[str] = None, location_text: Optional[str] = None) -> str:
    """The timeline panel of a claim, from its stored key (else from its period and place)."""
    if quantity_key:
        k = QuantityKey.parse(quantity_key)
        period, national = k.period, k.location in NATIONAL
    else:
        stub = Claim("", "", "reported", None, None, None, None, None,
                     Period(period_start, period_end) if (period_start or period_end) else None, None, "", (0, 0))
        period, national = period_class(stub), _national(location_key, location_text)
    if period == "war" or period.startswith("from:"):
        return "total-national" if national and period == "war" else "total-local"
    if period.startswith("day:"):
        return "day-national" if national else "day-local"
    return "period"


def describe(key: QuantityKey) -> str:
    """A key in words: 'personnel.casualties of RU in UA-23, since 2025'."""
    loc = key.location.replace("|part", "")
    place = "nationwide" if loc in NATIONAL else "in " + (loc[2:] if loc.startswith("t:") else loc)
    p = key.period
    if p == "war":
        when = "since %s (the full-scale invasion)" % WAR_START.isoformat()
    elif p.startswith("from:"):
        when = "since %s" % p[5:]
    elif p.startswith("day:"):
        when = "on %s" % p[4:]
    elif p.startswith("win:"):
        when = "from %s to %s" % tuple(p[4:].split("..", 1))
    else:
        when = "period not stated"
    part = " (a part of a total)" if key.location.endswith("|part") else ""
    if key.stance:
        return "%s %s%s" % (key.metric, place, part)
    return "%s of %s %s, %s%s" % (key.metric, key.subject, place, when, part)


def scope_note(key: QuantityKey, series: list[str]) -> str:
    """Why a series is or is not drawn beside this quantity."""
    scope = series_scope(key)
    if scope is None:
        why = ("it counts a place (%s)" % key.location.replace("|part", "") if key.location not in NATIONAL
               else "its period is not a total since the invasion nor a single day")
        return ("No independent series is compared: the series count nationwide totals since %s, and %s."
                % (WAR_START.isoformat(), why))
    if not series:
        return "No imported series counts %s of %s." % (key.metric, key.subject)
    what = "its total on each day" if scope == "level" else "its change on that day"
    return "Compared with %s of %s (nationwide, like this quantity)." % (what, ", ".join(series))


@dataclass
class QuantityView:
    key: QuantityKey
    label: str
    scope: Optional[str]                 #: "level", "change" or None (see ``compare.series_scope``)
    note: str
    rows: list[dict] = field(default_factory=list)        #: every claim (chart): ``as_of``, ``claimant`` added
    table: list[dict] = field(default_factory=list)       #: one page of them, newest first, with ``comparison``
    claimants: list[tuple[str, str, int]] = field(default_factory=list)   #: identity, name, claims
    series: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    capped: bool = False
    page: int = 1
    has_next: bool = False
    related: list[tuple[str, str, int]] = field(default_factory=list)     #: key, label, claims

    def to_dict(self) -> dict:
        return {"key": str(self.key), "label": self.label, "scope": self.scope, "note": self.note,
                "date_from": self.date_from, "date_to": self.date_to, "capped": self.capped,
                "claimants": [{"claimant_id": i, "name": n, "claims": c} for i, n, c in self.claimants],
                "page": self.page, "next_page": self.page + 1 if self.has_next else None,
                "claims": [{"claim": record_of(r), "as_of": r["as_of"], "claimant_id": r["claimant_id"],
                            "series": [s.to_dict() for s in r["comparison"].series] if r["comparison"] else []}
                           for r in self.table],
                "series": {k: [{"date": d, "value": v} for d, v in pts] for k, pts in self.series.items()},
                "related": [{"key": k, "label": lab, "claims": n} for k, lab, n in self.related]}


def light_claim(r: dict) -> Claim:
    """A claim from its indexed columns only (what ``as_of`` and ``compare_claim`` read), without its JSON."""
    v = (Value(r["value_low"], r["value_high"] if r["value_high"] is not None else r["value_low"],
               r["qualifier"] or "exact") if r.get("value_low") is not None else None)
    period = Period(r["period_start"], r["period_end"]) if (r["period_start"] or r["period_end"]) else None
    return Claim(r["claim_id"], r["doc_id"], "reported", Actor(None, r["claimant_key"], None),
                 Subject(None, r["subject_side"]), r["metric"], v, None, period, r["stated_on"], "", (0, 0))


def _pad(d0: dt.date, d1: dt.date) -> tuple[dt.date, dt.date]:
    pad = max(15, (d1 - d0).days // 10)
    return d0 - dt.timedelta(days=pad), d1 + dt.timedelta(days=pad)


def series_in_range(ledger: Ledger, metric: str, side: str, scope: str, date_from: str,
                    date_to: str) -> dict[str, list[tuple[str, int]]]:
    """Each series' level (``scope`` "level") or day-to-day change ("change") between two dates."""
    out: dict[str, list[tuple[str, int]]] = {}
    if scope == "level":
        for r in ledger.series_lines(metric, side, date_from, date_to):
            out.setdefault(r["series"], []).append((r["date"], r["value"]))
        return out
    start = (dt.date.fromisoformat(date_from[:10]) - dt.timedelta(days=1)).isoformat()
    prev: dict[str, tuple[dt.date, int]] = {}
    for r in ledger.series_lines(metric, side, start, date_to):
        d = dt.date.fromisoformat(r["date"])
        p = prev.get(r["series"])
        if p is not None and (d - p[0]).days == 1:
            out.setdefault(r["series"], []).append((r["date"], r["value"] - p[1]))
        prev[r["series"]] = (d, r["value"])
    return out


def quantity_view(ledger: Ledger, key: str, date_from: Optional[str] = None, date_to: Optional[str] = None,
                  page: int = 1, per_page: int = 100) -> QuantityView:
    """Everything the quantity page shows (see the module docstring): every claim for the chart,
    one page of them (newest first) compared with the series for the table."""
    k = QuantityKey.parse(key)
    rows, capped = ledger.quantity_rows(key)
    scope = series_scope(k)
    names = ledger.claimant_names()
    shown: dict[str, str] = {}
    counts: dict[str, int] = {}
    for r in rows:
        d = as_of(light_claim(r))
        r["as_of"] = d.isoformat() if d else (r["stated_on"] or r["period_end"])
        who = r["claimant_id"] or "?"
        if who not in shown:
            shown[who] = display_name(who, names.get(who, [])) if who != "?" else (r["claimant_text"] or "unknown")
        r["claimant"] = shown[who]
        counts[who] = counts.get(who, 0) + 1
    view = QuantityView(k, describe(k), scope, "", rows, capped=capped, page=page)
    newest = sorted(rows, key=lambda r: (r["as_of"] or "", r["stated_on"] or ""), reverse=True)
    view.table = newest[(page - 1) * per_page: page * per_page]
    view.has_next = len(newest) > page * per_page
    records = ledger.claim_records([r["claim_id"] for r in view.table])
    for r in view.table:
        r["record"] = records.get(r["claim_id"])
    index = SeriesIndex(ledger)
    for r in view.table:
        r["comparison"] = compare_claim(index, light_claim(r), k) if scope and r["value_low"] is not None else None
    view.claimants = sorted(((i, shown[i], n) for i, n in counts.items()), key=lambda t: (-t[2], t[1]))
    dates = sorted(d for d in (parse_date(r["as_of"]) for r in rows) if d is not None)
    if dates:
        lo, hi = _pad(dates[0], dates[-1])
        view.date_from, view.date_to = date_from or lo.isoformat(), date_to or hi.isoformat()
    else:
        view.date_from, view.date_to = date_from, date_to
    if scope and view.date_from and view.date_to:
        view.series = series_in_range(ledger, k.metric, k.subject, scope, view.date_from, view.date_to)
    view.note = scope_note(k, sorted(view.series) or [n for n in ledger.series_names(k.metric, k.subject)
                                                      if not n.endswith(".corrections")])
    prefix = "%s|%s|" % (k.metric, k.subject)
    view.related = [(rk, describe(QuantityKey.parse(rk)), n) for rk, n in ledger.quantity_key_counts(prefix)
                    if rk != key][:20]
    return view
