"""``--engine local``: the corpus run in one process, streaming; the reference for Spark.

1. read the inputs one document at a time (``counterclaim.ingest.read_inputs``);
2. extract each document with the library's single-document ``Extractor.extract``;
3. append the document and its claims to the Parquet tables of its publication month;
4. write the run summary.

Nothing but one document and the write buffers is in memory at a time.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path
from typing import Optional

from counterclaim.corpus import parquet as pq_
from counterclaim.corpus.stages import ExtractorFactory, default_extractor, extract_document, read_unit
from counterclaim.corpus.summary import SUMMARY_FILE, RunSummary
from counterclaim.errors import CounterclaimError, IngestError
from counterclaim.records import Document
from counterclaim.settings import Settings


def prepare_out(out: str | os.PathLike) -> Path:
    """Create ``out``; remove a previous run's tables and summary (only those) from it."""
    root = Path(out)
    if root.exists() and not root.is_dir():
        raise CounterclaimError("--out must be a directory, found a file", str(out))
    for name in (pq_.DOCUMENTS, pq_.CLAIMS):
        if (root / name).is_dir():
            shutil.rmtree(root / name)
    if (root / SUMMARY_FILE).exists():
        (root / SUMMARY_FILE).unlink()
    root.mkdir(parents=True, exist_ok=True)
    return root


def run_local(inputs: list[str], out: str | os.PathLike, settings: Optional[Settings] = None,
              extractor: Optional[ExtractorFactory] = None) -> RunSummary:
    """Extract every document of ``inputs`` into ``out``; returns (and writes) the summary.

    ``extractor`` builds the per-document extraction function from the settings (default:
    ``Extractor(settings).extract``); tests pass a stand-in.
    """
    settings = settings or Settings.from_env()
    started = time.perf_counter()
    root = prepare_out(out)
    summary = RunSummary(engine="local", out=str(out), inputs=[str(i) for i in inputs])
    extract = (extractor or default_extractor)(settings)
    docs = pq_.PartitionedWriter(root / pq_.DOCUMENTS, pq_.DOCUMENT_SCHEMA, rows_per_group=500)
    claims = pq_.PartitionedWriter(root / pq_.CLAIMS, pq_.CLAIM_SCHEMA)
    try:
        for path in inputs:
            for item in read_unit(str(path), settings):
                if isinstance(item, IngestError):
                    summary.add_error(item.path or str(path), "read", item.reason)
                    continue
                _one(item, extract, summary, docs, claims)
    finally:
        docs.close()
        claims.close()
    summary.seconds = time.perf_counter() - started
    summary.write()
    return summary


def _one(doc: Document, extract, summary: RunSummary, docs, claims) -> None:
    result = extract_document(extract, doc)
    if isinstance(result, CounterclaimError):
        summary.add_error(result.path, "extract", result.reason)
        return
    month = pq_.published_month(doc.published)
    row = pq_.document_row(doc, result)
    docs.write(month, row)
    for claim, record in zip(result, row["claim_records"]):
        claims.write(month, pq_.claim_row(claim, record))
    summary.add_document(month, len(result))
