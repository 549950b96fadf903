"""The OpenAPI 3.1 description of ``/api/``, written as data (served at ``/api/openapi.json``)."""
from __future__ import annotations

from counterclaim.ledger.workbench import DISPUTE_RELATIONS, FINDING_KINDS
from counterclaim.link.track import SORTS as TRACK_SORTS
from counterclaim.records import KINDS, METRICS, RELATION_TYPES
from counterclaim.web.params import METRIC_FAMILIES, SORTS

_ERROR = {"description": "A bad parameter or unknown id", "content": {"application/json": {"schema": {
    "$ref": "#/components/schemas/Error"}}}}


DISPUTE_KINDS = DISPUTE_RELATIONS + ("findings",) + FINDING_KINDS


def _q(name: str, desc: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema or {"type": "string"}}


def _path(name: str, desc: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": desc,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{1,100}$"}}


FILTERS = [
    _q("metric", "A metric of the spec, or a family (equipment, personnel, attack)",
       {"type": "string", "enum": list(METRICS) + list(METRIC_FAMILIES)}),
    _q("claimant", "Claimant registry key (ua.general_staff), or any part of any of its names, case-insensitive "
                   "(Syniehubov finds Governor Oleh Syniehubov)"),
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
DISPUTE_FILTERS = [f for f in FILTERS if f["name"] in ("metric", "claimant", "location", "date_from", "date_to",
                                                        "search")]
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
            "/api/documents": {"get": {
                "summary": "Documents, newest first, with their number of claims",
                "parameters": [_q("source", "Source name ('' for documents without one)"), _q("format", "Reader format"),
                               _q("lang", "Language code"), _q("date_from", "Published on or after"),
                               _q("date_to", "Published on or before"), _q("q", "Full text over text and title"),
                               _q("page", "Page", {"type": "integer", "minimum": 1}),
                               _q("limit", "Per page", {"type": "integer", "minimum": 1, "maximum": 500})],
                "responses": {"200": _ok("A page of documents"), "400": _ERROR}}},
            "/api/disputes": {"get": {
                "summary": "Contradictions, revisions and arithmetic findings, newest first, each with its claims, "
                           "gap (absolute and relative) and the rule that decided it",
                "parameters": DISPUTE_FILTERS + [
                    _q("type", "Which disputes: a relation type, findings, or one finding kind",
                       {"type": "string", "enum": list(DISPUTE_KINDS)}),
                    _q("page", "Page", {"type": "integer", "minimum": 1}),
                    _q("limit", "Per page", {"type": "integer", "minimum": 1, "maximum": 500})],
                "responses": {"200": _ok("A page of disputes"), "400": _ERROR}}},
            "/api/quantity": {"get": {
                "summary": "Every claim of one quantity (linking key) over time, with the series that count it",
                "parameters": [{**_q("key", "The quantity key: metric|subject side|period class|place "
                                            "(a claim's quantity_key)"), "required": True},
                               _q("from", "First day of the series shown"), _q("to", "Last day")],
                "responses": {"200": _ok("The quantity"), "400": _ERROR, "404": _ERROR}}},
            "/api/claimants": {"get": {
                "summary": "Claimants' track records: claims, metrics, dates, re-reported, corroborated, "
                           "contradicted, revised, ratio to the series",
                "parameters": [_q("q", "Any part of a name or key (case-insensitive)"),
                               _q("sort", "Sort key, '-' prefix for descending",
                                  {"type": "string", "enum": [x for k in TRACK_SORTS for x in (k, "-" + k)]}),
                               _q("page", "Page", {"type": "integer", "minimum": 1}),
                               _q("limit", "Per page", {"type": "integer", "minimum": 1, "maximum": 1000})],
                "responses": {"200": _ok("Track records"), "400": _ERROR}}},
            "/api/claimants/{ident}": {"get": {
                "summary": "One claimant: its track record, metrics, disputes and claims",
                "parameters": [{"name": "ident", "in": "path", "required": True,
                                "description": "A registry key (ua.general_staff) or a name identity "
                                               "(n:oleh syniehubov), URL-encoded",
                                "schema": {"type": "string", "maxLength": 200}},
                               _q("page", "Page of its claims", {"type": "integer", "minimum": 1})],
                "responses": {"200": _ok("The claimant"), "400": _ERROR, "404": _ERROR}}},
            "/api/search": {"get": {
                "summary": "Full text over claims' quotes and documents' text",
                "parameters": [_q("q", "Words (ANDed; word* a prefix)", {"type": "string", "maxLength": 200})],
                "responses": {"200": _ok("Matching claims and documents"), "400": _ERROR}}},
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
