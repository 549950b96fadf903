"""Subject side: whose soldiers, tanks or drones a figure counts.

Read, in order, from the figure's own noun phrase ("983 soldiers of the (Russian)
army", "20 Ukrainian drones", "our soldiers"), from the loser of a loss verb or noun
("Ukraine lost …", "the AFU losses amounted to …"), from the side that inflicted
the loss (its opponent lost it), from the launcher of munitions, from the place of
a strike on civilians, and finally from the claimant (a military's loss reports are
about its enemy, its returns and exchanges about its own people).
"""
from __future__ import annotations

import re
from typing import Optional

from counterclaim.extract.sides import ENEMY, OPPONENT, OWN, resolve, side_lexicon

_LOSS_VERB = re.compile(r"(?<![\w])(lost|lose|loses|losing|suffered|suffer|suffers|losses|loss|casualties|toll)(?![\w])", re.I)
_INFLICT = re.compile(r"(?<![\w])(destroyed|shot down|downed|intercepted|killed|captured|took|taken|repelled|stopped|struck|hit|eliminated|neutrali[sz]ed|inflicted)(?![\w])", re.I)
_LAUNCH = re.compile(r"(?<![\w])(launched|launches|launch|fired|fires|fire|used|sent|dropped|struck|strike)(?![\w])", re.I)


_SUBORDINATE = re.compile(r"(?<![\w])(?:when|while|after|as|because|since|though|although|before|which|who)(?![\w])", re.I)
_LOSSES_ON = re.compile(r"(?:losses|casualties)\s+(?:on|among|to)\s+((?:the\s+)?[\w’'\-]+(?:\s+[\w’'\-]+)?)", re.I)
_BY_SIDE = re.compile(r"(?:\bby|\bwhen\s+(?:a|an|the)?|\bafter\s+(?:a|an|the)?|\bin)\s+((?:[\w’'\-]+\s+){0,2}?(?:[A-Z][\w’'\-]+)\s+(?:[\w\-]+\s+){0,2}?(?:shelling|strikes?|drones?|missiles?|attacks?|fire|bombs?|artillery|forces|troops|units|struck|hit|attacked|shelled))", )


