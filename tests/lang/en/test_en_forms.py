"""English's grammar functions: lexicon phrases are matched as written, verbs take regular endings."""
from counterclaim.extract.lang import get_language


def test_english_nouns_are_as_written_and_verbs_regular_or_listed():
    en = get_language("en")
    assert en.noun_forms(["tank", "air defence system"]) == ["tank", "air defence system"]
    forms = en.verb_forms(["launch", "shoot"])
    assert {"launched", "launches", "launching", "shot"} <= set(forms)
    assert en.has_parser
