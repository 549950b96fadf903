"""The ledger's schema as numbered migrations, recorded in the database and applied on open.

A migration is never edited once released: a change is a new entry at the end of
``MIGRATIONS``. ``migrate`` applies the missing ones, each in its own
``BEGIN IMMEDIATE`` transaction, so two processes opening a new file at once do
not both apply it. Every table is STRICT; FTS5 tables use external content (the
text lives once, in ``documents`` / ``claims``) kept in step by triggers.

``documents`` and ``claims`` carry an ``id INTEGER PRIMARY KEY`` beside their
text key (``doc_id`` / ``claim_id``, UNIQUE): the FTS indexes point at that
rowid, and only an INTEGER PRIMARY KEY keeps it stable through ``VACUUM``.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Union

from counterclaim.errors import LedgerError


@dataclass(frozen=True)
class Migration:
    """One step of the schema: SQL statements, or a function given the connection."""
    version: int
    name: str
    apply: Union[str, Callable[[sqlite3.Connection], None]]


_V1_TABLES = """
CREATE TABLE sources(
    name TEXT PRIMARY KEY,
    url TEXT,
    licence TEXT
) STRICT;

CREATE TABLE documents(
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL UNIQUE,
    text TEXT NOT NULL,
    title TEXT,
    url TEXT,
    author TEXT,
    published TEXT,
    format TEXT,
    source TEXT,
    parent TEXT,
    lang TEXT,
    path TEXT,
    parts TEXT,
    ingested_at TEXT,
    extractor TEXT
) STRICT;
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source, published);

CREATE TABLE claims(
    id INTEGER PRIMARY KEY,
    claim_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    record TEXT NOT NULL,
    kind TEXT NOT NULL,
    metric TEXT,
    claimant_key TEXT,
    claimant_text TEXT,
    claimant_side TEXT,
    subject_side TEXT,
    location_key TEXT,
    location_text TEXT,
    value_low INTEGER,
    value_high INTEGER,
    qualifier TEXT,
    stated_on TEXT,
    period_start TEXT,
    period_end TEXT,
    part_of TEXT,
    quote TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    confidence REAL,
    quantity_key TEXT,
    extractor TEXT
) STRICT;
-- one index per filter of `counterclaim claims`, each ending in the usual sort column
CREATE INDEX claims_doc ON claims(doc_id, span_start);
CREATE INDEX claims_metric ON claims(metric, stated_on);
CREATE INDEX claims_claimant ON claims(claimant_key, stated_on);
CREATE INDEX claims_claimant_text ON claims(claimant_text COLLATE NOCASE, stated_on);
CREATE INDEX claims_claimant_side ON claims(claimant_side, stated_on);
CREATE INDEX claims_subject_side ON claims(subject_side, stated_on);
CREATE INDEX claims_location ON claims(location_key, value_low);
CREATE INDEX claims_location_text ON claims(location_text COLLATE NOCASE, value_low);
CREATE INDEX claims_kind ON claims(kind, stated_on);
CREATE INDEX claims_value ON claims(value_low, value_high);
CREATE INDEX claims_stated_on ON claims(stated_on);
CREATE INDEX claims_part_of ON claims(part_of) WHERE part_of IS NOT NULL;
CREATE INDEX claims_quantity ON claims(quantity_key, stated_on) WHERE quantity_key IS NOT NULL;

