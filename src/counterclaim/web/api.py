"""The JSON API under ``/api/`` and the CSV/JSON downloads of the claims table.

Claims are returned as the spec's records (the ``record`` JSON the ledger stores);
lists take the same filters as the table, with ``limit``/``offset``. Every bad
parameter is a 400 with ``{"error", "param"}``; an unknown id is a 404.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from typing import Iterator

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from counterclaim.ledger import Ledger
from counterclaim.ledger.reads import record_of
from counterclaim.records import RELATION_TYPES
from counterclaim.web import listing, openapi, workbench
from counterclaim.web.pages import _ledger, claim_context
from counterclaim.web.params import DATE_RE, FACET_COLUMNS, SIDE_RE, BadParam, check_id, int_param, parse_query

DOWNLOAD_CAP = 100_000
CSV_COLUMNS = ("claim_id", "doc_id", "kind", "metric", "claimant_key", "claimant_text", "claimant_side",
               "subject_side", "location_key", "location_text", "value_low", "value_high", "qualifier",
               "stated_on", "period_start", "period_end", "part_of", "quote", "confidence")
TEXT_COLUMNS = {"claimant_text", "location_text", "quote"}


def _records(rows) -> list[dict]:
    return [record_of(r) for r in rows]


def api_claims(request: Request):
    q = parse_query(request.query_params, api=True)
    led = _ledger(request)
    total, capped, _, _, claims = listing.summary(led, q, with_facets=False, cache=request.app.state.summary_cache)
    rows, has_next = listing.rows(led, q, columns=("record",), total=total, claims=claims)
    out = {"claims": _records(rows), "limit": q.limit, "offset": q.offset, "sort": q.sort,
           "filters": {k: v for k, v in q.filters.items() if v is not None},
           "next_offset": q.offset + q.limit if has_next else None}
    if request.query_params.get("count") in ("1", "true"):
        out["total"], out["total_capped"] = total, capped
    return JSONResponse(out)


def api_facets(request: Request):
    q = parse_query(request.query_params, api=True)
    name = request.query_params.get("facet") or "metric"
    if name not in FACET_COLUMNS:
        raise BadParam("facet", "expected one of %s, got %r" % (", ".join(FACET_COLUMNS), name[:40]))
    items, capped = listing.facet(_ledger(request), replace(listing.claim_filter(q.filters), **{name: None}),
                                  FACET_COLUMNS[name])
    return JSONResponse({"facet": name, "values": [{"value": v, "count": n} for v, n in items],
                         "capped": capped, "cap": listing.FACET_CAP})


def api_claim(request: Request):
    claim_id = check_id("claim_id", request.path_params["claim_id"])
    ctx = claim_context(_ledger(request), claim_id)
    doc = {k: ctx["doc"].get(k) for k in ("doc_id", "title", "url", "author", "published", "source", "format")}
    rels = [{"src": r["src"], "dst": r["dst"], "type": r["type"], "reason": r["reason"]} for r in ctx["relations"]]
    return JSONResponse({"claim": ctx["record"], "document": doc, "citations": ctx["citations"],
                         "relations": rels, "findings": ctx["findings"], "series": ctx["series_values"]})


def api_document(request: Request):
    doc_id = check_id("doc_id", request.path_params["doc_id"])
    led = _ledger(request)
    doc = led.document_row(doc_id)
    if doc is None:
        raise HTTPException(404, "no document %s in this ledger" % doc_id)
    doc.pop("extractor", None)
    doc["claims"] = _records(led.document_claim_rows(doc_id))
    return JSONResponse(doc)


def _limit_offset(request: Request, default: int = 100, most: int = 1000) -> tuple[int, int]:
    return (int_param(request.query_params, "limit", 1, most, default),
            int_param(request.query_params, "offset", 0, 10_000_000, 0))


def api_relations(request: Request):
    qp = request.query_params
    claim_id = qp.get("claim_id")
    if claim_id:
        check_id("claim_id", claim_id)
    rtype = qp.get("type") or None
    if rtype and rtype not in RELATION_TYPES:
        raise BadParam("type", "expected one of %s, got %r" % (", ".join(RELATION_TYPES), rtype[:40]))
    limit, offset = _limit_offset(request)
    rows = _ledger(request).relation_rows(claim_id, rtype, limit, offset)
    return JSONResponse({"relations": rows, "limit": limit, "offset": offset})


def api_series_list(request: Request):
    return JSONResponse({"series": _ledger(request).series_list()})


def api_series(request: Request):
    name = check_id("series", request.path_params["series"])
    qp = request.query_params
    metric = qp.get("metric") or None
    if metric:
        check_id("metric", metric)
    side = qp.get("subject_side") or None
    if side and not SIDE_RE.match(side):
        raise BadParam("subject_side", "expected a two-letter country code, got %r" % side[:40])
    for p in ("date_from", "date_to"):
        if qp.get(p) and not DATE_RE.match(qp[p]):
            raise BadParam(p, "expected a date YYYY, YYYY-MM or YYYY-MM-DD, got %r" % qp[p][:40])
    led = _ledger(request)
    if not any(s["series"] == name for s in led.series_list()):
        raise HTTPException(404, "no series %s in this ledger" % name)
    limit, _ = _limit_offset(request, 10_000, 100_000)
    pts = led.series_point_rows(name, metric, side.upper() if side else None, qp.get("date_from"),
                                qp.get("date_to"), limit)
    return JSONResponse({"series": name, "points": pts})


def api_disputes(request: Request):
    limit, _ = _limit_offset(request, 50, 500)
    ctx = workbench.disputes_context(request, limit)
    return JSONResponse({"disputes": [d.to_dict() for d in ctx["disputes"]], "counts": ctx["counts"],
                         "total": ctx["total"], "filters": ctx["params"], "page": ctx["page"],
                         "next_page": ctx["page"] + 1 if ctx["has_next"] else None})


def api_quantity(request: Request):
    _, _, view = workbench.quantity_context(request)
    return JSONResponse(view.to_dict())


def api_claimants(request: Request):
    limit, _ = _limit_offset(request, 100, 1000)
    ctx = workbench.claimants_context(request, limit)
    return JSONResponse({"claimants": [t.to_dict() for t in ctx["records"]], "total": ctx["total"],
                         "sort": ctx["sort"], "page": ctx["page"],
                         "next_page": ctx["page"] + 1 if ctx["has_next"] else None})


def api_claimant(request: Request):
    ctx = workbench.claimant_context(request)
    return JSONResponse({"claimant": ctx["record"].to_dict(),
                         "metrics": [{"metric": m, "claims": n} for m, n in ctx["metrics"]],
                         "disputes": [d.to_dict() for d in ctx["disputes"]], "dispute_count": ctx["dispute_count"],
                         "claims": _records(ctx["claims"]), "page": ctx["page"],
                         "next_page": ctx["page"] + 1 if ctx["has_next"] else None})


def api_document_list(request: Request):
    limit, _ = _limit_offset(request, 50, 500)
    ctx = workbench.documents_context(request, limit)
    return JSONResponse({"documents": ctx["documents"], "filters": ctx["params"], "page": ctx["page"],
                         "next_page": ctx["page"] + 1 if ctx["has_next"] else None})


def api_search(request: Request):
    ctx = workbench.search_context(request)
    return JSONResponse({"q": ctx["q"], "claims": _records(ctx["claims"]), "claims_total": ctx["claims_total"],
                         "claims_capped": ctx["claims_capped"],
                         "documents": [{**{k: v for k, v in d.items() if k != "snippet_parts"},
                                        "snippet": "".join(t for t, _ in d["snippet_parts"])} for d in ctx["documents"]]})


def api_openapi(request: Request):
    return JSONResponse(openapi.spec())


def _stream_rows(db_path: str, q) -> Iterator[dict]:
    """Rows of a download, through a connection of its own (the response outlives the request thread).

    The query runs and its first row is read here, before any byte is sent: a failing query is
    an error response, never a body cut short.
    """
    led = Ledger(db_path, readonly=True)
    try:
        rows = led.claim_rows(listing.claim_filter(q.filters), q.sort, DOWNLOAD_CAP, 0,
                              columns=("record",) + CSV_COLUMNS)
        first = next(rows, None)
    except BaseException:
        led.close()
        raise

    def rest() -> Iterator[dict]:
        try:
            if first is not None:
                yield first
                yield from rows
        finally:
            led.close()
    return rest()


def _cell(col: str, v):
    """A CSV cell; text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if v is None:
        return ""
    if col in TEXT_COLUMNS and isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    return v


