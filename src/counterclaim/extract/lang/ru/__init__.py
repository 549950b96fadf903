"""Russian: lexicons in dictionary forms, declined and conjugated with pymorphy3's
Russian dictionary; spaCy's tokenizer only (no packaged parser on PyPI)."""
from __future__ import annotations

from functools import partial

from counterclaim.extract.lang import Language
from counterclaim.extract.lang import morphology

LANGUAGE = Language(code="ru", model="blank:ru", has_parser=False,
                    noun_forms=partial(morphology.all_noun_forms, "ru"),
                    verb_forms=partial(morphology.all_verb_forms, "ru"),
                    lemma=partial(morphology.lemma, "ru"),
                    singular=partial(morphology.singular, "ru"),
                    imperative=partial(morphology.imperative, "ru"))
