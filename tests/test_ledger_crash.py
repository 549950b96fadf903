"""SIGKILL in the middle of a 2,000-document ingest, then a rerun: every document complete exactly once.

The ingest runs in a subprocess through the library's real loop (read_inputs -> extract -> Ledger.add)
with the small FigureExtractor, so the test is about the store, not about spaCy. The parent watches
the ledger through a read-only connection while the child writes (WAL: readers are not blocked).
"""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import FigureExtractor

N_DOCS = 2000
PLACES = ("Pokrovsk", "Huliaipole", "Kupiansk", "Sudzha", "Toretsk", "Vovchansk", "Orikhiv")
TEMPLATES = (
    "{place} report {i}\n\nThe General Staff said {a} soldiers and {b} tanks were lost near {place}.",
    "Update {i}: overnight {a} drones were launched; {b} prisoners were taken near {place}.",
    "Note {i} from {place}. Nothing new to report today.",
    "# Brief {i}\n\nNear {place}, {a} troops attacked. Officials said {b} tanks were destroyed.\n\nNo more.",
)

CHILD = textwrap.dedent("""
    import sys, time
    from counterclaim.ingest import read_inputs
    from counterclaim.ledger import Ledger
    from counterclaim.service import ingest
    from counterclaim.ledger.synthetic import FigureExtractor
    from counterclaim.settings import Settings

    class Slow(FigureExtractor):
        def extract(self, doc):
            time.sleep(float(sys.argv[3]))
            return super().extract(doc)

    with Ledger(sys.argv[1]) as led:
        stats = ingest(led, read_inputs([sys.argv[2]], Settings()), Slow(), batch_size=8, link=False)
    print(stats.added, stats.skipped, len(stats.errors))
""")


def write_corpus(folder):
    folder.mkdir()
    for i in range(N_DOCS):
        t = TEMPLATES[i % len(TEMPLATES)]
        ext = ".md" if t.startswith("#") else ".txt"
        (folder / ("doc-%04d%s" % (i, ext))).write_text(
            t.format(i=i, place=PLACES[i % len(PLACES)], a=(i * 37) % 5000 + 10, b=i % 90 + 1))


def start(db, folder, delay):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(folder), str(delay)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def check_complete(db):
    """Every stored document has exactly the claims extraction gives for its text; no orphans."""
    ex = FigureExtractor()
    with Ledger(db, readonly=True) as led:
        assert led.scalar("SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT doc_id FROM documents)") == 0
        assert led.scalar("SELECT count(*) FROM citations WHERE claim_id NOT IN (SELECT claim_id FROM claims)") == 0
        assert led.scalar("SELECT count(*) - count(DISTINCT doc_id) FROM documents") == 0
        stored = {r["doc_id"]: r["n"] for r in led.query(
            "SELECT d.doc_id, count(c.id) AS n FROM documents d LEFT JOIN claims c ON c.doc_id = d.doc_id "
            "GROUP BY d.doc_id")}
        for doc in led.documents():
            want = {c.claim_id for c in ex.extract(doc)}
            assert stored[doc.doc_id] == len(want), doc.path
            assert {c.claim_id for c in led.claims_of(doc.doc_id)} == want
        assert led.scalar("SELECT count(*) FROM claims_fts") == led.scalar("SELECT count(*) FROM claims")
        return led.counts()


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder)
    db = tmp_path / "crash.db"
    child = start(db, folder, 0.002)
    seen = []
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if db.exists():
                try:
                    with Ledger(db, readonly=True) as led:
                        seen.append(led.counts()["documents"])
                except Exception:
                    pass  # the schema is still being created
            if seen and seen[-1] >= 400:
                break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert 400 <= seen[-1] < N_DOCS, seen[-3:]
    assert len(set(seen)) > 2  # the reader saw the ledger grow while the writer ran
    partial = check_complete(db)
    assert seen[-1] <= partial["documents"] < N_DOCS

    again = start(db, folder, 0)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    added, skipped, errors = map(int, out.split())
    assert added == N_DOCS - partial["documents"] and skipped == partial["documents"] and errors == 0
    final = check_complete(db)
    assert final["documents"] == N_DOCS
    ex = FigureExtractor()
    from counterclaim.records import Document
    expected = sum(len(ex.extract(Document(text=p.read_text()))) for p in folder.iterdir())
    assert final["claims"] == expected

    third = start(db, folder, 0)
    out, _ = third.communicate(timeout=120)
    assert out.split() == ["0", str(N_DOCS), "0"]
    assert check_complete(db) == final
