"""The HTML pages: claims table, claim, document, timeline, sources, upload.

Handlers are plain functions (Starlette runs them in its thread pool); each reads
through the thread's read-only ``Ledger`` and hands plain values to a template.
"""
from __future__ import annotations

import math
from bisect import bisect_left
from collections import OrderedDict

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from counterclaim.ledger import Ledger
from counterclaim.ledger.reads import record_of
from counterclaim.records import KINDS
from counterclaim.web import chart, listing
from counterclaim.web.markup import Span, segments, spans_of, window
from counterclaim.web.params import METRIC_FAMILIES, BadParam, check_id, parse_filters, parse_query

COLUMNS = [("stated_on", "Stated"), ("metric", "Metric"), ("value", "Value"), ("claimant", "Claimant"),
           (None, "Subject"), ("location", "Location"), ("kind", "Kind"), (None, "Quote")]


def _ledger(request: Request) -> Ledger:
    return request.app.state.pool.get()


def render(request: Request, name: str, context: dict, status: int = 200, headers=None):
    context.setdefault("read_only", request.app.state.read_only)
    return request.app.state.templates.TemplateResponse(request, name, context, status_code=status,
                                                        headers=headers)


def claims_page(request: Request):
    q = parse_query(request.query_params)
    lst = listing.listing(_ledger(request), q, cache=request.app.state.summary_cache)
    facets = lst.facets

    def options(name, known=None):
        counts = OrderedDict(facets.get(name, []))
        if known:
            counts = OrderedDict((k, counts.get(k, 0)) for k in known)
        cur = q.filters.get(name)
        if cur and cur not in counts:
            counts[cur] = None
        return list(counts.items())

    selects = [("metric", "Metric", options("metric")), ("kind", "Kind", options("kind", KINDS)),
               ("side", "Claimant side", options("side")), ("subject_side", "Subject side", options("subject_side"))]
    facet_lists = [("claimant", "Claimants", facets.get("claimant", [])),
                   ("location", "Locations", facets.get("location", []))]
    pages = None if lst.total_capped else max(1, math.ceil(lst.total / q.limit))
    return render(request, "claims.html", {
        "nav": "Claims", "q": q, "rows": lst.rows, "total": lst.total, "total_capped": lst.total_capped,
        "has_next": lst.has_next, "pages": pages, "ledger_claims": lst.ledger_claims, "selects": selects, "facet_lists": facet_lists,
        "facets_capped": lst.facets_capped, "facet_cap": listing.FACET_CAP, "columns": COLUMNS})


def _int(v, default=0) -> int:
    try:
        return int(v)
    except (TypeError, ValueError):
        return default


def claim_context(led: Ledger, claim_id: str) -> dict:
    """Everything the claim page and ``/api/claims/{id}`` show about one claim."""
    row = led.claim_row(claim_id)
    if row is None:
        raise HTTPException(404, "no claim %s in this ledger" % claim_id)
    doc = led.document_row(row["doc_id"]) or {"doc_id": row["doc_id"], "text": "", "parts": []}
    rec = record_of(row)
    text = doc.get("text") or ""
    s, e = _int(row.get("span_start"), -1), _int(row.get("span_end"), -1)
    if 0 <= s < e <= len(text):
        a, b = window(text, s, e)
        segs = segments(text, [Span(s, e, claim_id, row["kind"])], a, b)
    else:                                       # no usable span: show the quote alone
        a, b = 0, 0
        segs = segments(row["quote"], [Span(0, len(row["quote"]), claim_id, row["kind"])])
    cites = led.citations_of([claim_id]).get(claim_id) or [u for u in rec.get("citations") or []
                                                                  if isinstance(u, str)]
    date = row.get("stated_on") or row.get("period_end")
    series = led.series_on(row.get("metric"), row.get("subject_side"), date)
    if row.get("value_low") is not None:
        mid = (row["value_low"] + (row["value_high"] if row["value_high"] is not None else row["value_low"])) / 2
        for sv in series:
            sv["diff"] = mid - sv["value"] if sv.get("value") is not None else None
    return {"c": row, "record": rec, "doc": doc, "segs": segs, "before": a > 0, "after": 0 < b < len(text),
            "citations": cites, "relations": led.relation_rows_of(claim_id),
            "findings": led.finding_rows_of(claim_id), "series_values": series}


def claim_page(request: Request):
    claim_id = check_id("claim_id", request.path_params["claim_id"])
    ctx = claim_context(_ledger(request), claim_id)
    ctx["nav"] = "Claims"
    return render(request, "claim.html", ctx)


