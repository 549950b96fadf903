"""Statement kinds: reported, assertion, speculation, opinion, recommendation, question.

Cues are lexical (``lang/<lang>/cues.json``); a named claimant's words are
"reported" unless they are his own quoted judgement or advice.
"""
from __future__ import annotations

import re
from functools import lru_cache

from counterclaim.extract import lexicon
from counterclaim.extract.lang import get_language


def _phrase_re(phrases) -> re.Pattern:
    alts = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:%s)(?![\w])" % "|".join(map(re.escape, alts)), re.I)


class KindCues:
    def __init__(self, lang: str = "en"):
        cues = lexicon.load(lang, "cues")
        metrics = lexicon.load(lang, "metrics")
        self.recommendation = _phrase_re(lexicon.require(cues, "recommendation", list, lang, "cues"))
        self.modal_past = _phrase_re(lexicon.require(cues, "opinion_modal_past", list, lang, "cues"))
        self.speculation = _phrase_re(lexicon.require(cues, "speculation", list, lang, "cues"))
        self.opinion = _phrase_re(lexicon.require(cues, "opinion", list, lang, "cues"))
        self.factual = _phrase_re(lexicon.inflected(lang, metrics["territory_words"] + metrics["participation_words"]
                                                    + metrics["event_words"] + cues.get("factual_words", [])))
        self.imperative = get_language(lang).imperative     # None where the language's grammar is not known
        self.particles = {w.lower() for w in cues.get("negations", []) + cues.get("please_words", [])}

    def cue_kind(self, text: str) -> str | None:
        """The kind a sentence's own wording signals, or None for a plain statement."""
        t = text.strip()
        if t.rstrip("\"”’')]").endswith("?"):
            return "question"
        if self.modal_past.search(t):
            return "opinion"
        if self.recommendation.search(t) or self._imperative_start(t):
            return "recommendation"
        if self.speculation.search(t):
            return "speculation"
        if self.opinion.search(t):
            return "opinion"
        return None

    def _imperative_start(self, text: str) -> bool:
        """"Не ігноруйте сигнали тривоги!", "Соблюдайте меры безопасности": advice in the imperative."""
        if self.imperative is None:
            return False
        words = [w for w in re.findall(r"[^\W\d_][\w'’ʼ\-]*", text)[:3]]
        words = words[1:] if words and words[0].lower() in self.particles else words   # "Не ігноруйте"
        return bool(words) and self.imperative(words[0])

    def kind(self, text: str, attributed: bool, quoted: bool, has_figure: bool = False) -> str:
        """Kind of a sentence: cues decide for the author's own words and for direct quotes;
        a named claimant's indirect words are "reported"."""
        cue = self.cue_kind(text)
        if not attributed:
            return cue or "assertion"
        if quoted and not has_figure:
            if cue in ("recommendation", "question", "opinion"):
                return cue
            if cue is None and not self.factual.search(text):
                return "opinion"
        elif cue == "recommendation" and not has_figure:
            return cue   # "Russia should publish its lists, rights groups say"
        return "reported"


@lru_cache(maxsize=None)
def kind_cues(lang: str = "en") -> KindCues:
    return KindCues(lang)
