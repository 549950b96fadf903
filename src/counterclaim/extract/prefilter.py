"""Stage 2, the prefilter: a cheap look at a sentence deciding whether it is worth a parse.

A sentence reaches spaCy only when the parse can change its claims: it holds a figure
(found by the regex stage, look-alikes already rejected), or a speech verb together with a
quotation or with words of territory, participation, events, judgement or advice (the
parse then finds who says it). Everything else — narrative, bare attributions, comments
without figures — is handled from its words alone, which is what makes extraction
cheaper than running spaCy over the whole text.
"""
from __future__ import annotations

import re
from functools import lru_cache

from counterclaim.extract import lexicon
from counterclaim.extract.segment import Sentence

_NUMBERISH = re.compile(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                        r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
                        r"ninety|hundreds?|thousands?|millions?|dozens?|several|few|no|none|nobody|zero)\b", re.I)
_QUOTE = re.compile(r"[“”\"«»]")


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    cues = lexicon.load(lang, "cues")
    metrics = lexicon.load(lang, "metrics")
    speech = set(cues["speech_lemmas"]) | set(cues.get("irregular_forms", {}))
    speech |= {w + s for w in cues["speech_lemmas"] for s in ("s", "ed", "d")}
    speech |= {"according", "citing", "cited"}
    claim = (metrics["territory_words"] + metrics["participation_words"] + metrics["event_words"]
             + cues["recommendation"] + cues["speculation"] + cues["opinion"]
             + ["number", "figure", "figures", "toll", "count", "tally", "estimate", "data", "rumours", "rumors"])

    def rx(words):
        alts = sorted({w.lower() for w in words}, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:%s)(?![\w])" % "|".join(map(re.escape, alts)), re.I)
    return rx(speech), rx(claim)


def may_hold_figure(text: str) -> bool:
    """Cheap test before the figure stage: a digit or a number word."""
    return bool(_NUMBERISH.search(text))


def needs_parse(sentence: Sentence, figures, lang: str = "en") -> bool:
    """True when a parse can change the sentence's claims (see the module docstring)."""
    if figures or sentence.intro:
        return True   # a transcript's introduction names who answers
    speech, claim = _patterns(lang)
    text = sentence.text
    if not speech.search(text):
        return False
    return bool(_QUOTE.search(text) or claim.search(text))
