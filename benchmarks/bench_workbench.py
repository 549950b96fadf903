"""The analyst's pages of ``counterclaim serve`` on a ledger of 1,000,000 synthetic claims, beside the
claims page in the same run.

Builds (once, cached in benchmarks/out/) a ledger of 200,000 synthetic documents x 5 claims with
their quantity keys, 2,000 nationwide General Staff totals (which the series count), disputes and
other relations between claims of the same key (contradictions, revisions, re-reports,
corroborations, updates) and parts-vs-total findings, and the real General Staff and Oryx series
when ../shared/data has them. Starts the real server (uvicorn, in a child process, read-only) on
a free loopback port and requests every new page with typical parameters. Prints p50/p95/max per
page and overall, against the goal p95 <= 150 ms, first with the summary cache off (every
request computes its counts and track records), then browsing (the cache on, as `serve` runs).

    python benchmarks/bench_workbench.py [--claims 1000000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import synthetic_corpus
from counterclaim.link.keys import keys_for_document
from counterclaim.records import Actor, Claim, Document, Finding, Period, Relation, Subject, Value, make_claim_id

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_web import anon_rss, free_port, p95  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
SHARED = Path(os.environ.get("COUNTERCLAIM_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
GOAL_MS = 150.0
BUSY_KEY = "personnel.casualties|RU|war|UA-14"
PAGES = [
    ("claims page (reference)", "/", {}),
    ("disputes", "/disputes", {}),
    ("disputes, claimant", "/disputes", {"claimant": "ru.mod"}),
    ("disputes, claimant words", "/disputes", {"claimant": "Air Force"}),
    ("disputes, metric + place", "/disputes", {"metric": "equipment.tanks", "location": "UA-14"}),
    ("disputes, revisions, dates", "/disputes", {"type": "revises", "date_from": "2024", "date_to": "2024-06"}),
    ("disputes, page 20", "/disputes", {"page": "20"}),
    ("quantity, busy regional key", "/quantity", {"key": BUSY_KEY}),
    ("quantity, national + series", "/quantity", {"key": "personnel.casualties|RU|war|*"}),
    ("quantity, zoomed", "/quantity", {"key": BUSY_KEY, "from": "2024-01-01", "to": "2024-03-31"}),
    ("claimants index", "/claimants", {}),
    ("claimants, by contradicted", "/claimants", {"sort": "-contradicted"}),
    ("claimant, 200k claims", "/claimants/ua.general_staff", {}),
    ("claimant, by name", "/claimants/" + quote("n:ukraine's air force"), {}),
    ("documents", "/documents", {}),
    ("documents, source + words", "/documents", {"source": "synthetic", "q": "drones"}),
    ("documents, dates, page 5", "/documents", {"date_from": "2024-01", "date_to": "2024-12", "page": "5"}),
    ("search", "/search", {"q": "drones"}),
    ("search, phrase", "/search", {"q": '"heavy fighting"'}),
    ("timeline panels", "/timeline", {"metric": "personnel.casualties", "subject_side": "RU"}),
    ("timeline zoomed, log", "/timeline", {"metric": "equipment.tanks", "from": "2024-01", "to": "2024-02",
                                           "scale": "log"}),
    ("sources", "/sources", {}),
]


def _keys(claims: list[Claim]) -> list[tuple[str, str | None]]:
    keys = keys_for_document(claims)
    return [(cid, str(k) if k else None) for cid, k in keys.items()]


def national(i: int) -> tuple[Document, list[Claim]]:
    """A General Staff bulletin: five nationwide totals since the invasion (the series count them)."""
    rng = random.Random(10_000_000 + i)
    day = "%d-%02d-%02d" % (2023 + i % 3, 1 + i % 12, 1 + (i // 12) % 28)
    metrics = (("personnel.casualties", 300_000), ("equipment.tanks", 5_000), ("equipment.artillery", 8_000),
               ("equipment.uav", 10_000), ("equipment.afv", 10_000))
    parts = ["%s — about %s" % (m.split(".")[1], format(base + rng.randrange(base), ",")) for m, base in metrics]
    doc = Document(text="Bulletin %d. The total combat losses of the enemy from 24.02.22: %s." % (i, "; ".join(parts)),
                   title="General Staff bulletin %d" % i, published=day, source="genstaff-bulletins")
    claims = []
    for (m, _), part in zip(metrics, parts):
        s = doc.text.index(part)
        v = int(part.split("about ")[1].replace(",", ""))
        claims.append(Claim(make_claim_id(doc.doc_id, (s, s + len(part)), None, m), doc.doc_id, "reported",
                            Actor("General Staff of the Armed Forces of Ukraine", "ua.general_staff", "UA"),
                            Subject(None, "RU"), m, Value(v, v, "approx", part.split("about ")[1]), None,
                            Period("2022-02-24", day), day, part, (s, s + len(part)), confidence=0.9))
    return doc, claims


def build(path: Path, claims: int) -> None:
    docs = claims // 5
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    by_key: dict[str, list[tuple[str, str]]] = {}
    rng = random.Random(12)
    with Ledger(tmp) as led:
        it = synthetic_corpus(docs)
        done = 0
        while done < docs:
            with led.transaction():
                for _ in range(min(1000, docs - done)):
                    d, cs = next(it)
                    led.add(d, cs)
                    keys = _keys(cs)
                    led.set_quantity_keys(keys)
                    for (cid, k), c in zip(keys, cs):
                        if k and rng.random() < 0.06:      # a sample of claims per key, to relate below
                            by_key.setdefault(k, []).append((cid, c.claimant.key or c.claimant.text))
                    done += 1
            if done % 20000 == 0:
                print("  built %d documents (%.0f s)" % (done, time.perf_counter() - t), flush=True)
        with led.transaction():
            for i in range(2000):
                d, cs = national(i)
                led.add(d, cs)
                led.set_quantity_keys(_keys(cs))
        rels, findings = [], []
        for k, members in by_key.items():
            for a, b in zip(members, members[1:]):
                same = a[1] == b[1]
                kind = rng.choices(("updates", "repeats", "revises") if same else ("corroborates", "contradicts"),
                                   (0.7, 0.2, 0.1) if same else (0.5, 0.5))[0]
                rels.append(Relation(b[0], a[0], kind, "synthetic %s for %s" % (kind, k)))
            if k.startswith("personnel.casualties") and len(members) > 3:
                findings.append(Finding("parts_vs_total", tuple(m[0] for m in members[:3]),
                                        "synthetic parts vs total for %s" % k, 100.0, 110.0, 10.0))
        led.add_relations(rels)
        led.add_findings(findings)
        if (SHARED / "petroivaniuk-ua-general-staff").is_dir():
            from counterclaim.series.genstaff import import_genstaff
            import_genstaff(led, str(SHARED / "petroivaniuk-ua-general-staff"))
        if (SHARED / "oryx-scarnecchia").is_dir():
            from counterclaim.series.oryx import import_oryx
            import_oryx(led, str(SHARED / "oryx-scarnecchia" / "daily_count.csv"))
        from counterclaim.link.track import refresh_ratios
        refresh_ratios(led)            # the claimants' ratios to the series, as `series import` stores them
        led.execute("ANALYZE")
        led.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = led.counts()
        kinds = led.relation_counts()
    tmp.rename(path)
    print("built %s in %.0f s: %s; relations %s" % (path, time.perf_counter() - t, counts, kinds), flush=True)


SERVER = ("import sys, uvicorn\n"
          "from counterclaim.web.app import create_app\n"
          "app = create_app(sys.argv[1], read_only=True, cache_size=int(sys.argv[3]))\n"
          "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')\n")


def measure(path: Path, rounds: int, cache_size: int) -> tuple[dict[str, list[float]], int]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(path), str(port), str(cache_size)])
    base = "http://127.0.0.1:%d" % port
    times: dict[str, list[float]] = {name: [] for name, _, _ in PAGES}
    sizes: dict[str, int] = {}
    try:
        with httpx.Client(timeout=120) as client:
            for _ in range(300):
                try:
                    client.get(base + "/api/openapi.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for name, url, params in PAGES:                # warm-up: the page cache, connections
                r = client.get(base + url, params=params)
                assert r.status_code == 200, (name, r.status_code, r.text[:300])
                sizes[name] = len(r.content)
            for _ in range(rounds):
                for name, url, params in PAGES:
                    t = time.perf_counter()
                    r = client.get(base + url, params=params)
                    times[name].append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (name, r.status_code)
        rss = anon_rss(server.pid)
    finally:
        server.terminate()
        server.wait(10)
    return times, sizes, rss


def report(title: str, times: dict[str, list[float]], sizes: dict[str, int], rss: int) -> float:
    new = sorted(ms for name, v in times.items() if not name.startswith("claims page") for ms in v)
    print("\n" + title)
    print("%-32s %8s %8s %8s %9s" % ("page", "p50 ms", "p95 ms", "max ms", "KB"))
    for name, v in times.items():
        print("%-32s %8.1f %8.1f %8.1f %9.0f" % (name, statistics.median(v), p95(v), max(v), sizes[name] / 1024))
    print("%-32s %8.1f %8.1f %8.1f" % ("ALL NEW PAGES", statistics.median(new), p95(new), max(new)))
    print("new pages p95 %.1f ms vs goal %.0f ms: %s; server's own memory %.0f MB"
          % (p95(new), GOAL_MS, "OK" if p95(new) <= GOAL_MS else "MISSED", rss / 2**20))
    return p95(new)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / ("workbench-%d.db" % args.claims)
    if not path.exists():
        build(path, args.claims)
    print("analyst's pages on %s synthetic claims (+10,000 nationwide totals), ledger file %.0f MB, real server "
          "(uvicorn) over loopback, %d rounds after one warm-up round"
          % ("{:,}".format(args.claims), os.path.getsize(path) / 2**20, args.rounds))
    cold = report("every request computes its counts and track records (summary cache off)",
                  *measure(path, args.rounds, 0))
    warm = report("browsing: counts and track records of a ledger state already seen come from the cache",
                  *measure(path, args.rounds, 256))
    print("\nRESULT new pages p95 cold %.1f ms, warm %.1f ms (goal <= %.0f ms); load average %.1f on %d CPUs"
          % (cold, warm, GOAL_MS, os.getloadavg()[0], os.cpu_count() or 0))


if __name__ == "__main__":
    main()
