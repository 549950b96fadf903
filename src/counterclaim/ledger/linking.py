"""What linking, the consistency checks and the series comparison read and remove: methods of ``Ledger``.

``counterclaim.link`` decides how claims relate; the SQL that finds its candidates lives
here, so every read stays on an index (``claims_quantity`` on ``(quantity_key, stated_on)``,
``claims_doc``, ``relations_dst``) and the linker never sees a cursor. Rows come back
as dicts of the columns named in each method; claims as records.
"""
from __future__ import annotations

import json
from typing import Iterable, Iterator, Optional

from counterclaim.records import Claim, Relation

#: the columns a candidate for linking is read with (``seq``: ingestion order, ``published``: its document's
#: date, ``source``: whose voice its ``author`` claims are)
_LINK_FROM = ("SELECT c.claim_id, c.doc_id, c.record, c.quantity_key, c.id AS seq, c.stated_on, c.claimant_key, "
              "c.claimant_text, c.claimant_side, d.published, d.source FROM claims c%s "
              "JOIN documents d ON d.doc_id = c.doc_id WHERE ")
_LINK_ROW = _LINK_FROM % ""
#: not stored as a repeat of another report (read by the primary key's ``src``: ``+`` keeps any index on type out)
_NOT_A_REPEAT = " AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.src = c.claim_id AND +r.type = 'repeats')"
#: a key prefix with a date window: read by (metric, stated_on), so the cost is the window's, not the ledger's
_LINK_ROW_BY_METRIC = _LINK_FROM % " INDEXED BY claims_metric"
CHUNK = 500  #: ids bound per ``IN (…)``


def _claims(rows: Iterable[dict]) -> list[Claim]:
    return [Claim.from_dict(json.loads(r["record"])) for r in rows]


