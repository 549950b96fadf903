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

from counterclaim.extract import figures_lexicon, lexicon
from counterclaim.extract.lang import get_language
from counterclaim.extract.segment import Sentence

_QUOTE = re.compile(r"[“”\"«»]")


@lru_cache(maxsize=None)
def _patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    cues = lexicon.load(lang, "cues")
    metrics = lexicon.load(lang, "metrics")
    speech = set(lexicon.conjugated(lang, cues["speech_lemmas"])) | set(cues.get("irregular_forms", {}))
    speech |= set(cues.get("according_to", []))
    claim = (metrics["territory_words"] + metrics["participation_words"] + metrics["event_words"]
             + cues["recommendation"] + cues["speculation"] + cues["opinion"]
             + ["number", "figure", "figures", "toll", "count", "tally", "estimate", "data", "rumours", "rumors"])

    def rx(words):
        alts = sorted({w.lower() for w in words}, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:%s)(?![\w])" % "|".join(map(re.escape, alts)), re.I)
    return rx(speech), rx(claim)


@lru_cache(maxsize=None)
def _numberish(lang: str) -> re.Pattern:
    """A digit, or any number word, vague quantity or negation of the language's number lexicon."""
    L = figures_lexicon._lexicon(lang)
    words = set(L.word_value) | set(L.vague)
    alts = sorted(words, key=len, reverse=True)
    return re.compile(r"\d|(?<![\w])(?:%s)(?![\w])|%s|%s" % ("|".join(map(re.escape, alts)), L.zero_det_re.pattern,
                                                          L.zero_pron_re.pattern), re.I)


def may_hold_figure(text: str, lang: str = "en") -> bool:
    """Cheap test before the figure stage: a digit or a number word."""
    return bool(_numberish(lang).search(text))


def needs_parse(sentence: Sentence, figures, lang: str = "en") -> bool:
    """True when a parse can change the sentence's claims (see the module docstring)."""
    if figures or sentence.intro:
        return True   # a transcript's introduction names who answers
    speech, claim = _patterns(lang)
    text = sentence.text
    if not speech.search(text):
        return False
    if not get_language(lang).has_parser:
        return True   # a tokenizer only costs little, and "Про це повідомив X" names the source of what came before
    return bool(_QUOTE.search(text) or claim.search(text))