CREATE TABLE citations(
    claim_id TEXT NOT NULL REFERENCES claims(claim_id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    PRIMARY KEY(claim_id, url)
) STRICT, WITHOUT ROWID;
CREATE INDEX citations_url ON citations(url);

CREATE TABLE relations(
    src TEXT NOT NULL,
    dst TEXT NOT NULL,
    type TEXT NOT NULL,
    reason TEXT,
    created_at TEXT,
    PRIMARY KEY(src, dst, type)
) STRICT, WITHOUT ROWID;
CREATE INDEX relations_dst ON relations(dst, type);

CREATE TABLE findings(
    finding_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    claim_ids TEXT NOT NULL,
    message TEXT,
    expected REAL,
    actual REAL,
    gap REAL,
    created_at TEXT
) STRICT;
CREATE INDEX findings_kind ON findings(kind);

CREATE TABLE series(
    series TEXT PRIMARY KEY,
    source TEXT,
    licence TEXT,
    path TEXT,
    imported_at TEXT
) STRICT;

CREATE TABLE series_points(
    series TEXT NOT NULL,
    metric TEXT NOT NULL,
    subject_side TEXT NOT NULL,
    date TEXT NOT NULL,
    value INTEGER,
    PRIMARY KEY(series, metric, subject_side, date)
) STRICT, WITHOUT ROWID;
CREATE INDEX series_points_metric ON series_points(metric, subject_side, date);
"""

_V2_FTS = """
CREATE VIRTUAL TABLE documents_fts USING fts5(text, title, content="documents", content_rowid="id");
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, text, title) VALUES (new.id, new.text, new.title);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text, title) VALUES ('delete', old.id, old.text, old.title);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF text, title ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, text, title) VALUES ('delete', old.id, old.text, old.title);
    INSERT INTO documents_fts(rowid, text, title) VALUES (new.id, new.text, new.title);
END;

CREATE VIRTUAL TABLE claims_fts USING fts5(quote, content="claims", content_rowid="id");
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
    INSERT INTO claims_fts(rowid, quote) VALUES (new.id, new.quote);
END;
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
END;
CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote ON claims BEGIN
    INSERT INTO claims_fts(claims_fts, rowid, quote) VALUES ('delete', old.id, old.quote);
    INSERT INTO claims_fts(rowid, quote) VALUES (new.id, new.quote);
END;
"""

_V3_CLAIMANTS = """
CREATE INDEX claims_claimant_id ON claims(claimant_id, stated_on, metric);
CREATE TABLE claimant_names(
    claimant_id TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY(claimant_id, name)
) STRICT, WITHOUT ROWID;
INSERT OR IGNORE INTO claimant_names(claimant_id, name)
    SELECT DISTINCT claimant_id, coalesce(claimant_text, claimant_id) FROM claims WHERE claimant_id IS NOT NULL;
CREATE TRIGGER claims_claimant_names AFTER INSERT ON claims WHEN new.claimant_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO claimant_names(claimant_id, name) VALUES (new.claimant_id, coalesce(new.claimant_text, new.claimant_id));
END;
CREATE TRIGGER claims_claimant_names_update AFTER UPDATE OF claimant_id ON claims WHEN new.claimant_id IS NOT NULL BEGIN
    INSERT OR IGNORE INTO claimant_names(claimant_id, name) VALUES (new.claimant_id, coalesce(new.claimant_text, new.claimant_id));
END;
CREATE INDEX relations_type ON relations(type, dst);

-- disputes (contradictions, revisions, findings) by date, kept by triggers: the disputes page reads
-- its newest ones from an index instead of dating every relation of a large ledger at each request
CREATE TABLE disputes(
    dispute_id TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    claim_ids TEXT NOT NULL,
    message TEXT,
    expected REAL,
    actual REAL,
    gap REAL,
    created_at TEXT
) STRICT;
CREATE INDEX disputes_date ON disputes(date DESC, dispute_id);
CREATE INDEX disputes_kind ON disputes(kind, date DESC, dispute_id);
CREATE TRIGGER relations_disputes_insert AFTER INSERT ON relations WHEN new.type IN ('contradicts', 'revises') BEGIN
    INSERT OR REPLACE INTO disputes(dispute_id, source, kind, date, claim_ids, message, created_at)
    VALUES (new.type || ':' || new.src || ':' || new.dst, 'relation', new.type,
            (SELECT max(stated_on) FROM claims WHERE claim_id IN (new.src, new.dst)),
            json_array(new.src, new.dst), new.reason, new.created_at);
END;
CREATE TRIGGER relations_disputes_delete AFTER DELETE ON relations WHEN old.type IN ('contradicts', 'revises') BEGIN
    DELETE FROM disputes WHERE dispute_id = old.type || ':' || old.src || ':' || old.dst;
