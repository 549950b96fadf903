"""Read-only look-ups the pages need beyond the ledger's claim queries.

Claims lists and facets come from ``counterclaim.ledger.query``; what is here reads
one document, one claim's neighbourhood (citations, relations, findings, series on
its date), timelines and sources, as SELECTs through a ``Ledger`` opened read-only
(``Ledger.query`` streams dicts), so the web layer never holds a cursor.
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Optional

from counterclaim.ledger import Ledger

CLAIM_COLUMNS = ("claim_id, doc_id, record, kind, metric, claimant_key, claimant_text, claimant_side, "
                 "subject_side, location_key, location_text, value_low, value_high, qualifier, stated_on, "
                 "period_start, period_end, part_of, quote, span_start, span_end, confidence, quantity_key, extractor")
DOC_COLUMNS = "doc_id, text, title, url, author, published, format, source, parent, lang, path, parts, ingested_at, extractor"


def claim(led: Ledger, claim_id: str) -> Optional[dict]:
    row = led.query_one("SELECT %s FROM claims WHERE claim_id = ?" % CLAIM_COLUMNS, (claim_id,))
    return dict(row) if row else None


def claims_by_id(led: Ledger, ids: Iterable[str]) -> dict[str, dict]:
    ids = list(dict.fromkeys(ids))
    out: dict[str, dict] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = "SELECT %s FROM claims WHERE claim_id IN (%s)" % (CLAIM_COLUMNS, ",".join("?" * len(chunk)))
        out.update((r["claim_id"], r) for r in led.query(sql, chunk))
    return out


def record(row: dict) -> dict:
    """The claim's spec record (its stored JSON), with citations from the row when it has them."""
    try:
        rec = json.loads(row.get("record") or "{}")
    except ValueError:
        rec = {}
    return rec if isinstance(rec, dict) else {}


def document(led: Ledger, doc_id: str) -> Optional[dict]:
    row = led.query_one("SELECT %s FROM documents WHERE doc_id = ?" % DOC_COLUMNS, (doc_id,))
    if not row:
        return None
    d = dict(row)
    try:
        parts = json.loads(d.get("parts") or "[]")
    except ValueError:
        parts = []
    d["parts"] = [p for p in parts if isinstance(p, dict)] if isinstance(parts, list) else []
    return d


def document_claims(led: Ledger, doc_id: str) -> list[dict]:
    return list(led.query("SELECT %s FROM claims WHERE doc_id = ? ORDER BY span_start, span_end"
                               % CLAIM_COLUMNS, (doc_id,)))


