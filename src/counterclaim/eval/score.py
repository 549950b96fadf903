"""Scoring of predicted claims against gold claims, by the rules of ``shared/eval/README.md``.

It agrees with the reference scorer ``shared/tools/score.py`` figure for figure; it calls
the extractor in-process instead of a subprocess per document.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from counterclaim.errors import EvalError


def _norm(s) -> str:
    return re.sub(r"\s+", " ", (s or "")).strip().lower()


def _get(d, path: str):
    for k in path.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(k)
    return d


_FIELDS = [("kind", "kind"), ("qualifier", "value.qualifier"), ("location", "location.key"),
           ("stated_on", "stated_on"), ("period.start", "period.start"), ("period.end", "period.end")]


@dataclass
class Report:
    """Totals of a scoring run; ``to_dict`` has the reference scorer's shape."""
    tp: int = 0
    fp: int = 0
    fn: int = 0
    loose: list = field(default_factory=lambda: [0, 0, 0])
    fields: Counter = field(default_factory=Counter)
    fields_n: Counter = field(default_factory=Counter)
    st_found: int = 0
    st_total: int = 0
    st_kind_ok: int = 0
    cit_ok: int = 0
    cit_n: int = 0
    groups: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)
    misses: list = field(default_factory=list)

    def to_dict(self, verbose: bool = False) -> dict:
        P = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        R = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        F = 2 * P * R / (P + R) if P + R else 0.0
        lp = self.loose[0] / self.loose[1] if self.loose[1] else 0.0
        lr = self.loose[0] / self.loose[2] if self.loose[2] else 0.0
        lf = 2 * lp * lr / (lp + lr) if lp + lr else 0.0
        res = {"figure": {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(P, 3), "recall": round(R, 3),
                          "f1": round(F, 3), "loose_f1": round(lf, 3)},
               "fields": {f: round(self.fields[f] / self.fields_n[f], 3) for f in sorted(self.fields_n)},
               "fields_n": dict(self.fields_n),
               "statements": {"total": self.st_total,
                              "recall": round(self.st_found / self.st_total, 3) if self.st_total else None,
                              "kind_acc": round(self.st_kind_ok / self.st_found, 3) if self.st_found else None,
                              "citations_acc": round(self.cit_ok / self.cit_n, 3) if self.cit_n else None},
               "by_group": {k: round(2 * v[0] / (2 * v[0] + v[1] + v[2]), 3) if v[0] else 0.0 for k, v in sorted(self.groups.items())},
               "errors": list(self.errors)}
        if verbose:
            res["misses"] = list(self.misses)
        return res


def read_gold(gold_dir: str) -> Iterable[dict]:
    """The gold lines of ``gold_dir/gold.jsonl``; EvalError naming the file when it is missing or broken."""
    path = Path(gold_dir) / "gold.jsonl"
    if not path.is_file():
        raise EvalError("no gold.jsonl in this folder", path=str(gold_dir))
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as e:
                    raise EvalError("line %d is not JSON: %s" % (n, e), path=str(path)) from None


def score(gold_dir: str, predict: Callable[[str, Optional[str]], list[dict]], only: Optional[list[str]] = None) -> Report:
    """Score ``predict(path, published) -> claim dicts`` over every gold document."""
    rep = Report()
    for g in read_gold(gold_dir):
        if only and g["file"] not in only:
            continue
        try:
            preds = predict(str(Path(gold_dir) / g["file"]), g.get("published"))
        except Exception as e:  # a document that fails counts as predicting nothing, like the reference
            rep.errors.append("%s: %s" % (g["file"], e))
            preds = []
        score_document(rep, g, preds)
    return rep


