"""One page of the claims table: rows, a capped total and capped facet counts.

The SQL comes from the ledger's query layer (``ClaimFilter.where``, ``select_claims``,
``order_by``, ``fts_query``). What is added here keeps a page fast on a million claims:
  1. one read of the first ``TOTAL_CAP`` matches gives both the count and the facet
     counts, and the page says when it stopped ("more than N", "N+");
  2. when matches are many, the page is read by walking the sort's index (``rows``);
  3. totals and facets are cached per filter while the ledger file is unchanged, so
     paging and re-sorting cost only the rows (``SummaryCache``).
"""
from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from typing import Optional

from counterclaim.ledger import Ledger
from counterclaim.ledger.query import ClaimFilter, fts_query, order_by, select_claims
from counterclaim.web.params import FACET_COLUMNS, Query

TOTAL_CAP = 2_000
FACET_CAP = 2_000
FACET_SIZE = 30
ROW_COLUMNS = ("c.claim_id, c.doc_id, c.kind, c.metric, c.claimant_key, c.claimant_text, c.claimant_side, "
               "c.subject_side, c.location_key, c.location_text, c.value_low, c.value_high, c.qualifier, "
               "c.stated_on, c.period_start, c.period_end, c.part_of, c.quote, c.confidence")


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


#: sort key -> the index whose order it is (for a walk of that index when matches are many)
SORT_INDEXES = {"stated_on": "claims_stated_on", "date": "claims_stated_on", "value": "claims_value",
                "metric": "claims_metric", "claimant": "claims_claimant", "kind": "claims_kind",
                "location": "claims_location", "doc": "claims_doc"}
SCAN_BUDGET = 30_000   #: index entries (a row look-up each) a sorted walk may expect to read for a page
FTS_PROBE_BUDGET = 1_500   #: the same for a walk that probes the full-text index at each entry
FTS_COUNT_CAP = 10_000_000  #: counting in the FTS index alone is cheap: count (nearly) exactly


def search_only(flt: ClaimFilter) -> bool:
    """Whether full text is the only filter (then the FTS index answers counts by itself)."""
    return bool(flt.search) and ClaimFilter(search=flt.search) == flt and bool(fts_query(flt.search))


def _plan(led: Ledger, sql: str, args: list) -> list[str]:
    return [r["detail"] for r in led.query("EXPLAIN QUERY PLAN " + sql, args)]


def _sorts_everything(plan: list[str]) -> bool:
    return any(d.startswith("USE TEMP B-TREE FOR ORDER BY") for d in plan)


def rows(led: Ledger, q: Query, columns: str = ROW_COLUMNS, total: Optional[int] = None,
         claims: int = 0) -> tuple[list[dict], bool]:
    """One page of claims and whether another page follows.

    SQLite picks the index of the most selective filter and then sorts all its matches:
    right for a few matches, slow for many (a metric family, a common word: a sort of a
    third of the ledger). When that plan sorts everything and the matches (``total`` of
    about ``claims``) are dense enough that walking the sort's own index meets a page of
    them within a budget of entries, the page is read by that walk instead; full text
    then probes the FTS index per entry rather than first collecting every match.
    """
    flt = claim_filter(q.filters)
    sql, args = select_claims(flt, q.sort, q.limit + 1, q.offset, columns=columns)
    index = SORT_INDEXES.get(q.sort.lstrip("-"))
    if total is not None and index and not flt.is_empty() and _sorts_everything(_plan(led, sql, args)):
        steps = (q.offset + q.limit) * claims / max(total, 1)
        walk, wargs = None, args
        if search_only(flt):
            if steps <= FTS_PROBE_BUDGET:
                walk = ("SELECT %s FROM claims c INDEXED BY %s WHERE EXISTS (SELECT 1 FROM claims_fts "
                        "WHERE claims_fts MATCH ? AND rowid = c.id) ORDER BY %s LIMIT ? OFFSET ?"
                        % (columns, index, order_by(q.sort)))
                wargs = [fts_query(flt.search), q.limit + 1, q.offset]
        elif steps <= SCAN_BUDGET:
            walk = sql.replace(" FROM claims c WHERE ", " FROM claims c INDEXED BY %s WHERE " % index, 1)
        if walk and walk != sql and not _sorts_everything(_plan(led, walk, wargs)):
            sql, args = walk, wargs
    out = list(led.query(sql, args))
    return out[:q.limit], len(out) > q.limit


