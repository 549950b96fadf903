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


_V4_AGGREGATES = """
-- per-claimant figures of the track records, kept on every insert and delete by triggers, so the claimants'
-- pages read a row each instead of counting a claimant's claims and relations (1.2-2.4 s at 1M claims)
CREATE TABLE claimant_stats(
    claimant_id TEXT PRIMARY KEY,
    claims INTEGER NOT NULL DEFAULT 0,
    first TEXT,
    last TEXT,
    repeated INTEGER NOT NULL DEFAULT 0,
    corroborated INTEGER NOT NULL DEFAULT 0,
    contradicted INTEGER NOT NULL DEFAULT 0,
    revised INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;
CREATE TABLE claimant_metrics(
    claimant_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    claims INTEGER NOT NULL,
    PRIMARY KEY(claimant_id, metric)
) STRICT, WITHOUT ROWID;
-- which claims others re-reported / corroborated / contradicted, or their claimant revised: one row per
-- (claim, mark) however many relations say it, so a claim counts once per mark
CREATE TABLE claim_marks(
    claim_id TEXT NOT NULL,
    mark TEXT NOT NULL,
    claimant_id TEXT NOT NULL,
    PRIMARY KEY(claim_id, mark)
) STRICT, WITHOUT ROWID;
-- each claim's figure / a series' value, over the claims a series counts (written by link.track, which
-- holds the rule); derived_state says whether they are complete (a series import makes them stale)
CREATE TABLE claim_ratios(
    claim_id TEXT NOT NULL,
    series TEXT NOT NULL,
    claimant_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    ratio REAL NOT NULL,
    PRIMARY KEY(claim_id, series)
) STRICT, WITHOUT ROWID;
CREATE INDEX claim_ratios_claimant ON claim_ratios(claimant_id, series, scope, ratio);
CREATE TABLE derived_state(
    name TEXT PRIMARY KEY,
    fresh INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
-- complete already when there is no series to compare with (a new ledger); else link.track.refresh_ratios fills them
INSERT INTO derived_state(name, fresh) VALUES ('claim_ratios', NOT EXISTS (SELECT 1 FROM series_points));
-- the disputes' claims with the columns a claims filter reads, so a filtered disputes page is read from
-- its own small table rather than by decoding every dispute's claim list
CREATE TABLE dispute_members(
    dispute_id TEXT NOT NULL,
    dkind TEXT NOT NULL,
    date TEXT,
    claim_id TEXT NOT NULL,
    id INTEGER,
    doc_id TEXT,
    kind TEXT,
    metric TEXT,
    claimant_key TEXT,
    claimant_text TEXT,
    claimant_side TEXT,
    claimant_id TEXT,
    subject_side TEXT,
    location_key TEXT,
    location_text TEXT,
    value_low INTEGER,
    value_high INTEGER,
    stated_on TEXT,
    PRIMARY KEY(dispute_id, claim_id)
) WITHOUT ROWID;
CREATE INDEX dispute_members_claimant ON dispute_members(claimant_id, dkind);
CREATE INDEX dispute_members_metric ON dispute_members(metric, location_key);
CREATE INDEX dispute_members_location ON dispute_members(location_key);
CREATE INDEX dispute_members_claimant_key ON dispute_members(claimant_key);

-- claims per metric (the metric menus of every page), kept like the claimants' counts
CREATE TABLE metric_stats(
    metric TEXT PRIMARY KEY,
    claims INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TRIGGER claims_metric_stats_insert AFTER INSERT ON claims WHEN new.metric IS NOT NULL BEGIN
    INSERT INTO metric_stats(metric, claims) VALUES (new.metric, 1) ON CONFLICT(metric) DO UPDATE SET claims = claims + 1;
END;
CREATE TRIGGER claims_metric_stats_delete AFTER DELETE ON claims WHEN old.metric IS NOT NULL BEGIN
    UPDATE metric_stats SET claims = claims - 1 WHERE metric = old.metric;
    DELETE FROM metric_stats WHERE metric = old.metric AND claims <= 0;
END;
CREATE TRIGGER claims_stats_insert AFTER INSERT ON claims WHEN new.claimant_id IS NOT NULL BEGIN
    INSERT INTO claimant_stats(claimant_id, claims, first, last) VALUES (new.claimant_id, 1, new.stated_on, new.stated_on)
    ON CONFLICT(claimant_id) DO UPDATE SET claims = claims + 1,
        first = CASE WHEN first IS NULL OR new.stated_on < first THEN coalesce(new.stated_on, first) ELSE first END,
        last = CASE WHEN last IS NULL OR new.stated_on > last THEN coalesce(new.stated_on, last) ELSE last END;
    INSERT INTO claimant_metrics(claimant_id, metric, claims) SELECT new.claimant_id, new.metric, 1
        WHERE new.metric IS NOT NULL
    ON CONFLICT(claimant_id, metric) DO UPDATE SET claims = claims + 1;
END;
CREATE TRIGGER claims_stats_delete AFTER DELETE ON claims WHEN old.claimant_id IS NOT NULL BEGIN
    DELETE FROM claim_marks WHERE claim_id = old.claim_id;
    DELETE FROM claim_ratios WHERE claim_id = old.claim_id;
    UPDATE claimant_stats SET claims = claims - 1,
        first = (SELECT min(stated_on) FROM claims INDEXED BY claims_claimant_id WHERE claimant_id = old.claimant_id),
        last = (SELECT max(stated_on) FROM claims INDEXED BY claims_claimant_id WHERE claimant_id = old.claimant_id)
        WHERE claimant_id = old.claimant_id;
    DELETE FROM claimant_stats WHERE claimant_id = old.claimant_id AND claims <= 0;
    UPDATE claimant_metrics SET claims = claims - 1 WHERE claimant_id = old.claimant_id AND metric = old.metric;
    DELETE FROM claimant_metrics WHERE claimant_id = old.claimant_id AND metric = old.metric AND claims <= 0;
END;
CREATE TRIGGER claims_ratios_rekeyed AFTER UPDATE OF quantity_key, value_low, value_high, stated_on, claimant_id ON claims
WHEN new.quantity_key IS NOT old.quantity_key OR new.value_low IS NOT old.value_low OR new.value_high IS NOT old.value_high
     OR new.stated_on IS NOT old.stated_on OR new.claimant_id IS NOT old.claimant_id
BEGIN
    DELETE FROM claim_ratios WHERE claim_id = new.claim_id;
END;
CREATE TRIGGER claim_marks_insert AFTER INSERT ON claim_marks BEGIN
    UPDATE claimant_stats SET
        repeated = repeated + (new.mark = 'repeated'), corroborated = corroborated + (new.mark = 'corroborated'),
        contradicted = contradicted + (new.mark = 'contradicted'), revised = revised + (new.mark = 'revised')
    WHERE claimant_id = new.claimant_id;
END;
CREATE TRIGGER claim_marks_delete AFTER DELETE ON claim_marks BEGIN
    UPDATE claimant_stats SET
        repeated = repeated - (old.mark = 'repeated'), corroborated = corroborated - (old.mark = 'corroborated'),
        contradicted = contradicted - (old.mark = 'contradicted'), revised = revised - (old.mark = 'revised')
    WHERE claimant_id = old.claimant_id;
END;
CREATE TRIGGER relations_marks_repeats AFTER INSERT ON relations WHEN new.type = 'repeats' BEGIN
    INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
        SELECT m.claim_id, 'repeated', m.claimant_id FROM claims m WHERE m.claim_id = new.dst AND m.claimant_id IS NOT NULL;
END;
CREATE TRIGGER relations_marks_revises AFTER INSERT ON relations WHEN new.type = 'revises' BEGIN
    INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
        SELECT m.claim_id, 'revised', m.claimant_id FROM claims m JOIN claims o ON o.claim_id = new.src
        WHERE m.claim_id = new.dst AND m.claimant_id IS NOT NULL AND o.claimant_id IS m.claimant_id;
END;
CREATE TRIGGER relations_marks_agree AFTER INSERT ON relations WHEN new.type IN ('corroborates', 'contradicts') BEGIN
    INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
        SELECT m.claim_id, CASE new.type WHEN 'corroborates' THEN 'corroborated' ELSE 'contradicted' END, m.claimant_id
        FROM claims m JOIN claims o ON o.claim_id = CASE m.claim_id WHEN new.dst THEN new.src ELSE new.dst END
        WHERE m.claim_id IN (new.src, new.dst) AND m.claimant_id IS NOT NULL AND o.claimant_id IS NOT m.claimant_id;
END;
-- a relation gone: its claims keep a mark only while another relation still gives it
CREATE TRIGGER relations_marks_delete AFTER DELETE ON relations WHEN old.type IN ('repeats', 'revises', 'corroborates', 'contradicts') BEGIN
    DELETE FROM claim_marks WHERE claim_id = old.dst AND mark = 'repeated' AND old.type = 'repeats'
        AND NOT EXISTS (SELECT 1 FROM relations r INDEXED BY relations_type WHERE r.type = 'repeats' AND r.dst = old.dst);
    DELETE FROM claim_marks WHERE claim_id = old.dst AND mark = 'revised' AND old.type = 'revises'
        AND NOT EXISTS (SELECT 1 FROM relations r INDEXED BY relations_type JOIN claims o ON o.claim_id = r.src
                        WHERE r.type = 'revises' AND r.dst = old.dst AND o.claimant_id IS claim_marks.claimant_id);
    DELETE FROM claim_marks WHERE claim_id IN (old.src, old.dst) AND old.type IN ('corroborates', 'contradicts')
        AND mark = CASE old.type WHEN 'corroborates' THEN 'corroborated' ELSE 'contradicted' END
        AND NOT EXISTS (SELECT 1 FROM relations r INDEXED BY relations_type JOIN claims o ON o.claim_id = r.src
                        WHERE r.type = old.type AND r.dst = claim_marks.claim_id AND o.claimant_id IS NOT claim_marks.claimant_id)
        AND NOT EXISTS (SELECT 1 FROM relations r JOIN claims o ON o.claim_id = r.dst
                        WHERE r.src = claim_marks.claim_id AND r.type = old.type AND o.claimant_id IS NOT claim_marks.claimant_id);
END;
CREATE TRIGGER disputes_members_insert AFTER INSERT ON disputes BEGIN
    INSERT OR REPLACE INTO dispute_members(dispute_id, dkind, date, claim_id, id, doc_id, kind, metric, claimant_key,
        claimant_text, claimant_side, claimant_id, subject_side, location_key, location_text, value_low, value_high, stated_on)
    SELECT new.dispute_id, new.kind, new.date, c.claim_id, c.id, c.doc_id, c.kind, c.metric, c.claimant_key,
        c.claimant_text, c.claimant_side, c.claimant_id, c.subject_side, c.location_key, c.location_text, c.value_low,
        c.value_high, c.stated_on
    FROM json_each(new.claim_ids) j JOIN claims c ON c.claim_id = j.value;
END;
CREATE TRIGGER disputes_members_delete AFTER DELETE ON disputes BEGIN
    DELETE FROM dispute_members WHERE dispute_id = old.dispute_id;
END;
CREATE TRIGGER series_points_stale_insert AFTER INSERT ON series_points BEGIN
    UPDATE derived_state SET fresh = 0 WHERE name = 'claim_ratios' AND fresh != 0;
END;
CREATE TRIGGER series_points_stale_delete AFTER DELETE ON series_points BEGIN
    UPDATE derived_state SET fresh = 0 WHERE name = 'claim_ratios' AND fresh != 0;
END;
CREATE TRIGGER series_points_stale_update AFTER UPDATE ON series_points BEGIN
    UPDATE derived_state SET fresh = 0 WHERE name = 'claim_ratios' AND fresh != 0;
END;
"""

