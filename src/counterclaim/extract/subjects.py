"""Subject side: whose soldiers, tanks or drones a figure counts.

Read, in order, from the figure's own noun phrase ("983 soldiers of the (Russian)
army", "20 Ukrainian drones", "our soldiers"), from the loser of a loss verb or noun
("Ukraine lost …", "the AFU losses amounted to …"), from the side that inflicted
the loss (its opponent lost it), from the launcher of munitions, from the place of
a strike on civilians, and finally from the claimant (a military's loss reports are
about its enemy, its returns and exchanges about its own people). The rules are
shapes of phrases; their words are the language's (``lang/<code>/subjects.json``).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from counterclaim.extract import lexicon
from counterclaim.extract.sides import ENEMY, OPPONENT, OWN, resolve, side_lexicon

#: a capital letter of the Latin, Greek or Cyrillic script (a name starts with one)
_CAP = "[%s]" % re.escape("".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper()))
_NAME = _CAP + r"[\w’'\-]+"
#: munitions that fly to their target: brought down over a place, they are the attacker's, not the place's
_FLYING = {"equipment.uav", "equipment.missiles"}


class _Words:
    """The compiled phrase patterns of one language."""

    def __init__(self, lang: str):
        d = lexicon.load(lang, "subjects")
        sides = lexicon.load(lang, "sides")

        def words(key: str) -> str:
            return lexicon.alternation(lexicon.inflected(lang, lexicon.require(d, key, list, lang, "subjects")))

        def rx(body: str, flags=re.I) -> re.Pattern:
            return re.compile(body, flags)

        art = words("articles")
        opt_art = r"(?:(?:%s)\s+)?" % art
        self.loss = rx(r"(?<![\w])(%s)(?![\w])" % words("loss_words"))
        self.inflict = rx(r"(?<![\w])(%s)(?![\w])" % words("inflict_words"))
        self.launch = rx(r"(?<![\w])(%s)(?![\w])" % words("launch_words"))
        self.subordinate = rx(r"(?<![\w])(?:%s)(?![\w])" % words("subordinators"))
        self.losses_on = rx(r"(?:%s)\s+(?:%s)\s+(%s[\w’'\-]+(?:\s+[\w’'\-]+)?)" % (words("loss_nouns"), words("losses_on"), opt_art))
        self.by_side = re.compile(r"(?i:(?<![\w])(?:%s))\s+((?:[\w’'\-]+\s+){0,2}?(?:%s)\s+(?:[\w\-]+\s+){0,2}?(?i:%s))(?![\w])"
                                  % (words("attacker_before"), _NAME, words("attacker_nouns")))
        self.civilians = rx(r"(?<![\w])(?:%s)(?![\w])" % lexicon.alternation(lexicon.inflected(lang, sides.get("civilian_nouns", []))))
        self.forces = re.compile(r"((?:(?i:%s)\s+)?%s(?:\s+%s)?)\s+(?:[\w\-]+\s+){0,2}?(?i:%s)(?![\w])"
                                 % (art, _NAME, _NAME, words("forces_nouns")))
        self.aimed_at = rx(r"(?<![\w])(?:%s)\s+%s(?:[\w\-’']+\s+){0,3}$" % (words("aimed_at"), opt_art))
        self.target_before = rx(r"(?<![\w])(?:%s)\s+%s(?:[\w\-]+\s+){0,2}$" % (words("target_before"), opt_art))
        self.of_side = rx(r"(?:%s)\s+(?P<own>%s)?(?P<enemy>%s)?\s*$" % (words("of_side"), words("own_after_of"), words("enemy_after_of")))
        self.cost = re.compile(r"(?<![\w])(?i:%s)\s+(%s%s(?:\s+[\w’'\-]+)?)\s*$" % (words("cost_words"), opt_art, _NAME))
        by = words("by")
        self.launched_by = re.compile(r"\s*(?:[\w\-]+\s+){0,4}?(?i:%s)\s+%s((?:(?i:%s)\s+)?%s)"
                                      % (words("launched_by"), r"(?i:%s)\s+" % by if by != lexicon.NEVER else "", art, _NAME))
        self.captivity = rx(r"(?<![\w])(?:%s)(?![\w])" % words("captivity"))
        suffixes = lexicon.require(d, "np_stop_suffixes", list, lang, "subjects")
        ed = "|[a-z]+(?:%s)" % "|".join(map(re.escape, suffixes)) if suffixes else ""
        self.np_stop = rx(r"[,;:.]|(?<![\w])(?:%s%s)(?![\w])" % (words("np_stops"), ed), 0)
        of = words("np_of")
        self.np_of = rx(r"\s*[\w\-’']+(?:\s+[\w\-’']+){0,3}\s+(?:%s)\s+%s\(?[\w\-’']+\)?(?:\s+[\w\-’']+)?" % (of, opt_art)) \
            if of != lexicon.NEVER else None


@lru_cache(maxsize=None)
def _words(lang: str) -> _Words:
    return _Words(lang)


def _first_side(text: str, lang: str) -> Optional[str]:
    hits = [h for h in side_lexicon(lang).find(text) if h[2] not in ("OWN",)]
    return hits[0][2] if hits else None


def _sides_in(text: str, lang: str) -> list[tuple[int, int, str]]:
    return side_lexicon(lang).find(text)


def figure_side(sentence: str, fig_start: int, fig_end: int, next_start: int, metric: str,
                claimant_side: Optional[str], place_country: Optional[str], lang: str = "en") -> tuple[Optional[str], str]:
    """(side, text naming it) of what the figure at ``sentence[fig_start:fig_end]`` counts."""
    after = sentence[fig_end:next_start]
    # 1. inside the figure's noun phrase: "983 soldiers of the (Russian) army", "20 Ukrainian drones"
    W = _words(lang)
    np_end = _np_end(after, W)
    for s, e, side in _sides_in(after[:np_end], lang):
        side = resolve(side, claimant_side)
        if side:
            return side, after[s:e]
    before = sentence[:fig_start]
    # "hundreds of our soldiers", "of the drones" is handled by the breakdown
    m = W.of_side.search(before)
    if m and (m.group("own") or m.group("enemy")):
        return (resolve(OWN, claimant_side) if m.group("own") else resolve(ENEMY, claimant_side)), m.group(0).strip()
    # the clause of the figure ends at a subordinate clause ("… killed when a Russian drone struck …")
    sub = W.subordinate.search(after)
    clause_after = after[:sub.start()] if sub else after
    # 1a. "June had cost Russia about 32,400 casualties": the side a loss cost
    cm = W.cost.search(before[-60:])
    if cm:
        side = resolve(_first_side(cm.group(1), lang), claimant_side)
        if side:
            return side, cm.group(1)
    # 1b. losses "on"/"among" a side: "inflicted losses on Ukrainian troops … amounting to 510"
    for m in W.losses_on.finditer(before):
        side = resolve(_first_side(m.group(1), lang), claimant_side)
        if side:
            return side, m.group(1)
    # 1c. a victim of an attacker named after it: "killed by Ukrainian shelling", "when a Russian drone struck"
    m = W.by_side.search(after)
    if m and metric.startswith(("personnel.", "equipment.")):
        side = resolve(_first_side(m.group(1), lang), claimant_side)
        if side in OPPONENT:
            return OPPONENT[side], m.group(1)
    # 1d. civilians killed or hurt in a place belong to its country
    if metric.startswith("personnel.") and place_country and W.civilians.search(after[:np_end] + " " + before[-30:]):
        return place_country, ""
    # 1e. a side's forces named right before the figure: "puts the Russian grouping … at 600,000 troops"
    fm = list(W.forces.finditer(before))
    if fm and (metric.startswith("personnel.") or metric == "territory.control") and not W.loss.search(before[fm[-1].end():]):
        side = resolve(_first_side(fm[-1].group(1), lang), claimant_side)
        if side:
            return side, fm[-1].group(1)
    # 2. the loser: "Ukraine lost", "the AFU losses", "Russian forces lost", "the enemy lost"
    losers = [m for m in W.loss.finditer(before)]
    if losers and not metric.startswith("attack."):
        lm = losers[-1]
        clause_start = max(before.rfind(";", 0, lm.start()), before.rfind(". ", 0, lm.start()), 0)
        # the loser named right after the loss: "losses of the enemy", "потери противника", "втрати ворога"
        owner = before[lm.end():lm.end() + 40]
        for s, e, side in _sides_in(owner, lang)[:1]:
            side = resolve(side, claimant_side)
            if side and len(owner[:s].split()) <= 2 and not re.search(r"[,;:.]", owner[:s]):
                return side, owner[s:e]
        window = before[clause_start:lm.end()]
        hits = _sides_in(window, lang)
        if hits:
            s, e, side = hits[-1]
            side = resolve(side, claimant_side)
            if side:
                return side, window[s:e]
    # 2a. who gets its people back: "Ukraine brought home 103 soldiers, and Russia got back 103 of its servicemen"
    if metric == "personnel.returned":
        clause = before[max(before.rfind(", and "), before.rfind("; "), before.rfind(". "), 0):]
        hits = [h for h in _sides_in(clause, lang) if h[2] != ENEMY]
        if hits:
            side = resolve(hits[-1][2], claimant_side)
            if side:
                return side, clause[hits[-1][0]:hits[-1][1]]
    # 3. who launched munitions or sent troops: "72 drones launched by Russia", "Russia launched …"
    by = W.launched_by.match(after)
    if by and (metric.startswith("attack.") or metric == "personnel.deployed"):
        side = resolve(_first_side(by.group(1), lang), claimant_side)
        if side:
            return side, by.group(1)
    lm = [m for m in W.launch.finditer(before)]
    if metric.startswith("attack.") or metric == "personnel.deployed" or (metric == "event" and lm):
        # an event is its doer's ("противник завдав 41 удару") when a verb of carrying it out names one;
        # "units repelled 4 attacks" is left to the inflicter rule below
        window = before[:lm[-1].start()] if lm else before
        hits = [h for h in _sides_in(window, lang) if h[2] != OWN]
        if hits:
            side = resolve(hits[-1][2], claimant_side)
            if side:
                return side, window[hits[-1][0]:hits[-1][1]]
    # 4. the inflicter's opponent: "its air defences had destroyed", "our defenders stopped"
    im = [m for m in W.inflict.finditer(before)]
    if im and not metric.startswith("attack."):
        window = before[:im[-1].start()]
        window = window[max(window.rfind("; "), window.rfind(". "), 0):]   # the inflicter is in the verb's clause
        # a side word right after a number describes what was counted ("61 ворожий БпЛА"), not who hit it
        hits = [h for h in _sides_in(window, lang) if not W.target_before.search(window[:h[0]])
                and not re.search(r"\d\s*$", window[:h[0]])]
        if hits:
            side = resolve(hits[-1][2], claimant_side)
            if side and side in OPPONENT:
                return OPPONENT[side], window[hits[-1][0]:hits[-1][1]]
    # 5. any side word after the figure in its clause ("… of them Russian", "in the Ukrainian army")
    for s, e, side in _sides_in(clause_after, lang):
        side = resolve(side, claimant_side)
        if side and metric.startswith("attack.") and W.aimed_at.search(clause_after[:s]):
            # "launched 480 missiles at Ukraine", "flew dozens of missiles into Ukraine": the side aimed at
            # is the target; the attack is its opponent's
            if side in OPPONENT:
                return OPPONENT[side], after[s:e]
            continue
        if side and side != claimant_side or (side and metric in ("personnel.returned",)):
            return side, after[s:e]
    # 6. defaults from the kind of figure
    if metric == "personnel.returned" or metric == "personnel.captured" and W.captivity.search(sentence):
        return claimant_side, ""
    if metric.startswith("personnel.") and place_country and W.civilians.search(sentence):
        return place_country, ""
    if place_country and metric.startswith(("personnel.", "equipment.")) and claimant_side in (None, place_country) \
            and not (metric in _FLYING and claimant_side in OPPONENT):
        return place_country, ""   # damage a side (or a neutral observer) reports on that side's own ground
    if metric.startswith("personnel.") and claimant_side and W.civilians.search(after[:np_end] + " " + before[-30:]):
        return claimant_side, ""   # a side counts its own people hurt; it does not tally the enemy's civilians
    if claimant_side in OPPONENT and (metric.startswith(("personnel.", "equipment.", "attack.")) or metric == "event"):
        return OPPONENT[claimant_side], ""
    hits = [h for h in _sides_in(before, lang) if h[2] not in (OWN, claimant_side)]
    if hits:
        return resolve(hits[-1][2], claimant_side), ""
    return None, ""


def _np_end(after: str, W: _Words) -> int:
    """Where the noun phrase after a number ends: at a verb-like word, clause punctuation or a conjunction."""
    m = W.np_stop.search(after)
    end = m.start() if m else len(after)
    # "of the (Russian) army" belongs to the noun phrase
    m2 = W.np_of.match(after) if W.np_of is not None else None
    if m2 and m2.end() > end:
        end = m2.end()
    return end
