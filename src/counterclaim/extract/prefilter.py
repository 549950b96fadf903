"""Stage 2, the prefilter: a cheap look at a sentence deciding whether it is worth a parse.

Only sentences that can hold a claim reach spaCy: those with a digit or a number
word, a vague quantity or a negated count, a speech or attribution cue, a quotation,
or words of territory, participation and events. Everything else is skipped, which
is what makes extraction cheaper than parsing the whole text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from counterclaim.extract import lexicon
from counterclaim.extract.segment import Sentence

_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                 "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds "
                 "thousand thousands million millions dozen dozens several few no none nobody")


@lru_cache(maxsize=None)
def _pattern(lang: str) -> re.Pattern:
    cues = lexicon.load(lang, "cues")
    metrics = lexicon.load(lang, "metrics")
    words = set(_NUMBER_WORDS.split())
    words.update(cues["speech_lemmas"])
    words.update(w for w in (cues["according_to"]) if " " not in w)
    words.update(["according", "said", "says", "told", "claimed", "reported", "announced", "wrote", "added",
                  "confirmed", "denied", "estimated", "believes", "cited", "citing", "stated", "insisted", "warned"])
    stems = [w for w in metrics["territory_words"] + metrics["participation_words"] + metrics["event_words"]]
    alts = sorted(words | set(stems), key=len, reverse=True)
    return re.compile(r"\d|[“”\"«»?]|(?<![\w])(?:%s)(?![\w])" % "|".join(map(re.escape, alts)), re.I)


def needs_parse(sentence: Sentence, lang: str = "en") -> bool:
    """True when the sentence may hold a figure, an attribution or a claim-like statement."""
    return bool(_pattern(lang).search(sentence.text))