#: fills the aggregates of migration 4 from what a ledger already holds (also ``Ledger.rebuild_aggregates``)
AGGREGATES_BACKFILL = """
DELETE FROM metric_stats;
DELETE FROM claimant_stats;
DELETE FROM claimant_metrics;
DELETE FROM claim_marks;
DELETE FROM dispute_members;
INSERT INTO claimant_stats(claimant_id, claims, first, last)
    SELECT claimant_id, count(*), min(stated_on), max(stated_on) FROM claims INDEXED BY claims_claimant_id
    WHERE claimant_id IS NOT NULL GROUP BY claimant_id;
INSERT INTO claimant_metrics(claimant_id, metric, claims)
    SELECT claimant_id, metric, count(*) FROM claims WHERE claimant_id IS NOT NULL AND metric IS NOT NULL
    GROUP BY claimant_id, metric;
INSERT INTO metric_stats(metric, claims)
    SELECT metric, count(*) FROM claims INDEXED BY claims_metric WHERE metric IS NOT NULL GROUP BY metric;
INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
    SELECT m.claim_id, 'repeated', m.claimant_id FROM relations r JOIN claims m ON m.claim_id = r.dst
    WHERE r.type = 'repeats' AND m.claimant_id IS NOT NULL;
INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
    SELECT m.claim_id, 'revised', m.claimant_id FROM relations r JOIN claims m ON m.claim_id = r.dst
    JOIN claims o ON o.claim_id = r.src WHERE r.type = 'revises' AND m.claimant_id IS NOT NULL
    AND o.claimant_id IS m.claimant_id;
INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
    SELECT m.claim_id, CASE r.type WHEN 'corroborates' THEN 'corroborated' ELSE 'contradicted' END, m.claimant_id
    FROM relations r JOIN claims m ON m.claim_id = r.dst JOIN claims o ON o.claim_id = r.src
    WHERE r.type IN ('corroborates', 'contradicts') AND m.claimant_id IS NOT NULL AND o.claimant_id IS NOT m.claimant_id;
INSERT OR IGNORE INTO claim_marks(claim_id, mark, claimant_id)
    SELECT m.claim_id, CASE r.type WHEN 'corroborates' THEN 'corroborated' ELSE 'contradicted' END, m.claimant_id
    FROM relations r JOIN claims m ON m.claim_id = r.src JOIN claims o ON o.claim_id = r.dst
    WHERE r.type IN ('corroborates', 'contradicts') AND m.claimant_id IS NOT NULL AND o.claimant_id IS NOT m.claimant_id;
INSERT OR REPLACE INTO dispute_members(dispute_id, dkind, date, claim_id, id, doc_id, kind, metric, claimant_key,
    claimant_text, claimant_side, claimant_id, subject_side, location_key, location_text, value_low, value_high, stated_on)
SELECT d.dispute_id, d.kind, d.date, c.claim_id, c.id, c.doc_id, c.kind, c.metric, c.claimant_key,
    c.claimant_text, c.claimant_side, c.claimant_id, c.subject_side, c.location_key, c.location_text, c.value_low,
    c.value_high, c.stated_on
FROM disputes d, json_each(d.claim_ids) j JOIN claims c ON c.claim_id = j.value;
"""


def _v4_aggregates(conn: sqlite3.Connection) -> None:
    """Per-claimant track-record figures, per-claim marks and series ratios, disputes' claims: kept by triggers."""
    for stmt in split_statements(_V4_AGGREGATES):
        conn.execute(stmt)
    # claimant_stats' marks are counted by the claim_marks trigger as the backfill inserts them
    for stmt in split_statements(AGGREGATES_BACKFILL):
        conn.execute(stmt)


#: The schema, oldest first. Append; never edit a released entry.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "tables and indexes", _V1_TABLES),
    Migration(2, "full-text search over document text and claim quotes", _V2_FTS),
    Migration(3, "claimant identities (claims.claimant_id, claimant_names), relations by type, disputes by date",
              _v3_claimants),
    Migration(4, "claimants' track-record aggregates, claim marks and series ratios, disputes' claims (triggers)",
              _v4_aggregates),
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
