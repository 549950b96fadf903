"""One page of the claims table: rows, a capped total and capped facet counts.

The SQL comes from the ledger's query layer (``ClaimFilter.where``, ``select_claims``);
what is added here is the cap that keeps a page fast on a million claims: the total
and each facet count at most ``cap`` matching rows, read from an index, and say so
(the page prints "more than N" and "N+"), rather than counting every match.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from counterclaim.ledger import Ledger
from counterclaim.ledger.query import ClaimFilter, select_claims
from counterclaim.web.params import FACET_COLUMNS, Query

TOTAL_CAP = 100_000
FACET_CAP = 10_000
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


def rows(led: Ledger, q: Query, columns: str = ROW_COLUMNS) -> tuple[list[dict], bool]:
    """One page of claims and whether another page follows."""
    sql, args = select_claims(claim_filter(q.filters), q.sort, q.limit + 1, q.offset, columns=columns)
    out = list(led.query(sql, args))
    return out[:q.limit], len(out) > q.limit


def capped_count(led: Ledger, flt: ClaimFilter, cap: int = TOTAL_CAP) -> tuple[int, bool]:
    where, args = flt.where()
    n = led.scalar("SELECT count(*) FROM (SELECT 1 FROM claims c WHERE %s LIMIT ?)" % where, args + [cap + 1])
    return min(n, cap), n > cap


def facet(led: Ledger, flt: ClaimFilter, column: str, cap: int = FACET_CAP,
          size: int = FACET_SIZE) -> tuple[list[tuple[str, int]], bool]:
    """Counts of ``column`` over the first ``cap`` matches (exact when fewer match)."""
    if column not in FACET_COLUMNS.values():
        raise ValueError("no facet on %r" % column)
    where, args = flt.where()
    counted = [(r["value"], r["n"]) for r in led.query(
        "SELECT value, count(*) AS n FROM (SELECT c.%s AS value FROM claims c WHERE %s LIMIT ?) "
        "GROUP BY value ORDER BY n DESC, value" % (column, where), args + [cap + 1])]
    capped = sum(n for _, n in counted) > cap
    items = [(v, n) for v, n in counted if v is not None][:size]
    return items, capped


def listing(led: Ledger, q: Query, with_facets: bool = True) -> Listing:
    """Rows, total and facets for the claims page; each facet ignores its own filter."""
    flt = claim_filter(q.filters)
    page, has_next = rows(led, q)
    if q.offset == 0 and not has_next:
        total, capped = len(page), False
    else:
        total, capped = capped_count(led, flt)
    out = Listing(page, has_next, total, capped)
    if with_facets:
        for name, column in FACET_COLUMNS.items():
            items, fcapped = facet(led, replace(flt, **{name: None}), column)
            out.facets[name] = items
            out.facets_capped = out.facets_capped or fcapped
    return out
