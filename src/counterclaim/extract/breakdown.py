"""Breakdowns: which figures are parts of a total (``part_of``).

Cues are rules of reporting: "Of this number, …", "including …", "N of them / of whom / of the
drones", "Among those freed on Saturday were …", "another N", a later "… in total" that sums the
figures just given, and sub-periods of a stated total ("a total of 1,000 over three days" then
Friday, Saturday, Sunday). The shapes are here; their words are the language's
(``lang/<code>/breakdown.json``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from counterclaim.extract import lexicon



class _Cues:
    """The compiled breakdown cues of one language."""

    def __init__(self, lang: str):
        d = lexicon.load(lang, "breakdown")

        def words(key: str) -> str:
            entries = lexicon.require(d, key, list, lang, "breakdown")
            plain = [e for e in entries if "*" not in e]
            return lexicon.alternation(lexicon.inflected(lang, plain) + [e for e in entries if "*" in e])

        self.opens = re.compile(r"^\W*(?:%s)(?![\w])" % words("opens"), re.I)
        noun = words("n_of_noun")
        self.n_of = re.compile(r"^\s*(?:(?:%s)(?![\w])%s)" % (
            words("n_of"), r"|(?:%s)\s+([\w\-]+(?:\s+[\w\-]+)?)(?![\w])" % noun if noun != lexicon.NEVER else ""), re.I)
        self.of_whole = re.compile(r"\s+(?:%s)\s+" % words("of_whole"), re.I)
        self.including = re.compile(r"(?<![\w])(?:%s)\s*$" % words("including"), re.I)
        self.total = re.compile(r"(?<![\w])(?:%s)(?![\w])" % words("total"), re.I)
        self.total_after = re.compile(r"\W*(?:[\w\-]+\s+){0,3}(?:%s)(?![\w])" % words("total_after"), re.I)
        self.another = re.compile(r"(?<![\w])(?:%s)\s*$" % words("another"), re.I)
        self.includes = re.compile(r"(?<![\w])(?:%s)(?![\w])" % lexicon.alternation(
            lexicon.inflected(lang, [e for e in d.get("includes", []) if "*" not in e])
            + [e for e in d.get("includes", []) if "*" in e]), re.I)


@lru_cache(maxsize=None)
def _cues(lang: str) -> _Cues:
    return _Cues(lang)


@dataclass
class Draft:
    """A figure claim under construction, mutable while the document is read."""
    idx: int                       #: running number in the document
    sent_index: int
    paragraph: int
    metric: str
    low: int
    high: int
    fig_start: int                 #: offsets in the document
    fig_end: int
    before: str                    #: sentence text before the figure
    after: str                     #: sentence text after the figure (to the next figure)
    subject_side: Optional[str]
    claimant_key: Optional[str]
    claimant_side: Optional[str]
    period: tuple = (None, None)
    is_total: bool = False
    increment: bool = False
    part_of: Optional[int] = None  #: idx of the parent draft
    person: bool = False
    sentence_first: bool = False   #: first figure of its sentence


_PLAUSIBLE_PEOPLE = 2_500_000   # no claim of losses, captives or troops in this war reaches it: a population


def plausible(metric: str, high: int) -> bool:
    """Counts of people above any war's scale are populations, not claims."""
    return not (metric.startswith("personnel.") and high > _PLAUSIBLE_PEOPLE)


def _family(metric: str) -> str:
    return metric.split(".")[0] if metric.startswith("personnel.") else metric.split(".")[-1]


def _compatible(child: Draft, parent: Draft) -> bool:
    if child.idx == parent.idx or parent.high < child.high or parent.increment or child.increment:
        return False
    if child.metric.startswith("equipment.") and parent.metric.startswith("attack."):
        return child.metric.split(".")[1] == parent.metric.split(".")[1]   # drones shot down of drones launched
    if child.subject_side and parent.subject_side and child.subject_side != parent.subject_side:
        return False
    cs, ce = child.period
    ps, pe = parent.period
    if cs and ps and ce and pe and not (ps <= cs and ce[:len(pe)] <= pe):
        return False   # "a further 307 on Saturday" is no part of Friday's 390
    return _family(child.metric) == _family(parent.metric)


