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


# --- linking inside the document's transaction -------------------------------------------------------

LINKING_CHILD = textwrap.dedent(r"""
    import os, re, signal, sys, time
    from dataclasses import replace
    from counterclaim import service
    from counterclaim.ingest import read_inputs
    from counterclaim.ledger import Ledger
    from counterclaim.ledger.synthetic import FigureExtractor
    from counterclaim.records import Actor, Period, Subject
    from counterclaim.settings import Settings

    db, folder, delay, kill_at = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
    WHO = (Actor("Ukraine's General Staff", "ua.general_staff", "UA"), Actor("Russia's MoD", "ru.mod", "RU"),
           Actor("the ISW", "isw", None))

    class Linkable(FigureExtractor):
        # running totals since the invasion by three claimants, dated: they update, corroborate, contradict
        def extract(self, doc):
            time.sleep(delay)
            n, day = re.search(r"Report (\d+)\s+On (\S+)", doc.text).groups()
            return [replace(c, claimant=WHO[int(n) % 3], subject=Subject("the enemy", "RU"), kind="reported",
                            period=Period("2022-02-24", day), stated_on=day)
                    for c in super().extract(doc)]

    calls = []
    real = service.link_and_check

    def link_and_check(ledger, doc_id):
        calls.append(doc_id)
        if len(calls) == kill_at:  # the document is stored, its links are not yet
            os.kill(os.getpid(), signal.SIGKILL)
        real(ledger, doc_id)

    service.link_and_check = link_and_check
    with Ledger(db) as led:
        stats = service.ingest(led, read_inputs([folder], Settings()), Linkable(), batch_size=8)
    print(stats.added, stats.skipped, len(stats.errors))
""")


def write_linkable_corpus(folder, n):
    folder.mkdir()
    for i in range(n):
        day = "2025-%02d-%02d" % (1 + (i // 28) % 12, 1 + i % 28)
        a, b = 10000 + 7 * i + (i % 3) * 5, 300 + i // 3
        (folder / ("doc-%04d.txt" % i)).write_text(
            "Report %d\n\nOn %s officials said %d soldiers and %d tanks were lost in total." % (i, day, a, b))


def start_linking(db, folder, delay, kill_at=0):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.Popen([sys.executable, "-c", LINKING_CHILD, str(db), str(folder), str(delay), str(kill_at)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def ledger_state(db):
    """What a rerun must reproduce exactly: documents, claims, relations and findings."""
    with Ledger(db, readonly=True) as led:
        assert led.scalar("PRAGMA integrity_check") == "ok"
        assert led.scalar("SELECT count(*) - count(DISTINCT doc_id) FROM documents") == 0
        return {
            "documents": sorted(r["doc_id"] for r in led.query("SELECT doc_id FROM documents")),
            "claims": sorted(r["claim_id"] for r in led.query("SELECT claim_id FROM claims")),
            "relations": sorted((r["src"], r["dst"], r["type"]) for r in led.query("SELECT * FROM relations")),
            "findings": sorted(r["finding_id"] for r in led.query("SELECT finding_id FROM findings")),
        }


@pytest.fixture
def linkable(tmp_path):
    folder = tmp_path / "corpus"
    write_linkable_corpus(folder, 60)
    clean = tmp_path / "clean.db"
    p = start_linking(clean, folder, 0)
    out, err = p.communicate(timeout=120)
    assert p.returncode == 0, err
    state = ledger_state(clean)
    assert len(state["relations"]) > 50  # the corpus links: updates, corroborations, contradictions
    return folder, state


def test_sigkill_between_store_and_link_then_rerun_gives_the_clean_ledger(tmp_path, linkable):
    """Killed right after a document is stored and before it is linked: the rerun must link it.

    (Before linking joined the document's transaction the document was committed first, the rerun
    skipped it as stored, and its relations were lost for good.)"""
    folder, clean = linkable
    db = tmp_path / "killed.db"
    p = start_linking(db, folder, 0, kill_at=25)
    p.communicate(timeout=120)
    assert p.returncode == -signal.SIGKILL
    partial = ledger_state(db)
    again = start_linking(db, folder, 0)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    final = ledger_state(db)
    assert len(final["relations"]) == len(clean["relations"])
    assert final == clean
    assert len(partial["documents"]) == 24  # the 25th was being linked: it was not left stored but unlinked
    assert out.split() == [str(60 - 24), "24", "0"]


@pytest.mark.slow
def test_five_sigkills_at_random_points_then_reruns_give_the_clean_ledger(tmp_path):
    import random
    folder = tmp_path / "corpus"
    n = 2000
    write_linkable_corpus(folder, n)
    clean_db = tmp_path / "clean.db"
    p = start_linking(clean_db, folder, 0)
    _, err = p.communicate(timeout=300)
    assert p.returncode == 0, err
    clean = ledger_state(clean_db)
    db = tmp_path / "killed.db"
    rng = random.Random(14)
    stored = []
    for _ in range(5):
        target = (stored[-1] if stored else 0) + rng.randrange(50, 300)
        child = start_linking(db, folder, 0.001)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with Ledger(db, readonly=True) as led:
                    if led.counts()["documents"] >= target:
                        break
            except Exception:
                pass  # the schema is still being created
            time.sleep(rng.random() / 50)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
        state = ledger_state(db)
        stored.append(len(state["documents"]))
    assert stored == sorted(stored) and stored[-1] < n
    again = start_linking(db, folder, 0)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    assert out.split() == [str(n - stored[-1]), str(stored[-1]), "0"]
    assert ledger_state(db) == clean
