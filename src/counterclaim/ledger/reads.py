"""The look-ups the web pages, the JSON API and ``counterclaim show`` make: methods of ``Ledger``.

One claim's neighbourhood (its document, citations, relations, findings), a document's
claims, timelines and sources, as rows of the stored columns (never the internal ``id``,
which would leak into the API). Stored JSON that does not parse reads as empty: a page
shows what it can of a damaged row.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from counterclaim.ledger.claimants import claimant_condition, is_registry_key

#: the ``claims`` columns a claim row carries
CLAIM_COLUMNS = ("claim_id, doc_id, record, kind, metric, claimant_key, claimant_text, claimant_side, "
                 "subject_side, location_key, location_text, value_low, value_high, qualifier, stated_on, "
                 "period_start, period_end, part_of, quote, span_start, span_end, confidence, quantity_key, extractor, "
                 "claimant_id")
#: the ``documents`` columns a document row carries
DOC_COLUMNS = "doc_id, text, title, url, author, published, format, source, parent, lang, path, parts, ingested_at, extractor"
CHUNK = 500  #: ids bound per ``IN (…)``


def record_of(row: dict) -> dict:
    """The claim's spec record (its stored ``record`` JSON) from a claim row; {} when it does not parse."""
    try:
        rec = json.loads(row.get("record") or "{}")
    except ValueError:
        rec = {}
    return rec if isinstance(rec, dict) else {}


