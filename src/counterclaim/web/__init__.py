"""The web UI and JSON API over a ledger (``counterclaim serve``): see ``app.create_app``.

Pages (server-rendered, readable without JavaScript; no script at all):
  ``/``                   claims table: filters, facet counts, sorting, pages, CSV/JSON download
  ``/claims/{id}``        one claim: quote in its context, record, relations, findings, series value
  ``/documents/{id}``     a document with every claim highlighted by kind; a thread as its comment tree
  ``/timeline?metric=``   claims per claimant as points and imported series as lines (SVG)
  ``/sources``            documents per source and date
  ``/upload``             one file in through the ingest loop (off with ``read_only``)
API (``/api/openapi.json`` describes it): ``/api/claims``, ``/api/claims/{id}``, ``/api/facets``,
``/api/documents/{id}``, ``/api/relations``, ``/api/series``, ``/api/series/{name}``.

Modules: app (factory, headers, errors), pages, api, upload, params (checked parameters),
listing (a page of claims with capped counts), reads (look-ups), markup (highlight segments),
chart (timeline geometry), csrf, openapi.
"""
from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    """Import Starlette only when the web UI is wanted."""
    from counterclaim.web.app import create_app as _create
    return _create(*args, **kwargs)
