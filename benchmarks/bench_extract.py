"""Extraction speed against spaCy itself, on the same ≥ 1 MB of varied news-like prose.

Prints words per second of (1) the spaCy tokenizer alone, (2) bare ``nlp.pipe`` with the same
model (every component), (3) full counterclaim extraction, the ratio (3)/(2) — the target is
≥ 1.0: only text that can hold a claim is parsed — and the peak resident memory.

The corpus is built from the project's own example texts and test fixtures (and the shared
development documents when ``../shared`` is present): paragraphs are recombined into new
documents, with their figures, days and names varied, until the text reaches the size asked.

Then Ukrainian and Russian beside English (issue 11). Their corpus is the annotated documents
of ``tests/fixtures/lang/{uk,ru}/tune``, read at run time as ingest reads them (each dated by
its gold, its language detected), repeated until it has a share of the English corpus's words
(``--lang-share``: 0.3, about 0.7 MB each, keeps the whole script under two minutes; 1.0 is the
same word count). They have no packaged spaCy model, so their baseline is the tokenizer alone,
``spacy.blank("uk"/"ru")`` over the same text. A table gives, for en, uk and ru, the words per
second of the tokenizer and of extraction and their ratio; then the peak resident memory with
the three languages loaded. The documents are repeated as they are, not varied like the English
paragraphs, so the few per-text caches (dateparser's) are warmer there.

    python benchmarks/bench_extract.py [--mb 1.2] [--seed 7] [--lang-share 0.3]
"""
from __future__ import annotations

import argparse
import json
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
    ap.add_argument("--lang-share", type=float, default=0.3,
                    help="words of each of the uk and ru corpora, as a share of the English corpus's (default 0.3)")
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
    print("peak RSS: %.0f MiB" % _peak_rss_mib())
    rows = [("en", len(docs), words, tok, full, claims)]
    for code in OTHER_LANGS:
        rows.append(bench_language(code, extractor, max(1, int(words * a.lang_share))))
    print("%-4s %9s %8s %19s %20s %12s %7s" % ("lang", "documents", "words", "tokenizer words/s",
                                               "extraction words/s", "extr / tok", "claims"))
    for code, n_docs, n_words, t_tok, t_full, n_claims in rows:
        print("%-4s %9d %8d %19.0f %20.0f %12.4f %7d" % (code, n_docs, n_words, n_words / t_tok, n_words / t_full,
                                                        t_tok / t_full, n_claims))
    print("extraction words/s relative to English: " + ", ".join(
        "%s %.2f" % (r[0], (r[2] / r[4]) / (words / full)) for r in rows[1:]))
    print("peak RSS (en, uk, ru loaded): %.0f MiB" % _peak_rss_mib())


#: the languages benchmarked beside English, from their annotated documents
OTHER_LANGS = ("uk", "ru")
LANG_FIXTURES = ROOT / "tests" / "fixtures" / "lang"


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def language_documents(code: str) -> list[Document]:
    """The annotated documents of ``tests/fixtures/lang/<code>/tune``, read as ingest reads them
    (HTML to its article text, a thread to one document of comments), dated by their gold."""
    from counterclaim.errors import CounterclaimError
    from counterclaim.ingest import read_path
    folder = LANG_FIXTURES / code / "tune"
    gold = folder / "gold.jsonl"
    if not gold.is_file():
        raise SystemExit("no annotated documents in %s" % folder)
    docs = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        for doc in read_path(str(folder / entry["file"]), Settings()):
            if isinstance(doc, CounterclaimError):
                raise SystemExit("%s: %s" % (entry["file"], doc))
            docs.append(doc.with_published(entry.get("published") or doc.published))
    return docs


def bench_language(code: str, extractor: Extractor, target_words: int) -> tuple:
    """(code, documents, words, tokenizer seconds, extraction seconds, claims) on ``target_words``
    words of the language's annotated documents, repeated."""
    import spacy
    base = language_documents(code)
    docs, n_words, i = [], 0, 0
    while n_words < target_words:
        doc = base[i % len(base)]
        docs.append(doc)
        n_words += len(doc.text.split())
        i += 1
    texts = [d.text for d in docs]
    tokenizer = spacy.blank(code)   # the tokenizer alone: the baseline for a language without a model
    list(tokenizer.pipe(texts[:3]))  # warm up (and the lexicons, the declensions of the extractor)
    list(extractor.extract_many(iter(base)))
    tok = full = 0.0
    claims = 0
    step = 40
    for j in range(0, len(docs), step):   # alternating chunk by chunk, as for English
        chunk_docs, chunk = docs[j:j + step], texts[j:j + step]
        t = time.perf_counter()
        for _ in tokenizer.pipe(chunk, batch_size=64):
            pass
        tok += time.perf_counter() - t
        t = time.perf_counter()
        for _, cs in extractor.extract_many(iter(chunk_docs)):
            claims += len(cs)
        full += time.perf_counter() - t
    langs = sorted({d.lang for d in docs})
    print("%s: %d documents (%d annotated, repeated; detected %s), %.2f MB, %d words"
          % (code, len(docs), len(base), "/".join(langs), sum(len(t.encode()) for t in texts) / 2**20, n_words))
    print("  spaCy blank(%r) tokenizer " % code + _rate(n_words, tok))
    print("  counterclaim extraction   " + _rate(n_words, full) + "  %d claims" % claims)
    return code, len(docs), n_words, tok, full, claims


if __name__ == "__main__":
    main()