def link_parts(drafts: list[Draft], lang: str = "en") -> None:
    """Set ``part_of`` on the drafts of one document (in text order)."""
    C = _cues(lang)
    opened_by: dict[int, bool] = {}   # sentence index -> it opens with "Of these" / "Among them"
    for d in drafts:
        if d.sentence_first:
            opened_by[d.sent_index] = bool(C.opens.match(d.before))
    by_idx = {d.idx: d for d in drafts}
    in_sentence: dict[int, list[Draft]] = {}
    position: dict[int, int] = {}   # idx -> place among its sentence's figures
    for d in drafts:
        position[d.idx] = len(in_sentence.setdefault(d.sent_index, []))
        in_sentence[d.sent_index].append(d)
    for i, d in enumerate(drafts):
        same = in_sentence[d.sent_index]
        pos = position[d.idx]
        prev_same_sentence = same[pos - 1] if pos else None   # the figure just before, in the same sentence
        earlier = _recent(drafts, i)
        parent = None
        # "48 of 72 drones": the whole comes right after its part
        nxt = same[pos + 1] if pos + 1 < len(same) else None
        m = C.n_of.match(d.after)
        if nxt is not None and C.of_whole.fullmatch(d.after) and nxt.high >= d.high:
            parent = nxt
        elif m and not d.increment:
            noun = ((m.group(1) if m.re.groups else None) or "").lower()
            parent = next((p for p in earlier if _compatible(d, p) and (not noun or noun.rstrip("s") in (p.after[:40].lower() + " " + p.before[-40:].lower()) or p.sent_index >= d.sent_index - 2)), None)
        # "including 25,200 killed", "killed 34 people, including two children"
        elif C.including.search(d.before[-25:]) and prev_same_sentence:
            parent = next((same[j] for j in range(pos - 1, max(-1, pos - 1 - _LOOKBACK), -1) if _compatible(d, same[j])), None)
        # "(7 Kh-101 cruise missiles and 6 Iskander-M ballistic missiles)" right after "13 missiles"
        elif prev_same_sentence and re.search(r"\(\s*$", d.before) and _compatible(d, prev_same_sentence):
            parent = prev_same_sentence
        # "Of this number, 25,200 …", "Of these, 87 drones and seven missiles …", "Among those freed on Saturday were …"
        elif opened_by.get(d.sent_index):
            cands = [p for p in earlier if p.sent_index < d.sent_index and _compatible(d, p) and p.part_of is None or (p.sent_index < d.sent_index and _compatible(d, p) and _same_period(d, p))]
            pref = [p for p in cands if _same_period(d, p) and d.period[0]]
            # "Of those killed, 14 were children": the opener's own state names which total it breaks down
            named = [p for p in (pref or cands) if p.metric == d.metric]
            parent = (named or pref or cands or [None])[0]
        # a sibling in a list continues the breakdown: "…, 158 damaged, 384 abandoned and 533 captured"
        elif prev_same_sentence and prev_same_sentence.part_of is not None:
            sib = prev_same_sentence
            cand = by_idx.get(sib.part_of)
            if cand is not None and _compatible(d, cand):
                parent = cand
        elif C.another.search(d.before[-12:]):
            # "another 93 drones": a further part of what the latest part of the same kind belongs to
            sib = next((p for p in earlier if p.metric == d.metric and p.part_of is not None
                        and p.sent_index >= d.sent_index - 1), None)
            cand = by_idx.get(sib.part_of) if sib is not None else None
            if cand is not None and _compatible(d, cand):
                parent = cand
        if parent is not None:
            d.part_of = parent.idx
    _unnamed_parts(drafts, C)
    _totals_after_parts(drafts)
    _subperiods_of_totals(drafts)
    _shot_down_of_launched(drafts)


