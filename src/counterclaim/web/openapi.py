"""The OpenAPI 3.1 description of ``/api/``, written as data (served at ``/api/openapi.json``)."""
from __future__ import annotations

from counterclaim.records import KINDS, METRICS, RELATION_TYPES
from counterclaim.web.params import METRIC_FAMILIES, SORTS

_ERROR = {"description": "A bad parameter or unknown id", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Error"}}}}


def _q(name: str, desc: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema or {"type": "string"}}


def _path(name: str, desc: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,100}$"}}


FILTERS = [
    _q("metric", "A metric of the spec, or a family (equipment, personnel, attack)",
       {"type": "string", "enum": list(METRICS) + list(METRIC_FAMILIES)}),
    _q("claimant", "Claimant registry key (ua.general_staff) or the claimant's words"),
    _q("side", "Claimant side, ISO 3166-1 alpha-2", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    _q("subject_side", "Side whose losses or actions the figure counts", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
    _q("location", "ISO 3166-2 region key, country code, or place name"),
    _q("kind", "Statement kind", {"type": "string", "enum": list(KINDS)}),
    _q("date_from", "Earliest stated_on (YYYY, YYYY-MM or YYYY-MM-DD)"),
    _q("date_to", "Latest stated_on, inclusive at its precision"),
    _q("search", "Full text over quotes (words ANDed, word* prefix)", {"type": "string", "maxLength": 200}),
    _q("min_value", "Keep claims whose value lies at or above", {"type": "integer", "minimum": 0}),
    _q("max_value", "Keep claims whose value lies at or below", {"type": "integer", "minimum": 0}),
    _q("sort", "Sort key, '-' prefix for descending",
       {"type": "string", "enum": [s for k in SORTS for s in (k, "-" + k)], "default": "-stated_on"}),
]
PAGE = [_q("limit", "Claims per response", {"type": "integer", "minimum": 1, "maximum": 1000, "default": 50}),
        _q("offset", "Claims to skip", {"type": "integer", "minimum": 0, "default": 0})]


def _ok(desc: str, ref: str | None = None) -> dict:
    schema = {"$ref": "#/components/schemas/%s" % ref} if ref else {"type": "object"}
    return {"description": desc, "content": {"application/json": {"schema": schema}}}


def spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {"title": "counterclaim ledger API", "version": "1",
                 "description": "Read-only access to a counterclaim ledger: claims, documents, relations, series."},
        "paths": {
            "/api/claims": {"get": {
                "summary": "Claims matching filters, as claim records",
                "parameters": FILTERS + PAGE + [_q("count", "1 to add a (capped) total", {"type": "string", "enum": ["1", "true"]})],
                "responses": {"200": _ok("A page of claims", "ClaimPage"), "400": _ERROR}}},
            "/api/claims/{claim_id}": {"get": {
                "summary": "One claim with its document, citations, relations, findings and series values",
                "parameters": [_path("claim_id", "The claim's id (c_…)")],
                "responses": {"200": _ok("The claim"), "400": _ERROR, "404": _ERROR}}},
            "/api/facets": {"get": {
                "summary": "Counts of one column among matching claims (over at most 10,000 matches)",
                "parameters": FILTERS + [_q("facet", "Which column", {"type": "string", "enum": [
                    "metric", "kind", "claimant", "side", "subject_side", "location"]})],
                "responses": {"200": _ok("Value counts"), "400": _ERROR}}},
            "/api/documents/{doc_id}": {"get": {
                "summary": "One document (text, metadata, thread parts) with its claims",
                "parameters": [_path("doc_id", "The document's id (d_…)")],
                "responses": {"200": _ok("The document"), "400": _ERROR, "404": _ERROR}}},
            "/api/relations": {"get": {
                "summary": "Relations between claims",
                "parameters": [_q("claim_id", "Relations from or to this claim"),
                               _q("type", "Relation type", {"type": "string", "enum": list(RELATION_TYPES)}),
                               _q("limit", "At most", {"type": "integer", "minimum": 1, "maximum": 1000}),
                               _q("offset", "Skip", {"type": "integer", "minimum": 0})],
                "responses": {"200": _ok("Relations"), "400": _ERROR}}},
            "/api/series": {"get": {"summary": "Imported independent series with their metrics and dates",
                                    "responses": {"200": _ok("Series")}}},
            "/api/series/{series}": {"get": {
                "summary": "Points of one series",
                "parameters": [_path("series", "Series name (genstaff, oryx)"), _q("metric", "Metric"),
                               _q("subject_side", "Side", {"type": "string", "pattern": "^[A-Za-z]{2}$"}),
                               _q("date_from", "From date"), _q("date_to", "To date"),
                               _q("limit", "At most", {"type": "integer", "minimum": 1, "maximum": 100000})],
                "responses": {"200": _ok("Points"), "400": _ERROR, "404": _ERROR}}},
            "/api/openapi.json": {"get": {"summary": "This description", "responses": {"200": _ok("OpenAPI")}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "status"], "properties": {
                "error": {"type": "string"}, "status": {"type": "integer"}, "param": {"type": "string"}}},
            "Claim": {"type": "object", "description": "A claim record (shared/spec/claim-record.md)",
                      "required": ["claim_id", "doc_id", "kind", "quote", "span"]},
            "ClaimPage": {"type": "object", "properties": {
                "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
                "limit": {"type": "integer"}, "offset": {"type": "integer"},
                "next_offset": {"type": ["integer", "null"]}, "total": {"type": "integer"}}},
        }},
    }
