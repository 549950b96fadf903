"""The claimant registry: names and aliases of well-known claimants → key and side.

Data lives in ``lang/<lang>/actors.json``; this module only compiles and queries it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon

SIDE_CODE = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class Entry:
    key: str
    side: Optional[str]
    rank: int


class Registry:
    """Finds registry aliases in text and resolves a claimant phrase to its key."""

    def __init__(self, lang: str = "en"):
        data = lexicon.load(lang, "actors")
        actors = lexicon.require(data, "actors", dict, lang, "actors")
        self.entries: dict[str, Entry] = {}
        alias_map: dict[str, str] = {}
        for key, spec in actors.items():
            side = spec.get("side")
            if side is not None and not SIDE_CODE.match(side):
                raise VocabError("actor %r has side %r, not an ISO alpha-2 code" % (key, side), path="actors.json")
            if not spec.get("aliases"):
                raise VocabError("actor %r has no aliases" % key, path="actors.json")
            self.entries[key] = Entry(key, side, int(spec.get("rank", 1)))
            for alias in lexicon.inflected(lang, spec["aliases"]):    # "Генштабу", "Минобороны России"
                alias_map.setdefault(alias, key)
        self.alias_key = alias_map
        #: the standing titles of a claimant's own reports ("Total combat losses of the enemy …"): a page
        #: headed so is that claimant's report whoever republishes it
        titles = {t.lower(): key for key, spec in actors.items() for t in lexicon.inflected(lang, spec.get("report_titles", ()))}
        self._titles = re.compile(r"(?<!\w)(%s)(?!\w)" % "|".join(map(re.escape, sorted(titles, key=len, reverse=True))),
                                  re.I) if titles else None
        self._title_key = titles
        #: the claimant whose standing report is a tally of the enemy's losses with daily increments
        tally = [key for key, spec in actors.items() if spec.get("report_tally")]
        self.tally_entry = self.entries[tally[0]] if len(tally) == 1 else None
        self.anaphors: dict[str, list[str]] = {k.lower(): v for k, v in
                                               lexicon.inflected_table(lang, data.get("anaphors", {})).items()}
        # one-word names and acronyms keep their case ("Oryx", "HUR"); longer names match in any case
        cased = sorted((a for a in alias_map if a != a.lower() and " " not in a), key=len, reverse=True)
        lower = sorted((a for a in alias_map if a == a.lower() or " " in a), key=len, reverse=True)
        # "Kyiv-based" names no claimant: a name followed by a hyphen is part of another word
        self._cased = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(map(re.escape, cased))) if cased else None
        self._lower = {a.lower(): alias_map[a] for a in lower}
        self._lower_re = re.compile(r"(?<![\w-])(%s)(?![\w-])" % "|".join(map(re.escape, lower)), re.I) if lower else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, key) of every alias in ``text``, longest first at each place."""
        hits = []
        if self._cased:
            hits += [(m.start(), m.end(), self.alias_key[m.group(1)]) for m in self._cased.finditer(text)]
        if self._lower_re:
            hits += [(m.start(), m.end(), self._lower[m.group(1).lower()]) for m in self._lower_re.finditer(text)]
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        out, last_end = [], -1
        for h in hits:
            if h[0] >= last_end:
                out.append(h)
                last_end = h[1]
        return out

    def resolve(self, phrase: str) -> Optional[Entry]:
        """The best registry entry named in a claimant phrase: most specific (rank), then longest alias."""
        best = None
        for s, e, key in self.find(phrase):
            entry = self.entries[key]
            score = (entry.rank, e - s)
            if best is None or score > best[0]:
                best = (score, entry)
        return best[1] if best else None

    def report_title(self, text: str) -> Optional[Entry]:
        """The claimant whose standing report title ``text`` carries, if any."""
        m = self._titles.search(text) if self._titles else None
        return self.entries[self._title_key[m.group(1).lower()]] if m else None

    def anaphor_prefixes(self, phrase: str) -> Optional[list[str]]:
        """Key prefixes an anaphoric phrase may refer to ("the ministry" → ru.mod, ua.mod …), None if not one."""
        p = phrase.strip().lower()
        p = re.sub(r"^(?:the\s+)?(?:country's|ukraine's|russia's)\s+", "the ", p) if p.startswith(("the country", )) else p
        return self.anaphors.get(p)


@lru_cache(maxsize=None)
def registry(lang: str = "en") -> Registry:
    return Registry(lang)
