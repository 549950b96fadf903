"""Pages of the claims table on a large ledger: a page of rows, capped counts, value counts.

Methods of ``Ledger`` for ``counterclaim.web.listing``, which keeps a page fast on a
million claims:
  1. counts stop at a cap (``capped_count``, ``column_counts``): the page says "more than N";
  2. when matches are many, a page is read by walking the sort's own index (``claim_page``);
  3. full text alone is answered from the FTS index without a look-up per claim.
"""
from __future__ import annotations

from collections import Counter
from typing import Optional, Sequence

from counterclaim.errors import LedgerError
from counterclaim.ledger.query import ClaimFilter, fts_query, order_by, search_only, select_claims

#: sort key -> the index whose order it is (for a walk of that index when matches are many)
SORT_INDEXES = {"stated_on": "claims_stated_on", "date": "claims_stated_on", "value": "claims_value",
                "metric": "claims_metric", "claimant": "claims_claimant", "kind": "claims_kind",
                "location": "claims_location", "doc": "claims_doc"}
SCAN_BUDGET = 30_000   #: index entries (a row look-up each) a sorted walk may expect to read for a page
FTS_PROBE_BUDGET = 1_500   #: the same for a walk that probes the full-text index at each entry
FTS_COUNT_CAP = 10_000_000  #: counting in the FTS index alone is cheap: count (nearly) exactly
#: the ``claims`` columns a page or a count may name
COLUMNS = frozenset(("id", "claim_id", "doc_id", "record", "kind", "metric", "claimant_key", "claimant_text",
                     "claimant_side", "subject_side", "location_key", "location_text", "value_low", "value_high",
                     "qualifier", "stated_on", "period_start", "period_end", "part_of", "quote", "span_start",
                     "span_end", "confidence", "quantity_key", "extractor", "claimant_id"))


def select_list(columns: Sequence[str]) -> str:
    """``c.a, c.b`` for column names of ``claims`` (any other name is refused)."""
    bad = [c for c in columns if c not in COLUMNS]
    if bad or not columns:
        raise LedgerError("no claims column %r" % (bad[0] if bad else ""))
    return ", ".join("c." + c for c in columns)


class Paging:
    """Mixed into ``Ledger`` (``self.query`` streams dicts, ``self.scalar`` reads one value)."""

    def _plan(self, sql: str, args: list) -> list[str]:
        return [r["detail"] for r in self.query("EXPLAIN QUERY PLAN " + sql, args)]

    @staticmethod
    def _sorts_everything(plan: list[str]) -> bool:
        return any(d.startswith("USE TEMP B-TREE FOR ORDER BY") for d in plan)

    def claim_page(self, flt: ClaimFilter, sort: str, limit: int, offset: int, columns: Sequence[str],
                   total: Optional[int] = None, claims: int = 0) -> tuple[list[dict], bool]:
        """One page of claim rows and whether another page follows.

        SQLite picks the index of the most selective filter and then sorts all its matches:
        right for a few matches, slow for many (a metric family, a common word: a sort of a
        third of the ledger). When that plan sorts everything and the matches (``total`` of
        about ``claims``) are dense enough that walking the sort's own index meets a page of
        them within a budget of entries, the page is read by that walk instead; full text
        then probes the FTS index per entry rather than first collecting every match.
        """
        cols = select_list(columns)
        sql, args = select_claims(flt, sort, limit + 1, offset, columns=cols)
        index = SORT_INDEXES.get(sort.lstrip("-"))
        if total is not None and index and not flt.is_empty() and self._sorts_everything(self._plan(sql, args)):
            steps = (offset + limit) * claims / max(total, 1)
            walk, wargs = None, args
            if search_only(flt):
                if steps <= FTS_PROBE_BUDGET:
                    walk = ("SELECT %s FROM claims c INDEXED BY %s WHERE EXISTS (SELECT 1 FROM claims_fts "
                            "WHERE claims_fts MATCH ? AND rowid = c.id) ORDER BY %s LIMIT ? OFFSET ?"
                            % (cols, index, order_by(sort)))
                    wargs = [fts_query(flt.search), limit + 1, offset]
            elif steps <= SCAN_BUDGET:
                walk = sql.replace(" FROM claims c WHERE ", " FROM claims c INDEXED BY %s WHERE " % index, 1)
            if walk and walk != sql and not self._sorts_everything(self._plan(walk, wargs)):
                sql, args = walk, wargs
        out = list(self.query(sql, args))
        return out[:limit], len(out) > limit

    def approx_claims(self) -> int:
        """About how many claims the ledger holds (the largest row id: no count over the table)."""
        return self.scalar("SELECT max(id) FROM claims") or 0

    def capped_count(self, flt: ClaimFilter, cap: int) -> tuple[int, bool]:
        """How many claims match, counting at most ``cap`` (and whether there are more).

        Full text alone is counted in the FTS index without a look-up per claim, up to
        ``FTS_COUNT_CAP``: each FTS row is one claim (the index is kept by triggers).
        """
        if search_only(flt):
            cap = max(cap, FTS_COUNT_CAP)
            n = self.scalar("SELECT count(*) FROM (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ? LIMIT ?)",
                            (fts_query(flt.search), cap + 1))
        else:
            where, args = flt.where()
            n = self.scalar("SELECT count(*) FROM (SELECT 1 FROM claims c WHERE %s LIMIT ?)" % where, args + [cap + 1])
        return min(n, cap), n > cap

    def column_counts(self, flt: ClaimFilter, columns: Sequence[str], cap: int) -> tuple[list[Counter], int]:
        """Value counts of several columns over the first ``cap`` matches, in one read of the rows,
        and how many matches were read (``cap + 1`` when there are more)."""
        cols = select_list(columns)
        if search_only(flt):          # the first matches of the FTS index, without collecting all of them
            sql, args = ("SELECT %s FROM claims c WHERE c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts "
                         "MATCH ? LIMIT ?)" % cols, [fts_query(flt.search), cap + 1])
        else:
            where, args = flt.where()
            sql, args = "SELECT %s FROM claims c WHERE %s LIMIT ?" % (cols, where), args + [cap + 1]
        counters = [Counter() for _ in columns]
        n = 0
        for r in self.query(sql, args):
            n += 1
            if n > cap:
                break
            for counter, col in zip(counters, columns):
                v = r[col]
                if v is not None:
                    counter[v] += 1
        return counters, n
