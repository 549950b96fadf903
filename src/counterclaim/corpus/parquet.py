"""The Parquet layout of a corpus run, shared by both engines, and its streaming reader.

Two tables, each partitioned Hive-style by the document's publication month
(``published_month=2025-04`` or ``published_month=unknown``):

- ``documents``: one row per document, its fields, its parts, and ``claim_records``
  (each claim's JSON record exactly as ``Claim.to_dict()``), so a document and its claims
  are read back together without a join: ``read_parquet_dir`` streams them batch by batch;
- ``claims``: one row per claim with the record's fields as typed columns (what DuckDB,
  pandas or Spark SQL filter on) and the full ``record`` JSON.

The schemas are pyarrow schemas; the Spark engine derives its Spark types from them, so
both engines write the same columns with the same types.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Iterable, Iterator, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from counterclaim.errors import IngestError
from counterclaim.records import Claim, Document

PARTITION = "published_month"
UNKNOWN_MONTH = "unknown"
DOCUMENTS = "documents"
CLAIMS = "claims"

_s, _i, _f = pa.string(), pa.int64(), pa.float64()

PART_TYPE = pa.struct([("id", _s), ("start", _i), ("end", _i), ("author", _s), ("published", _s),
                       ("parent", _s), ("url", _s), ("kind", _s), ("depth", _i)])

#: one row per document (the partition column is added by the writers)
DOCUMENT_SCHEMA = pa.schema([
    ("doc_id", _s), ("title", _s), ("url", _s), ("author", _s), ("published", _s), ("format", _s),
    ("source", _s), ("parent", _s), ("lang", _s), ("path", _s), ("text", _s),
    ("parts", pa.list_(PART_TYPE)), ("n_claims", _i), ("claim_records", pa.list_(_s)),
])

#: one row per claim; column names follow the ledger's claims table where it has one
CLAIM_SCHEMA = pa.schema([
    ("claim_id", _s), ("doc_id", _s), ("kind", _s), ("metric", _s),
    ("claimant_text", _s), ("claimant_key", _s), ("claimant_side", _s),
    ("subject_text", _s), ("subject_side", _s),
    ("value_low", _i), ("value_high", _i), ("qualifier", _s), ("value_text", _s), ("value_unit", _s),
    ("location_text", _s), ("location_key", _s), ("location_geonames", _i),
    ("period_start", _s), ("period_end", _s), ("period_text", _s), ("stated_on", _s),
    ("quote", _s), ("span_start", _i), ("span_end", _i), ("citations", pa.list_(_s)),
    ("part_of", _s), ("confidence", _f), ("lang", _s), ("extractor", _s), ("record", _s),
])

_MONTH = re.compile(r"^(\d{4})-(\d{2})")


def published_month(published: Optional[str]) -> str:
    """``YYYY-MM`` of an ISO date or date-time; ``unknown`` when absent or only a year."""
    m = _MONTH.match(published or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return UNKNOWN_MONTH
    return "%s-%s" % (m.group(1), m.group(2))


def document_row(doc: Document, claims: list[Claim]) -> dict:
    """A row of DOCUMENT_SCHEMA."""
    return {"doc_id": doc.doc_id, "title": doc.title, "url": doc.url, "author": doc.author,
            "published": doc.published, "format": doc.format, "source": doc.source,
            "parent": doc.parent, "lang": doc.lang, "path": doc.path, "text": doc.text,
            "parts": [p.to_dict() for p in doc.parts], "n_claims": len(claims),
            "claim_records": [json.dumps(c.to_dict(), ensure_ascii=False) for c in claims]}


def claim_row(claim: Claim, record: Optional[str] = None) -> dict:
    """A row of CLAIM_SCHEMA; ``record`` is the claim's JSON when already serialised."""
    v, loc, per = claim.value, claim.location, claim.period
    return {
        "claim_id": claim.claim_id, "doc_id": claim.doc_id, "kind": claim.kind, "metric": claim.metric,
        "claimant_text": claim.claimant.text, "claimant_key": claim.claimant.key,
        "claimant_side": claim.claimant.side,
        "subject_text": claim.subject.text, "subject_side": claim.subject.side,
        "value_low": v.low if v else None, "value_high": v.high if v else None,
        "qualifier": v.qualifier if v else None, "value_text": v.text if v else None,
        "value_unit": v.unit if v else None,
        "location_text": loc.text if loc else None, "location_key": loc.key if loc else None,
        "location_geonames": loc.geonames if loc else None,
        "period_start": per.start if per else None, "period_end": per.end if per else None,
        "period_text": per.text if per else None, "stated_on": claim.stated_on,
        "quote": claim.quote, "span_start": claim.span[0], "span_end": claim.span[1],
        "citations": list(claim.citations), "part_of": claim.part_of,
        "confidence": float(claim.confidence), "lang": claim.lang, "extractor": claim.extractor,
        "record": record if record is not None else json.dumps(claim.to_dict(), ensure_ascii=False),
    }


