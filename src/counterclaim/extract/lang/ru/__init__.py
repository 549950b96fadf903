"""Russian: lexicons in dictionary forms, declined and conjugated with pymorphy3's Russian dictionary;
spaCy's tokenizer only (no packaged Russian parser on PyPI)."""
from counterclaim.extract.lang import morphology

LANGUAGE = morphology.language("ru")
