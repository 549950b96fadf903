"""Claim queries: one filter record turned into indexed SQL, shared by the CLI and the web UI.

Every filter maps onto an index of ``schema.py`` whose second column is the
usual sort, so ``claims --metric X`` with the default newest-first order reads
``limit`` index entries instead of sorting the matches. Values from people are
always bound parameters; sort keys and facet columns come from fixed tables.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields
from typing import Optional

from counterclaim.errors import LedgerError
from counterclaim.ledger.claimants import claimant_condition, is_registry_key

#: sort key (``-key`` for descending) -> SQL expression(s); ``c.id`` breaks ties in the same direction
SORTS = {
    "stated_on": "c.stated_on",
    "date": "c.stated_on",
    "value": "c.value_low",
    "confidence": "c.confidence",
    "metric": "c.metric",
    "claimant": "c.claimant_key",
    "kind": "c.kind",
    "location": "c.location_key",
    "doc": "c.doc_id",
    "ingested": "c.id",
}
DEFAULT_SORT = "-stated_on"

#: columns a facet may count (the UI's filter sidebar)
FACETS = ("metric", "kind", "claimant_key", "claimant_text", "claimant_side", "subject_side", "location_key",
          "qualifier", "stated_on", "extractor", "doc_id")


@dataclass(frozen=True)
class ClaimFilter:
    """What ``counterclaim claims`` and the web UI filter by; None means no condition.

    ``metric`` without a dot (``equipment``) matches the whole family; ``claimant`` matches the
    registry key, or any part of any name a claimant was written with (case-insensitive: "Syniehubov"
    finds "Governor Oleh Syniehubov"), or an identity (``n:oleh syniehubov``); ``location`` a region key, a country
    code (``UA`` matches ``UA-14`` too) or the place's words; ``date_from``/``date_to`` bound
    ``stated_on`` at any ISO precision (``2025-04`` as ``date_to`` includes the whole month);
    ``search`` is full text over quotes (words are ANDed; ``word*`` is a prefix);
    ``min_value``/``max_value`` keep claims whose whole value lies in the range.
    """
    metric: Optional[str] = None
    claimant: Optional[str] = None
    side: Optional[str] = None
    subject_side: Optional[str] = None
    location: Optional[str] = None
    kind: Optional[str] = None
    date_from: Optional[str] = None
    date_to: Optional[str] = None
    search: Optional[str] = None
    min_value: Optional[int] = None
    max_value: Optional[int] = None
    doc_id: Optional[str] = None
    claimant_ids: Optional[tuple[str, ...]] = None   #: exactly these claimant identities (``claims.claimant_id``)

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, "") for f in fields(self))

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}

    def where(self, fts_joined: bool = False) -> tuple[str, list]:
        """SQL condition over ``claims c`` and its parameters.

        ``fts_joined``: the query reads ``claims_fts`` joined to ``claims c`` (see ``select_claims``),
        so the search is a plain MATCH on it rather than a sub-select.
        """
        conds: list[str] = []
        params: list = []
        if self.metric:
            if "." in self.metric:
                conds.append("c.metric = ?")
                params.append(self.metric)
            else:  # a family: equipment -> equipment.*
                conds.append("c.metric >= ? AND c.metric < ?")
                params += [self.metric + ".", self.metric + "/"]
        if self.claimant:
            if is_registry_key(self.claimant):
                conds.append("c.claimant_key = ?")  # a registry key: one index, already in date order
                params.append(self.claimant)
            else:                                   # any part of any name of a claimant, or its identity
                cond, args = claimant_condition(self.claimant)
                conds.append(cond)
                params += args
        if self.side:
            conds.append("c.claimant_side = ?")
            params.append(self.side.upper())
        if self.subject_side:
            conds.append("c.subject_side = ?")
            params.append(self.subject_side.upper())
        if self.location:
            loc = self.location
            if re.fullmatch(r"[A-Za-z]{2}", loc):  # a country: itself and its regions
                conds.append("(c.location_key = ? OR (c.location_key > ? AND c.location_key < ?)"
                             " OR c.location_text = ? COLLATE NOCASE)")
                params += [loc.upper(), loc.upper() + "-", loc.upper() + "-~", loc]
            elif re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", loc):  # an ISO 3166-2 key: one index, in value order
                conds.append("c.location_key = ?")
                params.append(loc)
            else:
                conds.append("(c.location_key = ? OR c.location_text = ? COLLATE NOCASE)")
                params += [loc, loc]
        if self.kind:
            conds.append("c.kind = ?")
            params.append(self.kind)
        if self.date_from:
            conds.append("c.stated_on >= ?")
            params.append(self.date_from)
        if self.date_to:
            conds.append("c.stated_on <= ?")
            params.append(self.date_to + "~")  # '~' sorts after every digit and '-'
        if self.search:
            q = fts_query(self.search)
            if q:
                conds.append("claims_fts MATCH ?" if fts_joined else
                             "c.id IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
                params.append(q)
        if self.min_value is not None:
            conds.append("c.value_low >= ?")
            params.append(int(self.min_value))
        if self.max_value is not None:
            conds.append("c.value_low <= ? AND c.value_high <= ?")
            params += [int(self.max_value), int(self.max_value)]
        if self.doc_id:
            conds.append("c.doc_id = ?")
            params.append(self.doc_id)
        if self.claimant_ids:
            conds.append("c.claimant_id IN (%s)" % ",".join("?" * len(self.claimant_ids)))
            params += list(self.claimant_ids)
        return (" AND ".join(conds) or "1"), params


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def fts_query(text: str) -> str:
    """A safe FTS5 query from what a person typed: each word a quoted phrase, ``word*`` a prefix.

    ``OR``/``NOT``/``AND`` in capitals stay operators where FTS5 takes one, between two words
    (of a run of them the first is kept: ``a OR NOT b`` is ``a OR b``; a leading one is a word);
    nothing else of FTS5's syntax gets through, so no string can become a syntax error.
    """
    out = []
    for word in _CONTROL.sub(" ", text).split():  # SQLite ends a string at NUL
        if word in ("OR", "NOT", "AND") and out:  # a leading one is a word, as typed
            if out[-1] not in ("OR", "NOT", "AND"):
                out.append(word)
            continue
        prefix = word.endswith("*")
        core = word.rstrip("*").replace('"', "")
        if not re.search(r"\w", core):
            continue
        out.append('"%s"%s' % (core, "*" if prefix else ""))
    while out and out[-1] in ("OR", "NOT", "AND"):
        out.pop()
    return " ".join(out)


def search_only(flt: ClaimFilter) -> bool:
    """Whether full text is the only filter (then the FTS index answers counts by itself)."""
    return bool(flt.search) and ClaimFilter(search=flt.search) == flt and bool(fts_query(flt.search))


def order_by(sort: Optional[str]) -> str:
    """``ORDER BY`` clause for a sort key such as ``value`` or ``-stated_on``.

    Ascending sorts put claims without the column (no value, no date) last.
    """
    sort = (sort or DEFAULT_SORT).strip()
    desc = sort.startswith("-")
    key = sort.lstrip("-+")
    if key not in SORTS:
        raise LedgerError("unknown sort %r: expected one of %s (prefix - for descending)"
                          % (sort, ", ".join(sorted(SORTS))))
    col = SORTS[key]
    if key == "doc":
        return "c.doc_id %s, c.span_start %s, c.id %s" % (("DESC",) * 3 if desc else ("ASC",) * 3)
    if desc:
        return "%s DESC, c.id DESC" % col
    if key == "ingested":
        return "c.id ASC"
    return "%s ASC NULLS LAST, c.id ASC" % col


def select_claims(flt: Optional[ClaimFilter], sort: Optional[str], limit: Optional[int], offset: int,
                  columns: str = "c.*") -> tuple[str, list]:
    """The full SELECT for a page of claims.

    A full-text search without an explicit sort lists the newest stored claims first, read from
    the FTS index in rowid order: a common word then costs ``limit`` rows, not all its matches.
    """
    flt = flt or ClaimFilter()
    if flt.search and fts_query(flt.search) and not sort:
        where, params = flt.where(fts_joined=True)
        sql = ("SELECT %s FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid WHERE %s "
               "ORDER BY claims_fts.rowid DESC" % (columns, where))
    else:
        where, params = flt.where()
        sql = "SELECT %s FROM claims c WHERE %s ORDER BY %s" % (columns, where, order_by(sort))
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params = params + [int(limit), int(offset or 0)]
    elif offset:
        sql += " LIMIT -1 OFFSET ?"
        params = params + [int(offset)]
    return sql, params


def count_claims(flt: Optional[ClaimFilter]) -> tuple[str, list]:
    flt = flt or ClaimFilter()
    if flt.search and fts_query(flt.search):
        where, params = flt.where(fts_joined=True)
        if where == "claims_fts MATCH ?":  # search alone: count in the FTS index only
            return "SELECT count(*) FROM claims_fts WHERE claims_fts MATCH ?", params
        return "SELECT count(*) FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid WHERE %s" % where, params
    where, params = flt.where()
    return "SELECT count(*) FROM claims c WHERE %s" % where, params


def facet_sql(flt: Optional[ClaimFilter], column: str, limit: int) -> tuple[str, list]:
    """Counts of each value of ``column`` among the claims the filter keeps, largest first."""
    if column not in FACETS:
        raise LedgerError("cannot facet on %r: expected one of %s" % (column, ", ".join(FACETS)))
    where, params = (flt or ClaimFilter()).where()
    sql = ("SELECT c.{col} AS value, count(*) AS n FROM claims c WHERE {where} "
           "GROUP BY c.{col} ORDER BY n DESC, value LIMIT ?").format(col=column, where=where)
    return sql, params + [int(limit)]
