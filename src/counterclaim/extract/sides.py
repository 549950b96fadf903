"""Sides: which country a word, a phrase or a claimant stands for, and who "the enemy" is.

"The enemy" and "our soldiers" only mean something relative to the claimant's side,
so resolution takes that side as an argument.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from counterclaim.extract import lexicon

ENEMY = "ENEMY"
OWN = "OWN"
#: the belligerents' opponents, for "the enemy"
OPPONENT = {"UA": "RU", "RU": "UA", "KP": "UA", "BY": "UA"}


class SideLexicon:
    def __init__(self, lang: str = "en"):
        data = lexicon.load(lang, "sides")
        words = lexicon.require(data, "sides", dict, lang, "sides")
        self.words = lexicon.inflected_table(lang, words)          # "противника", "ВСУ"
        for w in lexicon.inflected(lang, lexicon.require(data, "enemy", list, lang, "sides")):
            self.words.setdefault(w, ENEMY)
        for w, side in list(self.words.items()):      # a sentence may begin with it ("Enemy", "Російські")
            if w[:1].islower():
                self.words.setdefault(w[0].upper() + w[1:], side)
        self.own = set(lexicon.require(data, "own", list, lang, "sides"))
        alts = sorted(self.words, key=len, reverse=True)
        # "US-made", "производства США": the maker, not the owner
        after = "|".join(map(re.escape, data.get("maker_suffixes", [])))
        before = data.get("maker_prefixes", [])
        self._re = re.compile(r"(?<![\w-])(%s)(?![\w])%s" % ("|".join(map(re.escape, alts)), "(?!-(?:%s))" % after if after else ""))
        self._maker_before = re.compile(r"(?<![\w-])(?:%s)\s+$" % "|".join(map(re.escape, before)), re.I) if before else None
        after_words = data.get("maker_after", [])
        self._maker_after = re.compile(r"\s+(?:%s)(?![\w])" % "|".join(map(re.escape, after_words)), re.I) if after_words else None
        own_forms = set(self.own) | {w[0].upper() + w[1:] for w in self.own if w != "us"}   # "US" is a country
        self._own = re.compile(r"(?<![\w])(%s)(?![\w])" % "|".join(map(re.escape, sorted(own_forms, key=len, reverse=True))))

    def find(self, text: str, own: bool = True) -> list[tuple[int, int, str]]:
        """(start, end, side | ENEMY | OWN) of the side words in ``text``."""
        hits = [(m.start(), m.end(), self.words[m.group(1)]) for m in self._re.finditer(text)
                if not (self._maker_before and self._maker_before.search(text[max(0, m.start() - 30):m.start()]))
                and not (self._maker_after and self._maker_after.match(text, m.end()))]
        if own:
            hits += [(m.start(), m.end(), OWN) for m in self._own.finditer(text)]
        return sorted(hits)

    def side_of_phrase(self, text: str) -> Optional[str]:
        """The first definite side named in a phrase (ENEMY/OWN unresolved)."""
        for _, _, side in self.find(text, own=False):
            if side not in (ENEMY, OWN):
                return side
        return None


def resolve(side: Optional[str], claimant_side: Optional[str]) -> Optional[str]:
    """ENEMY/OWN made concrete from the claimant's side; other values pass through."""
    if side == ENEMY:
        return OPPONENT.get(claimant_side or "")
    if side == OWN:
        return claimant_side
    return side


@lru_cache(maxsize=None)
def side_lexicon(lang: str = "en") -> SideLexicon:
    return SideLexicon(lang)
