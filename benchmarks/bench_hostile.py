"""Hostile and huge documents (issue 14): does extraction cost stay linear in the text, and memory bounded?

Each family of text is extracted at two sizes, each in its own child process (so one case's
memory does not hide another's, and a case that runs away is stopped at ``--timeout`` seconds).
For every family it prints the seconds per 10 KB at the small and the large size, their ratio
(1.0 is linear; a quadratic cost gives the size ratio), the claims found, the child's peak
resident memory, and what went wrong (a timeout, a traceback's last line). Nothing here is
a pass/fail test: the figures go into issue 14's notes and the README's Reliability section.

Families: ordinary prose (recombined bundled examples), runs of ``?!``, 10,000-number
lists, hyphenated words, one huge sentence, one huge line, many short lines, a paragraph
repeated, a Reddit-shaped thread of many comments (read through the reader).

    .venv/bin/python benchmarks/bench_hostile.py [--small 10] [--large 100] [--timeout 60] [--only NAME]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
from counterclaim.extract import Extractor
from counterclaim.ingest import read_inputs
from counterclaim.settings import Settings
ex = Extractor(Settings.from_env())
ex.extract(next(d for d in read_inputs([sys.argv[2]], Settings()) if not isinstance(d, Exception)))  # warm up
docs = [d for d in read_inputs([sys.argv[1]], Settings()) if not isinstance(d, Exception)]
t = time.perf_counter()
n = sum(len(ex.extract(d)) for d in docs)
print(json.dumps({"seconds": time.perf_counter() - t, "claims": n,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PROSE = (ROOT / "src" / "counterclaim" / "examples" / "frontline-herald-huliaipole-2025-05-12.txt")


def prose(kb: int) -> str:
    rng = random.Random(7)
    paras = [p for p in re.split(r"\n\s*\n", PROSE.read_text(encoding="utf-8")) if len(p.split()) > 8]
    out, size, i = [], 0, 0
    while size < kb * 1024:
        p = re.sub(r"\d[\d,]*", lambda m: format(rng.randrange(2, 90000), ","), paras[i % len(paras)])
        out.append(p)
        size += len(p) + 2
        i += 1
    return "\n\n".join(out)


def _fill(unit: str, kb: int) -> str:
    return (unit * (kb * 1024 // len(unit) + 1))[:kb * 1024]


FAMILIES = {
    "prose": lambda kb: prose(kb),
    "punctuation": lambda kb: "Officials said 12 drones were downed" + _fill("???!!", kb),
    "numbers": lambda kb: "The General Staff said losses were " + ", ".join(
        str(i * 7 % 9973) for i in range(kb * 1024 // 6)) + ".",
    "hyphens": lambda kb: "The ministry said " + _fill("front-line well-known long-range ", kb) + "30 tanks were lost.",
    "one-sentence": lambda kb: "The General Staff said " + _fill("troops advanced and 12 tanks were lost and ", kb),
    "one-line": lambda kb: _fill("The General Staff said 12 tanks were lost. ", kb),
    "short-lines": lambda kb: _fill("Tanks - 12\n", kb),
    "repeated-paragraph": lambda kb: "\n\n".join(
        ["Ukraine's General Staff said 62,400 soldiers were lost in Kursk Oblast since August."] * (kb * 1024 // 88)),
}


def thread_json(kb: int) -> str:
    n = kb * 1024 // 60
    comments = [{"kind": "t1", "data": {"id": "c%d" % i, "author": "u%d" % (i % 50), "created_utc": 1700000000 + i,
                                         "body": "Reports say %d drones were shot down." % i, "replies": "",
                                         "parent_id": "t3_p", "permalink": "/r/x/c%d" % i}} for i in range(n)]
    post = {"kind": "t3", "data": {"id": "p", "title": "Thread", "selftext": "Post", "author": "op",
                                   "created_utc": 1700000000, "permalink": "/r/x/p"}}
    return json.dumps([{"kind": "Listing", "data": {"children": [post]}},
                       {"kind": "Listing", "data": {"children": comments}}])


def run_case(path: Path, warm: Path, timeout: float) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    t = time.perf_counter()
    try:
        p = subprocess.run([sys.executable, "-c", CHILD, str(path), str(warm)], capture_output=True, text=True,
                           timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": "> %.0f s (stopped)" % timeout, "seconds": None}
    if p.returncode != 0:
        last = (p.stderr.strip().splitlines() or ["exit %d" % p.returncode])[-1]
        return {"error": last[:160], "seconds": None, "wall": time.perf_counter() - t}
    return json.loads(p.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--small", type=int, default=10, help="small size in KB (default 10)")
    ap.add_argument("--large", type=int, default=100, help="large size in KB (default 100)")
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before a case is stopped (default 60)")
    ap.add_argument("--only", action="append", help="run only this family (repeatable)")
    a = ap.parse_args(argv)
    names = list(FAMILIES) + ["thread"]
    if a.only:
        names = [n for n in names if n in a.only]
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.txt"
        warm.write_text("The General Staff said 12 tanks were lost on May 1.", encoding="utf-8")
        print("%-19s %12s %12s %7s %9s %9s  %s" % ("family", "s/10KB small", "s/10KB large", "ratio", "claims",
                                                   "peak MB", "problem"))
        for name in names:
            rows = []
            for kb in (a.small, a.large):
                if name == "thread":
                    path = Path(tmp) / ("%s-%d.json" % (name, kb))
                    path.write_text(thread_json(kb), encoding="utf-8")
                else:
                    path = Path(tmp) / ("%s-%d.txt" % (name, kb))
                    path.write_text(FAMILIES[name](kb), encoding="utf-8")
                rows.append((kb, run_case(path, warm, a.timeout)))
            per = [r["seconds"] / kb * 10 if r.get("seconds") is not None else None for kb, r in rows]
            ratio = "%.2f" % (per[1] / per[0]) if None not in per and per[0] > 0 else "-"
            problems = "; ".join("%d KB: %s" % (kb, r["error"]) for kb, r in rows if r.get("error"))
            print("%-19s %12s %12s %7s %9s %9s  %s" % (
                name, "%.3f" % per[0] if per[0] is not None else "-", "%.3f" % per[1] if per[1] is not None else "-",
                ratio, "/".join(str(r.get("claims", "-")) for _, r in rows),
                "/".join("%.0f" % r["rss_mb"] if "rss_mb" in r else "-" for _, r in rows), problems))
            sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
