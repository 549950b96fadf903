"""Ukrainian: lexicons in dictionary forms, declined and conjugated with pymorphy3's Ukrainian dictionary;
spaCy's tokenizer only (no packaged Ukrainian parser on PyPI)."""
from counterclaim.extract.lang import morphology

LANGUAGE = morphology.language("uk")