def document_parts(doc: dict, claims: list[dict], cites: dict[str, list[str]]) -> list[dict]:
    """A thread's post and comments, each with its highlighted text and the URLs its claims cite.

    Spans are sorted once and each part takes its own by bisection, so a thread of thousands
    of comments costs no more than its text.
    """
    text = doc.get("text") or ""
    spans = sorted(spans_of(claims), key=lambda sp: sp.start)
    starts = [sp.start for sp in spans]
    longest = max((sp.end - sp.start for sp in spans), default=0)
    out = []
    for p in sorted(doc.get("parts") or [], key=lambda p: _int(p.get("start"))):
        start, end = _int(p.get("start")), _int(p.get("end"), len(text))
        if not 0 <= start <= end <= len(text):
            continue
        near = [sp for sp in spans[bisect_left(starts, start - longest):bisect_left(starts, end)] if sp.end > start]
        inside = [sp.claim_id for sp in near if sp.start >= start]
        urls = list(dict.fromkeys(u for cid in inside for u in cites.get(cid, [])))
        out.append({"id": str(p.get("id") or ""), "author": p.get("author"), "published": p.get("published"),
                    "url": p.get("url"), "kind": p.get("kind") or "comment", "depth": max(0, _int(p.get("depth"))),
                    "segs": segments(text, near, start, end), "citations": urls})
    return out


def document_page(request: Request):
    doc_id = check_id("doc_id", request.path_params["doc_id"])
    focus = request.query_params.get("focus")
    if focus:
        check_id("focus", focus)
    led = _ledger(request)
    doc = led.document_row(doc_id)
    if doc is None:
        raise HTTPException(404, "no document %s in this ledger" % doc_id)
    claims = led.document_claim_rows(doc_id)
    cites = led.citations_of([c["claim_id"] for c in claims])
    parts = document_parts(doc, claims, cites) if doc["parts"] else []
    return render(request, "document.html", {
        "nav": None, "doc": doc, "claims": claims, "parts": parts, "focus": focus, "kinds": KINDS,
        "segs": [] if parts else segments(doc["text"] or "", spans_of(claims))})


def timeline_page(request: Request):
    f = parse_filters(request.query_params)
    led = _ledger(request)
    cache = request.app.state.summary_cache
    stamp = cache.stamp()
    metrics = cache.get(("metric_counts",), stamp)
    if metrics is None:                 # a GROUP BY over every claim: computed once per ledger state
        metrics = led.metric_counts()
        cache.put(("metric_counts",), stamp, metrics)
    metrics = list(metrics)
    metric = f["metric"] or (metrics[0][0] if metrics else None)
    if metric in METRIC_FAMILIES:
        raise BadParam("metric", "the timeline shows one metric, not the family %r" % metric)
    rows, capped = led.timeline_claims(metric, f["subject_side"], f["claimant"]) if metric else ([], False)
    if not f["subject_side"]:          # both sides' figures on one chart: say whose each claimant counts
        for r in rows:
            r["claimant"] = "%s → %s" % (r["claimant"] or "unknown", r["subject_side"] or "?")
    series: dict[str, list] = {}
    if metric:
        pts = led.series_point_rows(None, metric, f["subject_side"])
        sides = {p["subject_side"] for p in pts}
        for p in pts:
            name = p["series"] if len(sides) <= 1 else "%s %s" % (p["series"], p["subject_side"])
            series.setdefault(name, []).append((p["date"], p["value"]))
    log = request.query_params.get("scale") == "log"
    if metric and metric not in dict(metrics):
        metrics.append((metric, 0))
    return render(request, "timeline.html", {
        "nav": "Timeline", "metric": metric, "metrics": metrics, "subject_side": f["subject_side"],
        "claimant": f["claimant"], "chart": chart.build(rows, series, log=log), "capped": capped, "log": log,
        "cap": len(rows)})


def sources_page(request: Request):
    led = _ledger(request)
    srcs = led.sources()
    selected = request.query_params.get("source")
    page = max(1, _int(request.query_params.get("page"), 1))
    by_date: list = []
    more = False
    if selected is not None:
        if len(selected) > 200:
            raise BadParam("source", "longer than 200 characters")
        docs = led.source_documents(selected, 201, (page - 1) * 200)
        more = len(docs) > 200
        grouped: "OrderedDict[str, list]" = OrderedDict()
        for d in docs[:200]:
            grouped.setdefault((d["published"] or "")[:10], []).append(d)
        by_date = list(grouped.items())
    return render(request, "sources.html", {"nav": "Sources", "sources": srcs, "selected": selected,
                                            "by_date": by_date, "more": more, "page": page})


def routes() -> list[Route]:
    return [
        Route("/", claims_page, name="claims"),
        Route("/claims/{claim_id}", claim_page, name="claim"),
        Route("/documents/{doc_id}", document_page, name="document"),
        Route("/timeline", timeline_page, name="timeline"),
        Route("/sources", sources_page, name="sources"),
    ]
