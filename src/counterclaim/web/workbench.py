"""The analyst's pages: disputes, one quantity over time, claimants' track records, documents, search.

Each handler checks its parameters (``params``), asks the library for plain values
(``counterclaim.link.disputes``, ``.quantity``, ``.track``; the ledger's named reads) and hands
them to a template; the JSON API (``api.py``) returns the same values from the same
functions (``*_context``). Figures that need a pass over the whole ledger (the claimants'
track records, dispute counts) are kept in the ``SummaryCache`` while the ledger file is
unchanged.
"""
from __future__ import annotations

import math
from typing import Optional
from urllib.parse import unquote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.ledger.reads import record_of
from counterclaim.ledger.workbench import FINDING_KINDS
from counterclaim.link import track
from counterclaim.link.disputes import Dispute, explain
from counterclaim.link.keys import QuantityKey
from counterclaim.link.quantity import quantity_view
from counterclaim.records import Claim
from counterclaim.web import chart, listing
from counterclaim.web.markup import quote_parts
from counterclaim.web.openapi import DISPUTE_KINDS
from counterclaim.web.pages import _ledger, cached, date_window, render, zoom_links
from counterclaim.web.params import (MAX_TEXT, BadParam, _text, check_text, date_param, int_param,
                                     parse_filters)

PER_PAGE = 50
MAX_KEY = 2000   #: characters of a quantity key in a URL (its place part is the place's own words)
CLAIMANTS_PER_PAGE = 100
DOC_FORMATS_MAX = 40
SNIPPET_OPEN, SNIPPET_CLOSE = "\ue000", "\ue001"


def _page(request: Request) -> int:
    return int_param(request.query_params, "page", 1, 1_000_000, 1)


def _metrics(request: Request, led: Ledger) -> list:
    return list(cached(request, ("metric_counts",), led.metric_counts))


# -- disputes -------------------------------------------------------------------------------------

def dispute_filter(request: Request) -> tuple[ClaimFilter, Optional[str], dict]:
    """The disputes' filters (metric, claimant, location, dates, words of a quote) and kind, checked."""
    f = parse_filters(request.query_params)
    flt = ClaimFilter(metric=f["metric"], claimant=f["claimant"], location=f["location"],
                      date_from=f["date_from"], date_to=f["date_to"], search=f["search"])
    kind = _text(request.query_params, "type")      # ``kind`` is a claim's kind (reported, opinion …)
    if kind and kind not in DISPUTE_KINDS:
        raise BadParam("type", "expected one of %s, got %r" % (", ".join(DISPUTE_KINDS), kind[:40]))
    params = {k: v for k, v in flt.to_dict().items()}
    if kind:
        params["type"] = kind
    return flt, kind, params


def explain_rows(led: Ledger, rows: list[dict]) -> tuple[list[Dispute], dict]:
    """Disputes with their claims (as records) and the claims' rows by id."""
    ids = [i for r in rows for i in r["claim_ids"]]
    crow = led.claim_rows_by_id(ids)
    claims = {}
    for cid, r in crow.items():
        try:
            claims[cid] = Claim.from_dict(record_of(r))
        except (KeyError, TypeError, ValueError):
            pass
    for r in crow.values():
        r["quote_parts"] = quote_parts(r, record_of(r), 400)
    return [explain(r, claims, crow) for r in rows], crow


def disputes_context(request: Request, limit: int = PER_PAGE) -> dict:
    led = _ledger(request)
    flt, kind, params = dispute_filter(request)
    page = _page(request)
    rows = led.dispute_rows(flt, kind, limit + 1, (page - 1) * limit)
    disputes, crow = explain_rows(led, rows[:limit])
    counts = cached(request, ("dispute_counts",) + tuple(sorted(flt.to_dict().items())),
                    lambda: led.dispute_counts(flt))
    return {"disputes": disputes, "rows": crow, "has_next": len(rows) > limit, "page": page, "params": params,
            "kind": kind, "filters": flt.to_dict(), "counts": counts,
            "findings_count": sum(n for k, n in counts.items() if k in FINDING_KINDS), "total": sum(
                n for k, n in counts.items() if kind in (None, k) or (kind == "findings" and k in FINDING_KINDS))}


def disputes_page(request: Request):
    ctx = disputes_context(request)
    led = _ledger(request)
    ctx.update(nav="Disputes", metrics=_metrics(request, led), kinds=DISPUTE_KINDS)
    return render(request, "disputes.html", ctx)


# -- one quantity ---------------------------------------------------------------------------------

