"""One page of the claims table: rows, a capped total and capped facet counts.

The queries are the ledger's (``Ledger.claim_page``, ``capped_count``, ``column_counts``:
see ``ledger/paging.py``); what is added here keeps a page fast on a million claims:
  1. one read of the first ``TOTAL_CAP`` matches gives both the count and the facet
     counts, and the page says when it stopped ("more than N", "N+");
  2. totals and facets are cached per filter while the ledger file is unchanged, so
     paging and re-sorting cost only the rows (``SummaryCache``).
"""
from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence

from counterclaim.ledger import Ledger
from counterclaim.ledger.query import ClaimFilter, search_only
from counterclaim.web.params import FACET_COLUMNS, Query

TOTAL_CAP = 2_000
FACET_CAP = 2_000
FACET_SIZE = 30
ROW_COLUMNS = ("claim_id", "doc_id", "kind", "metric", "claimant_key", "claimant_text", "claimant_side",
               "subject_side", "location_key", "location_text", "value_low", "value_high", "qualifier",
               "stated_on", "period_start", "period_end", "part_of", "quote", "confidence", "claimant_id", "record",
               "span_start", "span_end")


@dataclass
class Listing:
    rows: list[dict]
    has_next: bool
    total: int
    total_capped: bool
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    facets_capped: bool = False
    ledger_claims: int = 0          #: about how many claims the ledger holds


def claim_filter(filters: dict) -> ClaimFilter:
    return ClaimFilter(**{k: v for k, v in filters.items() if k in ClaimFilter.__dataclass_fields__})


def rows(led: Ledger, q: Query, columns: Sequence[str] = ROW_COLUMNS, total: Optional[int] = None,
         claims: int = 0) -> tuple[list[dict], bool]:
    """One page of claims and whether another page follows (``total`` matches of about ``claims``
    let the ledger walk the sort's index when that is faster)."""
    return led.claim_page(claim_filter(q.filters), q.sort, q.limit, q.offset, columns, total, claims)


def capped_count(led: Ledger, flt: ClaimFilter, cap: int = TOTAL_CAP) -> tuple[int, bool]:
    """How many claims match, counting at most ``cap`` (and whether there are more)."""
    return led.capped_count(flt, cap)


def _top(counter: Counter, size: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:size]


#: facets shown as a select box: they are counted without their own filter, so the box keeps its options
SELECT_FACETS = ("metric", "kind", "side", "subject_side")


def facets(led: Ledger, flt: ClaimFilter, cap: int = FACET_CAP,
           size: int = FACET_SIZE) -> tuple[dict[str, list[tuple[str, int]]], bool, int]:
    """Counts for every sidebar facet over the first ``cap`` matches, read once for all of them,
    whether there were more matches, and how many were read (a count capped at ``cap``).

    A select-box facet whose filter is set is counted again without that filter (one more
    read each), so the box still offers the other values.
    """
    out: dict[str, list[tuple[str, int]]] = {}
    again = [name for name in SELECT_FACETS if getattr(flt, name) not in (None, "")]
    once = [name for name in FACET_COLUMNS if name not in again]
    counters, seen = led.column_counts(flt, [FACET_COLUMNS[n] for n in once], cap)
    capped = seen > cap
    out.update((n, _top(counter, size)) for n, counter in zip(once, counters))
    for name in again:
        (counter,), n = led.column_counts(replace(flt, **{name: None}), [FACET_COLUMNS[name]], cap)
        capped = capped or n > cap
        out[name] = _top(counter, size)
    return out, capped, seen


def facet(led: Ledger, flt: ClaimFilter, column: str, cap: int = FACET_CAP,
          size: int = FACET_SIZE) -> tuple[list[tuple[str, int]], bool]:
    """Counts of one column over the first ``cap`` matches (exact when fewer match)."""
    if column not in FACET_COLUMNS.values():
        raise ValueError("no facet on %r" % column)
    (counter,), n = led.column_counts(flt, [column], cap)
    return _top(counter, size), n > cap


class SummaryCache:
    """Totals and facets by filter, reused while the ledger file is unchanged.

    Paging and sorting do not change them, so going to the next page or re-sorting
    costs only the rows. The ledger's state is read from the modification times and
    sizes of its file and WAL, which every commit changes, so the cache is shared
    by all server threads and never serves counts of an older ledger.
    """

    def __init__(self, db_path: str, size: int = 256):
        self.db_path = db_path
        self.size = size
        self._items: "OrderedDict[tuple, tuple]" = OrderedDict()
        self._lock = threading.Lock()

    def stamp(self) -> tuple:
        out = []
        for suffix in ("", "-wal"):
            try:
                st = os.stat(self.db_path + suffix)
                out += [st.st_mtime_ns, st.st_size]
            except OSError:
                out += [0, 0]
        return tuple(out)

    def get(self, key: tuple, stamp: tuple):
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != stamp:
                return None
            self._items.move_to_end(key)
            return hit[1]

    def put(self, key: tuple, stamp: tuple, value) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._items[key] = (stamp, value)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def summary(led: Ledger, q: Query, with_facets: bool = True, cache: Optional[SummaryCache] = None) -> tuple:
    """(total, total_capped, facets, facets_capped, approx claims) of a filter, from the cache when fresh."""
    flt = claim_filter(q.filters)
    key = tuple(sorted((k, v) for k, v in q.filters.items() if v is not None)) + (with_facets,)
    stamp = cache.stamp() if cache else ()
    got = cache.get(key, stamp) if cache else None
    if got is None:
        if with_facets and not search_only(flt):
            # the facets' read of the first matches is also the count (both capped alike)
            fac, fcapped, seen = facets(led, flt, TOTAL_CAP)
            total, capped = min(seen, TOTAL_CAP), seen > TOTAL_CAP
        else:
            total, capped = capped_count(led, flt)
            fac, fcapped = facets(led, flt)[:2] if with_facets else ({}, False)
        got = (total, capped, fac, fcapped, led.approx_claims())
        if cache:
            cache.put(key, stamp, got)
    return got


def listing(led: Ledger, q: Query, with_facets: bool = True, cache: Optional[SummaryCache] = None) -> Listing:
    """Rows, total and facets for the claims page; each facet ignores its own filter."""
    total, capped, fac, fcapped, claims = summary(led, q, with_facets, cache)
    page, has_next = rows(led, q, total=total, claims=claims)
    return Listing(page, has_next, total, capped, fac, fcapped, claims)
