"""Export claims as JSON Lines, CSV or Parquet, and import such exports into another ledger.

One row per claim. JSON Lines rows are the spec's record (``Claim.to_dict()``) plus
``quantity_key`` and a ``document`` object (title, url, published, source…); CSV and
Parquet rows are the same fields flattened into typed columns (``COLUMNS``:
``value_low`` int64, ``confidence`` double, ``citations`` list<string>, ``stated_date``
date32 when ``stated_on`` is a full date…), which DuckDB and pandas read directly.
Everything streams: rows come off a cursor and go out in batches of ``BATCH``.

With ``with_text`` the first row of each document also carries its text
(``doc_text`` / ``document.text``), so an import restores the document; without it an
import creates *stub* documents (empty text, the metadata the export had), and the
claims' spans point into text the new ledger does not hold.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Optional

from counterclaim.errors import LedgerError
from counterclaim.ledger.query import ClaimFilter
from counterclaim.ledger.store import CLAIM_INSERT, Ledger, claim_columns
from counterclaim.records import Actor, Claim, Location, Period, Subject, Value

BATCH = 5000
FORMATS = ("jsonl", "csv", "parquet")

#: flat columns of CSV/Parquet, with their Arrow types (as names, so pyarrow loads only when used)
COLUMNS = (
    ("claim_id", "string"), ("doc_id", "string"), ("kind", "string"), ("metric", "string"),
    ("claimant_text", "string"), ("claimant_key", "string"), ("claimant_side", "string"),
    ("subject_text", "string"), ("subject_side", "string"),
    ("value_low", "int64"), ("value_high", "int64"), ("qualifier", "string"), ("value_text", "string"),
    ("unit", "string"), ("location_text", "string"), ("location_key", "string"), ("geonames", "int64"),
    ("period_start", "string"), ("period_end", "string"), ("period_text", "string"),
    ("stated_on", "string"), ("stated_date", "date32"), ("quote", "string"),
    ("span_start", "int64"), ("span_end", "int64"), ("figure_start", "int64"), ("figure_end", "int64"),
    ("citations", "list<string>"), ("part_of", "string"), ("confidence", "double"), ("lang", "string"),
    ("extractor", "string"), ("quantity_key", "string"),
    ("doc_title", "string"), ("doc_url", "string"), ("doc_author", "string"), ("doc_published", "string"),
    ("doc_source", "string"), ("doc_format", "string"), ("doc_lang", "string"), ("doc_text", "string"),
)
DOC_FIELDS = ("title", "url", "author", "published", "source", "format", "lang")


def flatten(c: Claim, quantity_key: Optional[str] = None, doc: Optional[dict] = None) -> dict:
    """A claim as one flat row of ``COLUMNS`` (``doc`` holds the document's fields and maybe ``text``)."""
    v, loc, per = c.value, c.location, c.period
    stated_date = None
    if c.stated_on and len(c.stated_on) == 10:
        try:
            stated_date = dt.date.fromisoformat(c.stated_on)
        except ValueError:
            pass
    doc = doc or {}
    row = {
        "claim_id": c.claim_id, "doc_id": c.doc_id, "kind": c.kind, "metric": c.metric,
        "claimant_text": c.claimant.text, "claimant_key": c.claimant.key, "claimant_side": c.claimant.side,
        "subject_text": c.subject.text, "subject_side": c.subject.side,
        "value_low": v.low if v else None, "value_high": v.high if v else None,
        "qualifier": v.qualifier if v else None, "value_text": v.text if v else None, "unit": v.unit if v else None,
        "location_text": loc.text if loc else None, "location_key": loc.key if loc else None,
        "geonames": loc.geonames if loc else None,
        "period_start": per.start if per else None, "period_end": per.end if per else None,
        "period_text": per.text if per else None,
        "stated_on": c.stated_on, "stated_date": stated_date, "quote": c.quote,
        "span_start": c.span[0], "span_end": c.span[1],
        "figure_start": c.figure_span[0] if c.figure_span else None,
        "figure_end": c.figure_span[1] if c.figure_span else None,
        "citations": list(c.citations), "part_of": c.part_of, "confidence": float(c.confidence),
        "lang": c.lang, "extractor": c.extractor, "quantity_key": quantity_key,
    }
    for k in DOC_FIELDS:
        row["doc_" + k] = doc.get(k)
    row["doc_text"] = doc.get("text")
    return row


def unflatten(row: dict) -> Claim:
    """The claim of a flat row (the inverse of ``flatten``)."""
    def g(k):
        val = row.get(k)
        return None if val is None or (isinstance(val, float) and val != val) else val
    value = None
    if g("value_low") is not None:
        value = Value(int(g("value_low")), int(g("value_high") if g("value_high") is not None else g("value_low")),
                      g("qualifier") or "exact", g("value_text") or "", g("unit"))
    loc = None
    if g("location_text") is not None or g("location_key") is not None:
        loc = Location(g("location_text"), g("location_key"), int(g("geonames")) if g("geonames") else None)
    per = None
    if any(g(k) is not None for k in ("period_start", "period_end", "period_text")):
        per = Period(g("period_start"), g("period_end"), g("period_text"))
    fig = (int(g("figure_start")), int(g("figure_end"))) if g("figure_start") is not None else None
    cites = g("citations")
    if isinstance(cites, str):
        cites = cites.split()
    return Claim(claim_id=row["claim_id"], doc_id=row["doc_id"], kind=row["kind"],
                 claimant=Actor(g("claimant_text"), g("claimant_key"), g("claimant_side")),
                 subject=Subject(g("subject_text"), g("subject_side")), metric=g("metric"), value=value,
                 location=loc, period=per, stated_on=g("stated_on"), quote=g("quote") or "",
                 span=(int(g("span_start") or 0), int(g("span_end") or 0)), citations=tuple(cites or ()),
                 part_of=g("part_of"), confidence=float(g("confidence") or 0.0), figure_span=fig,
                 lang=g("lang") or "en", extractor=g("extractor") or "")


def _export_rows(ledger: Ledger, flt: Optional[ClaimFilter], with_text: bool) -> Iterator[tuple[Claim, Optional[str], dict]]:
    """(claim, quantity_key, document fields) in document order; text only on a document's first row."""
    where, params = (flt or ClaimFilter()).where()
    sql = ("SELECT c.record, c.quantity_key, d.title, d.url, d.author, d.published, d.source, d.format, d.lang, "
           "CASE WHEN ? THEN d.text END AS text FROM claims c JOIN documents d ON d.doc_id = c.doc_id "
           "WHERE %s ORDER BY c.doc_id, c.span_start, c.id" % where)
    prev = None
    for r in ledger.query(sql, [1 if with_text else 0] + params):
        claim = Claim.from_dict(json.loads(r["record"]))
        doc = {k: r[k] for k in DOC_FIELDS}
        if with_text and claim.doc_id != prev and r["text"]:
            doc["text"] = r["text"]
        prev = claim.doc_id
        yield claim, r["quantity_key"], doc


def export_claims(ledger: Ledger, out: str, fmt: str, flt: Optional[ClaimFilter] = None,
                  with_text: bool = False) -> int:
    """Write the claims the filter keeps to ``out`` (``-`` is stdout for jsonl/csv); rows written."""
    if fmt not in FORMATS:
        raise LedgerError("unknown export format %r: expected one of %s" % (fmt, ", ".join(FORMATS)))
    rows = _export_rows(ledger, flt, with_text)
    if fmt == "parquet":
        if out == "-":
            raise LedgerError("Parquet cannot go to standard output: give a file name")
        return _write_parquet(rows, out)
    fh = sys.stdout if out == "-" else _open_out(out)
    try:
        return (write_jsonl if fmt == "jsonl" else write_csv)(rows, fh)
    finally:
        if fh is not sys.stdout:
            fh.close()


def _open_out(out: str):
    try:
        return open(out, "w", encoding="utf-8", newline="")
    except OSError as e:
        raise LedgerError("cannot write: %s" % e.strerror, path=out) from None


def write_jsonl(rows, fh) -> int:
    n = 0
    for claim, qkey, doc in rows:
        rec = claim.to_dict()
        rec["quantity_key"] = qkey
        rec["document"] = doc
        fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows, fh) -> int:
    w = csv.DictWriter(fh, fieldnames=[name for name, _ in COLUMNS])
    w.writeheader()
    n = 0
    for claim, qkey, doc in rows:
        row = flatten(claim, qkey, doc)
        row["citations"] = " ".join(row["citations"])
        w.writerow(row)
        n += 1
    return n


