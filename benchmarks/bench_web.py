"""Claims page latency of ``counterclaim serve`` on a ledger of 1,000,000 synthetic claims.

Builds (once, cached in benchmarks/out/) a ledger of 200,000 synthetic documents x 5 claims,
starts the real server (uvicorn, in a child process, read-only) on a free loopback port,
and requests the claims page with typical filters, sorts, searches and pages. Prints p50/p95/max
per query and overall, against the goal p95 <= 100 ms, and the server's peak RSS.

    python benchmarks/bench_web.py [--claims 1000000] [--rounds 5]
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import psutil

from counterclaim.ledger import Ledger
from counterclaim.ledger.synthetic import synthetic_corpus

OUT = Path(__file__).resolve().parent / "out"
GOAL_MS = 100.0
QUERIES = [
    ("all, newest first", {}),
    ("metric", {"metric": "equipment.tanks"}),
    ("metric family", {"metric": "equipment"}),
    ("claimant key", {"claimant": "ua.general_staff"}),
    ("claimant words", {"claimant": "Ukraine's Air Force"}),
    ("claimant side", {"side": "RU"}),
    ("subject side", {"subject_side": "UA"}),
    ("kind", {"kind": "reported"}),
    ("location region", {"location": "UA-14"}),
    ("location country", {"location": "RU"}),
    ("date range", {"date_from": "2024-03", "date_to": "2024-04"}),
    ("value range", {"min_value": "500", "max_value": "2000"}),
    ("full text", {"search": "drones"}),
    ("full text, rare", {"search": "report 123.4"}),
    ("metric + side + dates", {"metric": "personnel.killed", "subject_side": "RU", "date_from": "2025"}),
    ("claimant + location + value", {"claimant": "ru.mod", "location": "UA-23", "min_value": "100"}),
    ("sort by value", {"sort": "-value"}),
    ("sort by value, metric", {"metric": "attack.missiles", "sort": "value"}),
    ("sort by value, search", {"search": "heavy fighting", "sort": "-value"}),
    ("page 20", {"page": "20"}),
    ("page 200 of a metric", {"metric": "personnel.captured", "page": "200"}),
]


def build(path: Path, claims: int) -> None:
    """A ledger of ``claims`` synthetic claims (5 per document), in transactions of 1,000 documents."""
    docs = claims // 5
    tmp = path.with_suffix(".building")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    t = time.perf_counter()
    with Ledger(tmp) as led:
        it = synthetic_corpus(docs)
        done = 0
        while done < docs:
            with led.transaction():
                for _ in range(min(1000, docs - done)):
                    d, cs = next(it)
                    led.add(d, cs)
                    done += 1
            if done % 20000 == 0:
                print("  built %d documents (%.0f s)" % (done, time.perf_counter() - t), flush=True)
        led.execute("ANALYZE")
        led.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp.rename(path)
    print("built %s: %d claims in %.0f s" % (path, claims, time.perf_counter() - t), flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SERVER = ("import sys, uvicorn\n"
          "from counterclaim.web.app import create_app\n"
          "app = create_app(sys.argv[1], read_only=True, cache_size=int(sys.argv[3]))\n"
          "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[2]), log_level='warning')\n")


def anon_rss(pid: int) -> int:
    """Resident anonymous memory (heap, stacks) of a process: its RSS without mapped files (Linux)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("RssAnon:"):
                return int(line.split()[1]) * 1024
    return 0


def p95(v: list[float]) -> float:
    v = sorted(v)
    return v[min(len(v) - 1, int(round(0.95 * (len(v) - 1))))]


def measure(path: Path, rounds: int, cache_size: int) -> tuple[dict[str, list[float]], int]:
    """Per-query latencies (ms) of the claims page from a fresh server, and its peak RSS."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(path), str(port), str(cache_size)])
    peak = [0, 0]
    stop = threading.Event()

    def watch():
        proc = psutil.Process(server.pid)
        while not stop.is_set():
            try:
                peak[0] = max(peak[0], proc.memory_info().rss)
                peak[1] = max(peak[1], anon_rss(server.pid))
            except (psutil.Error, OSError):
                return
            time.sleep(0.1)

    threading.Thread(target=watch, daemon=True).start()
    base = "http://127.0.0.1:%d/" % port
    times: dict[str, list[float]] = {name: [] for name, _ in QUERIES}
    try:
        with httpx.Client(timeout=60) as client:
            for _ in range(300):
                try:
                    client.get(base + "api/openapi.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for _, params in QUERIES:                      # warm-up: page cache, connections (and the cache)
                assert client.get(base, params=params).status_code == 200
            for _ in range(rounds):
                for name, params in QUERIES:
                    t = time.perf_counter()
                    r = client.get(base, params=params)
                    times[name].append((time.perf_counter() - t) * 1000)
                    assert r.status_code == 200, (name, r.status_code)
    finally:
        stop.set()
        server.terminate()
        server.wait(10)
    return times, peak


def report(title: str, times: dict[str, list[float]], peak: list[int]) -> float:
    all_ms = sorted(ms for v in times.values() for ms in v)
    print("\n" + title)
    print("%-32s %8s %8s %8s" % ("query", "p50 ms", "p95 ms", "max ms"))
    for name, v in times.items():
        print("%-32s %8.1f %8.1f %8.1f" % (name, statistics.median(v), p95(v), max(v)))
    print("%-32s %8.1f %8.1f %8.1f" % ("ALL", statistics.median(all_ms), p95(all_ms), max(all_ms)))
    print("p95 %.1f ms vs goal %.0f ms: %s; server peak RSS %.0f MB, of which %.0f MB its own memory (the rest: "
          "pages of the ledger file it maps read-only, which the OS can drop)" % (p95(all_ms), GOAL_MS, "OK" if p95(all_ms) <= GOAL_MS else "MISSED",
                                                    peak[0] / 2**20, peak[1] / 2**20))
    return p95(all_ms)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    OUT.mkdir(exist_ok=True)
    path = OUT / ("web-%d.db" % args.claims)
    if not path.exists():
        build(path, args.claims)
    print("claims page (/) on %s claims, ledger file %.0f MB, real server (uvicorn) over loopback, "
          "%d rounds of %d queries after one warm-up round" % ("{:,}".format(args.claims),
                                                               os.path.getsize(path) / 2**20, args.rounds, len(QUERIES)))
    cold = report("every request computes its total and facets (summary cache off)", *measure(path, args.rounds, 0))
    warm = report("browsing: totals and facets of a filter already seen come from the cache (paging, "
                  "re-sorting)", *measure(path, args.rounds, 256))
    print("\nRESULT p95 cold %.1f ms, warm %.1f ms (goal <= %.0f ms); load average during the run %.1f on %d CPUs"
          % (cold, warm, GOAL_MS, os.getloadavg()[0], os.cpu_count() or 0))


if __name__ == "__main__":
    main()