def score_document(rep: Report, g: dict, preds: list[dict]) -> None:
    gold_fig = [c for c in g["claims"] if c.get("value")]
    gold_st = [c for c in g["claims"] if not c.get("value") and c.get("quote_contains")]
    pred_fig = [p for p in preds if isinstance(p.get("value"), dict) and p["value"].get("low") is not None]
    used, match = set(), {}
    for gi, gc in enumerate(gold_fig):
        for pi, pc in enumerate(pred_fig):
            if pi in used or pc.get("metric") != gc.get("metric"):
                continue
            if _get(pc, "value.low") != gc["value"]["low"] or _get(pc, "value.high") != gc["value"]["high"]:
                continue
            gs = _get(gc, "subject.side")
            if gs is not None and _get(pc, "subject.side") != gs:
                continue
            used.add(pi)
            match[gi] = pi
            break
    rep.tp += len(match)
    rep.fn += len(gold_fig) - len(match)
    rep.fp += len(pred_fig) - len(match)
    for gname in ("lang:" + g.get("lang", "en"), "format:" + g.get("format", "text")):
        gr = rep.groups.setdefault(gname, [0, 0, 0])
        gr[0] += len(match)
        gr[1] += len(pred_fig) - len(match)
        gr[2] += len(gold_fig) - len(match)
    lused, lm = set(), 0
    for gc in gold_fig:
        for pi, pc in enumerate(pred_fig):
            if pi not in lused and pc.get("metric") == gc.get("metric") and _get(pc, "value.low") == gc["value"]["low"] \
                    and _get(pc, "value.high") == gc["value"]["high"]:
                lused.add(pi)
                lm += 1
                break
    rep.loose[0] += lm
    rep.loose[1] += len(pred_fig)
    rep.loose[2] += len(gold_fig)
    for gi, gc in enumerate(gold_fig):
        if gi not in match:
            rep.misses.append("%s: missed %s %s" % (g["file"], gc.get("metric"), gc["value"]))
    for pi, pc in enumerate(pred_fig):
        if pi not in used:
            rep.misses.append("%s: extra %s %s" % (g["file"], pc.get("metric"), _get(pc, "value.low")))
    refs = {gc.get("ref"): gi for gi, gc in enumerate(gold_fig) if gc.get("ref")}
    for gi, pi in match.items():
        gc, pc = gold_fig[gi], pred_fig[pi]
        checks = {}
        if _get(gc, "claimant.key") is not None:
            checks["claimant"] = _get(pc, "claimant.key") == _get(gc, "claimant.key")
        elif _get(gc, "claimant.side") is not None:
            checks["claimant"] = _get(pc, "claimant.side") == _get(gc, "claimant.side")
        for f, pth in _FIELDS:
            if _get(gc, pth) is not None:
                checks[f] = _get(pc, pth) == _get(gc, pth)
        if gc.get("part_of"):
            tgt = refs.get(gc["part_of"])
            want = pred_fig[match[tgt]].get("claim_id") if tgt in match else None
            checks["part_of"] = want is not None and pc.get("part_of") == want
        for f, ok in checks.items():
            rep.fields_n[f] += 1
            rep.fields[f] += bool(ok)
            if not ok:
                rep.misses.append("%s: wrong %s on %s %s" % (g["file"], f, gc.get("metric"), gc["value"]["low"]))
    for gc in gold_st:
        rep.st_total += 1
        q = _norm(gc["quote_contains"])
        hits = [p for p in preds if q and (q in _norm(p.get("quote")) or (len(_norm(p.get("quote"))) >= 20 and _norm(p.get("quote")) in q))]
        if hits:
            rep.st_found += 1
            kinds = [p.get("kind") for p in hits]
            rep.st_kind_ok += gc.get("kind") in kinds
            if gc.get("kind") not in kinds:
                rep.misses.append("%s: wrong kind %s for statement %r (got %s)" % (g["file"], gc.get("kind"), gc["quote_contains"][:50], kinds))
            if gc.get("citations"):
                rep.cit_n += 1
                have = set(u for p in hits for u in (p.get("citations") or []))
                rep.cit_ok += all(u in have for u in gc["citations"])
        else:
            rep.misses.append("%s: missed statement %r" % (g["file"], gc["quote_contains"][:50]))