class LinkReads:
    """Mixed into ``Ledger`` (``self.query`` streams dicts, ``self.execute`` writes)."""

    def link_rows_of(self, doc_id: str) -> list[dict]:
        """A document's claims as linking reads them, in text order."""
        return list(self.query(_LINK_ROW + "c.doc_id = ? ORDER BY c.span_start, c.id", (doc_id,)))

    def link_rows_by_key(self, key: str, doc_id: str, lo: Optional[str] = None, hi: Optional[str] = None,
                         prefix: bool = False, limit: Optional[int] = None) -> list[dict]:
        """Claims of other documents with ``key`` (or, with ``prefix``, a key starting with it), latest first.

        With ``lo``/``hi`` only those stated between them, and those without a date (last stored
        first). With ``limit`` at most that many of each, so the rows read do not grow with the
        ledger: every read walks an index in the order asked (``claims_quantity``; a prefix with a
        date window ``claims_metric``, whose first column is the key's first part).
        """
        cond, params = (("c.quantity_key >= ? AND c.quantity_key < ?", [key, key + "\uffff"]) if prefix
                        else ("c.quantity_key = ?", [key]))
        cap = ""
        if limit:  # repeats of another report are never candidates: leaving them out first keeps the originals
            cond += _NOT_A_REPEAT
            cap = " LIMIT %d" % int(limit)
        if lo is None:
            return list(self.query(_LINK_ROW + cond + " AND c.doc_id != ? ORDER BY c.stated_on DESC, c.id DESC"
                                   + cap, params + [doc_id]))
        head, metric = _LINK_ROW, []
        if prefix:
            head, metric = _LINK_ROW_BY_METRIC, [key.split("|", 1)[0]]
            cond = "c.metric = ? AND " + cond
        return (list(self.query(head + cond + " AND c.stated_on >= ? AND c.stated_on <= ? AND c.doc_id != ? "
                                "ORDER BY c.stated_on DESC, c.id DESC" + cap, metric + params + [lo, hi, doc_id]))
                + list(self.query(head + cond + " AND c.stated_on IS NULL AND c.doc_id != ? ORDER BY c.id DESC"
                                  + cap, metric + params + [doc_id])))

    def link_rows_by_id(self, claim_ids: list[str]) -> list[dict]:
        """Claims by id as linking reads them (a handful: one page of a walk)."""
        return list(self.query(_LINK_ROW + "c.claim_id IN (%s)" % ",".join("?" * len(claim_ids)), claim_ids))

    def key_page(self, key: str, edge: str, doc_id: str, backwards: bool, size: int) -> list[dict]:
        """The next ``size`` claims of other documents with ``key`` stated before ``edge`` (or after),
        nearest first, with only the columns that say who stated them."""
        op, order = ("<", "DESC") if backwards else (">", "ASC")
        return list(self.query("SELECT claim_id, doc_id, stated_on, claimant_key, claimant_text, claimant_side "
                               "FROM claims c WHERE c.quantity_key = ? AND c.stated_on %s ? AND c.doc_id != ? "
                               "ORDER BY c.stated_on %s LIMIT %d" % (op, order, int(size)), (key, edge, doc_id)))

    def repeating(self, claim_ids: list[str]) -> set[str]:
        """Those of ``claim_ids`` already stored as a repeat of another report."""
        out: set[str] = set()
        for i in range(0, len(claim_ids), CHUNK):
            chunk = claim_ids[i:i + CHUNK]
            out |= {r["src"] for r in self.query(
                "SELECT src FROM relations WHERE type = 'repeats' AND src IN (%s)" % ",".join("?" * len(chunk)), chunk)}
        return out

    def remove_step(self, src: str, dst: str) -> int:
        """Drop a running total's direct step (``updates``/``revises``) from ``src`` to ``dst``."""
        return self.execute("DELETE FROM relations WHERE src = ? AND dst = ? AND type IN ('updates', 'revises')",
                            (src, dst))

    def steps_of(self, claim_id: str) -> list[tuple[str, str]]:
        """(src, dst) of the ``updates``/``revises`` relations from or to a claim."""
        return [(r["src"], r["dst"]) for r in self.query(
            "SELECT src, dst FROM relations WHERE src = ? AND type IN ('updates', 'revises') UNION "
            "SELECT src, dst FROM relations WHERE dst = ? AND type IN ('updates', 'revises')", (claim_id, claim_id))]

    def claims_with_key(self, key: str, stated_on: Optional[str] = None) -> list[Claim]:
        """Every claim with ``quantity_key`` ``key`` (stated on ``stated_on`` when given)."""
        if stated_on is None:
            return _claims(self.query("SELECT record FROM claims WHERE quantity_key = ?", (key,)))
        return _claims(self.query("SELECT record FROM claims WHERE quantity_key = ? AND stated_on = ?",
                                  (key, stated_on)))

    def valued_claims(self, metric: str, subject_side: Optional[str] = None) -> Iterator[tuple[Claim, Optional[str]]]:
        """(claim, stored quantity key) of every claim of ``metric`` with a value, by date, streamed."""
        sql = "SELECT record, quantity_key FROM claims WHERE metric = ? AND value_low IS NOT NULL"
        params: list = [metric]
        if subject_side:
            sql += " AND subject_side = ?"
            params.append(subject_side)
        for r in self.query(sql + " ORDER BY stated_on, id", params):
            yield Claim.from_dict(json.loads(r["record"])), r["quantity_key"]

    def relations_of_type(self, type: str) -> list[Relation]:
        """Every relation of one type, by source and destination."""
        return [Relation(r["src"], r["dst"], type, r["reason"]) for r in self.query(
            "SELECT src, dst, reason FROM relations WHERE type = ? ORDER BY src, dst", (type,))]

    def relation_counts(self) -> list[tuple[str, int]]:
        """(type, count) of the stored relations, most frequent first."""
        return [(r["type"], r["n"]) for r in
                self.query("SELECT type, count(*) AS n FROM relations GROUP BY type ORDER BY n DESC")]
