"""One page of the claims table: rows, a capped total and capped facet counts.

The SQL comes from the ledger's query layer (``ClaimFilter.where``, ``select_claims``);
what is added here is the cap that keeps a page fast on a million claims: the total
counts at most ``TOTAL_CAP`` matches and the facets at most ``FACET_CAP`` (read once
for all of them), and the page says so ("more than N", "N+") rather than counting
every match.
"""
from __future__ import annotations

import os
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass, field, replace
from typing import Optional

from counterclaim.ledger import Ledger
from counterclaim.ledger.query import ClaimFilter, fts_query, select_claims
from counterclaim.web.params import FACET_COLUMNS, Query

TOTAL_CAP = 10_000
FACET_CAP = 1_000
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


def claim_filter(filters: dict) -> ClaimFilter:
    return ClaimFilter(**{k: v for k, v in filters.items() if k in ClaimFilter.__dataclass_fields__})


#: sort key -> the index whose order it is (for a walk of that index when matches are many)
SORT_INDEXES = {"stated_on": "claims_stated_on", "date": "claims_stated_on", "value": "claims_value",
                "metric": "claims_metric", "claimant": "claims_claimant", "kind": "claims_kind",
                "location": "claims_location", "doc": "claims_doc"}
SCAN_BUDGET = 20_000   #: index entries a sorted walk may expect to read for one page


def rows(led: Ledger, q: Query, columns: str = ROW_COLUMNS, dense: bool = False) -> tuple[list[dict], bool]:
    """One page of claims and whether another page follows.

    SQLite picks the index of the most selective filter and sorts its matches, which is
    right for a few matches and slow for many (a metric family, a common word: a sort of
    a third of the ledger). When the caller knows the matches are ``dense``, the page is
    read by walking the sort's own index instead, which stops after ``limit`` matches;
    the plan is checked first and the query kept as it is when no such index serves.
    """
    flt = claim_filter(q.filters)
    sql, args = select_claims(flt, q.sort, q.limit + 1, q.offset, columns=columns)
    index = SORT_INDEXES.get(q.sort.lstrip("-"))
    if dense and index and not flt.is_empty():
        walk = sql.replace(" FROM claims c WHERE ", " FROM claims c INDEXED BY %s WHERE " % index, 1)
        plan = [r["detail"] for r in led.query("EXPLAIN QUERY PLAN " + walk, args)] if walk != sql else []
        if plan and not any(d.startswith("USE TEMP B-TREE FOR ORDER BY") for d in plan):
            sql = walk
    out = list(led.query(sql, args))
    return out[:q.limit], len(out) > q.limit


def approx_claims(led: Ledger) -> int:
    """About how many claims the ledger holds (the largest row id: no count over the table)."""
    return led.scalar("SELECT max(id) FROM claims") or 0


def is_dense(total: int, capped: bool, q: Query, claims: int) -> bool:
    """Whether walking the sort index is expected to find this page within ``SCAN_BUDGET`` entries."""
    return capped and (q.offset + q.limit) * claims / max(total, 1) <= SCAN_BUDGET


def capped_count(led: Ledger, flt: ClaimFilter, cap: int = TOTAL_CAP) -> tuple[int, bool]:
    """How many claims match, counting at most ``cap`` (and whether there are more)."""
    if flt.search and ClaimFilter(search=flt.search) == flt and fts_query(flt.search):
        # full text alone: count in the FTS index itself, without a look-up per claim
        n = led.scalar("SELECT count(*) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)",
                       (fts_query(flt.search), cap + 1))
    else:
        where, args = flt.where()
        n = led.scalar("SELECT count(*) FROM (SELECT 1 FROM claims c WHERE %s LIMIT ?)" % where, args + [cap + 1])
    return min(n, cap), n > cap


def _count_columns(led: Ledger, flt: ClaimFilter, columns: list[str], cap: int) -> tuple[list[Counter], bool]:
    """Value counts of several columns over the first ``cap`` matches, in one read of the rows."""
    where, args = flt.where()
    counters = [Counter() for _ in columns]
    n = 0
    for r in led.query("SELECT %s FROM claims c WHERE %s LIMIT ?" % (", ".join("c." + c for c in columns), where),
                       args + [cap + 1]):
        n += 1
        if n > cap:
            break
        for counter, col in zip(counters, columns):
            v = r[col]
            if v is not None:
                counter[v] += 1
    return counters, n > cap


def _top(counter: Counter, size: int) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0])))[:size]


#: facets shown as a select box: they are counted without their own filter, so the box keeps its options
SELECT_FACETS = ("metric", "kind", "side", "subject_side")


def facets(led: Ledger, flt: ClaimFilter, cap: int = FACET_CAP,
           size: int = FACET_SIZE) -> tuple[dict[str, list[tuple[str, int]]], bool]:
    """Counts for every sidebar facet over the first ``cap`` matches, read once for all of them.

    A select-box facet whose filter is set is counted again without that filter (one more
    read each), so the box still offers the other values.
    """
    out: dict[str, list[tuple[str, int]]] = {}
    again = [name for name in SELECT_FACETS if getattr(flt, name) not in (None, "")]
    once = [name for name in FACET_COLUMNS if name not in again]
    counters, capped = _count_columns(led, flt, [FACET_COLUMNS[n] for n in once], cap)
    out.update((n, _top(counter, size)) for n, counter in zip(once, counters))
    for name in again:
        (counter,), c = _count_columns(led, replace(flt, **{name: None}), [FACET_COLUMNS[name]], cap)
        capped = capped or c
        out[name] = _top(counter, size)
    return out, capped


def facet(led: Ledger, flt: ClaimFilter, column: str, cap: int = FACET_CAP,
          size: int = FACET_SIZE) -> tuple[list[tuple[str, int]], bool]:
    """Counts of one column over the first ``cap`` matches (exact when fewer match)."""
    if column not in FACET_COLUMNS.values():
        raise ValueError("no facet on %r" % column)
    (counter,), capped = _count_columns(led, flt, [column], cap)
    return _top(counter, size), capped


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
        total, capped = capped_count(led, flt)
        fac, fcapped = facets(led, flt) if with_facets else ({}, False)
        got = (total, capped, fac, fcapped, approx_claims(led))
        if cache:
            cache.put(key, stamp, got)
    return got


def listing(led: Ledger, q: Query, with_facets: bool = True, cache: Optional[SummaryCache] = None) -> Listing:
    """Rows, total and facets for the claims page; each facet ignores its own filter."""
    total, capped, fac, fcapped, claims = summary(led, q, with_facets, cache)
    page, has_next = rows(led, q, dense=is_dense(total, capped, q, claims))
    return Listing(page, has_next, total, capped, fac, fcapped)