class Reads:
    """Mixed into ``Ledger`` (``self.query`` streams dicts, ``self.query_one`` reads one)."""

    def claim_row(self, claim_id: str) -> Optional[dict]:
        """The stored columns of a claim, or None."""
        return self.query_one("SELECT %s FROM claims WHERE claim_id = ?" % CLAIM_COLUMNS, (claim_id,))

    def claim_rows_by_id(self, claim_ids: Iterable[str]) -> dict[str, dict]:
        """Claim rows by id (ids not stored are left out)."""
        ids = list(dict.fromkeys(claim_ids))
        out: dict[str, dict] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            sql = "SELECT %s FROM claims WHERE claim_id IN (%s)" % (CLAIM_COLUMNS, ",".join("?" * len(chunk)))
            out.update((r["claim_id"], r) for r in self.query(sql, chunk))
        return out

    def document_row(self, doc_id: str) -> Optional[dict]:
        """The stored columns of a document with ``parts`` parsed (a list of dicts), or None."""
        d = self.query_one("SELECT %s FROM documents WHERE doc_id = ?" % DOC_COLUMNS, (doc_id,))
        if not d:
            return None
        try:
            parts = json.loads(d.get("parts") or "[]")
        except ValueError:
            parts = []
        d["parts"] = [p for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []
        return d

    def document_claim_rows(self, doc_id: str) -> list[dict]:
        """A document's claim rows in text order."""
        return list(self.query("SELECT %s FROM claims WHERE doc_id = ? ORDER BY span_start, span_end"
                               % CLAIM_COLUMNS, (doc_id,)))

    def citations_of(self, claim_ids: Iterable[str]) -> dict[str, list[str]]:
        """The URLs each claim cites, in URL order."""
        ids = list(claim_ids)
        out: dict[str, list[str]] = {}
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            for r in self.query("SELECT claim_id, url FROM citations WHERE claim_id IN (%s) ORDER BY url"
                                % ",".join("?" * len(chunk)), chunk):
                out.setdefault(r["claim_id"], []).append(r["url"])
        return out

    def relation_rows_of(self, claim_id: str) -> list[dict]:
        """Relations from and to a claim, each with the other claim's row (None when it is gone)."""
        rows = list(self.query(
            "SELECT src, dst, type, reason, created_at, 1 AS outgoing FROM relations WHERE src = ? "
            "UNION ALL SELECT src, dst, type, reason, created_at, 0 FROM relations WHERE dst = ? "
            "ORDER BY type, created_at", (claim_id, claim_id)))
        others = self.claim_rows_by_id([r["dst"] if r["outgoing"] else r["src"] for r in rows])
        for r in rows:
            r["outgoing"] = bool(r["outgoing"])
            r["other_id"] = r["dst"] if r["outgoing"] else r["src"]
            r["other"] = others.get(r["other_id"])
        return rows

    def relation_rows(self, claim_id: Optional[str] = None, type: Optional[str] = None,
                      limit: int = 100, offset: int = 0) -> list[dict]:
        """A page of relations (of one claim, of one type), by source, destination and type."""
        where, args = [], []
        if claim_id:
            where.append("(src = ? OR dst = ?)")
            args += [claim_id, claim_id]
        if type:
            where.append("type = ?")
            args.append(type)
        sql = "SELECT src, dst, type, reason, created_at FROM relations %s ORDER BY src, dst, type LIMIT ? OFFSET ?" % (
            ("WHERE " + " AND ".join(where)) if where else "")
        return list(self.query(sql, args + [limit, offset]))

    def finding_rows_of(self, claim_id: str) -> list[dict]:
        """Findings naming a claim, as rows with ``claim_ids`` parsed."""
        rows = list(self.query(
            "SELECT finding_id, kind, claim_ids, message, expected, actual, gap, created_at FROM findings "
            "WHERE instr(claim_ids, ?) > 0 ORDER BY kind", ('"%s"' % claim_id,)))
        out = []
        for r in rows:
            try:
                ids = json.loads(r["claim_ids"])
            except ValueError:
                ids = []
            if claim_id in ids:
                r["claim_ids"] = [i for i in ids if isinstance(i, str)]
                out.append(r)
        return out

    def metric_counts(self) -> list[tuple[str, int]]:
        """Metrics with their claim counts, most claimed first (``metric_stats``, kept by triggers)."""
        return [(r["metric"], r["n"]) for r in self.query(
            "SELECT metric, claims AS n FROM metric_stats WHERE claims > 0 ORDER BY claims DESC, metric")]

    def metric_counts_scan(self) -> list[tuple[str, int]]:
        """``metric_counts`` counted from the claims (what ``metric_stats`` must equal)."""
        return [(r["metric"], r["n"]) for r in self.query(
            "SELECT metric, count(*) AS n FROM claims INDEXED BY claims_metric WHERE metric IS NOT NULL "
            "GROUP BY metric ORDER BY count(*) DESC, metric")]

    def timeline_claims(self, metric: str, subject_side: Optional[str] = None, claimant: Optional[str] = None,
                        cap: int = 3000) -> tuple[list[dict], bool]:
        """Dated claims with a value for one metric, newest first, at most ``cap`` (and whether capped)."""
        where, args = ["metric = ?", "value_low IS NOT NULL", "coalesce(stated_on, period_end) IS NOT NULL"], [metric]
        if subject_side:
            where.append("subject_side = ?")
            args.append(subject_side)
        if claimant:
            cond, cargs = (("claimant_key = ?", [claimant]) if is_registry_key(claimant)
                           else claimant_condition(claimant, "claimant_id"))
            where.append(cond)
            args += cargs
        rows = list(self.query(
            "SELECT claim_id, coalesce(stated_on, period_end) AS date, value_low AS low, value_high AS high, "
            "coalesce(claimant_key, claimant_text) AS claimant, claimant_id, subject_side, quote, quantity_key, "
            "period_start, period_end, location_key, location_text FROM claims WHERE %s "
            "ORDER BY stated_on DESC LIMIT ?" % " AND ".join(where), args + [cap + 1]))
        return rows[:cap], len(rows) > cap

    def sources(self) -> list[dict]:
        """Each source with its document count and first/last publication date."""
        return list(self.query(
            "SELECT d.source AS source, count(*) AS documents, min(d.published) AS first, max(d.published) AS last, "
            "s.url AS url, s.licence AS licence FROM documents d LEFT JOIN sources s ON s.name = d.source "
            "GROUP BY d.source ORDER BY count(*) DESC"))

    def source_documents(self, source: Optional[str], limit: int = 200, offset: int = 0) -> list[dict]:
        """Documents of one source (None or "" = without a source), newest first, with claim counts."""
        cond = "d.source = ?" if source else "(d.source IS NULL OR d.source = '')"
        args: list[Any] = [source] if source else []
        return list(self.query(
            "SELECT d.doc_id, d.title, d.published, d.format, d.author, "
            "(SELECT count(*) FROM claims c WHERE c.doc_id = d.doc_id) AS claims FROM documents d "
            "WHERE %s ORDER BY d.published DESC, d.doc_id LIMIT ? OFFSET ?" % cond, args + [limit, offset]))

    def documents_outside(self, folder: str) -> int:
        """How many documents were not read from under ``folder`` (no path, or another one)."""
        return self.scalar("SELECT count(*) FROM documents WHERE path IS NULL OR substr(path, 1, ?) != ?",
                           (len(folder), folder))
