"""The HTML pages: claims table, claim, document, timeline, sources, upload.

Handlers are plain functions (Starlette runs them in its thread pool); each reads
through the thread's read-only ``Ledger`` and hands plain values to a template.
"""
from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from collections import OrderedDict
from typing import Optional

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from counterclaim.ledger import Ledger
from counterclaim.ledger.claimants import display_name
from counterclaim.ledger.reads import record_of
from counterclaim.link.compare import SeriesIndex, compare_claim, series_scope
from counterclaim.link.keys import QuantityKey, parse_date as key_date
from counterclaim.link.quantity import PANELS, SERIES_PANELS, describe, panel_of, scope_note, series_in_range
from counterclaim.records import KINDS, Claim
from counterclaim.web import chart, listing
from counterclaim.web.markup import Span, figure_span, figures_of, quote_parts, segments, spans_of, window
from counterclaim.web.params import METRIC_FAMILIES, BadParam, check_id, date_param, parse_filters, parse_query

COLUMNS = [("stated_on", "Stated"), ("metric", "Metric"), ("value", "Value"), ("claimant", "Claimant"),
           (None, "Whose"), ("location", "Location"), ("kind", "Kind"), (None, "Quote")]


def _ledger(request: Request) -> Ledger:
    return request.app.state.pool.get()


def cached(request: Request, key: tuple, compute):
    """``compute()`` once per ledger state (the summary cache), shared by every server thread."""
    cache = request.app.state.summary_cache
    stamp = cache.stamp()
    got = cache.get(key, stamp)
    if got is None:
        got = compute()
        cache.put(key, stamp, got)
    return got


def series_list(request: Request) -> list[dict]:
    """The imported series with their metrics, sides and dates (a GROUP BY over every point: cached)."""
    return cached(request, ("series_list",), _ledger(request).series_list)


def render(request: Request, name: str, context: dict, status: int = 200, headers=None):
    context.setdefault("read_only", request.app.state.read_only)
    context.setdefault("search_q", request.query_params.get("q") or request.query_params.get("search") or "")
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
    for r in lst.rows:
        r["quote_parts"] = quote_parts(r, record_of(r))
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
        fig = figure_span(row, rec)
        segs = segments(text, [Span(s, e, claim_id, row["kind"])], a, b, [fig] if fig else [])
    else:                                       # no usable span: show the quote alone
        a, b = 0, 0
        segs = segments(row["quote"], [Span(0, len(row["quote"]), claim_id, row["kind"])])
    cites = led.citations_of([claim_id]).get(claim_id) or [u for u in rec.get("citations") or []
                                                                  if isinstance(u, str)]
    series, note = claim_series(led, row, rec)
    names = led.claimant_names().get(row.get("claimant_id") or "", []) if row.get("claimant_id") else []
    return {"c": row, "record": rec, "doc": doc, "segs": segs, "before": a > 0, "after": 0 < b < len(text),
            "citations": cites, "relations": led.relation_rows_of(claim_id),
            "findings": led.finding_rows_of(claim_id), "series_values": series, "series_note": note,
            "quantity_label": describe(QuantityKey.parse(row["quantity_key"])) if row.get("quantity_key") else None,
            "claimant_name": display_name(row["claimant_id"], names) if row.get("claimant_id") else None}


def claim_series(led: Ledger, row: dict, rec: dict) -> tuple[list[dict], str]:
    """The series values a claim is compared with, only where a series counts the same quantity
    (``compare.series_scope``: never a regional figure against a national total), and why not otherwise."""
    key = QuantityKey.parse(row["quantity_key"]) if row.get("quantity_key") else None
    if key is None:
        return [], ("No series is compared: this claim has no quantity key (no figure, an unknown side whose "
                    "losses it counts, or a kind that is not a claim of fact).")
    try:
        claim = Claim.from_dict(rec)
    except (KeyError, TypeError, ValueError):
        return [], "No series is compared: the stored record does not parse."
    comp = compare_claim(SeriesIndex(led), claim, key) if series_scope(key) else None
    if comp is None:
        names = [n for n in led.series_names(key.metric, key.subject) if not n.endswith(".corrections")]
        note = scope_note(key, names)
        if series_scope(key) and names:
            note += " No series point within a week before this claim's date."
        return [], note
    what = "change that day" if comp.increment else "total that day"
    return [{"series": sv.series, "date": sv.date, "value": sv.value, "diff": sv.difference, "what": what,
             "subject_side": key.subject} for sv in comp.series], scope_note(key, [sv.series for sv in comp.series])


def claim_page(request: Request):
    claim_id = check_id("claim_id", request.path_params["claim_id"])
    ctx = claim_context(_ledger(request), claim_id)
    ctx["nav"] = "Claims"
    ctx["quote_parts"] = quote_parts(ctx["c"], ctx["record"], 100_000)
    return render(request, "claim.html", ctx)


def document_parts(doc: dict, claims: list[dict], cites: dict[str, list[str]]) -> list[dict]:
    """A thread's post and comments, each with its highlighted text and the URLs its claims cite.

    Spans are sorted once and each part takes its own by bisection, so a thread of thousands
    of comments costs no more than its text.
    """
    text = doc.get("text") or ""
    spans = sorted(spans_of(claims), key=lambda sp: sp.start)
    figures = sorted(figures_of(claims, [record_of(c) for c in claims]))
    fstarts = [f[0] for f in figures]
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
                    "segs": segments(text, near, start, end,
                                     figures[bisect_left(fstarts, start):bisect_left(fstarts, end)]),
                    "citations": urls})
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
        "segs": [] if parts else segments(doc["text"] or "", spans_of(claims), 0, None,
                                          figures_of(claims, [record_of(c) for c in claims]))})


