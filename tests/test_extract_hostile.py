"""Extraction on hostile and huge text (issue 14, item 2): bounded parse windows, cost linear in the text.

What bounds the cost: segment cuts a sentence longer than ``segment.MAX_SENTENCE`` at its last
comma or space and a token longer than ``segment.MAX_TOKEN``, and its stop regex takes a run of
punctuation whole; the document-level stages look back over a bounded number of earlier figures
(``breakdown._LOOKBACK``, ``figure_claims._LOOKBACK``, ``claims._RESTATEMENT_WINDOW``) and index
the rest (by sentence, by value). Nothing is timed. Cost is measured as the Python lines run inside
``counterclaim.extract`` (``sys.settrace``), which is the same number on every run of the
same text; ``benchmarks/bench_hostile.py`` gives the seconds and the peak memory.
"""
import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from bench_hostile import FAMILIES  # noqa: E402

from counterclaim.records import Document  # noqa: E402

pytestmark = pytest.mark.slow


def lines_run(extractor, text: str) -> int:
    """Python lines executed inside counterclaim.extract while extracting ``text`` (deterministic)."""
    import counterclaim.extract as package
    root = os.path.dirname(package.__file__)
    n = [0]

    def local(frame, event, arg):
        if event == "line":
            n[0] += 1
        return local

    def calls(frame, event, arg):
        return local if frame.f_code.co_filename.startswith(root) else None

    sys.settrace(calls)
    try:
        extractor.extract(Document(text=text))
    finally:
        sys.settrace(None)
    return n[0]


def growth(extractor, family: str, small_kb: int, factor: int = 3) -> float:
    """Work per KB at ``factor`` times the size, over work per KB at the small size (1.0: linear).
    The small text is extracted once first, so lexicons loaded on first use are not counted."""
    extractor.extract(Document(text=FAMILIES[family](small_kb)))
    a = lines_run(extractor, FAMILIES[family](small_kb))
    b = lines_run(extractor, FAMILIES[family](small_kb * factor))
    return (b / factor) / a


def test_one_long_line_of_many_sentences_costs_linear_work(extractor):
    assert growth(extractor, "one-line", 10) <= 1.25


def test_one_huge_sentence_costs_linear_work(extractor):
    assert growth(extractor, "one-sentence", 3) <= 1.25


def test_prose_costs_linear_work(extractor):
    assert growth(extractor, "prose", 20) <= 1.25


class _Recorder:
    """Stands in for the spaCy pipeline: records what it is asked to parse, then stops the extraction."""

    class Stop(Exception):
        pass

    def __init__(self, nlp, max_length):
        self.nlp, self.max_length, self.texts = nlp, max_length, []

    def pipe(self, texts, **kw):
        self.texts = list(texts)
        raise self.Stop()

    def __getattr__(self, name):
        return getattr(self.nlp, name)


def _given_to_spacy(extractor, text: str, max_length: int) -> list[str]:
    rec = _Recorder(extractor.nlp, max_length)
    real = extractor.nlp
    extractor.nlp = rec
    try:
        with pytest.raises(_Recorder.Stop):
            extractor.extract(Document(text=text))
    finally:
        extractor.nlp = real
    return rec.texts


def test_no_text_longer_than_the_parse_window_reaches_spacy(extractor):
    texts = _given_to_spacy(extractor, FAMILIES["one-sentence"](60), max_length=50_000)
    assert texts and max(len(t) for t in texts) <= 50_000


def test_no_huge_token_reaches_spacy(extractor):
    texts = _given_to_spacy(extractor, FAMILIES["punctuation"](4), max_length=1_000_000)
    assert max(len(w) for t in texts for w in t.split()) <= 1000
