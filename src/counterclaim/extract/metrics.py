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
#: people counted without a state: resolved from the total they break down, else dropped
UNKNOWN_PERSONNEL = "personnel.unknown"
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
    return re.compile(r"(?<![\w\-])((?:%s)(?:s|es)?)(?![\w])" % "|".join(map(re.escape, alts)), re.I)


def lookup(table: dict, word: str):
    """A lexicon entry for a word, also when the text has its plural."""
    w = word.lower()
    for cand in (w, w[:-1] if w.endswith("s") else w, w[:-2] if w.endswith("es") else w):
        if cand in table:
            return table[cand]
    return None


class MetricLexicon:
    def __init__(self, lang: str = "en"):
        d = lexicon.load(lang, "metrics")

        def table(key: str) -> dict[str, str]:
            return {k.lower(): v for k, v in lexicon.inflected_table(lang, lexicon.require(d, key, dict, lang, "metrics")).items()}

        self.items = table("items")
        self.states = table("states")
        self.person = {p.lower() for p in lexicon.inflected(lang, lexicon.require(d, "person_nouns", list, lang, "metrics"))}
        self.item_re = _compile(self.items)
        self.person_re = _compile(self.person)
        self.state_re = _compile(self.states)
        self.launch_re = _compile(lexicon.conjugated(lang, d["launch_lemmas"]))
        self.destroy_re = _compile(d["destroy_words"] + lexicon.conjugated(lang, d["destroy_lemmas"]))
        self.territory_re = _compile(lexicon.inflected(lang, d["territory_words"]))
        self.participation_re = _compile(lexicon.inflected(lang, d["participation_words"]))
        self.event_re = _compile(lexicon.inflected(lang, d["event_words"]))
        #: nouns of captivity: a verb next to them says what befell the captives ("prisoners brought home")
        self.captive = {w.lower() for w in lexicon.inflected(lang, d.get("captive_nouns", []))}


@lru_cache(maxsize=None)
def metric_lexicon(lang: str = "en") -> MetricLexicon:
    return MetricLexicon(lang)


_AND_NEXT = re.compile(r"(?:,\s*|\s+)(?:and|or|while|but)\s+(?:[\w’'\-]+\s+){0,2}$", re.I)