def quantity_key_param(request: Request) -> str:
    key = check_text("key", request.query_params.get("key"), MAX_KEY)   # a place's words can be long
    if key.count("|") < 3:
        raise BadParam("key", "expected metric|side|period|place (a claim's quantity key), got %r" % key[:80])
    return key


def quantity_context(request: Request) -> tuple:
    led = _ledger(request)
    key = quantity_key_param(request)
    qp = request.query_params
    view = quantity_view(led, key, date_param(qp, "from"), date_param(qp, "to"), _page(request))
    if not view.rows:
        raise HTTPException(404, "no claim of the quantity %s in this ledger" % key)
    return led, key, view


def quantity_page(request: Request):
    led, key, view = quantity_context(request)
    log = request.query_params.get("scale") == "log"
    dates = [d for d in (chart.parse_date(r["as_of"]) for r in view.rows) if d]
    d0, d1, default_range = date_window(request, dates)
    points = [{"claim_id": r["claim_id"], "date": r["as_of"], "low": r["value_low"], "high": r["value_high"],
               "claimant": r["claimant"], "quote": r["quote"]} for r in view.rows]
    ch = chart.build(points, view.series, log=log, date_range=(d0, d1) if d0 and d1 else None, fit=True)
    for r in view.table:
        r["quote_parts"] = quote_parts(r, record_of(r), 300)
    params = {"key": key, "scale": "log" if log else None}
    params = {k: v for k, v in params.items() if v}
    return render(request, "quantity.html", {
        "nav": None, "view": view, "key": key, "chart": ch, "log": log, "d0": d0, "d1": d1,
        "default_range": default_range, "zoom": zoom_links(d0, d1, params), "params": params,
        "licences": [s for s in led.series_sources() if s["series"] in view.series]})


# -- claimants ------------------------------------------------------------------------------------

def all_track_records(request: Request) -> list:
    led = _ledger(request)
    return cached(request, ("track_records",), lambda: track.track_records(led))


def claimants_context(request: Request, per_page: int = CLAIMANTS_PER_PAGE) -> dict:
    qp = request.query_params
    sort = _text(qp, "sort") or "-claims"
    if sort.lstrip("-") not in track.SORTS:
        raise BadParam("sort", "expected one of %s (with - for descending), got %r"
                       % (", ".join(track.SORTS), sort[:40]))
    needle = _text(qp, "q") or _text(qp, "claimant")
    page = _page(request)
    records = track.sort_records(track.matching(all_track_records(request), needle), sort)
    return {"records": records[(page - 1) * per_page: page * per_page], "total": len(records), "sort": sort,
            "needle": needle, "page": page, "has_next": page * per_page < len(records),
            "pages": max(1, math.ceil(len(records) / per_page)),
            "params": {k: v for k, v in (("sort", sort), ("q", needle)) if v}}


def claimants_page(request: Request):
    ctx = claimants_context(request)
    ctx.update(nav="Claimants", columns=[
        ("name", "Claimant"), ("claims", "Claims"), ("metrics", "Metrics"), ("first", "First"), ("last", "Last"),
        ("repeated", "Re-reported"), ("corroborated", "Corroborated"), ("contradicted", "Contradicted"),
        ("revised", "Revised by itself"), ("genstaff", "÷ General Staff"), ("oryx", "÷ Oryx")])
    ctx["search_q"] = ""
    return render(request, "claimants.html", ctx)


def claimant_ident(request: Request) -> str:
    return check_text("claimant_id", unquote(request.path_params["ident"]), MAX_TEXT)


def claimant_context(request: Request, claims_limit: int = PER_PAGE) -> dict:
    led = _ledger(request)
    ident = claimant_ident(request)
    records = cached(request, ("track_record", ident), lambda: track.track_records(led, [ident]))
    record = next((t for t in records if ident in t.identities), None)
    if record is None or not record.claims:
        raise HTTPException(404, "no claimant %s in this ledger" % ident)
    page = _page(request)
    rows = led.claimant_claim_rows(record.identities, claims_limit + 1, (page - 1) * claims_limit)
    for r in rows:
        r["quote_parts"] = quote_parts(r, record_of(r), 220)
    flt = ClaimFilter(claimant_ids=tuple(record.identities))
    drows = led.dispute_rows(flt, None, 20, 0)
    disputes, crow = explain_rows(led, drows)
    metrics = cached(request, ("claimant_metrics", ident), lambda: led.claimant_metric_counts(record.identities))
    count = cached(request, ("dispute_counts", ident), lambda: sum(led.dispute_counts(flt).values()))
    return {"record": record, "metrics": metrics, "claims": rows[:claims_limit], "has_next": len(rows) > claims_limit,
            "page": page, "disputes": disputes, "rows": crow, "dispute_count": count}


