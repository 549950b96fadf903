"""The application layer: read -> extract -> store -> link -> check, the same for every way in.

``counterclaim ingest``, ``reextract``, ``import-claims``, ``demo``, the web upload and the
corpus loader (``ingest --parquet``) all store through here, so every stored document is
linked and checked alike; ``ledger/`` only stores, ``link/`` only relates and checks.

  1. read     — Documents and IngestErrors from ``counterclaim.ingest.read_inputs`` (streamed);
  2. skip     — a document whose ``doc_id`` (hash of its normalised text) is stored is not
                extracted again, so a rerun after a crash only does what is missing;
  3. extract  — new documents go through ``Extractor.extract_many`` in small batches; when a
                batch raises, its documents are extracted one by one so a bad one fails alone;
  4. store    — ``Ledger.add``: the document and all its claims;
  5. link     — ``link_document``: its claims against the ledger's (``counterclaim.link.relate``);
  6. check    — ``check_document``: the arithmetic checks it takes part in.

4, 5 and 6 are one transaction: a process killed at any point leaves each document either
absent (the rerun stores it) or stored with its relations and findings, never stored but
unlinked. Every failure is one line ``"<path>: <reason>"`` in ``IngestStats.errors`` (and
passed to ``on_error`` as it happens); what was stored before stays stored. A ledger that
cannot be written at all (full disk, another writer's lock, read-only) stops the run with
one ``LedgerUnavailable`` saying what was stored and how to finish. ``reextract`` runs steps
3–6 over documents already in the ledger, from their stored text; ``ingest_extracted`` and
``import_claims`` run 4–6 for claims extracted elsewhere.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from counterclaim.errors import CounterclaimError, IngestError, LedgerError, LedgerUnavailable
from counterclaim.examples import EXAMPLES, EXAMPLES_DIR
from counterclaim.ingest import read_inputs
from counterclaim.ledger import Ledger
from counterclaim.ledger import export
from counterclaim.link.consistency import check_document
from counterclaim.link.relate import link_document
from counterclaim.link.track import record_ratios
from counterclaim.records import EXTRACTOR_VERSION, Claim, Document
from counterclaim.settings import Settings

DEFAULT_DEMO_DB = "counterclaim-demo.db"


def link_and_check(ledger: Ledger, doc_id: str) -> None:
    """5–6 for one stored document, in one transaction."""
    with ledger.transaction():
        link_document(ledger, doc_id, check=False)
        check_document(ledger, doc_id)
        record_ratios(ledger, doc_id)


@dataclass
class IngestStats:
    """Counts of one ingest or reextract run, updated as it goes (the progress bar reads them)."""
    read: int = 0       #: documents read (or, for reextract, documents re-extracted)
    added: int = 0      #: documents stored
    skipped: int = 0    #: documents already in the ledger
    claims: int = 0     #: claims stored
    removed: int = 0    #: claims replaced (reextract)
    errors: list[str] = field(default_factory=list)
    current: str = ""   #: the document being extracted or stored (what an interruption names)
    started: float = field(default_factory=time.perf_counter)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def summary(self) -> str:
        parts = ["%d document%s read" % (self.read, "" if self.read == 1 else "s"),
                 "%d stored" % self.added, "%d already in the ledger" % self.skipped,
                 "%d claim%s" % (self.claims, "" if self.claims == 1 else "s")]
        if self.removed:
            parts.append("%d old claims replaced" % self.removed)
        parts.append("%d error%s" % (len(self.errors), "" if len(self.errors) == 1 else "s"))
        return ", ".join(parts) + " in %.1f s" % self.seconds


def _where(doc: Document) -> str:
    return doc.path or doc.url or doc.doc_id


def _reason(e: BaseException) -> str:
    if isinstance(e, CounterclaimError):
        return e.reason
    return "%s: %s" % (type(e).__name__, str(e)[:300])


class _Run:
    """State shared by the steps of one run: the ledger, the counts, the callbacks."""

    def __init__(self, ledger: Ledger, on_progress, on_error, link: bool):
        self.ledger = ledger
        self.stats = IngestStats()
        self.on_progress = on_progress or (lambda stats: None)
        self.on_error = on_error or (lambda line: None)
        self.link = link

    def error(self, line: str) -> None:
        self.stats.errors.append(line)
        self.on_error(line)
        self.on_progress(self.stats)

    def linked(self, doc: Document) -> None:
        """5–6 inside the document's transaction; a linking bug undoes only the linking (a savepoint),
        is the document's error line, and the run goes on."""
        if not self.link:
            return
        try:
            with self.ledger.savepoint():
                link_and_check(self.ledger, doc.doc_id)
        except LedgerUnavailable:
            raise
        except Exception as e:  # the document is stored; a linking bug must not stop the batch
            self.error("%s: stored, but linking failed (%s); `counterclaim check --relink` links it"
                       % (_where(doc), _reason(e)))

    def stopped(self, e: LedgerUnavailable, doc: Document) -> LedgerUnavailable:
        """The run cannot go on: one error naming the ledger, the reason, what is kept and how to finish."""
        s = self.stats
        return LedgerUnavailable(
            "%s, while storing %s. Kept: %d document%s stored by this run (%d claims), %d already there; "
            "%s was not stored. To finish: %s, then rerun the same command (what is stored is skipped)."
            % (e.reason, _where(doc), s.added, "" if s.added == 1 else "s", s.claims, s.skipped, _where(doc),
               e.remedy or "fix the ledger"), path=e.path, remedy=e.remedy)

    def store(self, doc: Document, claims: Union[list[Claim], BaseException]) -> None:
        """4–6 in one transaction: one document with its claims, or the error its extraction raised."""
        if isinstance(claims, BaseException):
            self.error("%s: extraction failed (%s)" % (_where(doc), _reason(claims)))
            return
        self.stats.current = _where(doc)
        try:
            with self.ledger.transaction():
                added = self.ledger.add(doc, claims, extractor=EXTRACTOR_VERSION)
                if added:
                    self.linked(doc)
        except LedgerUnavailable as e:
            raise self.stopped(e, doc) from None
        except CounterclaimError as e:
            self.error("%s: not stored (%s)" % (_where(doc), e.reason))
            return
        if added:
            self.stats.added += 1
            self.stats.claims += len(claims)
        else:
            self.stats.skipped += 1
        self.on_progress(self.stats)


