"""What the workbench pages read: disputes, one quantity's claims, documents: methods of ``Ledger``.

A *dispute* is a stored contradiction or revision (``relations`` of type ``contradicts`` /
``revises``) or a consistency finding (``findings``); its date is the latest ``stated_on``
of its claims. Triggers keep each one as a row of ``disputes`` (schema.py, migration 3),
indexed by date, so the newest page of a large ledger's disputes is read from an index, and
its claims as rows of ``dispute_members`` (migration 4) with the columns a claims filter reads.
The disputes list is filtered like the claims table (a ``ClaimFilter``): a dispute is kept
when one of its claims matches every condition.
"""
from __future__ import annotations

import json
from typing import Optional, Sequence

from counterclaim.ledger.query import ClaimFilter, fts_query

#: relation types that are disputes
DISPUTE_RELATIONS = ("contradicts", "revises")
#: finding kinds, in the order the page lists them
FINDING_KINDS = ("parts_vs_total", "parts_exceed_total", "cumulative_drop", "increments_mismatch")
DOC_FILTERS = ("source", "format", "lang", "date_from", "date_to", "q")


def _kinds(kind: Optional[str]) -> list[str]:
    kinds = [t for t in DISPUTE_RELATIONS if kind in (None, t)] if kind != "findings" else []
    return kinds + [k for k in FINDING_KINDS if kind in (None, "findings", k)]


#: a running total that went down is listed once: as the revision the linker stored
_NOT_LISTED_DROP = ("NOT ({k} = 'cumulative_drop' AND EXISTS (SELECT 1 FROM disputes dd JOIN relations r2 "
                    "ON r2.type = 'revises' AND r2.src = json_extract(dd.claim_ids, '$[0]') "
                    "AND r2.dst = json_extract(dd.claim_ids, '$[1]') WHERE dd.dispute_id = {i}))")


def _where(flt: Optional[ClaimFilter], kind: Optional[str], broad: bool = False) -> tuple[str, list]:
    """The condition over ``disputes d`` for a filter (one of its claims matches it) and a kind.

    The filter is checked on ``dispute_members`` (each dispute's claims with the columns a claims
    filter reads, kept by triggers) through its indexes, never by decoding every dispute's claim list."""
    kinds = _kinds(kind)
    conds = ["d.kind IN (%s)" % ",".join("?" * len(kinds)) if kinds else "0",
             _NOT_LISTED_DROP.format(k="d.kind", i="d.dispute_id")]
    args: list = list(kinds)
    where, wargs = (flt or ClaimFilter()).where()
    if where != "1":
        if broad:       # most disputes match: walk them by date, each checked through its members' key
            conds.append("EXISTS (SELECT 1 FROM dispute_members c WHERE c.dispute_id = d.dispute_id AND %s)" % where)
        else:           # few match: their ids from the members' indexes
            conds.append("d.dispute_id IN (SELECT c.dispute_id FROM dispute_members c WHERE %s)" % where)
        args += wargs
    return " AND ".join(conds), args


#: members matching a filter past which a page of disputes is read by date rather than from the matches
BROAD = 2000


def _ids(row: dict) -> list[str]:
    try:
        ids = json.loads(row["claim_ids"] or "[]")
    except ValueError:
        ids = []
    return [i for i in ids if isinstance(i, str)]