def _before_next_item(after: str) -> str:
    """The figure's own words when another figure follows: "killing one person and injuring six" gives
    "person" to the one — "injuring" belongs to the six."""
    m = _AND_NEXT.search(after)
    if m:
        return after[:m.start()]
    # "погибли 11 мирных жителей, ранены 64": the words after a comma belong to the next count
    c = re.search(r"[,;]\s*(?:[^\W\d_]+\s+){0,2}$", after)
    return after[:c.start()] if c else after


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
             heading: str = "", lead: str = "", lang: str = "en", tally: bool = False,
             lead_first: bool = False) -> Optional[MetricGuess]:
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
    low_after = re.split(r"[,;:]", after.lower().lstrip(" ("), 1)[0]
    # 1. the counted thing: right after the number, or before a list dash
    item = None
    m = lx.item_re.search(low_after) if not lead_first else None
    if m and m.start() <= _offset_of_word(low_after, 4):
        item = m.group(1)
    if item is None and lead:
        m = None
        for m2 in lx.item_re.finditer(lead.lower()):
            m = m2
        if m:
            item = m.group(1)
    if item is None and _FIGURE_OF.search(before):
        # "puts Russian tank losses at 11,279": the thing counted is named before the figure's phrase
        ms = [m for m in lx.item_re.finditer(before.lower()[-40:])]
        if ms and lx.destroy_re.search(before.lower()[-40:][ms[-1].end():]):
            item = ms[-1].group(1)
    person = None
    pm = lx.person_re.search(low_after)
    if pm and pm.start() <= _offset_of_word(low_after, 4) and (item is None or pm.start() < low_after.find(item)):
        person = pm.group(1)
        item = None
    if item is None and person is None and lead and lx.person_re.search(lead.lower()):
        person = lx.person_re.search(lead.lower()).group(1)
    if item is not None:
        cls = lookup(lx.items, item)
        if cls == "area":
            return MetricGuess("territory.control", unit="km2", item_text=item)
        if cls == "events":
            return MetricGuess("event", item_text=item)
        if cls == "settlements":
            if lx.territory_re.search(sentence.lower()):
                return MetricGuess("territory.control", unit="settlements", item_text=item)
            if lx.event_re.search(sentence.lower()):
                return MetricGuess("event", item_text=item)   # "shelled 14 settlements": places attacked
            return None
        if cls == "bombs":   # dropped bombs are an attack; bombs shot down are "other" equipment destroyed
            shot = nearest_verb(lx, left_sentence, sentence[fig_end:]) == "destroy"
            return MetricGuess("equipment.other" if shot else "attack.bombs", item_text=item)
        if cls == "shells":
            return MetricGuess("attack.artillery", item_text=item)
        if cls == "strikes":
            return None
        launched = nearest_verb(lx, left_sentence, sentence[fig_end:] + " " + heading.lower())
        if launched is None and lead and (tally or _TALLY.match(sentence[fig_end:])):
            launched = "destroy"    # "Танки — 3029 (+3)": a list item with a daily increment is a tally of losses
        if cls == "munitions":   # "nearly 200 missiles and drones": a launch of both kinds together
            return MetricGuess("attack.other" if launched == "launch" else "equipment.other", item_text=item) \
                if launched else None
        if cls in _MUNITIONS and launched == "launch":
            return MetricGuess("attack." + cls, item_text=item)
        if launched is None:
            return None   # a count of things nobody lost, destroyed or launched
        return MetricGuess("equipment." + cls, item_text=item)
    if re.match(r"\s*times\b", sentence[fig_end:fig_end + 8], re.I):
        # "the enemy attacked 19 times" counts attacks; "one and a half times" compares
        return MetricGuess("event", item_text="times") if re.search(r"\battack|\bassault|\bstorm|\bshell", sentence[:fig_start], re.I) else None
    if _AGE.search(sentence[max(0, fig_start - 40):fig_start]):
        return None   # "the youngest of those freed was 19"
    # 2. people: the state they are in decides the metric
    bounded = next_start < len(sentence)
    own_after = _before_next_item(after_all) if bounded else after_all
    state = _state(lx, own_after, before, heading, left_sentence)
    rel = _RELATIVE.search(after_all)
    comma = after_all.find(",", rel.end()) if rel else -1
    if state is None and comma > 0:
        state = _state(lx, after_all[comma + 1:], "", "", "")  # "eight residents, who had been taken away, came home"
    elif state is None and rel:
        hits = list(lx.state_re.finditer(after_all[rel.end():].lower()))
        if hits and hits[-1].start() > 0:   # "eight residents who had been taken away had come home": the main verb is last
            state = _pick_state(lx, hits[-1:], True)
    if person is None and state is None:
        return None
    if person is None and state is not None and not _bare_state_after(lx, low_after) and not _figure_of(before, low_after) \
            and not _state_verb_before(lx, before):
        return None
    if state is None and lead and (tally or _TALLY.match(sentence[fig_end:])):
        state = "casualties"       # "Особовий склад — близько 105960 осіб (+710)": the tally's losses
    if state is None:
        # people with no state of their own: only a breakdown ("Of those, 18,744 were volunteers") gives one
        return MetricGuess(UNKNOWN_PERSONNEL, item_text=person or "", person=True, state_found=False)
    return MetricGuess("personnel." + state, item_text=person or "", person=True, state_found=True)


#: a count followed by its daily increment, at most two words between ("105960 осіб (+710)")
_TALLY = re.compile(r"^[^\S\n]*(?:[^\W\d_]+\.?[^\S\n]+){0,2}\([^\S\n]*\+[^\S\n]*\d")
_AGE = re.compile(r"\b(?:youngest|oldest|aged|age of|ages of|years? old)\b[^.;]{0,30}$", re.I)
_RELATIVE = re.compile(r",\s*(?:who|which|whose|where)\b|\b(?:who|whose)\s+(?:was|were|had|has|is)\s+(?!been\s+(?:killed|wounded|injured|captured|freed|returned|deployed))", re.I)
_FIGURE_OF = re.compile(r"(?<![\w])(?:at|to|of|reached|totall?ed|numbered|stood at|was|were|is|are|rose to|climbed to|exceeds?|exceeded|surpassed|passed)\s*$", re.I)


def _figure_of(before: str, low_after: str) -> bool:
    """"put losses … at 6,000", "the toll rose to 35": the figure ends a phrase that named what it counts."""
    return bool(_FIGURE_OF.search(before)) and not re.match(r"\s*(?!(?:from|on|in|over|since|during|by|at|for|to|as|and|or|while|after|more|fewer|less|a|the|this|last)\b)[a-z]", low_after)


