"""Extraction speed against spaCy itself, on the same ≥ 1 MB of varied news-like prose.

Prints words per second of (1) the spaCy tokenizer alone, (2) bare ``nlp.pipe`` with the same
model (every component), (3) full counterclaim extraction, the ratio (3)/(2) — the target is
≥ 1.0: only text that can hold a claim is parsed — and the peak resident memory.

The corpus is built from the project's own example texts and test fixtures (and the shared
development documents when ``../shared`` is present): paragraphs are recombined into new
documents, with their figures, days and names varied, until the text reaches the size asked.

    python benchmarks/bench_extract.py [--mb 1.2] [--seed 7]
"""
from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from counterclaim.extract import Extractor  # noqa: E402
from counterclaim.records import Document  # noqa: E402
from counterclaim.settings import Settings  # noqa: E402

_PLACES = ["Pokrovsk", "Kupiansk", "Toretsk", "Huliaipole", "Sudzha", "Vovchansk", "Lyman", "Kostiantynivka", "Orikhiv"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def source_paragraphs() -> list[str]:
    """Paragraphs of every plain-text document the project has (and the shared dev set when present)."""
    files = sorted((ROOT / "src" / "counterclaim" / "examples").glob("*.txt"))
    files += sorted((ROOT / "tests" / "fixtures" / "extract").glob("*.txt"))
    shared = ROOT.parent / "shared" / "eval" / "dev"
    if shared.is_dir():
        files += sorted(shared.glob("*.txt"))
    paras = []
    for f in files:
        for p in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")):
            if len(p.split()) >= 12:
                paras.append(p.strip())
    if not paras:
        raise SystemExit("no source texts found")
    return paras


def _vary(paragraph: str, rng: random.Random) -> str:
    def number(m):
        digits = m.group(0).replace(",", "")
        if len(digits) == 4 and digits.startswith(("19", "20")):
            return m.group(0)   # keep years as they are
        v = max(1, int(int(digits) * rng.uniform(0.6, 1.6)))
        return "{:,}".format(v) if "," in m.group(0) else str(v)
    text = re.sub(r"\b\d{1,3}(?:,\d{3})+\b|\b\d+\b", number, paragraph)
    text = re.sub(r"\b(?:%s)\b" % "|".join(_DAYS), lambda m: rng.choice(_DAYS), text)
    return re.sub(r"\b(?:%s)\b" % "|".join(_PLACES), lambda m: rng.choice(_PLACES), text)


def build_corpus(mb: float, seed: int) -> list[Document]:
    rng = random.Random(seed)
    paras = source_paragraphs()
    docs, size, n = [], 0, 0
    while size < mb * 1024 * 1024:
        body = "\n\n".join(_vary(rng.choice(paras), rng) for _ in range(rng.randint(5, 10)))
        day = "2025-%02d-%02d" % (rng.randint(1, 12), rng.randint(1, 28))
        docs.append(Document(text=body, published=day, source="bench-%d" % n))
        size += len(body.encode("utf-8"))
        n += 1
    return docs


def _rate(words: int, seconds: float) -> str:
    return "%10.0f words/s  (%.2f s)" % (words / seconds, seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=float, default=1.2, help="corpus size in MB (default 1.2)")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    docs = build_corpus(a.mb, a.seed)
    texts = [d.text for d in docs]
    words = sum(len(t.split()) for t in texts)
    extractor = Extractor(Settings())
    nlp = extractor.nlp
    import spacy
    nlp_full = spacy.load(Settings().model)   # the same model with every component: "bare nlp.pipe"
    print("corpus: %d documents, %.2f MB, %d words" % (len(docs), sum(len(t.encode()) for t in texts) / 2**20, words))
    list(nlp_full.pipe(texts[:3]))  # warm up
    list(extractor.extract_many(iter(docs[:3])))
    # the three passes alternate chunk by chunk, so that load from other processes on this
    # machine falls on all of them alike
    tok = bare = full = 0.0
    claims = 0
    step = 40
    for i in range(0, len(docs), step):
        chunk_docs, chunk = docs[i:i + step], texts[i:i + step]
        t = time.perf_counter()
        for _ in nlp.tokenizer.pipe(chunk, batch_size=64):
            pass
        tok += time.perf_counter() - t
        t = time.perf_counter()
        for _ in nlp_full.pipe(chunk, batch_size=64):
            pass
        bare += time.perf_counter() - t
        t = time.perf_counter()
        for _, cs in extractor.extract_many(iter(chunk_docs)):
            claims += len(cs)
        full += time.perf_counter() - t
    print("spaCy tokenizer only     " + _rate(words, tok))
    print("bare nlp.pipe (all %d components)" % len(nlp_full.pipe_names) + _rate(words, bare)[1:])
    print("counterclaim extraction  " + _rate(words, full) + "  %d claims" % claims)
    print("ratio extraction / bare pipe: %.2f  (target >= 1.0)" % (bare / full))
    print("peak RSS: %.0f MiB" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


if __name__ == "__main__":
    main()