_CIVILIANS = re.compile(r"\b(civilians?|people|persons?|children|child|residents?|passengers?|inhabitants?|women)\b", re.I)
_FORCES = re.compile(r"((?:the\s+)?[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+)?)\s+(?:[\w\-]+\s+){0,2}?(?:grouping|group of forces|troops|forces|army|soldiers|units|contingent|military)\b")
#: a side word right after these is the target or place, not the actor ("a strike on the … Ukrainian city")
_AIMED_AT = re.compile(r"\b(?:at|into|on|against|towards?|across)\s+(?:the\s+)?(?:[\w\-’']+\s+){0,3}$", re.I)
_TARGET_BEFORE = re.compile(r"\b(?:of|on|in|at|near|against|into|over|inside)\s+(?:the\s+)?(?:[\w\-]+\s+){0,2}$", re.I)


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
    np_end = _np_end(after)
    for s, e, side in _sides_in(after[:np_end], lang):
        side = resolve(side, claimant_side)
        if side:
            return side, after[s:e]
    before = sentence[:fig_start]
    # "hundreds of our soldiers", "of the drones" is handled by the breakdown
    m = re.search(r"(?:of|among)\s+(our|their|the enemy's|enemy)\s*$", before, re.I)
    if m:
        word = m.group(1).lower()
        return (resolve(OWN, claimant_side) if word == "our" else resolve(ENEMY, claimant_side) if "enemy" in word else None), m.group(1)
    # the clause of the figure ends at a subordinate clause ("… killed when a Russian drone struck …")
    sub = _SUBORDINATE.search(after)
    clause_after = after[:sub.start()] if sub else after
    # 1a. "June had cost Russia about 32,400 casualties": the side a loss cost
    cm = re.search(r"\bcost(?:s|ing)?\s+((?:the\s+)?[A-Z][\w’'\-]+(?:\s+[\w’'\-]+)?)\s*$", before[-60:])
    if cm:
        side = resolve(_first_side(cm.group(1), lang), claimant_side)
        if side:
            return side, cm.group(1)
    # 1b. losses "on"/"among" a side: "inflicted losses on Ukrainian troops … amounting to 510"
    for m in _LOSSES_ON.finditer(before):
        side = resolve(_first_side(m.group(1), lang), claimant_side)
        if side:
            return side, m.group(1)
    # 1c. a victim of an attacker named after it: "killed by Ukrainian shelling", "when a Russian drone struck"
    m = _BY_SIDE.search(after)
    if m and metric.startswith(("personnel.", "equipment.")):
        side = resolve(_first_side(m.group(1), lang), claimant_side)
        if side in OPPONENT:
            return OPPONENT[side], m.group(1)
    # 1d. civilians killed or hurt in a place belong to its country
    if metric.startswith("personnel.") and place_country and _CIVILIANS.search(after[:np_end] + " " + before[-30:]):
        return place_country, ""
    # 1e. a side's forces named right before the figure: "puts the Russian grouping … at 600,000 troops"
    fm = list(_FORCES.finditer(before))
    if fm and (metric.startswith("personnel.") or metric == "territory.control") and not _LOSS_VERB.search(before[fm[-1].end():]):
        side = resolve(_first_side(fm[-1].group(1), lang), claimant_side)
        if side:
            return side, fm[-1].group(1)
    # 2. the loser: "Ukraine lost", "the AFU losses", "Russian forces lost", "the enemy lost"
    losers = [m for m in _LOSS_VERB.finditer(before)]
    if losers and not metric.startswith("attack."):
        lm = losers[-1]
        clause_start = max(before.rfind(";", 0, lm.start()), before.rfind(". ", 0, lm.start()), 0)
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
    by = re.match(r"\s*(?:[\w\-]+\s+){0,4}?(?:launched|fired|sent|used)\s+by\s+((?:the\s+)?[A-Z][\w’'\-]+)", after)
    if by and (metric.startswith("attack.") or metric == "personnel.deployed"):
        side = resolve(_first_side(by.group(1), lang), claimant_side)
        if side:
            return side, by.group(1)
    if metric.startswith("attack.") or metric == "personnel.deployed":
        lm = [m for m in _LAUNCH.finditer(before)]
        window = before[:lm[-1].start()] if lm else before
        hits = [h for h in _sides_in(window, lang) if h[2] != OWN]
        if hits:
            side = resolve(hits[-1][2], claimant_side)
            if side:
                return side, window[hits[-1][0]:hits[-1][1]]
    # 4. the inflicter's opponent: "its air defences had destroyed", "our defenders stopped"
    im = [m for m in _INFLICT.finditer(before)]
    if im and not metric.startswith("attack."):
        window = before[:im[-1].start()]
        window = window[max(window.rfind("; "), window.rfind(". "), 0):]   # the inflicter is in the verb's clause
        hits = [h for h in _sides_in(window, lang) if not _TARGET_BEFORE.search(window[:h[0]])]
        if hits:
            side = resolve(hits[-1][2], claimant_side)
            if side and side in OPPONENT:
                return OPPONENT[side], window[hits[-1][0]:hits[-1][1]]
    # 5. any side word after the figure in its clause ("… of them Russian", "in the Ukrainian army")
    for s, e, side in _sides_in(clause_after, lang):
        side = resolve(side, claimant_side)
        if side and metric.startswith("attack.") and _AIMED_AT.search(clause_after[:s]):
            # "launched 480 missiles at Ukraine", "flew dozens of missiles into Ukraine": the side aimed at
            # is the target; the attack is its opponent's
            if side in OPPONENT:
                return OPPONENT[side], after[s:e]
            continue
        if side and side != claimant_side or (side and metric in ("personnel.returned",)):
            return side, after[s:e]
    # 6. defaults from the kind of figure
    if metric == "personnel.returned" or metric == "personnel.captured" and re.search(r"\bcaptivity\b", sentence):
        return claimant_side, ""
    if metric.startswith("personnel.") and place_country and re.search(r"\b(civilians?|people|children|residents?|passengers?)\b", sentence, re.I):
        return place_country, ""
    if place_country and metric.startswith(("personnel.", "equipment.")) and claimant_side in (None, place_country):
        return place_country, ""   # damage a side (or a neutral observer) reports on that side's own ground
    if claimant_side in OPPONENT and (metric.startswith(("personnel.", "equipment.", "attack.")) or metric == "event"):
        return OPPONENT[claimant_side], ""
    hits = [h for h in _sides_in(before, lang) if h[2] not in (OWN, claimant_side)]
    if hits:
        return resolve(hits[-1][2], claimant_side), ""
    return None, ""


def _np_end(after: str) -> int:
    """Where the noun phrase after a number ends: at a verb-like word, clause punctuation or 'and'."""
    m = re.search(r"[,;:.]|\b(?:and|were|was|have|has|had|had been|are|is|who|which|that|in|since|on|over|during|while|for|to|from|at|by|against|into|towards?|across|near|around|along|inside|with|after|before|[a-z]+ed)\b", after)
    end = m.start() if m else len(after)
    # "of the (Russian) army" belongs to the noun phrase
    m2 = re.match(r"\s*[\w\-’']+(?:\s+[\w\-’']+){0,3}\s+of\s+(?:the\s+)?\(?[\w\-’']+\)?(?:\s+[\w\-’']+)?", after)
    if m2 and m2.end() > end:
        end = m2.end()
    return end
