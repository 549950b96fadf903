"""Query parameters of the claims table and the API, checked before they reach SQL.

A bad value raises ``BadParam`` naming the parameter and what was expected; the app
turns it into a 400 (JSON under ``/api/``, an HTML page elsewhere), never a 500.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Mapping, Optional

from counterclaim.ledger.query import SORTS as LEDGER_SORTS
from counterclaim.records import KINDS, METRICS

DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
SIDE_RE = re.compile(r"^[A-Za-z]{2}$")
ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,100}$")
MAX_TEXT = 200
MAX_VALUE = 2 ** 62
#: sort keys (``-`` prefix for descending): those of the ledger's query layer
SORTS = tuple(LEDGER_SORTS)
#: a metric family (``equipment``) filters every metric of it, as the query layer allows
METRIC_FAMILIES = tuple(sorted({m.split(".")[0] for m in METRICS if "." in m}))
FILTER_FIELDS = ("metric", "claimant", "side", "subject_side", "location", "kind",
                 "date_from", "date_to", "search", "min_value", "max_value")
#: filter name -> the claims column its facet counts, in sidebar order
FACET_COLUMNS = {"metric": "metric", "kind": "kind", "claimant": "claimant_key", "side": "claimant_side",
                 "subject_side": "subject_side", "location": "location_key"}


class BadParam(ValueError):
    """A request parameter that cannot be used; ``str()`` is the message shown."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__("parameter %r: %s" % (name, message))


@dataclass(frozen=True)
class Query:
    """A checked claims query: filter values, sort, and the page wanted."""
    filters: dict
    sort: str = "-stated_on"
    offset: int = 0
    limit: int = 50

    @property
    def page(self) -> int:
        return self.offset // self.limit + 1

    def params(self, **changes) -> dict:
        """The query as URL parameters (for links to other pages, sorts and downloads)."""
        d: dict[str, Any] = {k: v for k, v in self.filters.items() if v not in (None, "")}
        d["sort"] = self.sort
        if self.limit != 50:
            d["per_page"] = self.limit
        d.update(changes)
        return {k: v for k, v in d.items() if v not in (None, "")}


def _text(q: Mapping[str, str], name: str) -> Optional[str]:
    v = q.get(name)
    if v is None:
        return None
    v = v.strip()
    if not v:
        return None
    if len(v) > MAX_TEXT:
        raise BadParam(name, "longer than %d characters" % MAX_TEXT)
    if "\x00" in v:
        raise BadParam(name, "contains a NUL character")
    return v


def int_param(q: Mapping[str, str], name: str, lo: int, hi: int, default: Optional[int] = None) -> Optional[int]:
    v = _text(q, name)
    if v is None:
        return default
    try:
        n = int(v.replace(",", "").replace("_", ""))
    except ValueError:
        raise BadParam(name, "expected an integer, got %r" % v[:40]) from None
    if not lo <= n <= hi:
        raise BadParam(name, "expected %d to %d, got %d" % (lo, hi, n))
    return n


def parse_filters(q: Mapping[str, str]) -> dict:
    """The filter values of a request, checked; absent ones are None."""
    f: dict[str, Any] = {k: _text(q, k) for k in ("claimant", "location", "search")}
    if f["search"] is None:            # ``q``, as the search box on every page sends it
        f["search"] = _text(q, "q")
    metric = _text(q, "metric")
    if metric and metric not in METRICS and metric not in METRIC_FAMILIES:
        raise BadParam("metric", "unknown metric %r (one of %s, or a family: %s)"
                       % (metric[:60], ", ".join(METRICS), ", ".join(METRIC_FAMILIES)))
    kind = _text(q, "kind")
    if kind and kind not in KINDS:
        raise BadParam("kind", "unknown kind %r (one of %s)" % (kind[:60], ", ".join(KINDS)))
    for name in ("side", "subject_side"):
        v = _text(q, name)
        if v and not SIDE_RE.match(v):
            raise BadParam(name, "expected a two-letter country code such as UA or RU, got %r" % v[:40])
        f[name] = v.upper() if v else None
    for name in ("date_from", "date_to"):
        v = _text(q, name)
        if v and not DATE_RE.match(v):
            raise BadParam(name, "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got %r" % v[:40])
        f[name] = v
    if f["date_from"] and f["date_to"] and f["date_from"] > f["date_to"]:
        raise BadParam("date_to", "is before date_from")
    f["min_value"] = int_param(q, "min_value", 0, MAX_VALUE)
    f["max_value"] = int_param(q, "max_value", 0, MAX_VALUE)
    if f["min_value"] is not None and f["max_value"] is not None and f["min_value"] > f["max_value"]:
        raise BadParam("max_value", "is smaller than min_value")
    f["metric"], f["kind"] = metric, kind
    return f


def parse_query(q: Mapping[str, str], api: bool = False) -> Query:
    """Filters, sort and page: ``page``/``per_page`` in pages, ``offset``/``limit`` in the API."""
    filters = parse_filters(q)
    sort = _text(q, "sort") or "-stated_on"
    if sort.lstrip("-") not in SORTS:
        raise BadParam("sort", "expected one of %s (with - for descending), got %r"
                       % (", ".join(SORTS), sort[:40]))
    if api:
        limit = int_param(q, "limit", 1, 1000, 50)
        offset = int_param(q, "offset", 0, 10_000_000, 0)
    else:
        limit = int_param(q, "per_page", 1, 500, 50)
        offset = (int_param(q, "page", 1, 1_000_000, 1) - 1) * limit
    return Query(filters, sort, offset, limit)


def check_id(name: str, value: str) -> str:
    """A claim, document or series id from a path: short, no odd characters."""
    if not ID_RE.match(value or ""):
        raise BadParam(name, "not a valid id: %r" % (value or "")[:60])
    return value


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_text(name: str, value: Optional[str], most: int = 300) -> str:
    """A quantity key or a claimant identity from a URL: not empty, at most ``most`` characters, no control."""
    v = (value or "").strip()
    if not v:
        raise BadParam(name, "missing")
    if len(v) > most:
        raise BadParam(name, "longer than %d characters" % most)
    if _CONTROL.search(v):
        raise BadParam(name, "contains a control character")
    return v


def date_param(q: Mapping[str, str], name: str) -> Optional[str]:
    """An optional ISO date parameter (YYYY, YYYY-MM, YYYY-MM-DD)."""
    v = _text(q, name)
    if v and not DATE_RE.match(v):
        raise BadParam(name, "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got %r" % v[:40])
    return v