def _state_verb_before(lx: MetricLexicon, before: str) -> bool:
    """"killing two", "injuring 11": a state verb right before the number counts people."""
    m = re.search(r"([a-z]+ing|[a-z]+ed)\s*$", before.lower())
    return bool(m and lookup(lx.states, m.group(1)))


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
    """The personnel state nearest to the figure — "the deaths of at least 12,910", "300 soldiers have
    been killed" — looking after it (not inside a relative clause about one of them) and before it
    within its stretch; then the list heading; then anywhere earlier in the sentence."""
    rel = _RELATIVE.search(after)
    if rel:
        after = after[:rel.start()]
    cands = []
    hits_after = list(lx.state_re.finditer(after.lower()))
    if len(hits_after) > 1 and hits_after[0].start() <= _offset_of_word(after, 1) \
            and hits_after[0].group(1).lower() in lx.captive and hits_after[1].start() <= _offset_of_word(after, 4):
        hits_after = hits_after[1:]   # "1,000 prisoners brought home": the verb, not the noun, says what befell them
    hits_before = list(lx.state_re.finditer(before.lower()))
    if hits_after and hits_after[0].start() <= _offset_of_word(after, 2):
        if not (hits_after[0].group(1).lower() in lx.captive and hits_before):
            return _pick_state(lx, hits_after, False)   # "62.4 thousand soldiers killed": the state names the noun
        return _pick_state(lx, hits_before, True)       # "brought home 1,000 prisoners": what befell them
    if hits_after:
        cands.append((hits_after[0].start(), hits_after, False))
    if hits_before:
        cands.append(((len(before) - hits_before[-1].end()) * 1.3, hits_before, True))
    if cands:
        _, hits, last = min(cands, key=lambda c: c[0])
        return _pick_state(lx, hits, last)
    for text, last in ((heading, False), (left_sentence, True)):
        hits = list(lx.state_re.finditer(text.lower()))
        if hits:
            return _pick_state(lx, hits, last)
    return None


def _pick_state(lx: MetricLexicon, hits, last: bool) -> Optional[str]:
    if last and len(hits) > 1 and hits[-1].group(1).lower() in lx.captive \
            and hits[-2].group(1).lower() not in lx.captive:
        hits = hits[:-1]   # "повернула з полону 197 людей": the verb, not "captivity", says what befell them
    m = hits[-1] if last else hits[0]
    word = m.group(1)
    state = lookup(lx.states, word)
    # "lost"/"losses" are generic: a more specific state in the same stretch wins
    if state == "casualties" and word not in ("casualties", "casualty") and " and " not in word and " or " not in word:
        specific = [lookup(lx.states, h.group(1)) for h in hits if lookup(lx.states, h.group(1)) != "casualties"]
        if specific:
            return specific[-1] if last else specific[0]
    return state


_CLAUSE_BREAK = re.compile(r"(?<![\w])(?:that|which|who|whose|when|while|after|before|because|although|though)(?![\w])|[;:]", re.I)


def nearest_verb(lx: MetricLexicon, left: str, right: str) -> Optional[str]:
    """"launch" or "destroy": the nearest such verb to the left of a figure within its clause,
    else to its right ("… 20 drones were shot down")."""
    # "72 drones launched by Russia": a participle right after the counted noun says it first
    head = " ".join(right.lower().split()[:4])
    for kind, rx in (("launch", lx.launch_re), ("destroy", lx.destroy_re)):
        m = rx.search(head)
        if m and re.match(r"[a-z\-]+ed\b|shot\b", m.group(0)) and re.search(r"\b" + re.escape(m.group(0)) + r"\s+(?:by|at|from|over|against|in|on)\b", right.lower()):
            return kind
    breaks = [m for m in _CLAUSE_BREAK.finditer(left)]
    spans = [left[breaks[-1].end():] if breaks else left]
    if breaks and breaks[-1].group(0) == ":":   # "… were destroyed: 660 aircraft, 283 helicopters": the lead-in's verb
        spans.append(left[breaks[-2].end() if len(breaks) > 1 else 0:breaks[-1].start()])
    for span in spans:
        low = span.lower()
        best = None
        for kind, rx in (("launch", lx.launch_re), ("destroy", lx.destroy_re)):
            for m in rx.finditer(low):
                if best is None or m.start() > best[0]:
                    best = (m.start(), kind)
        if best:
            return best[1]
    low_r = right.lower()
    cut = _CLAUSE_BREAK.search(low_r)
    if cut:
        low_r = low_r[:cut.start()]
    first = None
    for kind, rx in (("launch", lx.launch_re), ("destroy", lx.destroy_re)):
        m = rx.search(low_r)
        if m and (first is None or m.start() < first[0]):
            first = (m.start(), kind)
    return first[1] if first else None


def statement_metrics(sentence: str, lang: str = "en") -> list[str]:
    """The metrics of a statement without a figure: territory, participation (both may be said
    in one sentence), or else another event; empty when it is none of these."""
    lx = metric_lexicon(lang)
    low = sentence.lower()
    out = []
    if lx.territory_re.search(low):
        out.append("territory.control")
    if lx.participation_re.search(low):
        out.append("participation")
    if not out and lx.event_re.search(low):
        out.append("event")
    return out
