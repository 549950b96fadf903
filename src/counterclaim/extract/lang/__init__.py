"""Language packages: one folder per language (``lang/en/``, ``lang/uk/``, ``lang/ru/``).

Each folder holds every word list and phrase pattern of its language as JSON (numbers, metrics,
actors, sides, places, dates, cues) and an ``__init__.py`` with the few functions that are truly
grammar-specific: how a lexicon's base forms become the forms found in text (English adds "-s"
and "-ed"; Ukrainian and Russian decline and conjugate, done with pymorphy3's dictionaries). The
stages ask ``get_language(code)`` for a :class:`Language` and never fall back to another language.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Optional

from counterclaim.errors import VocabError

LANG_DIR = Path(__file__).parent


@dataclass(frozen=True)
class Language:
    """What a stage needs to know about a language besides its word lists."""
    code: str
    #: spaCy pipeline name (a packaged model) or ``blank:<code>`` for a tokenizer only
    model: str
    #: whether the pipeline gives a dependency parse (English's does; Ukrainian and Russian have
    #: no packaged model on PyPI, so their claimants are read from lexical cues alone)
    has_parser: bool
    #: base forms → every form found in text (nouns and noun phrases declined, verbs conjugated)
    noun_forms: Callable[[Iterable[str]], list[str]] = field(repr=False, compare=False, default=None)
    verb_forms: Callable[[Iterable[str]], list[str]] = field(repr=False, compare=False, default=None)
    #: a word's dictionary form, for comparing names across cases ("Синєгубова" → "синєгубов")
    lemma: Callable[[str], str] = field(repr=False, compare=False, default=None)
    #: for languages without articles: whether a bare noun is singular ("танк" in a list of losses is
    #: one); None for a word that is no noun
    singular: Optional[Callable[[str], Optional[bool]]] = field(repr=False, compare=False, default=None)
    #: whether a word is a verb in the imperative (advice: "Не ігноруйте …"); None where not known
    imperative: Optional[Callable[[str], bool]] = field(repr=False, compare=False, default=None)

    @property
    def folder(self) -> Path:
        return LANG_DIR / self.code


def available() -> list[str]:
    """Codes of the languages that have a package."""
    return sorted(p.name for p in LANG_DIR.iterdir() if (p / "__init__.py").is_file())


@lru_cache(maxsize=None)
def get_language(code: Optional[str]) -> Language:
    """The language package for ``code``; VocabError when there is none (no silent English)."""
    code = (code or "").strip().lower()
    if not code or not (LANG_DIR / code / "__init__.py").is_file():
        raise VocabError("no language package for %r (available: %s)" % (code, ", ".join(available())),
                         path=str(LANG_DIR / (code or "?")))
    mod = importlib.import_module("counterclaim.extract.lang." + code)
    return mod.LANGUAGE