def extract_batch(extractor, docs: list[Document]) -> Iterator[tuple[Document, Union[list[Claim], Exception]]]:
    """3: claims of each document, or the exception that document raised."""
    many = getattr(extractor, "extract_many", None)
    if many is not None:
        try:
            results = list(many(docs))
        except Exception:
            results = None  # find the culprit below, one document at a time
        if results is not None and len(results) == len(docs):
            yield from results
            return
    for doc in docs:
        try:
            yield doc, list(extractor.extract(doc))
        except Exception as e:
            yield doc, e


def ingest(ledger: Ledger, items: Iterable[Union[Document, IngestError]], extractor, *, batch_size: int = 16,
           on_progress: Optional[Callable[[IngestStats], None]] = None,
           on_error: Optional[Callable[[str], None]] = None, link: bool = True) -> IngestStats:
    """Read, extract and store every new document of ``items``; the run's counts and errors."""
    run = _Run(ledger, on_progress, on_error, link)
    pending: list[Document] = []
    waiting: set[str] = set()

    def flush():
        if pending:
            run.stats.current = _where(pending[0])
            run.on_progress(run.stats)
        for doc, claims in extract_batch(extractor, pending):
            run.store(doc, claims)
        pending.clear()
        waiting.clear()

    for item in items:
        if isinstance(item, Exception):                                    # 1. read failed
            run.error(str(item))
            continue
        run.stats.read += 1
        if item.doc_id in waiting or ledger.has_document(item.doc_id):    # 2. skip
            run.stats.skipped += 1
            run.on_progress(run.stats)
            continue
        pending.append(item)
        waiting.add(item.doc_id)
        if len(pending) >= batch_size:                                     # 3–6
            flush()
    flush()
    return run.stats


def ingest_extracted(ledger: Ledger, pairs: Iterable[Union[tuple[Document, list[Claim]], Exception]], *,
                     on_progress=None, on_error=None, link: bool = True) -> IngestStats:
    """Store documents whose claims were extracted elsewhere (``counterclaim corpus extract``)."""
    run = _Run(ledger, on_progress, on_error, link)
    items = iter(pairs)
    while True:
        try:
            item = next(items)
        except StopIteration:
            break
        except CounterclaimError as e:  # the source itself broke (unreadable folder): stop, keep what is stored
            run.error(str(e))
            break
        if isinstance(item, Exception):
            run.error(str(item))
            continue
        doc, claims = item
        run.stats.read += 1
        run.store(doc, list(claims))
    return run.stats