def claimant_page(request: Request):
    ctx = claimant_context(request)
    ctx["nav"] = "Claimants"
    return render(request, "claimant.html", ctx)


# -- documents and search -------------------------------------------------------------------------

def document_filters(request: Request) -> dict:
    qp = request.query_params
    f = {"source": qp.get("source"), "format": _text(qp, "format"), "lang": _text(qp, "lang"),
         "date_from": date_param(qp, "date_from"), "date_to": date_param(qp, "date_to"), "q": _text(qp, "q")}
    if f["source"] is not None:
        if len(f["source"]) > MAX_TEXT or "\x00" in f["source"]:
            raise BadParam("source", "longer than %d characters or with a NUL" % MAX_TEXT)
        f["source"] = f["source"].strip()
    for name in ("format", "lang"):
        if f[name] and len(f[name]) > DOC_FORMATS_MAX:
            raise BadParam(name, "longer than %d characters" % DOC_FORMATS_MAX)
    if f["date_from"] and f["date_to"] and f["date_from"] > f["date_to"]:
        raise BadParam("date_to", "is before date_from")
    return f


def documents_context(request: Request, limit: int = PER_PAGE) -> dict:
    led = _ledger(request)
    f = document_filters(request)
    page = _page(request)
    docs = led.document_list(f, limit + 1, (page - 1) * limit)
    params = {k: v for k, v in f.items() if v is not None and (v != "" or k == "source")}
    return {"documents": docs[:limit], "has_next": len(docs) > limit, "page": page, "filters": f, "params": params}


def documents_page(request: Request):
    ctx = documents_context(request)
    led = _ledger(request)
    f = ctx["filters"]
    key = ("document_facets",) + tuple(sorted((k, v) for k, v in f.items() if v is not None))
    ctx["facets"], ctx["facet_seen"] = cached(request, key, lambda: led.document_facets(f))
    ctx["nav"] = "Documents"
    return render(request, "documents.html", ctx)


def snippet_parts(snippet: str) -> list[tuple[str, bool]]:
    """An FTS snippet as (text, matched) pieces, from the ledger's private-use markers."""
    out, on = [], False
    for piece in (snippet or "").replace(SNIPPET_CLOSE, SNIPPET_OPEN).split(SNIPPET_OPEN):
        if piece:
            out.append((piece, on))
        on = not on
    return out


def search_context(request: Request, limit: int = 20) -> dict:
    led = _ledger(request)
    q = _text(request.query_params, "q") or _text(request.query_params, "search")
    if not q:
        return {"q": None, "claims": [], "claims_total": 0, "claims_capped": False, "documents": []}
    flt = ClaimFilter(search=q)
    total, capped = cached(request, ("search_count", q), lambda: listing.capped_count(led, flt))
    rows, _ = led.claim_page(flt, "-stated_on", limit, 0, listing.ROW_COLUMNS, total, led.approx_claims())
    for r in rows:
        r["quote_parts"] = quote_parts(r, record_of(r))
    docs = led.document_matches(q, limit)
    for d in docs:
        d["snippet_parts"] = snippet_parts(d.pop("snippet") or "")
    return {"q": q, "claims": rows, "claims_total": total, "claims_capped": capped, "documents": docs}


def search_page(request: Request):
    ctx = search_context(request)
    ctx["nav"] = None
    return render(request, "search.html", ctx)


def warm(app) -> None:
    """Compute what needs a pass over the whole ledger (the claimants' track records, the metrics'
    counts) into the summary cache, so the first visitor of a large ledger does not wait for it.
    Run in a thread when the server starts; a failure only leaves the cache cold."""
    cache = app.state.summary_cache
    if cache.size <= 0:
        return
    try:
        stamp = cache.stamp()
        with Ledger(app.state.db_path, readonly=True) as led:
            cache.put(("metric_counts",), stamp, led.metric_counts())
            cache.put(("track_records",), stamp, track.track_records(led))
    except Exception:       # noqa: BLE001 — a warm-up is an optimisation: the pages compute it themselves
        pass


def routes() -> list[Route]:
    return [
        Route("/disputes", disputes_page, name="disputes"),
        Route("/quantity", quantity_page, name="quantity"),
        Route("/claimants", claimants_page, name="claimants"),
        Route("/claimants/{ident:path}", claimant_page, name="claimant"),
        Route("/documents", documents_page, name="documents"),
        Route("/search", search_page, name="search"),
    ]
