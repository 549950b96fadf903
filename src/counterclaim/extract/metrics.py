"""Metric classification: what a figure counts (``personnel.killed``, ``equipment.tanks`` …).

A figure's metric comes from the words around it: the noun it counts ("tanks",
"soldiers"), the state those are in ("killed", "taken prisoner", "returned") and,
for munitions, whether they were launched (``attack.*``) or destroyed
(``equipment.*``). A figure with no countable thing of the taxonomy is no claim.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from counterclaim.extract import lexicon

_MUNITIONS = {"uav", "missiles"}
_WORD = re.compile(r"[\w’'\-²]+|[(),;:.‒–—\-]")


@dataclass(frozen=True)
class MetricGuess:
    metric: str
    unit: Optional[str] = None
    item_text: str = ""          #: the words that named the counted thing
    person: bool = False         #: counts people (so its state may be inherited in a breakdown)
    state_found: bool = False    #: the personnel state was read from the text, not defaulted


def _compile(phrases) -> re.Pattern:
    alts = sorted({p.lower() for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(%s)(?![\w])" % "|".join(map(re.escape, alts)), re.I)


class MetricLexicon:
    def __init__(self, lang: str = "en"):
        d = lexicon.load(lang, "metrics")
        self.items: dict[str, str] = {k.lower(): v for k, v in lexicon.require(d, "items", dict, lang, "metrics").items()}
        self.states: dict[str, str] = {k.lower(): v for k, v in lexicon.require(d, "states", dict, lang, "metrics").items()}
        self.person = {p.lower() for p in lexicon.require(d, "person_nouns", list, lang, "metrics")}
        self.item_re = _compile(self.items)
        self.person_re = _compile(self.person)
        self.state_re = _compile(self.states)
        self.launch_re = _compile(_inflect(d["launch_lemmas"]))
        self.destroy_re = _compile(d["destroy_words"] + _inflect(d["destroy_lemmas"]))
        self.territory_re = _compile(d["territory_words"])
        self.participation_re = _compile(d["participation_words"])
        self.event_re = _compile(d["event_words"])


def _inflect(lemmas) -> list[str]:
    """Regular English forms of verb lemmas (launch → launched, launches, launching)."""
    out = []
    for l in lemmas:
        out += [l, l + "s", l + "es", l + "ed", l + "d", l + "ing", (l[:-1] + "ing") if l.endswith("e") else l + "ing"]
    irregular = {"shoot": ["shot"], "fire": ["fired"], "hit": ["hit"], "strike": ["struck", "striking"], "send": ["sent"],
                 "lose": ["lost", "losing"], "take": ["took", "taken"], "drop": ["dropped"], "down": ["downed"]}
    for l in lemmas:
        out += irregular.get(l, [])
    return out


@lru_cache(maxsize=None)
def metric_lexicon(lang: str = "en") -> MetricLexicon:
    return MetricLexicon(lang)


def _first_words(text: str, n: int) -> str:
    """The first ``n`` words (and punctuation) of ``text``."""
    words = _WORD.findall(text)
    out, count = [], 0
    for w in words:
        out.append(w)
        if w[0].isalnum():
            count += 1
        if count >= n:
            break
    return " ".join(out)


def classify(sentence: str, fig_start: int, fig_end: int, prev_end: int, next_start: int,
             heading: str = "", lead: str = "", lang: str = "en") -> Optional[MetricGuess]:
    """The metric of the figure at ``sentence[fig_start:fig_end]``.

    ``prev_end``/``next_start`` bound the figure's own stretch of words (the previous and
    next figure); ``heading`` is a list heading that applies to the line ("The total
    combat losses … were:"); ``lead`` the words before a list item's dash ("tanks ‒ 10,241").
    """
    lx = metric_lexicon(lang)
    after_all = sentence[fig_end:next_start]
    after = _first_words(after_all, 7)
    before = sentence[prev_end:fig_start]
    left_sentence = sentence[:fig_start]
    low_after = after.lower().lstrip(" (")
    # 1. the counted thing: right after the number, or before a list dash
    item = None
    m = lx.item_re.search(low_after)
    if m and m.start() <= _offset_of_word(low_after, 4):
        item = m.group(1)
    if item is None and lead:
        m = None
        for m2 in lx.item_re.finditer(lead.lower()):
            m = m2
        if m:
            item = m.group(1)
    person = None
    pm = lx.person_re.search(low_after)
    if pm and pm.start() <= _offset_of_word(low_after, 4) and (item is None or pm.start() < low_after.find(item)):
        person = pm.group(1)
        item = None
    if item is None and person is None and lead and lx.person_re.search(lead.lower()):
        person = lx.person_re.search(lead.lower()).group(1)
    context = " ".join((heading, before, after_all)).lower()
    if item is not None:
        cls = lx.items[item]
        if cls == "area":
            return MetricGuess("territory.control", unit="km2", item_text=item)
        if cls == "events":
            return MetricGuess("event", item_text=item)
        if cls == "settlements":
            if lx.territory_re.search(sentence.lower()):
                return MetricGuess("territory.control", unit="settlements", item_text=item)
            return None
        if cls == "bombs":
            return MetricGuess("attack.bombs", item_text=item)
        if cls == "shells":
            return MetricGuess("attack.artillery", item_text=item)
        if cls == "strikes":
            return None
        launched = _nearest(lx, left_sentence, after_all + " " + heading.lower())
        if cls in _MUNITIONS and launched == "launch":
            return MetricGuess("attack." + cls, item_text=item)
        if launched is None:
            return None   # a count of things nobody lost, destroyed or launched
        return MetricGuess("equipment." + cls, item_text=item)
    # 2. people: the state they are in decides the metric
    state = _state(lx, after_all, before, heading, left_sentence)
    if person is None and state is None:
        return None
    if person is None and state is not None and not _bare_state_after(lx, low_after):
        return None
    if state is None:
        return None
    return MetricGuess("personnel." + state, item_text=person or "", person=True, state_found=True)


def _offset_of_word(text: str, n: int) -> int:
    count = 0
    for m in re.finditer(r"\S+", text):
        count += 1
        if count > n:
            return m.start()
    return len(text)


def _bare_state_after(lx: MetricLexicon, low_after: str) -> bool:
    """A figure followed directly by a state ("2,700 wounded", "were injuries") counts people."""
    m = lx.state_re.search(low_after)
    return bool(m and m.start() <= _offset_of_word(low_after, 3))


def _state(lx: MetricLexicon, after: str, before: str, heading: str, left_sentence: str) -> Optional[str]:
    """The personnel state nearest to the figure: first after it, then before it, then the heading."""
    for text, last in ((after, False), (before, True), (heading, False), (left_sentence, True)):
        hits = list(lx.state_re.finditer(text.lower()))
        if not hits:
            continue
        m = hits[-1] if last else hits[0]
        word = m.group(1)
        state = lx.states[word]
        # "lost"/"losses" are generic: a more specific state in the same stretch wins
        if state == "casualties" and word not in ("casualties", "casualty") and "and" not in word and " or " not in word:
            specific = [lx.states[h.group(1)] for h in hits if lx.states[h.group(1)] != "casualties"]
            if specific:
                return specific[-1] if last else specific[0]
        return state
    return None


def _nearest(lx: MetricLexicon, left: str, right: str) -> Optional[str]:
    """"launch" or "destroy": the nearest such verb to the left of a figure, else to its right."""
    low = left.lower()
    best = None
    for kind, rx in (("launch", lx.launch_re), ("destroy", lx.destroy_re)):
        for m in rx.finditer(low):
            if best is None or m.start() > best[0]:
                best = (m.start(), kind)
    if best:
        return best[1]
    low_r = right.lower()
    first = None
    for kind, rx in (("launch", lx.launch_re), ("destroy", lx.destroy_re)):
        m = rx.search(low_r)
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), kind)
    return first[1] if first else None


def statement_metric(sentence: str, lang: str = "en") -> Optional[str]:
    """The metric of a statement without a figure: territory, participation, or another event."""
    lx = metric_lexicon(lang)
    low = sentence.lower()
    if lx.participation_re.search(low):
        return "participation"
    if lx.territory_re.search(low):
        return "territory.control"
    if lx.event_re.search(low):
        return "event"
    return None