class WorkbenchReads:
    """Mixed into ``Ledger`` (``self.query`` streams dicts, ``self.scalar`` reads one value)."""

    # -- disputes --------------------------------------------------------------------------------
    def dispute_rows(self, flt: Optional[ClaimFilter] = None, kind: Optional[str] = None, limit: int = 50,
                     offset: int = 0) -> list[dict]:
        """A page of disputes, newest first: ``source`` (relation|finding), ``kind``, ``claim_ids``
        (the newer claim first for a relation, the total first for a finding), ``message``, the
        finding's ``expected``/``actual``/``gap``, ``date`` and a stable ``dispute_id``.

        Read in date order from ``disputes_date`` (or ``disputes_kind`` for one kind); when a filter
        matches few disputes' claims (fewer than ``BROAD`` rows of ``dispute_members``) their ids come
        from its indexes first, else each dispute is checked through its members until the page is full."""
        fw, fargs = (flt or ClaimFilter()).where()
        broad = fw != "1" and self.scalar("SELECT count(*) FROM (SELECT 1 FROM dispute_members c WHERE %s LIMIT ?)"
                                          % fw, fargs + [BROAD]) >= BROAD
        where, args = _where(flt, kind, broad)
        rows = list(self.query(
            "SELECT dispute_id, source, kind, date, claim_ids, message, expected, actual, gap, created_at "
            "FROM disputes d WHERE %s ORDER BY d.date DESC, d.dispute_id LIMIT ? OFFSET ?" % where,
            args + [limit, offset]))
        for r in rows:
            r["claim_ids"] = _ids(r)
        return rows

    def dispute_counts(self, flt: Optional[ClaimFilter] = None) -> dict[str, int]:
        """How many disputes of each kind the filter keeps (one of its claims matches the filter)."""
        where, wargs = (flt or ClaimFilter()).where()
        kinds = _kinds(None)
        drop = _NOT_LISTED_DROP
        if where == "1":
            return {r["kind"]: r["n"] for r in self.query(
                "SELECT d.kind AS kind, count(*) AS n FROM disputes d WHERE d.kind IN (%s) AND %s GROUP BY d.kind"
                % (",".join("?" * len(kinds)), drop.format(k="d.kind", i="d.dispute_id")), kinds)}
        return {r["kind"]: r["n"] for r in self.query(
            "SELECT c.dkind AS kind, count(DISTINCT c.dispute_id) AS n FROM dispute_members c WHERE %s "
            "AND c.dkind IN (%s) AND %s GROUP BY c.dkind"
            % (where, ",".join("?" * len(kinds)), drop.format(k="c.dkind", i="c.dispute_id")), wargs + kinds)}

    # -- one quantity ----------------------------------------------------------------------------
    def quantity_rows(self, key: str, cap: int = 2000) -> tuple[list[dict], bool]:
        """Claims whose ``quantity_key`` is ``key``, by date stated (at most ``cap``; and whether capped),
        without their ``record`` JSON (the chart reads the columns; ``claim_records`` for a table's page)."""
        rows = list(self.query(
            "SELECT claim_id, doc_id, kind, metric, claimant_key, claimant_text, claimant_side, claimant_id, "
            "subject_side, location_key, location_text, value_low, value_high, qualifier, stated_on, period_start, "
            "period_end, quote, span_start, span_end, quantity_key FROM claims INDEXED BY claims_quantity "
            "WHERE quantity_key = ? "
            "ORDER BY stated_on, id LIMIT ?", (key, cap + 1)))
        return rows[:cap], len(rows) > cap

    def claim_records(self, claim_ids: Sequence[str]) -> dict[str, str]:
        """The stored ``record`` JSON of some claims, by id."""
        ids = list(dict.fromkeys(claim_ids))
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update((r["claim_id"], r["record"]) for r in self.query(
                "SELECT claim_id, record FROM claims WHERE claim_id IN (%s)" % ",".join("?" * len(chunk)), chunk))
        return out

    def quantity_key_counts(self, prefix: str, limit: int = 40) -> list[tuple[str, int]]:
        """Keys starting with ``prefix`` (``metric|side|``) and their claims, most claimed first."""
        return [(r["quantity_key"], r["n"]) for r in self.query(
            "SELECT quantity_key, count(*) AS n FROM (SELECT quantity_key FROM claims INDEXED BY claims_quantity "
            "WHERE quantity_key >= ? AND quantity_key < ? LIMIT 20000) GROUP BY quantity_key "
            "ORDER BY n DESC, quantity_key LIMIT ?", (prefix, prefix + "\uffff", limit))]

    def key_claim_rows(self, exact: Sequence[str], prefixes: Sequence[str] = (),
                       identities: Optional[Sequence[str]] = None) -> list[dict]:
        """The columns a comparison with a series reads (``claimant_id``, ids, value, dates, period, key)
        of the claims with one of the keys (or a key starting with a prefix), through
        ``claims_quantity``; only those of ``identities`` when given."""
        out: list[dict] = []
        cond, cargs = "", []
        if identities is not None:
            ids = list(dict.fromkeys(identities))
            if not ids:
                return []
            cond, cargs = " AND claimant_id IN (%s)" % ",".join("?" * len(ids)), ids
        base = ("SELECT claimant_id, claim_id, doc_id, claimant_key, subject_side, metric, value_low, value_high, "
                "qualifier, stated_on, period_start, period_end, quantity_key FROM claims INDEXED BY claims_quantity "
                "WHERE ")
        keys = list(dict.fromkeys(exact))
        for i in range(0, len(keys), 200):
            chunk = keys[i:i + 200]
            out += self.query(base + "quantity_key IN (%s) AND value_low IS NOT NULL%s"
                              % (",".join("?" * len(chunk)), cond), chunk + cargs)
        for p in dict.fromkeys(prefixes):
            out += self.query(base + "quantity_key >= ? AND quantity_key < ? AND value_low IS NOT NULL" + cond,
                              [p, p + "\uffff"] + cargs)
        return out

    # -- documents -------------------------------------------------------------------------------
    @staticmethod
    def _doc_where(filters: dict) -> tuple[str, list]:
        conds, args = [], []
        for col in ("format", "lang"):
            if filters.get(col):
                conds.append("d.%s = ?" % col)
                args.append(filters[col])
        if filters.get("source") is not None:
            if filters["source"]:
                conds.append("d.source = ?")
                args.append(filters["source"])
            else:
                conds.append("(d.source IS NULL OR d.source = '')")
        if filters.get("date_from"):
            conds.append("d.published >= ?")
            args.append(filters["date_from"])
        if filters.get("date_to"):
            conds.append("d.published <= ?")
            args.append(filters["date_to"] + "~")
        fq = fts_query(filters.get("q") or "")
        if fq:
            conds.append("d.id IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)")
            args.append(fq)
        return " AND ".join(conds) or "1", args

    def document_list(self, filters: dict, limit: int = 50, offset: int = 0) -> list[dict]:
        """Documents (``source``, ``format``, ``lang``, ``date_from``/``date_to`` on ``published``, ``q``
        full text), newest first, each with its number of claims."""
        where, args = self._doc_where(filters)
        return list(self.query(
            "SELECT d.doc_id, d.title, d.url, d.author, d.published, d.format, d.source, d.lang, "
            "(SELECT count(*) FROM claims c WHERE c.doc_id = d.doc_id) AS claims FROM documents d WHERE %s "
            "ORDER BY d.published DESC, d.id DESC LIMIT ? OFFSET ?" % where, args + [limit, offset]))

    def document_facets(self, filters: dict, cap: int = 20000) -> tuple[dict[str, list[tuple[Optional[str], int]]], int]:
        """Counts of ``source``, ``format`` and ``lang`` over the first ``cap`` matching documents,
        and how many were read (``cap`` when there may be more)."""
        where, args = self._doc_where(filters)
        counts: dict[str, dict] = {"source": {}, "format": {}, "lang": {}}
        n = 0
        for r in self.query("SELECT d.source, d.format, d.lang FROM documents d WHERE %s LIMIT ?" % where,
                            args + [cap]):
            n += 1
            for col in counts:
                counts[col][r[col]] = counts[col].get(r[col], 0) + 1
        return {col: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))) for col, c in counts.items()}, n

    def document_matches(self, text: str, limit: int = 20, rank_cap: int = 2000) -> list[dict]:
        """Documents whose text or title matches, with a snippet whose matches are marked by U+E000 …
        U+E001 (characters no document text is stored with): best first when at most ``rank_cap``
        match, else the newest stored first (ranking every match of a common word costs seconds)."""
        fq = fts_query(text)
        if not fq:
            return []
        many = self.scalar("SELECT count(*) FROM (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? "
                           "LIMIT ?)", (fq, rank_cap + 1)) > rank_cap
        return list(self.query(
            "SELECT d.doc_id, d.title, d.published, d.source, d.format, "
            "snippet(documents_fts, 0, char(57344), char(57345), '…', 16) AS snippet "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY %s LIMIT ?" % ("documents_fts.rowid DESC" if many else "rank"),
            (fq, limit)))