def download_csv(request: Request):
    rows = _stream_rows(request.app.state.db_path, parse_query(request.query_params))

    def gen():
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(CSV_COLUMNS)
        for i, r in enumerate(rows):
            w.writerow([_cell(c, r[c]) for c in CSV_COLUMNS])
            if i % 500 == 0:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()

    return StreamingResponse(gen(), media_type="text/csv; charset=utf-8",
                             headers={"content-disposition": 'attachment; filename="claims.csv"'})


def download_json(request: Request):
    rows = _stream_rows(request.app.state.db_path, parse_query(request.query_params))

    def gen():
        chunk = ["["]
        for i, r in enumerate(rows):
            chunk.append(("," if i else "") + "\n" + json.dumps(record_of(r), ensure_ascii=False))
            if len(chunk) >= 500:
                yield "".join(chunk)
                chunk = []
        chunk.append("\n]\n")
        yield "".join(chunk)

    return StreamingResponse(gen(), media_type="application/json",
                             headers={"content-disposition": 'attachment; filename="claims.json"'})


def routes() -> list[Route]:
    return [
        Route("/claims.csv", download_csv, name="claims_csv"),
        Route("/claims.json", download_json, name="claims_json"),
        Route("/api/openapi.json", api_openapi, name="api_openapi"),
        Route("/api/claims", api_claims, name="api_claims"),
        Route("/api/claims/{claim_id}", api_claim, name="api_claim"),
        Route("/api/facets", api_facets, name="api_facets"),
        Route("/api/documents", api_document_list, name="api_document_list"),
        Route("/api/documents/{doc_id}", api_document, name="api_document"),
        Route("/api/disputes", api_disputes, name="api_disputes"),
        Route("/api/quantity", api_quantity, name="api_quantity"),
        Route("/api/claimants", api_claimants, name="api_claimants"),
        Route("/api/claimants/{ident:path}", api_claimant, name="api_claimant"),
        Route("/api/search", api_search, name="api_search"),
        Route("/api/relations", api_relations, name="api_relations"),
        Route("/api/series", api_series_list, name="api_series_list"),
        Route("/api/series/{series}", api_series, name="api_series"),
    ]