#: how many earlier figures a part looks back over for its total: a reader's memory of the story,
#: and what keeps linking linear in a document's length (no ordinary story holds this many figures)
_LOOKBACK = 64


def _recent(drafts: list[Draft], i: int) -> list[Draft]:
    """The drafts before position ``i``, newest first, as far back as a reader's memory reaches."""
    return drafts[max(0, i - _LOOKBACK):i][::-1]


def _before(drafts: list[Draft], i: int, sentences: int):
    """The drafts before position ``i`` within ``sentences`` sentences of it, newest first."""
    d = drafts[i]
    for j in range(i - 1, max(-1, i - 1 - _LOOKBACK), -1):
        if d.sent_index - drafts[j].sent_index > sentences:
            return
        yield drafts[j]


def _shot_down_of_launched(drafts: list[Draft]) -> None:
    """Drones and missiles shot down are part of the launch they belong to (the spec's convention):
    the latest launch of the same kind by the same claimant, at least as large."""
    for i, d in enumerate(drafts):
        if d.part_of is not None or not d.metric.startswith("equipment.") or d.metric.split(".")[1] not in ("uav", "missiles"):
            continue
        kind = "attack." + d.metric.split(".")[1]
        launch = next((p for p in _before(drafts, i, 3) if p.metric == kind and p.high >= d.high
                       and p.claimant_key == d.claimant_key and not p.increment
                       and (not p.subject_side or not d.subject_side or p.subject_side == d.subject_side)), None)
        if launch is not None:
            d.part_of = launch.idx


def _same_period(a: Draft, b: Draft) -> bool:
    return a.period[0] is not None and a.period == b.period


def _unnamed_parts(drafts: list[Draft], C: _Cues) -> None:
    """"The group included 33 civilians and 51 servicemen": people with no state of their own, in a
    sentence that breaks down a group, are parts of the latest group counted just before."""
    for i, d in enumerate(drafts):
        if d.part_of is not None or d.metric != "personnel.unknown" or not C.includes.search(d.before + " " + d.after[:40]):
            continue
        group = next((p for p in _before(drafts, i, 2) if p.metric.startswith("personnel.")
                      and p.metric != "personnel.unknown" and p.high > d.high and p.part_of is None
                      and (not p.subject_side or not d.subject_side or p.subject_side == d.subject_side)), None)
        if group is not None:
            d.part_of = group.idx
            for sib in drafts[i + 1:i + 1 + _LOOKBACK]:   # "33 civilians and 51 servicemen": the whole list
                if sib.sent_index != d.sent_index:
                    break
                if sib.metric == d.metric and sib.part_of is None and sib.high < group.high:
                    sib.part_of = group.idx


def _totals_after_parts(drafts: list[Draft]) -> None:
    """"About 300 killed and 2,700 wounded … some 3,000 casualties in total": the parts come first."""
    for i, t in enumerate(drafts):
        if not (t.is_total and t.metric == "personnel.casualties"):
            continue
        for p in _before(drafts, i, 2):
            if p.part_of is None and p.metric in ("personnel.killed", "personnel.wounded") and _compatible(p, t):
                p.part_of = t.idx


def _subperiods_of_totals(drafts: list[Draft]) -> None:
    """Figures of the same quantity over sub-periods of a stated total are its parts."""
    for i, t in enumerate(drafts):
        if not t.is_total or not t.period[0] or not t.period[1]:
            continue
        for p in drafts[i + 1:i + 1 + _LOOKBACK]:
            if p.part_of is not None or p.metric != t.metric or not _compatible(p, t):
                continue
            if p.period[0] and p.period[1] and t.period[0] <= p.period[0] and p.period[1] <= t.period[1] and p.period != t.period:
                p.part_of = t.idx


def is_total(before: str, after: str = "", lang: str = "en") -> bool:
    """A figure stated as a total ("a total of 1,000", "some 3,000 casualties in total")."""
    C = _cues(lang)
    return bool(C.total.search(before[-30:]) or C.total_after.match(after[:40]))
