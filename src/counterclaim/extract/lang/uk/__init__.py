"""Ukrainian: lexicons in dictionary forms, declined and conjugated with pymorphy3's
Ukrainian dictionary; spaCy's tokenizer only (no packaged parser on PyPI)."""
from __future__ import annotations

from functools import partial

from counterclaim.extract.lang import Language
from counterclaim.extract.lang import morphology

LANGUAGE = Language(code="uk", model="blank:uk", has_parser=False,
                    noun_forms=partial(morphology.all_noun_forms, "uk"),
                    verb_forms=partial(morphology.all_verb_forms, "uk"),
                    lemma=partial(morphology.lemma, "uk"),
                    singular=partial(morphology.singular, "uk"),
                    imperative=partial(morphology.imperative, "uk"))
