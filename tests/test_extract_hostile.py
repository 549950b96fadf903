"""Extraction on hostile and huge text (issue 14, item 2): bounded parse windows, cost linear in the text.

These are the issue's extraction rows that are still open. Their fix lies in ``extract/``
(segment, prefilter, the per-document stages), so each test is an ``xfail(strict=True)``
naming the measured cause: when a fix lands the test passes, strict xfail reports it, and the
marker goes. Nothing is timed. Cost is measured as the Python lines run inside
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
    """Work per KB at ``factor`` times the size, over work per KB at the small size (1.0: linear)."""
    a = lines_run(extractor, FAMILIES[family](small_kb))
    b = lines_run(extractor, FAMILIES[family](small_kb * factor))
    return (b / factor) / a


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="quadratic in the figures of a document: claims.py document_claims "
                   "(`any(x.sent_index == ...)` over every draft for every sentence), figure_claims._claimant_place "
                   "(every earlier draft for every figure), breakdown.link_parts (`drafts[:i]` per draft) and "
                   "claims._one_claim_once (every kept claim per draft); measured 1.8-1.9x the work per KB from 10 "
                   "to 30 KB; 1.1 MB took 495 s, 100 KB 4.7 s")
def test_one_long_line_of_many_sentences_costs_linear_work(extractor):
    assert growth(extractor, "one-line", 10) <= 1.25


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="quadratic in the figures of one sentence: metrics.nearest_verb, "
                   "subjects.figure_side and metrics._state walk the whole sentence for each figure; measured "
                   "2.03x the work per KB at 3x the size; 10 KB in one sentence 1.4 s, 100 KB > 150 s")
def test_one_huge_sentence_costs_linear_work(extractor):
    assert growth(extractor, "one-sentence", 3) <= 1.25


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="ordinary prose grows faster than the text: the same document-level "
                   "loops over every draft (claims.py, figure_claims.py, breakdown.py); measured 1.49x the work "
                   "per KB from 20 to 60 KB (the issue: 2 MB took 286 s, 600 KB 58 s)")
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


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="no parse windows: pipeline.Extractor._flush hands each sentence to "
                   "nlp.pipe whole, so a sentence longer than nlp.max_length (1,000,000 characters) raises "
                   "spaCy's E088 and a long one costs spaCy quadratic time")
def test_no_text_longer_than_the_parse_window_reaches_spacy(extractor):
    texts = _given_to_spacy(extractor, FAMILIES["one-sentence"](60), max_length=50_000)
    assert texts and max(len(t) for t in texts) <= 50_000


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="no token length cap: a run of 4 KB of '?!' with no space reaches "
                   "spaCy as one token, whose suffix splitting (tokenizer.pyx find_suffix) is quadratic in its "
                   "length (4 KB: 3.0 s of 3.8 s); segment._BOUNDARY ('[.!?…]+' before a failing lookahead) "
                   "is quadratic on the same run (16 KB: 8 s for the regex alone)")
def test_no_huge_token_reaches_spacy(extractor):
    texts = _given_to_spacy(extractor, FAMILIES["punctuation"](4), max_length=1_000_000)
    assert max(len(w) for t in texts for w in t.split()) <= 1000
