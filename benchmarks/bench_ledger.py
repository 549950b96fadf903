"""Ledger benchmark: what storing costs on top of extraction, and how fast typical `claims` queries are.

1. Ingest overhead: the same N (>= 1,000) documents, written as files, are (a) read and extracted,
   (b) read, extracted and stored in a new ledger (one transaction per document), chunk by chunk.
   Prints documents/s of each, the store's overhead in percent (target <= 10 %), and the time spent
   inside Ledger.add itself. Uses the real Extractor when it imports, else the FigureExtractor
   stand-in (said in the output).
2. Query latency: a ledger of 1,000,000 synthetic claims (built once into benchmarks/out/, reused);
   five typical queries (by metric; claimant + date range; full-text search; value range; location
   sorted by value), each run with varying parameters; prints p50/p95 ms of the page query and of
   the page plus its total count (what `counterclaim claims` runs). Goal: p95 <= 50 ms.
3. Peak RSS of the process (resource.getrusage).

    .venv/bin/python benchmarks/bench_ledger.py [--docs 1000] [--claims 1000000] [--rebuild]
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from counterclaim.ingest import read_inputs
from counterclaim.ledger import ClaimFilter, Ledger
from counterclaim.service import ingest
from counterclaim.ledger.synthetic import CLAIMANTS, METRICS, PLACES, FigureExtractor, synthetic_corpus
from counterclaim.settings import Settings

OUT = Path(__file__).resolve().parent / "out"


def make_corpus(folder: Path, n: int) -> None:
    """N distinct documents: the bundled examples, each copy given its own dateline and figures."""
    from counterclaim.examples import EXAMPLES
    texts = [(e.path.suffix, e.path.read_text(encoding="utf-8")) for e in EXAMPLES if e.path.suffix in (".txt", ".md")]
    for i in range(n):
        suffix, text = texts[i % len(texts)]
        shift = i // len(texts)
        text = text.replace("18,600", format(18600 + shift, ",")).replace("273", str(273 + shift))
        (folder / ("doc-%05d%s" % (i, suffix))).write_text(text + "\n\nFiled as item %d of the benchmark.\n" % i,
                                                            encoding="utf-8")


def extractor():
    try:
        from counterclaim.extract import Extractor
        ex = Extractor(Settings())
        ex.extract(next(d for d in read_inputs([str(OUT / "warmup.txt")], Settings())))  # load and warm up
        return ex, "counterclaim.extract.Extractor"
    except Exception as e:  # the extractor is not there (or broken): measure the store with the stand-in
        return FigureExtractor(), "FigureExtractor stand-in (real extractor unavailable: %s)" % e


class TimedLedger(Ledger):
    """A Ledger that adds up the time spent storing (the part the ledger owns)."""
    store_seconds = 0.0

    def add(self, document, claims, extractor=None):
        t0 = time.perf_counter()
        try:
            return super().add(document, claims, extractor)
        finally:
            self.store_seconds += time.perf_counter() - t0


def bench_ingest(n_docs: int, chunk: int = 50) -> None:
    """Both passes run chunk by chunk, alternating which goes first, so load from other processes
    on a shared machine falls on both alike."""
    OUT.mkdir(exist_ok=True)
    (OUT / "warmup.txt").write_text("Russia lost 1,200 soldiers near Pokrovsk, Ukraine's General Staff said.")
    ex, name = extractor()
    tmp = Path(tempfile.mkdtemp(prefix="bench-ledger-"))
    try:
        make_corpus(tmp, n_docs)
        settings = Settings(published="2025-05-12")
        files = sorted(str(p) for p in tmp.iterdir())
        t_extract = t_ingest = 0.0
        n_claims = 0
        with TimedLedger(tmp / "bench.db") as led:
            for k in range(0, len(files), chunk):
                part = files[k:k + chunk]

                def extract_only():
                    docs = [d for d in read_inputs(part, settings) if not isinstance(d, Exception)]
                    return sum(len(c) for _, c in ex.extract_many(docs))

                def store_too():
                    return ingest(led, read_inputs(part, settings), ex, batch_size=16, link=False)

                for step in ((extract_only, store_too) if (k // chunk) % 2 == 0 else (store_too, extract_only)):
                    t0 = time.perf_counter()
                    result = step()
                    dt = time.perf_counter() - t0
                    if step is extract_only:
                        t_extract += dt
                        n_claims += result
                    else:
                        t_ingest += dt
                        assert not result.errors, result.errors[:3]
                print("   %d/%d documents\r" % (min(k + chunk, n_docs), n_docs), end="", file=sys.stderr, flush=True)
            stored = led.counts()
            store_seconds = led.store_seconds
        assert stored["documents"] == n_docs and stored["claims"] == n_claims, (stored, n_claims)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1. ingest overhead on %d documents (%d claims), extractor: %s" % (n_docs, n_claims, name))
    print("   read + extract         %8.1f docs/s  (%.2f s)" % (n_docs / t_extract, t_extract))
    print("   read + extract + store %8.1f docs/s  (%.2f s)" % (n_docs / t_ingest, t_ingest))
    print("   store overhead         %+7.1f %%  (target <= 10 %%)" % (100 * (t_ingest - t_extract) / t_extract))
    print("   time inside Ledger.add %8.2f s = %.1f %% of extraction (%.2f ms per document)"
          % (store_seconds, 100 * store_seconds / t_extract, 1000 * store_seconds / n_docs))


def build_big(path: Path, n_claims: int) -> None:
    per_doc = 5
    t0 = time.perf_counter()
    with Ledger(path) as led:
        led.execute("PRAGMA synchronous = OFF")  # a throw-away file: no need to survive a power cut
        corpus = synthetic_corpus(n_claims // per_doc, per_doc)
        done = 0
        while done < n_claims // per_doc:
            with led.transaction():
                for _ in range(2000):
                    try:
                        doc, claims = next(corpus)
                    except StopIteration:
                        break
                    led.add(doc, claims)
                    done += 1
            print("   building: %d claims\r" % (done * per_doc), end="", file=sys.stderr, flush=True)
        led.execute("ANALYZE")
    print("   built %d claims in %.0f s" % (n_claims, time.perf_counter() - t0))


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_queries(n_claims: int, rebuild: bool, runs: int = 60) -> None:
    OUT.mkdir(exist_ok=True)
    path = OUT / ("ledger-%d.db" % n_claims)
    if rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        build_big(path, n_claims)
    rng = random.Random(42)
    claimant_keys = [c[1] for c in CLAIMANTS if c[1]]
    words = ["artillery", "drones", "tanks", "Kursk", "Zaporizhzhia", "assaults", "night", "governor",
             "Belgorod", "prisoners"]
    queries = {
        "by metric": lambda: (ClaimFilter(metric=rng.choice(METRICS)[0]), None),
        "claimant + date range": lambda: (ClaimFilter(
            claimant=rng.choice(claimant_keys), date_from="%d-%02d-01" % (rng.randrange(2022, 2026), rng.randrange(1, 10)),
            date_to="%d-%02d" % (2025, rng.randrange(1, 13))), None),
        "full-text search": lambda: (ClaimFilter(search=rng.choice(words)), None),
        "value range": lambda: (ClaimFilter(min_value=(lo := rng.randrange(10, 2000)), max_value=lo + 100), "-value"),
        "location + sort by value": lambda: (ClaimFilter(location=rng.choice(PLACES)[1]), "-value"),
    }
    with Ledger(path, readonly=True) as led:
        total = led.count()
        print("2. claims queries on a ledger of %d claims (%s, %.0f MB), %d runs each, limit 50"
              % (total, path.name, path.stat().st_size / 1e6, runs))
        print("   %-26s %9s %9s %14s %14s %9s" % ("query", "p50 ms", "p95 ms", "+count p50 ms", "+count p95 ms",
                                                  "matches"))
        for name, make in queries.items():
            page, with_count, matches = [], [], []
            for i in range(runs + 3):
                flt, sort = make()
                t0 = time.perf_counter()
                rows = list(led.claims(flt, sort=sort, limit=50))
                t1 = time.perf_counter()
                n = led.count(flt) if len(rows) == 50 else len(rows)
                t2 = time.perf_counter()
                if i >= 3:  # first runs warm the page cache
                    page.append((t1 - t0) * 1000)
                    with_count.append((t2 - t0) * 1000)
                    matches.append(n)
            print("   %-26s %9.2f %9.2f %14.2f %14.2f %9d" % (name, pct(page, 50), pct(page, 95), pct(with_count, 50),
                                                           pct(with_count, 95), statistics.median(matches)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--rebuild", action="store_true", help="rebuild the synthetic ledger")
    ap.add_argument("--skip-ingest", action="store_true")
    ap.add_argument("--skip-queries", action="store_true")
    a = ap.parse_args()
    if not a.skip_ingest:
        bench_ingest(a.docs)
    if not a.skip_queries:
        bench_queries(a.claims, a.rebuild)
    print("3. peak RSS %.0f MB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
