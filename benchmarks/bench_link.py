"""Linking benchmark: is linking incremental, and do the series import and compare run in seconds?

1. Two ledgers, of N (default 10,000) and of N x ``--scale`` (default 10: 100,000) synthetic claims,
   are built once (benchmarks/out/link-mixed-N.db, reused), every claim keyed (``quantity_key``)
   as linking would key it. The documents mix what linking meets: dated reports by named
   claimants with a place, national figures (no place: a key-prefix lookup), figures without
   a period (every period of the metric within the date window), and undated documents in their
   own voice. Then D (default 30) new such documents are stored and linked one at a time with
   ``link_document`` into each; prints the median and the worst time to link one document, the
   candidates it examined, and the ratios large/small of both (1.0: the cost does not grow with
   the ledger), and, for scale, the time to read every claim of the ledger once.
2. When ``../shared/data`` is present: importing the full General Staff dataset and the Oryx daily
   counts, and ``compare`` over the ledger; prints the seconds of each.
3. Peak RSS of the process (resource.getrusage).

    .venv/bin/python benchmarks/bench_link.py [--claims 10000] [--scale 10] [--docs 30] [--rebuild]
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import synthetic_document
from counterclaim.records import Actor
from counterclaim.link import relate
from counterclaim.link.compare import report
from counterclaim.link.relate import keys_for_document, link_document

OUT = Path(__file__).resolve().parent / "out"
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
PER_DOC = 5


def mixed_document(i: int):
    """Synthetic document ``i``, varied as real corpora are (see the module's docstring)."""
    doc, claims = synthetic_document(i, PER_DOC)
    if i % 4 == 1:    # national figures: no place
        claims = [replace(c, location=None) for c in claims]
    elif i % 4 == 2:  # no period: compared with every period of the metric stated within the window
        claims = [replace(c, period=None) for c in claims]
    elif i % 8 == 3:  # an undated document in its own voice, no source
        doc = replace(doc, published=None, source=None)
        claims = [replace(c, claimant=Actor(None, "author", None), stated_on=None, period=None) for c in claims]
    return doc, claims


def build(path: Path, n_claims: int) -> None:
    """N claims in N/5 documents, keyed, in one transaction per 1,000 documents."""
    t = time.perf_counter()
    n_docs = n_claims // PER_DOC
    with Ledger(path) as led:
        for start in range(0, n_docs, 1000):
            with led.transaction():
                for i in range(start, min(n_docs, start + 1000)):
                    doc, claims = mixed_document(i)
                    led.add(doc, claims)
                    led.set_quantity_keys((cid, str(k) if k else None) for cid, k in keys_for_document(claims).items())
        led.execute("ANALYZE")
    print("built %s: %d claims in %.1f s" % (path.name, n_claims, time.perf_counter() - t))


def bench_linking(path: Path, n_claims: int, n_docs: int) -> tuple[float, float]:
    """(median seconds, median candidates) of linking one new document into the ledger at ``path``."""
    seen = []
    original = relate._candidates

    def counting(ledger, key, doc_id):
        got = original(ledger, key, doc_id)
        seen[-1] += len(got)
        return got

    relate._candidates = counting
    times = []
    with Ledger(path) as led:
        total = led.scalar("SELECT count(*) FROM claims")
        for j in range(n_docs):
            doc, claims = mixed_document(10_000_000 + j)
            if not led.add(doc, claims):
                continue
            seen.append(0)
            t = time.perf_counter()
            link_document(led, doc.doc_id)
            times.append(time.perf_counter() - t)
        t = time.perf_counter()
        n = sum(1 for r in led.query("SELECT record FROM claims") if json.loads(r["record"]))
        scan = time.perf_counter() - t
    relate._candidates = original
    print("link one new document (%d claims) into a ledger of %d claims, %d documents:"
          % (PER_DOC, total, len(times)))
    print("  median %.1f ms, worst %.1f ms; candidates examined per document: median %d, max %d"
          % (1000 * statistics.median(times), 1000 * max(times), statistics.median(seen), max(seen)))
    print("  reading every claim once (a full recompute's floor): %.0f ms for %d claims -> linking one document "
          "costs %.1f %% of that" % (1000 * scan, n, 100 * statistics.median(times) / scan))
    return statistics.median(times), statistics.median(seen)


def bench_series() -> None:
    gs, ox = SHARED / "petroivaniuk-ua-general-staff", SHARED / "oryx-scarnecchia"
    if not gs.is_dir():
        print("series: ../shared/data absent, skipped")
        return
    from counterclaim.series.genstaff import import_genstaff
    from counterclaim.series.oryx import import_oryx
    with tempfile.TemporaryDirectory() as tmp, Ledger(Path(tmp) / "s.db") as led:
        for i in range(2000):  # claims to compare: synthetic reports made nationwide (what the series cover)
            doc, claims = synthetic_document(i, PER_DOC)
            led.add(doc, [replace(c, location=None) for c in claims])
        t = time.perf_counter()
        n = sum(import_genstaff(led, gs).values())
        t1 = time.perf_counter() - t
        t = time.perf_counter()
        m = sum(import_oryx(led, ox).values()) if ox.is_dir() else 0
        t2 = time.perf_counter() - t
        t = time.perf_counter()
        rep = report(led)
        t3 = time.perf_counter() - t
        print("series: General Staff import %d points in %.2f s; Oryx import %d points in %.2f s; compare %d claims "
              "-> %d covered + %d ratio metrics in %.2f s" % (n, t1, m, t2, 10000, len(rep.comparisons),
                                                               len(rep.ratios), t3))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=10_000, help="claims of the smaller ledger")
    ap.add_argument("--scale", type=int, default=10, help="the larger ledger holds this many times more")
    ap.add_argument("--docs", type=int, default=30)
    ap.add_argument("--rebuild", action="store_true")
    a = ap.parse_args(argv)
    OUT.mkdir(exist_ok=True)
    results = []
    for n in (a.claims, a.claims * a.scale):
        base = OUT / ("link-mixed-%d.db" % n)
        if a.rebuild or not base.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(str(base) + suffix).unlink(missing_ok=True)
            build(base, n)
        with tempfile.TemporaryDirectory() as tmp:  # link into a copy: the base stays N claims
            work = Path(tmp) / "work.db"
            with Ledger(base) as src:
                src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(base, work)
            results.append(bench_linking(work, n, a.docs))
    (t0, c0), (t1, c1) = results
    print("ledger %dx larger: linking one document %.2fx the time, %.2fx the candidates (1.0: independent of the "
          "ledger's size)" % (a.scale, t1 / t0, (c1 / c0) if c0 else float("nan")))
    bench_series()
    print("peak RSS: %.0f MB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    sys.exit(main())