def arrow_schema():
    """The Parquet schema of ``COLUMNS``."""
    import pyarrow as pa
    types = {"string": pa.string(), "int64": pa.int64(), "double": pa.float64(), "date32": pa.date32(),
             "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, types[t]) for name, t in COLUMNS])


def _write_parquet(rows, out: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq
    schema = arrow_schema()
    n, batch = 0, []
    try:
        writer = pq.ParquetWriter(out, schema, compression="zstd")
    except OSError as e:
        raise LedgerError("cannot write Parquet: %s" % e, path=out) from None
    with writer:
        for claim, qkey, doc in rows:
            batch.append(flatten(claim, qkey, doc))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


# -- import ------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    """What ``import_claims`` did; ``errors`` are ``"<file>: line N: reason"`` lines."""
    claims_added: int = 0
    claims_present: int = 0
    documents_added: int = 0
    stub_documents: int = 0
    documents_filled: int = 0  #: stubs of the ledger whose text this import brought
    errors: list[str] = field(default_factory=list)


def _read_jsonl(path: Path, errors: list[str]) -> Iterator[tuple[Claim, Optional[str], dict]]:
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                claim = Claim.from_dict(rec)
            except (ValueError, KeyError, TypeError) as e:
                errors.append("%s: line %d: not a claim record (%s)" % (path, lineno, e))
                continue
            yield claim, rec.get("quantity_key"), rec.get("document") or {}


def _read_parquet(path: Path, errors: list[str]) -> Iterator[tuple[Claim, Optional[str], dict]]:
    import pyarrow.parquet as pq
    files = sorted(path.rglob("*.parquet")) if path.is_dir() else [path]
    for f in files:
        try:
            pf = pq.ParquetFile(f)
            batches = pf.iter_batches(batch_size=BATCH)
        except Exception as e:  # pyarrow raises several kinds for a damaged file
            errors.append("%s: not a readable Parquet file (%s)" % (f, e))
            continue
        rowno = 0
        for batch in batches:
            for row in batch.to_pylist():
                rowno += 1
                try:
                    claim = unflatten(row)
                except (KeyError, TypeError, ValueError) as e:
                    errors.append("%s: row %d: not a claim row (%s)" % (f, rowno, e))
                    continue
                doc = {k: row.get("doc_" + k) for k in DOC_FIELDS}
                doc["text"] = row.get("doc_text")
                yield claim, row.get("quantity_key"), doc


def import_claims(ledger: Ledger, path: str, on_documents: Optional[Callable[[list[str]], None]] = None,
                  batch: int = 500) -> ImportResult:
    """Load a jsonl or Parquet export (a file, or a folder of ``.parquet``) into ``ledger``.

    Idempotent: claims already there are left as they are. A document the ledger lacks is
    created from the export's document fields; when the export carries no text (exported
    without ``--with-text``, or plain ``counterclaim extract`` output) it is a **stub** with empty
    text, and a later row or import that has the text fills it in. Commits every ``batch``
    rows; ``on_documents`` gets the ids of the documents each batch touched (for linking), inside
    the batch's transaction.
    """
    p = Path(path)
    if not p.exists():
        raise LedgerError("no such file", path=path)
    res = ImportResult()
    if p.is_dir() or p.suffix == ".parquet":
        rows = _read_parquet(p, res.errors)
    elif p.suffix in (".jsonl", ".json", ".ndjson"):
        rows = _read_jsonl(p, res.errors)
    elif p.suffix == ".csv":
        raise LedgerError("CSV exports are for spreadsheets and lose types; import a jsonl or parquet export",
                          path=path)
    else:
        raise LedgerError("unknown export format (expected .jsonl or .parquet)", path=path)
    pending: list = []
    try:
        for item in rows:
            pending.append(item)
            if len(pending) >= batch:
                _import_batch(ledger, pending, str(p), res, on_documents)
                pending = []
        if pending:
            _import_batch(ledger, pending, str(p), res, on_documents)
    except UnicodeDecodeError as e:
        raise LedgerError("not UTF-8 text (%s)" % e.reason, path=path) from None
    return res


def _import_batch(ledger: Ledger, items: list, origin: str, res: ImportResult,
                  on_documents: Optional[Callable[[list[str]], None]]) -> None:
    touched: list[str] = []
    with ledger.transaction():
        for claim, qkey, doc in items:
            text = doc.get("text") or ""
            if not ledger.has_document(claim.doc_id):
                ledger.execute(
                    "INSERT INTO documents(doc_id, text, title, url, author, published, format, source, lang, path, "
                    "parts, ingested_at, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '[]', ?, ?)",
                    (claim.doc_id, text, doc.get("title"), doc.get("url"), doc.get("author"), doc.get("published"),
                     doc.get("format"), doc.get("source"), doc.get("lang") or claim.lang, origin,
                     dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), claim.extractor))
                res.documents_added += 1
                res.stub_documents += 0 if text else 1
                if doc.get("source"):
                    ledger.execute("INSERT OR IGNORE INTO sources(name) VALUES (?)", (doc["source"],))
            elif text and ledger.execute("UPDATE documents SET text = ? WHERE doc_id = ? AND text = ''",
                                         (text, claim.doc_id)):
                res.documents_filled += 1
            if ledger.execute(CLAIM_INSERT, claim_columns(claim, qkey)):
                res.claims_added += 1
                ledger.executemany("INSERT OR IGNORE INTO citations(claim_id, url) VALUES (?, ?)",
                                   ((claim.claim_id, u) for u in claim.citations))
                if not touched or touched[-1] != claim.doc_id:
                    touched.append(claim.doc_id)
            else:
                res.claims_present += 1
        if on_documents and touched:  # linked in the batch's transaction: a kill leaves no stored, unlinked claim
            on_documents(list(dict.fromkeys(touched)))