def date_window(request: Request, dates: list) -> tuple[Optional[dt.date], Optional[dt.date], bool]:
    """The dates a chart spans: ``from``/``to`` when given (a zoom; any precision), else the claims'
    dates with a margin. The third value says whether the range is the default one."""
    qp = request.query_params
    lo, hi = date_param(qp, "from"), date_param(qp, "to")
    d0 = key_date(lo) if lo else None
    d1 = key_date(hi, end=True) if hi else None
    if d0 and d1 and d0 > d1:
        raise BadParam("to", "is before from")
    if not dates and not (d0 and d1):
        return d0, d1, not (lo or hi)
    if dates:
        a, b = min(dates), max(dates)
        pad = dt.timedelta(days=max(15, (b - a).days // 10))
        d0, d1 = d0 or a - pad, d1 or b + pad
        if d0 > d1:
            raise BadParam("to" if hi else "from", "leaves no date to show")
    return d0, d1, not (lo or hi)


def zoom_links(d0: Optional[dt.date], d1: Optional[dt.date], params: dict) -> list[tuple[str, str, dict]]:
    """(id, label, query) of the zoom links: in, out, earlier, later, every date."""
    if d0 is None or d1 is None:
        return []
    span = max((d1 - d0).days, 2)
    mid = d0 + dt.timedelta(days=span // 2)
    out = []

    def q(a, b):
        return dict(params, **{"from": a.isoformat(), "to": b.isoformat()})
    out.append(("zoom-in", "zoom in", q(mid - dt.timedelta(days=max(span // 4, 1)), mid + dt.timedelta(days=max(span // 4, 1)))))
    out.append(("zoom-out", "zoom out", q(d0 - dt.timedelta(days=span // 2 + 1), d1 + dt.timedelta(days=span // 2 + 1))))
    out.append(("earlier", "← earlier", q(d0 - dt.timedelta(days=span // 2), d1 - dt.timedelta(days=span // 2))))
    out.append(("later", "later →", q(d0 + dt.timedelta(days=span // 2), d1 + dt.timedelta(days=span // 2))))
    out.append(("all-dates", "every date", q(dt.date(2022, 1, 1), dt.date.today())))
    return out


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
    log = request.query_params.get("scale") == "log"
    d0, d1, default_range = date_window(request, [d for d in (chart.parse_date(r["date"]) for r in rows) if d])
    by_panel: dict[str, list] = {}
    for r in rows:
        by_panel.setdefault(panel_of(r["quantity_key"], r["period_start"], r["period_end"], r["location_key"],
                                     r["location_text"]), []).append(r)
    sides = [f["subject_side"]] if f["subject_side"] else sorted({p["subject_side"] for s in series_list(request)
                                                                  for p in s["metrics"] if p["metric"] == metric})
    panels, colours = [], chart.colour_map(r["claimant"] for r in rows)
    for pid, title in PANELS:
        series: dict[str, list] = {}
        scope = SERIES_PANELS.get(pid)
        if metric and scope and d0 and d1:
            for side in sides:
                got = series_in_range(led, metric, side, scope, d0.isoformat(), d1.isoformat())
                for name, pts in got.items():
                    series[name if len(sides) <= 1 else "%s %s" % (name, side)] = pts
        claims = by_panel.get(pid, [])
        if not claims and not series:
            continue
        panels.append({"id": pid, "title": title, "count": len(claims), "scope": scope,
                       "chart": chart.build(claims, series, log=log, date_range=(d0, d1) if d0 and d1 else None,
                                             fit=True, colours=colours)})
    drawn = {line.name.split(" ")[0] for p in panels for line in p["chart"].lines}
    if metric and metric not in dict(metrics):
        metrics.append((metric, 0))
    params = {k: v for k, v in (("metric", metric), ("subject_side", f["subject_side"]), ("claimant", f["claimant"]),
                                ("scale", "log" if log else None)) if v}
    return render(request, "timeline.html", {
        "nav": "Timeline", "metric": metric, "metrics": metrics, "subject_side": f["subject_side"],
        "claimant": f["claimant"], "panels": panels, "capped": capped, "log": log, "cap": len(rows),
        "d0": d0, "d1": d1, "default_range": default_range, "zoom": zoom_links(d0, d1, params), "params": params,
        "licences": [s for s in led.series_sources() if s["series"] in drawn]})


def sources_page(request: Request):
    led = _ledger(request)
    srcs = led.sources()
    series = series_list(request)
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
    licences = {r["source"]: r["licence"] for r in series if r.get("source")}
    for src in srcs:               # a source an imported series came from carries the series' licence
        src["licence"] = src["licence"] or licences.get(src["source"])
    return render(request, "sources.html", {"nav": "Sources", "sources": srcs, "selected": selected,
                                            "by_date": by_date, "more": more, "page": page, "series": series})


def routes() -> list[Route]:
    return [
        Route("/", claims_page, name="claims"),
        Route("/claims/{claim_id}", claim_page, name="claim"),
        Route("/documents/{doc_id}", document_page, name="document"),
        Route("/timeline", timeline_page, name="timeline"),
        Route("/sources", sources_page, name="sources"),
    ]