def approx_claims(led: Ledger) -> int:
    """About how many claims the ledger holds (the largest row id: no count over the table)."""
    return led.scalar("SELECT max(id) FROM claims") or 0


def capped_count(led: Ledger, flt: ClaimFilter, cap: int = TOTAL_CAP) -> tuple[int, bool]:
    """How many claims match, counting at most ``cap`` (and whether there are more).

    Full text alone is counted in the FTS index without a look-up per claim, up to
    ``FTS_COUNT_CAP``: each FTS row is one claim (the index is kept by triggers).
    """
    if search_only(flt):
        cap = max(cap, FTS_COUNT_CAP)
        n = led.scalar("SELECT count(*) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)",
                       (fts_query(flt.search), cap + 1))
    else:
        where, args = flt.where()
        n = led.scalar("SELECT count(*) FROM (SELECT 1 FROM claims c WHERE %s LIMIT ?)" % where, args + [cap + 1])
    return min(n, cap), n > cap


def _count_columns(led: Ledger, flt: ClaimFilter, columns: list[str], cap: int) -> tuple[list[Counter], int]:
    """Value counts of several columns over the first ``cap`` matches, in one read of the rows,
    and how many matches were read (``cap + 1`` when there are more)."""
    cols = ", ".join("c." + c for c in columns)
    if search_only(flt):          # the first matches of the FTS index, without collecting all of them
        sql, args = ("SELECT %s FROM claims c WHERE c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts "
                     "MATCH ? LIMIT ?)" % cols, [fts_query(flt.search), cap + 1])
    else:
        where, args = flt.where()
        sql, args = "SELECT %s FROM claims c WHERE %s LIMIT ?" % (cols, where), args + [cap + 1]
    counters = [Counter() for _ in columns]
    n = 0
    for r in led.query(sql, args):
        n += 1
        if n > cap:
            break
        for counter, col in zip(counters, columns):
            v = r[col]
            if v is not None:
                counter[v] += 1
    return counters, n


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
    counters, seen = _count_columns(led, flt, [FACET_COLUMNS[n] for n in once], cap)
    capped = seen > cap
    out.update((n, _top(counter, size)) for n, counter in zip(once, counters))
    for name in again:
        (counter,), n = _count_columns(led, replace(flt, **{name: None}), [FACET_COLUMNS[name]], cap)
        capped = capped or n > cap
        out[name] = _top(counter, size)
    return out, capped, seen


def facet(led: Ledger, flt: ClaimFilter, column: str, cap: int = FACET_CAP,
          size: int = FACET_SIZE) -> tuple[list[tuple[str, int]], bool]:
    """Counts of one column over the first ``cap`` matches (exact when fewer match)."""
    if column not in FACET_COLUMNS.values():
        raise ValueError("no facet on %r" % column)
    (counter,), n = _count_columns(led, flt, [column], cap)
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
        got = (total, capped, fac, fcapped, approx_claims(led))
        if cache:
            cache.put(key, stamp, got)
    return got


def listing(led: Ledger, q: Query, with_facets: bool = True, cache: Optional[SummaryCache] = None) -> Listing:
    """Rows, total and facets for the claims page; each facet ignores its own filter."""
    total, capped, fac, fcapped, claims = summary(led, q, with_facets, cache)
    page, has_next = rows(led, q, total=total, claims=claims)
    return Listing(page, has_next, total, capped, fac, fcapped, claims)
