"""What the workbench pages read: disputes, one quantity's claims, documents: methods of ``Ledger``.

A *dispute* is a stored contradiction or revision (``relations`` of type ``contradicts`` /
``revises``) or a consistency finding (``findings``); its date is the latest ``stated_on``
of its claims. The disputes list is filtered like the claims table (a ``ClaimFilter``): a
dispute is kept when one of its claims matches every condition. Relations are read through
``relations_type`` and never the ``updates`` that make up most of a linked ledger.
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


def _union(flt: Optional[ClaimFilter], kind: Optional[str]) -> tuple[str, list]:
    """The disputes as one SELECT (relations UNION ALL findings) and its parameters."""
    where, wargs = (flt or ClaimFilter()).where()
    filtered = where != "1"
    rel_types = [t for t in DISPUTE_RELATIONS if kind in (None, t)]
    if kind == "findings":
        rel_types = []
    finding_kinds = [k for k in FINDING_KINDS if kind in (None, "findings", k)]
    parts, args = [], []
    if rel_types:
        sql = ("SELECT 'relation' AS source, r.type AS kind, r.src || ' ' || r.dst AS ids, r.reason AS message, "
               "NULL AS expected, NULL AS actual, NULL AS gap, r.created_at AS created_at, "
               "(SELECT max(x.stated_on) FROM claims x WHERE x.claim_id IN (r.src, r.dst)) AS date, "
               "r.type || ':' || r.src || ':' || r.dst AS dispute_id "
               "FROM relations r INDEXED BY relations_type WHERE r.type IN (%s)" % ",".join("?" * len(rel_types)))
        args += rel_types
        if filtered:
            sql += " AND EXISTS (SELECT 1 FROM claims c WHERE c.claim_id IN (r.src, r.dst) AND %s)" % where
            args += wargs
        parts.append(sql)
    if finding_kinds:
        sql = ("SELECT 'finding' AS source, f.kind AS kind, f.claim_ids AS ids, f.message AS message, "
               "f.expected AS expected, f.actual AS actual, f.gap AS gap, f.created_at AS created_at, "
               "(SELECT max(x.stated_on) FROM json_each(f.claim_ids) j JOIN claims x ON x.claim_id = j.value) AS date, "
               "f.finding_id AS dispute_id FROM findings f WHERE f.kind IN (%s) "
               # a running total that went down is listed once: as the revision the linker stored
               "AND NOT (f.kind = 'cumulative_drop' AND EXISTS (SELECT 1 FROM relations r2 WHERE r2.type = 'revises' "
               "AND r2.src = json_extract(f.claim_ids, '$[0]') AND r2.dst = json_extract(f.claim_ids, '$[1]')))"
               % ",".join("?" * len(finding_kinds)))
        args += finding_kinds
        if filtered:
            sql += (" AND EXISTS (SELECT 1 FROM json_each(f.claim_ids) j JOIN claims c ON c.claim_id = j.value "
                    "WHERE %s)" % where)
            args += wargs
        parts.append(sql)
    if not parts:
        return "SELECT NULL AS source, NULL AS kind, NULL AS ids, NULL AS message, NULL AS expected, NULL AS actual, " \
               "NULL AS gap, NULL AS created_at, NULL AS date, NULL AS dispute_id WHERE 0", []
    return " UNION ALL ".join(parts), args


def _ids(row: dict) -> list[str]:
    if row["source"] == "relation":
        return row["ids"].split(" ")
    try:
        ids = json.loads(row["ids"] or "[]")
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
        finding's ``expected``/``actual``/``gap``, ``date`` and a stable ``dispute_id``."""
        sql, args = _union(flt, kind)
        rows = list(self.query("SELECT * FROM (%s) ORDER BY date DESC NULLS LAST, created_at DESC, dispute_id "
                               "LIMIT ? OFFSET ?" % sql, args + [limit, offset]))
        for r in rows:
            r["claim_ids"] = _ids(r)
            del r["ids"]
        return rows

    def dispute_counts(self, flt: Optional[ClaimFilter] = None) -> dict[str, int]:
        """How many disputes of each kind the filter keeps."""
        sql, args = _union(flt, None)
        return {r["kind"]: r["n"] for r in self.query(
            "SELECT kind, count(*) AS n FROM (%s) GROUP BY kind" % sql, args) if r["kind"]}

    # -- one quantity ----------------------------------------------------------------------------
    def quantity_rows(self, key: str, cap: int = 2000) -> tuple[list[dict], bool]:
        """Claims whose ``quantity_key`` is ``key``, by date stated (at most ``cap``; and whether capped)."""
        rows = list(self.query(
            "SELECT claim_id, doc_id, record, kind, metric, claimant_key, claimant_text, claimant_side, claimant_id, "
            "subject_side, location_key, location_text, value_low, value_high, qualifier, stated_on, period_start, "
            "period_end, quote, span_start, span_end FROM claims INDEXED BY claims_quantity WHERE quantity_key = ? "
            "ORDER BY stated_on, id LIMIT ?", (key, cap + 1)))
        return rows[:cap], len(rows) > cap

    def quantity_key_counts(self, prefix: str, limit: int = 40) -> list[tuple[str, int]]:
        """Keys starting with ``prefix`` (``metric|side|``) and their claims, most claimed first."""
        return [(r["quantity_key"], r["n"]) for r in self.query(
            "SELECT quantity_key, count(*) AS n FROM (SELECT quantity_key FROM claims INDEXED BY claims_quantity "
            "WHERE quantity_key >= ? AND quantity_key < ? LIMIT 20000) GROUP BY quantity_key "
            "ORDER BY n DESC, quantity_key LIMIT ?", (prefix, prefix + "\uffff", limit))]

    def key_claim_rows(self, exact: Sequence[str], prefixes: Sequence[str] = (),
                       identities: Optional[Sequence[str]] = None) -> list[dict]:
        """``claimant_id``, ``record`` and ``quantity_key`` of the claims with one of the keys (or a key
        starting with a prefix), through ``claims_quantity``; only those of ``identities`` when given."""
        out: list[dict] = []
        cond, cargs = "", []
        if identities is not None:
            ids = list(dict.fromkeys(identities))
            if not ids:
                return []
            cond, cargs = " AND claimant_id IN (%s)" % ",".join("?" * len(ids)), ids
        base = "SELECT claimant_id, record, quantity_key FROM claims INDEXED BY claims_quantity WHERE "
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

    def document_matches(self, text: str, limit: int = 20) -> list[dict]:
        """Documents whose text or title matches, best first, with a snippet whose matches are
        marked by U+E000 … U+E001 (characters no document text is stored with)."""
        fq = fts_query(text)
        if not fq:
            return []
        return list(self.query(
            "SELECT d.doc_id, d.title, d.published, d.source, d.format, "
            "snippet(documents_fts, 0, char(57344), char(57345), '…', 16) AS snippet "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (fq, limit)))
