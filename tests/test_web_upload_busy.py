"""The upload when the ledger cannot be written: another writer holds its lock (a sqlite3 shell left in a
transaction, another ingest) past the busy timeout. The answer is 503 with the reason and "Try again",
nothing is stored or changed, and the held file is ingested by the retry once the lock is gone."""
from __future__ import annotations

import re
import subprocess
import sys
import textwrap

from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from starlette.testclient import TestClient  # noqa: E402

from counterclaim.ledger import Ledger, store  # noqa: E402
from counterclaim.web import upload  # noqa: E402
from counterclaim.web.app import create_app  # noqa: E402
from test_web_api import FakeExtractor, _token  # noqa: E402

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    conn = sqlite3.connect(sys.argv[1], isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    print("holding", flush=True)
    sys.stdin.readline()             # hold until told
    conn.execute("ROLLBACK")
""")
FILE = ("report.txt", b"Five tanks were lost near Kupiansk.\nSecond line.", "text/plain")


def _counts(db) -> dict:
    with Ledger(db, readonly=True) as led:
        return {"documents": led.scalar("SELECT count(*) FROM documents"),
                "claims": led.scalar("SELECT count(*) FROM claims"),
                "integrity": led.scalar("PRAGMA integrity_check")}


@pytest.fixture
def holder_of(monkeypatch):
    monkeypatch.setattr(store, "BUSY_SECONDS", 0.3)
    procs = []

    def hold(db):
        p = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             text=True)
        procs.append(p)
        assert p.stdout.readline().strip() == "holding"
        return p
    yield hold
    for p in procs:
        if p.poll() is None:
            p.kill()
            p.wait()


def release(p):
    p.stdin.write("\n")
    p.stdin.flush()
    p.wait(10)


def test_a_locked_ledger_gives_503_with_the_reason_and_loses_nothing(tmp_path, holder_of):
    db = tmp_path / "busy.db"
    app = create_app(db, extractor=FakeExtractor(), secret="s", warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        tok = _token(c)
        first = c.post("/upload", data={"csrf_token": tok}, files={"file": ("old.txt", b"Two drones.\nx", "text/plain")})
        assert first.status_code == 200, first.text
        before = _counts(db)
        p = holder_of(db)
        r = c.post("/upload", data={"csrf_token": tok, "published": "2025-05-01", "source": "Desk"},
                   files={"file": FILE})
        assert r.status_code == 503, r.text[:500]
        assert r.headers["retry-after"] == str(upload.RETRY_AFTER)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r.text))
        assert "locked by another writer (process %d" % p.pid in text
        assert "Nothing of report.txt was stored" in text and "try again" in text.lower()
        assert "counterclaim-upload-" not in r.text and "rerun the same command" not in r.text  # no CLI words, no tmp paths
        held = re.search(r'name="held" value="([^"]+)"', r.text).group(1)
        assert _counts(db) == before                      # nothing stored, nothing changed
        # trying again while it is still held: 503 again, still nothing stored, the file held anew
        tok = _token(c)
        r = c.post("/upload", data={"csrf_token": tok, "held": held})
        assert r.status_code == 503 and _counts(db) == before
        held = re.search(r'name="held" value="([^"]+)"', r.text).group(1)
        release(p)
        tok = _token(c)
        r = c.post("/upload", data={"csrf_token": tok, "held": held})   # "Try again": no file chosen again
        assert r.status_code == 200, r.text[:500]
        assert "1 document(s) read, 1 claim(s) extracted" in r.text
        after = _counts(db)
        assert after == {"documents": before["documents"] + 1, "claims": before["claims"] + 1, "integrity": "ok"}
        doc = c.get("/api/documents").json()
        mine = [d for d in doc["documents"] if d["title"] and d["title"].startswith("report")] or doc["documents"]
        assert any(d.get("published") == "2025-05-01" and d.get("source") == "Desk" for d in doc["documents"]), mine
        # a held upload is ingested once: its token is spent
        r = c.post("/upload", data={"csrf_token": _token(c), "held": held})
        assert r.status_code == 410 and "choose the file again" in r.text
        # the same upload as a fresh file is already there
        r = c.post("/upload", data={"csrf_token": _token(c)}, files={"file": FILE})
        assert "already in the ledger" in r.text and _counts(db) == after


def test_a_held_upload_needs_the_csrf_token(tmp_path, holder_of):
    db = tmp_path / "busy.db"
    app = create_app(db, extractor=FakeExtractor(), secret="s", warm=False)
    with TestClient(app, raise_server_exceptions=False) as c:
        tok = _token(c)
        p = holder_of(db)
        r = c.post("/upload", data={"csrf_token": tok}, files={"file": FILE})
        assert r.status_code == 503
        held = re.search(r'name="held" value="([^"]+)"', r.text).group(1)
        release(p)
        assert c.post("/upload", data={"held": held}).status_code == 403
        assert c.post("/upload", data={"csrf_token": _token(c), "held": "no-such"}).status_code == 410


def test_held_uploads_are_bounded():
    h = upload.HeldUploads(max_bytes=100)
    tokens = [h.put("f%d" % i, b"x" * 30, None, None) for i in range(5)]
    assert [t in h for t in tokens] == [False, False, True, True, True]    # 100 bytes at most: the oldest go
    tokens = [h.put("g%d" % i, b"", None, None) for i in range(upload.HELD_MAX + 3)]
    assert sum(t in h for t in tokens) == upload.HELD_MAX
    assert h.take(tokens[-1]) == ("g%d" % (upload.HELD_MAX + 2), b"", None, None) and h.take(tokens[-1]) is None