END;
CREATE TRIGGER findings_disputes_insert AFTER INSERT ON findings BEGIN
    INSERT OR REPLACE INTO disputes(dispute_id, source, kind, date, claim_ids, message, expected, actual, gap, created_at)
    VALUES (new.finding_id, 'finding', new.kind,
            (SELECT max(c.stated_on) FROM json_each(new.claim_ids) j JOIN claims c ON c.claim_id = j.value),
            new.claim_ids, new.message, new.expected, new.actual, new.gap, new.created_at);
END;
CREATE TRIGGER findings_disputes_delete AFTER DELETE ON findings BEGIN
    DELETE FROM disputes WHERE dispute_id = old.finding_id;
END;
INSERT OR REPLACE INTO disputes(dispute_id, source, kind, date, claim_ids, message, created_at)
    SELECT r.type || ':' || r.src || ':' || r.dst, 'relation', r.type,
           (SELECT max(stated_on) FROM claims WHERE claim_id IN (r.src, r.dst)), json_array(r.src, r.dst), r.reason,
           r.created_at FROM relations r WHERE r.type IN ('contradicts', 'revises');
INSERT OR REPLACE INTO disputes(dispute_id, source, kind, date, claim_ids, message, expected, actual, gap, created_at)
    SELECT f.finding_id, 'finding', f.kind,
           (SELECT max(c.stated_on) FROM json_each(f.claim_ids) j JOIN claims c ON c.claim_id = j.value),
           f.claim_ids, f.message, f.expected, f.actual, f.gap, f.created_at FROM findings f;
"""


def _v3_claimants(conn: sqlite3.Connection) -> None:
    """Each claim's claimant identity (``claims.claimant_id``), the names of each identity, relations by
    type, and the disputes (contradictions, revisions, findings) by date."""
    from counterclaim.ledger.claimants import claimant_identity

    conn.execute("ALTER TABLE claims ADD COLUMN claimant_id TEXT")
    conn.create_function("counterclaim_claimant_id", 2, claimant_identity, deterministic=True)
    conn.execute("UPDATE claims SET claimant_id = counterclaim_claimant_id(claimant_key, claimant_text) "
                 "WHERE claimant_key IS NOT NULL OR claimant_text IS NOT NULL")
    for stmt in split_statements(_V3_CLAIMANTS):
        conn.execute(stmt)


#: The schema, oldest first. Append; never edit a released entry.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables and indexes", _V1_TABLES),
    Migration(2, "full-text search over document text and claim quotes", _V2_FTS),
    Migration(3, "claimant identities (claims.claimant_id, claimant_names), relations by type, disputes by date",
              _v3_claimants),
)

LATEST = MIGRATIONS[-1].version


def split_statements(sql: str) -> list[str]:
    """Cut a script into complete statements (trigger bodies hold semicolons of their own)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        if not buf and (not line.strip() or line.strip().startswith("--")):
            continue
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        raise LedgerError("incomplete SQL statement in a migration: %r" % buf.strip()[:80])
    return out


def applied_versions(conn: sqlite3.Connection) -> set[int]:
    """Versions recorded in ``schema_migrations`` (empty for a new file)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").fetchone()
    if not row:
        return set()
    return {v for (v,) in conn.execute("SELECT version FROM schema_migrations")}


def migrate(conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the migrations this file lacks, each in one transaction; return the versions applied.

    The connection must be in autocommit mode (``isolation_level=None``).
    """
    done = applied_versions(conn)
    if done and max(done) > migrations[-1].version:
        raise LedgerError("the ledger was written by a newer counterclaim (schema version %d, this one knows %d)"
                          % (max(done), migrations[-1].version))
    applied = []
    for m in migrations:
        if m.version in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations("
                         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT")
            if conn.execute("SELECT 1 FROM schema_migrations WHERE version=?", (m.version,)).fetchone():
                conn.execute("COMMIT")  # another process applied it meanwhile
                continue
            if callable(m.apply):
                m.apply(conn)
            else:
                for stmt in split_statements(m.apply):
                    conn.execute(stmt)
            conn.execute("INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)",
                         (m.version, m.name, datetime.now(timezone.utc).isoformat(timespec="seconds")))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(m.version)
    return applied