def ingest_parquet(ledger: Ledger, folder: str, **kw) -> IngestStats:
    """Load the Parquet output of ``counterclaim corpus extract`` (idempotent like any ingest)."""
    from counterclaim.corpus.parquet import read_parquet_dir  # pyarrow: only when a corpus is loaded
    return ingest_extracted(ledger, read_parquet_dir(folder), **kw)


def reextract(ledger: Ledger, extractor, *, everything: bool = False, batch_size: int = 16,
              on_progress=None, on_error=None, link: bool = True) -> IngestStats:
    """Recompute the claims of stored documents from their stored text (never re-read).

    By default only documents last extracted by another extractor version; ``everything``
    redoes all. Each document's claims are swapped in one transaction, with the version.
    Stub documents (imported without text) are left alone.
    """
    run = _Run(ledger, on_progress, on_error, link)
    batch: list[Document] = []

    def flush():
        for doc, claims in extract_batch(extractor, batch):
            run.stats.read += 1
            if isinstance(claims, BaseException):
                run.error("%s: extraction failed (%s)" % (doc.doc_id, _reason(claims)))
                continue
            run.stats.current = doc.doc_id
            try:
                with ledger.transaction():  # the new claims and their links together, or neither
                    removed, added = ledger.replace_claims(doc.doc_id, claims, extractor=EXTRACTOR_VERSION)
                    run.linked(doc)
            except LedgerUnavailable as e:
                raise run.stopped(e, doc) from None
            run.stats.removed += removed
            run.stats.claims += added
            run.stats.added += 1
            run.on_progress(run.stats)
        batch.clear()

    for doc in ledger.documents(stale_only=not everything):
        batch.append(doc)
        if len(batch) >= batch_size:
            flush()
    flush()
    return run.stats


def import_claims(ledger: Ledger, path: str, link: bool = True, batch: int = 500) -> export.ImportResult:
    """Load a jsonl or Parquet export (``ledger.export.import_claims``), linking and checking
    the documents each batch touched inside that batch's transaction, as an ingest does."""
    touched = (lambda ids: [link_and_check(ledger, d) for d in ids]) if link else None
    return export.import_claims(ledger, path, on_documents=touched, batch=batch)


def relink(ledger: Ledger) -> None:
    """5–6 for every stored document in ingestion order (a ledger filled without linking)."""
    for doc_id in ledger.doc_ids():
        link_and_check(ledger, doc_id)


# -- the demo ----------------------------------------------------------------------------------

def _is_demo_ledger(path: Path) -> bool:
    """True when every document of the ledger at ``path`` was read from the bundled examples."""
    try:
        with Ledger(path, readonly=True) as led:
            return led.documents_outside(str(EXAMPLES_DIR)) == 0
    except LedgerError:
        return False


def reset_demo(path: str) -> None:
    """Remove an earlier demo ledger; refuse to delete a file that holds anything else."""
    p = Path(path)
    if p.exists():
        if not _is_demo_ledger(p):
            raise LedgerError("exists and is not a demo ledger; give the demo another --db", path=path)
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(str(p) + suffix)
        except FileNotFoundError:
            pass


def build_demo(path: str, extractor, on_progress=None, on_error: Optional[Callable[[str], None]] = None) -> IngestStats:
    """Ingest every bundled example (with its date and source) into a new ledger at ``path``."""
    reset_demo(path)

    def items():
        for ex in EXAMPLES:
            settings = Settings.from_env(published=ex.published, source=ex.source)
            yield from read_inputs([str(ex.path)], settings)

    with Ledger(path) as led:
        return ingest(led, items(), extractor, on_progress=on_progress, on_error=on_error)


def demo_summary(led: Ledger) -> dict:
    """What the demo prints under the claims: counts by kind, metric, relation type, and the findings."""
    return {
        "counts": led.counts(),
        "by_kind": led.facets(None, "kind", limit=10),
        "by_metric": led.facets(None, "metric", limit=30),
        "by_relation": led.relation_counts(),
        "findings": list(led.findings()),
    }
