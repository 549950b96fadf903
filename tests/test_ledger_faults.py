"""Faults while ingesting: another writer holding the ledger, a full disk, Ctrl-C.

Each must end in one clear line (the ledger, the reason, what is kept, how to finish), a
non-zero exit status, no traceback, and a ledger that still holds every document stored
before the fault, whole; a rerun then completes it to what an uninterrupted run gives.

The CLI runs in a child process with the small FigureExtractor in place of spaCy (the test
is about the ledger and the command, not extraction). Nothing here is timed: the children
are watched through the ledger itself.
"""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import FigureExtractor
from counterclaim.records import Document

CLI = textwrap.dedent("""
    import os, resource, signal, sys, time
    limit = int(os.environ.get("TEST_FSIZE_LIMIT", "0"))
    if limit:  # every file this process writes stops growing here (the disk 'fills')
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from counterclaim.ledger import store
    store.BUSY_SECONDS = float(os.environ.get("TEST_BUSY_SECONDS", getattr(store, "BUSY_SECONDS", 10)))
    import counterclaim.cli.ledger as commands
    from counterclaim.ledger.synthetic import FigureExtractor

    class Slow(FigureExtractor):
        def extract(self, doc):
            time.sleep(float(os.environ.get("TEST_DELAY", "0")))
            return super().extract(doc)

    commands._extractor = lambda settings: Slow()
    from counterclaim.cli import main
    main(sys.argv[1:], prog_name="counterclaim")
""")

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")   # a writer that keeps the ledger (a sqlite3 shell left in a transaction)
    print("holding", flush=True)
    time.sleep(120)
""")


def env(**extra):
    e = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p), COLUMNS="200")
    e.update({k: str(v) for k, v in extra.items()})
    return e


def cli(args, **extra):
    return subprocess.Popen([sys.executable, "-c", CLI] + [str(a) for a in args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env(**extra))


def corpus(folder: Path, n: int, words: int = 0) -> Path:
    folder.mkdir()
    pad = " ".join("word%d" % k for k in range(words))
    for i in range(n):
        (folder / ("doc-%04d.txt" % i)).write_text(
            "Report %d. Officials said %d soldiers and %d tanks were lost. %s" % (i, 100 + i, 1 + i % 90, pad))
    return folder


def complete(db: Path) -> int:
    """Every stored document has exactly its claims, the ledger is sound; the number of documents."""
    ex = FigureExtractor()
    with Ledger(db, readonly=True) as led:
        assert led.scalar("PRAGMA integrity_check") == "ok"
        for doc in led.documents():
            assert {c.claim_id for c in led.claims_of(doc.doc_id)} == {c.claim_id for c in ex.extract(doc)}
        assert led.scalar("SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT doc_id FROM documents)") == 0
        return led.counts()["documents"]


def one_error_line(err: str) -> str:
    assert "Traceback" not in err, err
    lines = [ln for ln in err.splitlines() if ln.startswith("counterclaim: ")]
    assert len(lines) == 1, err
    return lines[0]


def test_a_ledger_held_by_another_writer_is_one_line_naming_the_holder(tmp_path):
    db = tmp_path / "held.db"
    Ledger(db).close()
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        p = cli(["ingest", corpus(tmp_path / "in", 3), "--db", db], TEST_BUSY_SECONDS=0.5)
        _, err = p.communicate(timeout=120)
    finally:
        holder.kill()
        holder.wait()
    assert p.returncode == 1
    line = one_error_line(err)
    assert line.startswith("counterclaim: error: %s: locked by another writer (process %d: python" % (db, holder.pid))
    assert "gave up after waiting 0.5 s" in line and "while storing %s" % (tmp_path / "in" / "doc-0000.txt") in line
    assert "Kept: 0 documents stored by this run" in line and "rerun the same command" in line
    # once the other writer is gone the same command finishes the work
    p = cli(["ingest", tmp_path / "in", "--db", db])
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert complete(db) == 3


def test_the_library_says_locked_without_sqlite_errors(tmp_path, monkeypatch):
    from counterclaim.errors import LedgerUnavailable
    from counterclaim.ledger import store
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.2)
    db = tmp_path / "l.db"
    with Ledger(db) as a, Ledger(db) as b:
        with a.transaction():
            with pytest.raises(LedgerUnavailable) as e:
                b.add(Document(text="12 tanks."), [])
        assert "locked by another writer" in str(e.value) and e.value.remedy
        assert b.add(Document(text="12 tanks."), [])  # the lock is gone: the same write succeeds


@pytest.mark.parametrize("limit", [2_000_000])
def test_a_full_disk_stops_the_run_with_what_was_kept(tmp_path, limit):
    """RLIMIT_FSIZE stands for a full disk here: every write past it fails as a full disk's would."""
    folder = corpus(tmp_path / "in", 120, words=400)
    db = tmp_path / "full.db"
    p = cli(["ingest", folder, "--db", db], TEST_FSIZE_LIMIT=limit)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 1
    line = one_error_line(err)
    assert line.startswith("counterclaim: error: %s: " % db)
    assert ("the disk is full" in line) or ("disk I/O error" in line), line
    kept = complete(db)
    assert 0 < kept < 120
    assert "Kept: %d documents stored by this run" % kept in line and "rerun the same command" in line
    assert "while storing %s" % (folder / ("doc-%04d.txt" % kept)) in line
    p = cli(["ingest", folder, "--db", db])  # space again: the rerun finishes
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert "%d stored, %d already in the ledger" % (120 - kept, kept) in out
    assert complete(db) == 120


def _tmpfs(path: Path, size: str) -> bool:
    path.mkdir()
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s" % size, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def test_a_really_full_disk(tmp_path):
    """The same on a real (tiny tmpfs) file system that runs out of space: ENOSPC, SQLITE_FULL."""
    disk = tmp_path / "disk"
    if not _tmpfs(disk, "600k"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        folder = corpus(tmp_path / "in", 120, words=400)
        db = disk / "ledger.db"
        p = cli(["ingest", folder, "--db", db])
        _, err = p.communicate(timeout=120)
        assert p.returncode == 1
        line = one_error_line(err)
        assert "the disk is full (" in line and "free where it lives), while storing " in line, line
        assert "To finish: free disk space (or give another --db), then rerun the same command" in line
        kept = complete(db)
        assert 0 < kept < 120 and "Kept: %d documents" % kept in line
        subprocess.run(["mount", "-o", "remount,size=8m", str(disk)], check=True)
        p = cli(["ingest", folder, "--db", db])
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        assert complete(db) == 120
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_ctrl_c_says_what_was_stored_and_how_to_finish(tmp_path):
    folder = corpus(tmp_path / "in", 400)
    db = tmp_path / "int.db"
    p = cli(["ingest", folder, "--db", db], TEST_DELAY=0.01)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with Ledger(db, readonly=True) as led:
                if led.counts()["documents"] >= 30:
                    break
        except Exception:
            pass  # not created yet
        time.sleep(0.02)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130
    line = one_error_line(err)
    kept = complete(db)
    assert 30 <= kept < 400
    assert line.startswith("counterclaim: interrupted at %s" % folder), line
    assert ": %d documents stored by this run" % kept in line and "are kept in %s" % db in line
    assert "Rerun the same command to finish" in line
    p = cli(["ingest", folder, "--db", db])
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    assert "%d stored, %d already in the ledger" % (400 - kept, kept) in out
    assert complete(db) == 400