def rows_to_batch(rows: list[dict], schema: pa.Schema) -> pa.RecordBatch:
    """Rows (dicts) to one RecordBatch of ``schema`` (columns in schema order)."""
    return pa.RecordBatch.from_pylist(rows, schema=schema)


def with_month_schema(schema: pa.Schema) -> pa.Schema:
    """``schema`` plus the partition column (the in-flight form of a row, before writing)."""
    return schema.append(pa.field(PARTITION, _s))


class PartitionedWriter:
    """Streams rows of one table into ``DIR/published_month=…/part-N.parquet`` files.

    Rows are buffered per month and flushed as row groups of ``rows_per_group``; at most
    ``max_open`` files are open at once (the least recently used is closed, and the month
    gets a new part file when it comes back), so memory stays bounded on any corpus.
    """

    def __init__(self, root: str | os.PathLike, schema: pa.Schema, rows_per_group: int = 2000,
                 max_open: int = 32):
        self.root = Path(root)
        self.schema = schema
        self.rows_per_group = rows_per_group
        self.max_open = max_open
        self._buffers: dict[str, list[dict]] = {}
        self._writers: dict[str, pq.ParquetWriter] = {}
        self._parts: dict[str, int] = {}
        self.rows = 0

    def write(self, month: str, row: dict) -> None:
        buf = self._buffers.setdefault(month, [])
        buf.append(row)
        self.rows += 1
        if len(buf) >= self.rows_per_group:
            self._flush(month)

    def _flush(self, month: str) -> None:
        rows = self._buffers.pop(month, [])
        if not rows:
            return
        writer = self._writers.pop(month, None)  # re-inserted last: dict order is recency
        if writer is None:
            if len(self._writers) >= self.max_open:
                oldest = next(iter(self._writers))
                self._writers.pop(oldest).close()
            n = self._parts.get(month, 0)
            self._parts[month] = n + 1
            folder = self.root / ("%s=%s" % (PARTITION, month))
            folder.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(folder / ("part-%05d.parquet" % n), self.schema)
        self._writers[month] = writer
        writer.write_batch(rows_to_batch(rows, self.schema))

    def close(self) -> None:
        for month in list(self._buffers):
            self._flush(month)
        for w in self._writers.values():
            w.close()
        self._writers.clear()
        self.root.mkdir(parents=True, exist_ok=True)


def _documents_dir(path: str | os.PathLike) -> Path:
    p = Path(path)
    if (p / DOCUMENTS).is_dir():
        return p / DOCUMENTS
    if p.is_dir() and p.name == DOCUMENTS:
        return p
    raise IngestError("not a corpus output directory (no %s/ folder of Parquet files)" % DOCUMENTS, str(path))


def _hive():
    import pyarrow.dataset as ds
    return ds.partitioning(pa.schema([(PARTITION, _s)]), flavor="hive")


def _document_from_row(row: dict) -> Document:
    row = dict(row)
    row["parts"] = row.get("parts") or []
    return Document.from_dict(row)


def read_parquet_dir(path: str | os.PathLike, batch_size: int = 256,
                     ) -> Iterator[tuple[Document, list[Claim]]]:
    """Each document of a corpus output directory with its claims, streamed batch by batch.

    ``path`` is the ``--out`` folder of ``counterclaim corpus extract`` (or its ``documents``
    subfolder). Only one batch of ``batch_size`` documents is in memory at a time.
    """
    import pyarrow.dataset as ds

    folder = _documents_dir(path)
    try:
        dataset = ds.dataset(str(folder), format="parquet", partitioning=_hive())
        columns = [n for n in DOCUMENT_SCHEMA.names if n in dataset.schema.names]
        batches = dataset.to_batches(columns=columns, batch_size=batch_size)
        for batch in batches:
            for row in batch.to_pylist():
                claims = [Claim.from_dict(json.loads(r)) for r in row.pop("claim_records") or ()]
                yield _document_from_row(row), claims
    except (pa.ArrowException, OSError, ValueError, KeyError) as e:
        raise IngestError("unreadable corpus Parquet: %s" % e, str(folder)) from e


def iter_claim_rows(path: str | os.PathLike, columns: Optional[Iterable[str]] = None,
                    batch_size: int = 4096) -> Iterator[dict]:
    """Rows of the ``claims`` table (with ``published_month``), streamed."""
    import pyarrow.dataset as ds

    folder = Path(path) / CLAIMS
    dataset = ds.dataset(str(folder), format="parquet", partitioning=_hive())
    for batch in dataset.to_batches(columns=list(columns) if columns else None, batch_size=batch_size):
        yield from batch.to_pylist()