def citations(led: Ledger, claim_ids: Iterable[str]) -> dict[str, list[str]]:
    ids = list(claim_ids)
    out: dict[str, list[str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in led.query("SELECT claim_id, url FROM citations WHERE claim_id IN (%s) ORDER BY url"
                           % ",".join("?" * len(chunk)), chunk):
            out.setdefault(r["claim_id"], []).append(r["url"])
    return out


def relations_of(led: Ledger, claim_id: str) -> list[dict]:
    """Relations from and to a claim, each with the other claim's row (None when it is gone)."""
    rows = list(led.query(
        "SELECT src, dst, type, reason, created_at, 1 AS outgoing FROM relations WHERE src = ? "
        "UNION ALL SELECT src, dst, type, reason, created_at, 0 FROM relations WHERE dst = ? "
        "ORDER BY type, created_at", (claim_id, claim_id)))
    others = claims_by_id(led, [r["dst"] if r["outgoing"] else r["src"] for r in rows])
    for r in rows:
        r["outgoing"] = bool(r["outgoing"])
        r["other_id"] = r["dst"] if r["outgoing"] else r["src"]
        r["other"] = others.get(r["other_id"])
    return rows


def relations(led: Ledger, claim_id: Optional[str] = None, type: Optional[str] = None,
              limit: int = 100, offset: int = 0) -> list[dict]:
    where, args = [], []
    if claim_id:
        where.append("(src = ? OR dst = ?)")
        args += [claim_id, claim_id]
    if type:
        where.append("type = ?")
        args.append(type)
    sql = "SELECT src, dst, type, reason, created_at FROM relations %s ORDER BY src, dst, type LIMIT ? OFFSET ?" % (
        ("WHERE " + " AND ".join(where)) if where else "")
    return list(led.query(sql, args + [limit, offset]))


def findings_of(led: Ledger, claim_id: str) -> list[dict]:
    rows = list(led.query(
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


def series_on(led: Ledger, metric: Optional[str], subject_side: Optional[str],
              date: Optional[str]) -> list[dict]:
    """Each series' value for a metric and side on a date (its last point on or before it)."""
    if not metric or not date or len(date) < 10:
        return []
    sides = [subject_side] if subject_side else [r["subject_side"] for r in led.query(
        "SELECT DISTINCT subject_side FROM series_points WHERE metric = ?", (metric,))]
    out = []
    for side in sides:
        names = [r["series"] for r in led.query(
            "SELECT DISTINCT series FROM series_points WHERE metric = ? AND subject_side = ?", (metric, side))]
        for name in names:
            row = led.query_one("SELECT series, subject_side, date, value FROM series_points WHERE series = ? "
                               "AND metric = ? AND subject_side = ? AND date <= ? ORDER BY date DESC LIMIT 1",
                               (name, metric, side, date[:10]))
            if row:
                out.append(dict(row))
    return out


def series_list(led: Ledger) -> list[dict]:
    rows = list(led.query("SELECT series, source, licence, imported_at FROM series ORDER BY series"))
    known = {r["series"] for r in rows}
    for name in [r["series"] for r in led.query("SELECT DISTINCT series FROM series_points")]:
        if name not in known:
            rows.append({"series": name, "source": None, "licence": None, "imported_at": None})
    for r in rows:
        r["metrics"] = list(led.query(
            "SELECT metric, subject_side, count(*) AS points, min(date) AS first, max(date) AS last "
            "FROM series_points WHERE series = ? GROUP BY metric, subject_side", (r["series"],)))
    return rows


def series_points(led: Ledger, series: Optional[str], metric: Optional[str],
                  subject_side: Optional[str] = None, date_from: Optional[str] = None,
                  date_to: Optional[str] = None, limit: int = 100_000) -> list[dict]:
    where, args = [], []
    for col, v in (("series", series), ("metric", metric), ("subject_side", subject_side)):
        if v:
            where.append("%s = ?" % col)
            args.append(v)
    if date_from:
        where.append("date >= ?")
        args.append(date_from)
    if date_to:
        where.append("date <= ?")
        args.append(date_to + "\uffff")
    sql = "SELECT series, metric, subject_side, date, value FROM series_points %s ORDER BY series, date LIMIT ?" % (
        ("WHERE " + " AND ".join(where)) if where else "")
    return list(led.query(sql, args + [limit]))


def metric_counts(led: Ledger) -> list[tuple[str, int]]:
    """Metrics that have a figure, with their claim counts (index-only scan of ``claims_metric``)."""
    return [(r["metric"], r["n"]) for r in led.query(
        "SELECT metric, count(*) AS n FROM claims INDEXED BY claims_metric WHERE metric IS NOT NULL "
        "GROUP BY metric ORDER BY count(*) DESC")]


def timeline_claims(led: Ledger, metric: str, subject_side: Optional[str] = None,
                    claimant: Optional[str] = None, cap: int = 3000) -> tuple[list[dict], bool]:
    """Dated claims with a value for one metric, newest first, at most ``cap`` (and whether capped)."""
    where, args = ["metric = ?", "value_low IS NOT NULL", "coalesce(stated_on, period_end) IS NOT NULL"], [metric]
    if subject_side:
        where.append("subject_side = ?")
        args.append(subject_side)
    if claimant:
        where.append("(claimant_key = ? OR claimant_text = ? COLLATE NOCASE)")
        args += [claimant, claimant]
    rows = list(led.query(
        "SELECT claim_id, coalesce(stated_on, period_end) AS date, value_low AS low, value_high AS high, "
        "coalesce(claimant_key, claimant_text) AS claimant, subject_side, quote FROM claims WHERE %s "
        "ORDER BY stated_on DESC LIMIT ?" % " AND ".join(where), args + [cap + 1]))
    return rows[:cap], len(rows) > cap


def sources(led: Ledger) -> list[dict]:
    """Each source with its document count and first/last publication date."""
    rows = list(led.query(
        "SELECT d.source AS source, count(*) AS documents, min(d.published) AS first, max(d.published) AS last, "
        "s.url AS url, s.licence AS licence FROM documents d LEFT JOIN sources s ON s.name = d.source "
        "GROUP BY d.source ORDER BY count(*) DESC"))
    return rows


def source_documents(led: Ledger, source: Optional[str], limit: int = 200,
                     offset: int = 0) -> list[dict]:
    """Documents of one source (None or "" = without a source), newest first, with claim counts."""
    cond = "d.source = ?" if source else "(d.source IS NULL OR d.source = '')"
    args: list[Any] = [source] if source else []
    return list(led.query(
        "SELECT d.doc_id, d.title, d.published, d.format, d.author, "
        "(SELECT count(*) FROM claims c WHERE c.doc_id = d.doc_id) AS claims FROM documents d "
        "WHERE %s ORDER BY d.published DESC, d.doc_id LIMIT ? OFFSET ?" % cond, args + [limit, offset]))
