"""``Ledger``: the one class that holds a SQLite connection; callers get records and dicts, never a cursor.

The file is plain SQLite (WAL mode, STRICT tables, see ``schema.py``) that Datasette and
the ``sqlite3`` shell open as is. WAL lets readers (``claims``, the web UI) work while an
ingest writes. Each stored document is one short transaction, committed with
``synchronous=NORMAL``: a killed process loses at most the document it was writing, never
half of one. Everything that reads many rows streams through ``fetchmany``.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from hashlib import sha256
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional
from urllib.parse import quote

from counterclaim.errors import LedgerError, LedgerUnavailable
from counterclaim.ledger import query as q
from counterclaim.ledger.claimants import Claimants, claimant_identity
from counterclaim.ledger.workbench import WorkbenchReads
from counterclaim.ledger.linking import LinkReads
from counterclaim.ledger.paging import Paging, select_list
from counterclaim.ledger.reads import Reads
from counterclaim.ledger.schema import AGGREGATES_BACKFILL, LATEST, applied_versions, migrate, split_statements
from counterclaim.ledger.series import SeriesStore
from counterclaim.records import EXTRACTOR_VERSION, Claim, Document, Finding, Part, Relation

FETCH = 500  #: rows per fetchmany
CACHE_KB = 32768  #: page cache per connection (KiB): the claim indexes of a large ledger stay warm
#: how long a write waits for another writer's transaction to end (SQLite's busy timeout). Every
#: counterclaim write is one document's transaction (milliseconds), so a wait this long means a
#: writer that holds the ledger for good (an open transaction in a sqlite3 shell, a VACUUM).
BUSY_SECONDS = 10.0

#: SQLite's primary result codes of the faults that no retry of the same run can get past
_BUSY, _LOCKED, _READONLY, _IOERR, _FULL, _CANTOPEN = 5, 6, 8, 10, 13, 14


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def claim_columns(c: Claim, quantity_key: Optional[str] = None) -> tuple:
    """The ``claims`` row of a record, in ``CLAIM_INSERT`` order."""
    v, loc, per = c.value, c.location, c.period
    return (c.claim_id, c.doc_id, _json(c.to_dict()), c.kind, c.metric, c.claimant.key, c.claimant.text,
            c.claimant.side, c.subject.side, loc.key if loc else None, loc.text if loc else None,
            v.low if v else None, v.high if v else None, v.qualifier if v else None, c.stated_on,
            per.start if per else None, per.end if per else None, c.part_of, c.quote,
            c.span[0], c.span[1], float(c.confidence), quantity_key, c.extractor,
            claimant_identity(c.claimant.key, c.claimant.text))


CLAIM_INSERT = ("INSERT INTO claims(claim_id, doc_id, record, kind, metric, claimant_key, claimant_text, "
                "claimant_side, subject_side, location_key, location_text, value_low, value_high, qualifier, "
                "stated_on, period_start, period_end, part_of, quote, span_start, span_end, confidence, "
                "quantity_key, extractor, claimant_id) VALUES (%s) ON CONFLICT(claim_id) DO NOTHING" % ", ".join("?" * 25))

DOC_INSERT = ("INSERT INTO documents(doc_id, text, title, url, author, published, format, source, "
              "parent, lang, path, parts, ingested_at, extractor) VALUES (%s) ON CONFLICT(doc_id) DO NOTHING"
              % ", ".join("?" * 14))


def fault(e: sqlite3.Error, path: str) -> Optional[LedgerUnavailable]:
    """A write SQLite refused because of the disk, the file or another writer, in words; None for other errors.

    Other errors (a constraint, a bug) stay ``sqlite3`` errors: they are the program's, not the disk's.
    """
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    msg = str(e).lower()
    if primary in (_BUSY, _LOCKED) or "database is locked" in msg:
        return LedgerUnavailable("locked by another writer%s; gave up after waiting %g s for it"
                                 % (_lock_holder(path), BUSY_SECONDS), path=path,
                                 remedy="let the other writer finish (or end it)")
    if primary == _FULL or "disk is full" in msg:
        return LedgerUnavailable("the disk is full%s" % _free_space(path), path=path,
                                 remedy="free disk space (or give another --db)")
    if primary == _READONLY:
        return LedgerUnavailable("the ledger cannot be written (read-only file, folder or disk)", path=path,
                                 remedy="make it writable (or give another --db)")
    if primary == _IOERR:
        name = getattr(e, "sqlite_errorname", "")
        return LedgerUnavailable("disk I/O error while writing%s" % (" (%s)" % name if name else ""), path=path,
                                 remedy="check the disk (free space, quota, file size limit)")
    if primary == _CANTOPEN:
        return LedgerUnavailable("cannot open the ledger's files for writing (%s)" % e, path=path,
                                 remedy="check the folder's permissions")
    return None


def _free_space(path: str) -> str:
    try:
        free = shutil.disk_usage(Path(path).resolve().parent).free
    except OSError:
        return ""
    return " (%s free where it lives)" % (("%.1f MB" % (free / 1e6)) if free >= 1e5 else "%d bytes" % free)


def _lock_holder(path: str) -> str:
    """Who holds the ledger's write lock, from ``/proc/locks`` (Linux; elsewhere nothing is said).

    SQLite's WAL write lock is byte 120 of the ``-shm`` file (a rollback journal's, bytes from
    0x40000000 of the file). /proc/locks is read, never the files: opening and closing a file
    this process has open in SQLite would drop this process's own locks on it.
    """
    try:
        ids = []
        for name, lo in ((path + "-shm", 120), (path, 0x40000000)):
            if os.path.exists(name):
                st = os.stat(name)
                ids.append(("%02x:%02x:%d" % (os.major(st.st_dev), os.minor(st.st_dev), st.st_ino), lo))
        if not ids:
            return ""
        with open("/proc/locks", encoding="ascii", errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return ""
    for line in lines:
        parts = line.split()
        if "->" in parts or len(parts) < 8 or parts[3] != "WRITE":
            continue
        pid, ident, start, end = parts[4], parts[5], parts[6], parts[7]
        for want, byte in ids:
            if ident == want and pid.isdigit() and int(pid) != os.getpid() and start.isdigit() and \
                    int(start) <= byte + 2 and (end == "EOF" or (end.isdigit() and int(end) >= byte)):
                return " (process %s: %s)" % (pid, _command_of(pid))
    return ""


def _command_of(pid: str) -> str:
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            words = [w.decode("utf-8", "replace") for w in f.read().split(b"\0") if w]
    except OSError:
        return "?"
    if not words:
        return "?"
    line = " ".join([Path(words[0]).name] + words[1:])
    line = " ".join("".join(ch if ch.isprintable() else " " for ch in line).split())  # one line, whatever it ran
    return line if len(line) <= 80 else line[:79] + "…"


def document_columns(d: Document, extractor: Optional[str]) -> tuple:
    return (d.doc_id, d.text, d.title, d.url, d.author, d.published, d.format, d.source, d.parent, d.lang,
            d.path, _json([p.to_dict() for p in d.parts]), _now(), extractor)


class Ledger(Reads, Paging, LinkReads, SeriesStore, Claimants, WorkbenchReads):
    """A claim ledger in one SQLite file; opening migrates it (unless ``readonly``).

    ``create=False`` refuses a path that does not exist yet (read commands should not
    leave empty ledgers behind a typo). Every query anyone needs is a method: those here
    store and read records; the web's (``reads``, ``paging``), the linker's (``linking``)
    and the series' (``series``) come from the mixins named after their callers.
    """

    def __init__(self, path: str | os.PathLike, readonly: bool = False, create: bool = True):
        self.path = str(path)
        self.readonly = readonly
        exists = self.path == ":memory:" or Path(self.path).exists()
        if not exists and (readonly or not create):
            raise LedgerError("no ledger here yet (run `counterclaim ingest FILE…` or `counterclaim demo`)",
                              path=self.path)
        try:
            if readonly:
                uri = "file:%s?mode=ro" % quote(Path(self.path).resolve().as_posix())
                self._conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
            else:
                self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self._conn.execute("PRAGMA busy_timeout = %d" % int(BUSY_SECONDS * 1000))
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA cache_size = -%d" % CACHE_KB)
            if not readonly:
                self._conn.execute("PRAGMA journal_mode = WAL")
                self._conn.execute("PRAGMA synchronous = NORMAL")
                migrate(self._conn)
            else:
                done = applied_versions(self._conn)
                if not done:
                    raise LedgerError("not a counterclaim ledger (no schema_migrations table)", path=self.path)
                if max(done) < LATEST:
                    raise LedgerError("the ledger's schema is older than this counterclaim; open it once "
                                      "for writing (e.g. `counterclaim ingest`) to migrate it", path=self.path)
        except (sqlite3.DatabaseError, LedgerError) as e:
            if getattr(self, "_conn", None) is not None:
                self._conn.close()
            if isinstance(e, LedgerError):
                raise
            unavailable = fault(e, self.path) if not readonly else None
            if unavailable is not None:
                raise unavailable from None
            raise LedgerError("cannot open as a SQLite ledger: %s" % e, path=self.path) from None
        self._conn.row_factory = sqlite3.Row

    # -- connection ---------------------------------------------------------------------------
    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> "Ledger":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def tune_for_reading(self, mmap_bytes: int, cache_kb: int) -> None:
        """Read pages through the OS page cache (``mmap_size``, shared by every reader) with a small own cache."""
        self._conn.execute("PRAGMA mmap_size = %d" % int(mmap_bytes))
        self._conn.execute("PRAGMA cache_size = -%d" % int(cache_kb))

    @contextmanager
    def transaction(self):
        """One write transaction (``BEGIN IMMEDIATE``); joins an outer one when nested.

        A write the disk, the file or another writer refuses (full, locked, read-only, I/O
        error) rolls the whole transaction back and raises ``LedgerUnavailable`` saying why.
        """
        if self._conn.in_transaction:
            yield self
            return
        try:
            self._conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as e:
            self._raise_fault(e)
        try:
            yield self
        except BaseException as e:
            self._rollback()
            if isinstance(e, sqlite3.Error):
                self._raise_fault(e)
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlite3.Error as e:
            self._rollback()
            self._raise_fault(e)

    @contextmanager
    def savepoint(self):
        """A part of the current transaction that may fail alone: on an error only its own writes are
        undone and the error goes on (a disk or lock fault as ``LedgerUnavailable``, for the outer
        transaction to roll back too). Outside a transaction it is one."""
        if not self._conn.in_transaction:
            with self.transaction():
                with self.savepoint():
                    yield self
            return
        self._conn.execute("SAVEPOINT part")
        try:
            yield self
        except BaseException as e:
            try:
                self._conn.execute("ROLLBACK TO part")
                self._conn.execute("RELEASE part")
            except sqlite3.Error:
                pass  # the outer transaction rolls back
            if isinstance(e, sqlite3.Error):
                self._raise_fault(e)
            raise
        self._conn.execute("RELEASE part")

    def _rollback(self) -> None:
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # SQLite has rolled back already (a full disk, an I/O error)

    def _raise_fault(self, e: sqlite3.Error):
        """Raise ``e`` as ``LedgerUnavailable`` when it is the disk's or another writer's fault, else as is."""
        unavailable = fault(e, self.path)
        if unavailable is None:
            raise e
        raise unavailable from None

    def query(self, sql: str, params: Iterable = ()) -> Iterator[dict]:
        """Rows of any SELECT as dicts, streamed ``FETCH`` at a time."""
        try:
            cur = self._conn.execute(sql, tuple(params))
        except sqlite3.Error as e:
            raise LedgerError("query failed: %s" % e, path=self.path) from None
        while True:
            rows = cur.fetchmany(FETCH)
            if not rows:
                return
            for r in rows:
                yield dict(r)

    def query_one(self, sql: str, params: Iterable = ()) -> Optional[dict]:
        r = self._conn.execute(sql, tuple(params)).fetchone()
        return dict(r) if r else None

    def scalar(self, sql: str, params: Iterable = ()) -> Any:
        r = self._conn.execute(sql, tuple(params)).fetchone()
        return r[0] if r else None

    def execute(self, sql: str, params: Iterable = ()) -> int:
        """Run one write statement (autocommitted unless inside ``transaction()``); rows changed."""
        return self._conn.execute(sql, tuple(params)).rowcount

    def executemany(self, sql: str, rows: Iterable[Iterable]) -> int:
        return self._conn.executemany(sql, (tuple(r) for r in rows)).rowcount

    # -- documents and claims -----------------------------------------------------------------
    def has_document(self, doc_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone() is not None

    def add(self, document: Document, claims: Iterable[Claim], extractor: Optional[str] = None) -> bool:
        """Store a document with its claims in one transaction; False when its ``doc_id`` is already stored."""
        claims = list(claims)
        for c in claims:
            if c.doc_id != document.doc_id:
                raise LedgerError("claim %s belongs to %s, not to the document %s"
                                  % (c.claim_id, c.doc_id, document.doc_id), path=document.path)
        version = extractor or (claims[0].extractor if claims else EXTRACTOR_VERSION)
        with self.transaction():
            cur = self._conn.execute(DOC_INSERT, document_columns(document, version))
            if cur.rowcount == 0:
                return False
            self._insert_claims(claims)
            if document.source:
                self._conn.execute("INSERT OR IGNORE INTO sources(name) VALUES (?)", (document.source,))
        return True

    def _insert_claims(self, claims: list[Claim]) -> None:
        self._conn.executemany(CLAIM_INSERT, (claim_columns(c) for c in claims))
        self._conn.executemany("INSERT OR IGNORE INTO citations(claim_id, url) VALUES (?, ?)",
                               ((c.claim_id, u) for c in claims for u in c.citations))

    def replace_claims(self, doc_id: str, claims: Iterable[Claim], extractor: str = EXTRACTOR_VERSION) -> tuple[int, int]:
        """Swap a stored document's claims for new ones in one transaction; (removed, added).

        Relations and findings that named a removed claim go too: the linker recomputes them.
        """
        claims = list(claims)
        with self.transaction():
            if not self.has_document(doc_id):
                raise LedgerError("no document %s in the ledger" % doc_id, path=self.path)
            removed = self._delete_claims_of(doc_id)
            self._insert_claims(claims)
            self._conn.execute("UPDATE documents SET extractor = ? WHERE doc_id = ?", (extractor, doc_id))
        return removed, len(claims)

    def rebuild_aggregates(self) -> None:
        """Recompute the claimants' aggregates, claim marks and disputes' claims from the ledger's rows
        (what migration 4 did; the triggers keep them after that)."""
        with self.transaction():
            for stmt in split_statements(AGGREGATES_BACKFILL):
                self._conn.execute(stmt)

    def _delete_claims_of(self, doc_id: str) -> int:
        self._conn.execute("DELETE FROM relations WHERE src IN (SELECT claim_id FROM claims WHERE doc_id = ?) "
                           "OR dst IN (SELECT claim_id FROM claims WHERE doc_id = ?)", (doc_id, doc_id))
        self._conn.execute("DELETE FROM findings WHERE EXISTS (SELECT 1 FROM json_each(findings.claim_ids) j "
                           "JOIN claims k ON k.claim_id = j.value WHERE k.doc_id = ?)", (doc_id,))
        return self._conn.execute("DELETE FROM claims WHERE doc_id = ?", (doc_id,)).rowcount

    def delete_document(self, doc_id: str) -> bool:
        """Remove a document, its claims, their citations, relations and findings."""
        with self.transaction():
            self._delete_claims_of(doc_id)
            return self._conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,)).rowcount > 0

    def doc_ids(self) -> Iterator[str]:
        """Every stored document's id in ingestion order, one row at a time (the ledger may be huge)."""
        last = 0
        while True:
            row = self.query_one("SELECT id, doc_id FROM documents WHERE id > ? ORDER BY id LIMIT 1", (last,))
            if row is None:
                return
            last = row["id"]
            yield row["doc_id"]

    def document(self, doc_id: str) -> Optional[Document]:
        row = self.document_row(doc_id)
        return _document(row) if row else None

    def documents(self, stale_only: bool = False, batch: int = 100) -> Iterator[Document]:
        """Every stored document with text, by keyset pages (safe to write claims meanwhile).

        ``stale_only`` keeps those last extracted by another extractor version than this one.
        """
        last = 0
        cond = " AND (extractor IS NULL OR extractor != ?)" if stale_only else ""
        while True:
            params: list = [last] + ([EXTRACTOR_VERSION] if stale_only else []) + [batch]
            rows = self._conn.execute("SELECT * FROM documents WHERE id > ? AND text != ''%s ORDER BY id LIMIT ?"
                                      % cond, params).fetchall()
            if not rows:
                return
            for r in rows:
                d = dict(r)
                d["parts"] = json.loads(d["parts"] or "[]")
                yield _document(d)
            last = rows[-1]["id"]

    def claim(self, claim_id: str) -> Optional[Claim]:
        rec = self.scalar("SELECT record FROM claims WHERE claim_id = ?", (claim_id,))
        return Claim.from_dict(json.loads(rec)) if rec else None

    def claims_of(self, doc_id: str) -> list[Claim]:
        """A document's claims in text order."""
        return [Claim.from_dict(json.loads(r["record"])) for r in
                self.query("SELECT record FROM claims WHERE doc_id = ? ORDER BY span_start, id", (doc_id,))]

    def resolve_id(self, prefix: str) -> str:
        """The full ``c_…``/``d_…`` id that starts with ``prefix``; LedgerError when none or several."""
        table, col = ("documents", "doc_id") if prefix.startswith("d_") else ("claims", "claim_id")
        if not prefix.startswith(("c_", "d_")):
            raise LedgerError("an id starts with c_ (a claim) or d_ (a document), got %r" % prefix)
        rows = self._conn.execute("SELECT %s FROM %s WHERE %s >= ? AND %s < ? ORDER BY %s LIMIT 2"
                                  % (col, table, col, col, col), (prefix, prefix + "~")).fetchall()
        if not rows:
            raise LedgerError("no %s with id %s in the ledger" % (table[:-1], prefix), path=self.path)
        if len(rows) > 1 and rows[0][0] != prefix:
            raise LedgerError("%s is the start of several ids; give more characters" % prefix)
        return rows[0][0]

    # -- claim queries ------------------------------------------------------------------------
    def claim_rows(self, flt: Optional[q.ClaimFilter] = None, sort: Optional[str] = None,
                   limit: Optional[int] = None, offset: int = 0, columns: Optional[Iterable[str]] = None
                   ) -> Iterator[dict]:
        """Matching ``claims`` rows as dicts (every column, or those named), streamed."""
        sql, params = q.select_claims(flt, sort, limit, offset,
                                      columns=select_list(list(columns)) if columns else "c.*")
        return self.query(sql, params)

    def claims(self, flt: Optional[q.ClaimFilter] = None, sort: Optional[str] = None,
               limit: Optional[int] = None, offset: int = 0) -> Iterator[Claim]:
        """Matching claims as records, streamed."""
        sql, params = q.select_claims(flt, sort, limit, offset, columns="c.record")
        for r in self.query(sql, params):
            yield Claim.from_dict(json.loads(r["record"]))

    def count(self, flt: Optional[q.ClaimFilter] = None) -> int:
        sql, params = q.count_claims(flt)
        return self.scalar(sql, params)

    def facets(self, flt: Optional[q.ClaimFilter], column: str, limit: int = 20) -> list[tuple[Any, int]]:
        """(value, count) of ``column`` among matching claims, most frequent first."""
        sql, params = q.facet_sql(flt, column, limit)
        return [(r["value"], r["n"]) for r in self.query(sql, params)]

    def search_documents(self, text: str, limit: int = 20) -> list[dict]:
        """Documents whose text or title matches, best first (doc_id, title, a snippet)."""
        fq = q.fts_query(text)
        if not fq:
            return []
        return list(self.query(
            "SELECT d.doc_id, d.title, d.published, snippet(documents_fts, 0, '[', ']', '…', 12) AS snippet "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (fq, limit)))

    def counts(self) -> dict[str, int]:
        """Rows per table (documents, claims, citations, relations, findings, series_points, sources)."""
        return {t: self.scalar("SELECT count(*) FROM %s" % t) for t in
                ("documents", "claims", "citations", "relations", "findings", "series", "series_points", "sources")}

    # -- what the linker and the series importers write ---------------------------------------
    def set_quantity_keys(self, pairs: Iterable[tuple[str, Optional[str]]]) -> int:
        """Record what each claim counts (``claim_id``, key), as computed by ``counterclaim.link.keys``."""
        with self.transaction():
            return self._conn.executemany("UPDATE claims SET quantity_key = ? WHERE claim_id = ?",
                                          ((k, cid) for cid, k in pairs)).rowcount

    def add_relations(self, relations: Iterable[Relation]) -> int:
        """Store relations (a relation already there keeps its first reason)."""
        now = _now()
        with self.transaction():
            return self._conn.executemany(
                "INSERT OR IGNORE INTO relations(src, dst, type, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                ((r.src, r.dst, r.type, r.reason, now) for r in relations)).rowcount

    def relations_of(self, claim_id: str) -> list[Relation]:
        """Relations from or to a claim."""
        return [Relation(r["src"], r["dst"], r["type"], r["reason"]) for r in
                self.query("SELECT * FROM relations WHERE src = ? UNION SELECT * FROM relations WHERE dst = ?",
                           (claim_id, claim_id))]

    @staticmethod
    def finding_id(f: Finding) -> str:
        """Same kind over the same claims is the same finding (re-checking replaces it)."""
        return "f_" + sha256(("%s|%s" % (f.kind, ",".join(f.claim_ids))).encode()).hexdigest()[:20]

    def add_findings(self, findings: Iterable[Finding]) -> int:
        now = _now()
        with self.transaction():
            return self._conn.executemany(
                "INSERT OR REPLACE INTO findings(finding_id, kind, claim_ids, message, expected, actual, gap, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((self.finding_id(f), f.kind, _json(list(f.claim_ids)), f.message, f.expected, f.actual, f.gap, now)
                 for f in findings)).rowcount

    def findings(self, claim_id: Optional[str] = None) -> Iterator[Finding]:
        """Stored findings, or those naming one claim."""
        if claim_id:
            rows = self.query("SELECT f.* FROM findings f WHERE EXISTS (SELECT 1 FROM json_each(f.claim_ids) j "
                              "WHERE j.value = ?) ORDER BY f.kind, f.finding_id", (claim_id,))
        else:
            rows = self.query("SELECT * FROM findings ORDER BY kind, finding_id")
        for r in rows:
            yield Finding(r["kind"], tuple(json.loads(r["claim_ids"])), r["message"], r["expected"], r["actual"], r["gap"])


def _document(row: dict) -> Document:
    return Document(text=row["text"], title=row["title"], url=row["url"], author=row["author"],
                    published=row["published"], format=row["format"] or "text", source=row["source"],
                    parent=row["parent"], parts=tuple(Part.from_dict(p) for p in row["parts"]),
                    lang=row["lang"] or "en", path=row["path"], doc_id=row["doc_id"])
