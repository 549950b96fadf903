"""Pass 2 of a document: figure claims, one draft per figure that counts something.

For each figure the stages' answers are combined: its metric (metrics.py), who says
it (the attribution governing it), its place, whose losses (subjects.py), its period,
its qualifier (a list heading's "approximately" applies to the list). Elliptical
figures ("307 returned on Saturday and 303 on Sunday", "2,746 of them") take what
they leave out from the figure they continue.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import islice
from typing import Optional

from counterclaim.extract import breakdown, dates as dates_mod, figures_lexicon, lexicon
from counterclaim.extract.lang import get_language
from counterclaim.extract.actors import registry
from counterclaim.extract.attribution import Memory, best_for, resolve_actor
from counterclaim.extract.context import (SentenceInfo, _ELLIPSIS, _INCLUDING_END, _LOCATIVE, day_of,
                                          _OF_BREAKDOWN, _THERE, author_actor, cumulative, heading_qualifier)
from counterclaim.extract.figures import Figure
from counterclaim.extract.metrics import MetricGuess, classify, lookup, metric_lexicon, nearest_verb
from counterclaim.extract.places import PlaceMention
from counterclaim.extract.sides import OPPONENT, resolve as resolve_side, side_lexicon
from counterclaim.extract.subjects import figure_side

_ARTICLE_ITEM = re.compile(r"(?<![\w])(a|an)\s+((?:[\w\-’']+\s+){0,4}?)(?=[\w\-]+(?:\s|[,.;]|$))", re.I)
_OF_PARENT = re.compile(r"^\s*of\s+(?:them|whom|those|these|which|the\s+([\w\-]+(?:\s+[\w\-]+)?))\b", re.I)
_FIGURE_AT = re.compile(r"\b(?:the|its|their)\s+(?:figure|number|tally|total|count|estimate)\s+(?:at|to)\s*$", re.I)
_MORE_THAN_BEFORE = re.compile(r"^\s*(?:more|fewer|less)\s+than\s+(?:a\s+day|the\s+(?:previous|day)|yesterday)", re.I)
_LOCAL_OFFICIAL = re.compile(r"\b(?:governor|mayor|council|administration|regional|city|local|municipal|oblast|district|police|emergency)\b", re.I)
_SPEAKS = re.compile(r"^(?:'s)?\s*(?:[\w]+\s+){0,1}(?:said|says|say|claims|claimed|reported|announced|insists|denies|denied|puts|put|estimates|estimated|believes|believed)\b")
_PART_AHEAD = re.compile(r"\b(?:of them|of these|of those|of which|including)\b", re.I)
_LOSS_LIST = re.compile(r"\b(?:lost|lose|losses|destroyed|destroying|downed|downing|shot\s+down|shooting\s+down|amounted\s+to)\b", re.I)


#: how many earlier figures a figure that leaves out its place, side or incident date looks back
#: over for the same claimant's: a reader's memory of the story, and what keeps a document's cost
#: linear in its length (no ordinary story holds this many figures)
_LOOKBACK = 64


def _recent(drafts):
    """The document's latest drafts, newest first, as far back as a reader's memory reaches."""
    return islice(reversed(drafts), _LOOKBACK)


@lru_cache(maxsize=None)
def _part_cues(lang: str) -> tuple:
    """The language's "of them" phrases after a count ("73 из них") and before it ("з них збито 61")."""
    words = lexicon.load(lang, "cues").get("part_of_them", [])
    if not words:
        return None, None
    alt = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    # group 1 never takes part: such a phrase names no noun ("of the tanks" does, in English's own rule)
    return (re.compile(r"^\s*(?:%s)(?![\w])((?!))?" % alt, re.I),
            re.compile(r"(?<![\w])(?:%s)[\s,]+(?:[^\W\d_]+\s+){0,2}((?!))?$" % alt, re.I))


@lru_cache(maxsize=None)
def _and_gap(lang: str) -> re.Pattern:
    words = lexicon.load(lang, "cues").get("and_words", ["and", "or"])
    alt = "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
    return re.compile(r"^[^\d.;!?]{0,60}?(?:,\s*|\s+)(?:%s)\s+$|^[^\d.;!?]{0,80}?,\s*$|^[^\d.;!?]{1,60}?\s[-‒–—]\s*$" % alt, re.I)


def _elliptic_gap(gap: str, lang: str) -> bool:
    """The words between two counts leave the second's noun out: "… and 2,700", ", «Восток» - до 140"."""
    return bool(_ELLIPSIS.match(gap) or _and_gap(lang).match(gap))


@lru_cache(maxsize=None)
def _more_words(lang: str):
    words = lexicon.load(lang, "cues").get("more_before", [])
    return re.compile(r"(?<![\w])(?:%s)\s*$" % "|".join(map(re.escape, words)), re.I) if words else None


def _more_before(left: str, lang: str) -> bool:
    """"ще 19", "ещё 12": a count that adds to the previous one and counts the same thing."""
    rx = _more_words(lang)
    return bool(rx and rx.search(left))


def _part_of_them(text: str, f, lang: str):
    """A count that is a part of the previous one by the language's "of them" words, after or before it."""
    after, before = _part_cues(lang)
    if after is None:
        return None
    return after.match(text[f.end:]) or before.search(text[max(0, f.start - 50):f.start])


def _masked(text: str, lang: str) -> str:
    """The sentence with claimant names blanked, so that "Prisoners of War" in an office's name
    is not read as the state of the figures it reports."""
    chars = list(text)
    for a, b, _ in registry(lang).find(text):
        if " " in text[a:b]:
            chars[a:b] = " " * (b - a)
    return "".join(chars)


def _bare_items(text: str, figs: list, lang: str) -> list:
    """In a list of losses of a language without articles, a bare singular item between the counts
    counts one ("потерял до 230 военнослужащих, танк, три боевые бронированные машины")."""
    singular = get_language(lang).singular
    lx = metric_lexicon(lang)
    if singular is None or not figs or not lx.destroy_re.search(text):
        return figs
    conj = figures_lexicon._lexicon(lang).conj
    out = list(figs)
    for m in lx.item_re.finditer(text, figs[0].end):
        if any(f.start <= m.start() < f.end + 1 for f in figs) or any(0 <= m.start() - f.end <= 3 for f in figs):
            continue                               # the item of a count of its own
        before = text[:m.start()].rstrip()
        words = before.split()
        if not (before.endswith(",") or (words and words[-1].lower() in conj)):
            continue
        if re.match(r"[^,;:]{0,40}?(?:\s[‒–—-]\s|[‒–—])", text[m.end(1):]):
            continue                               # "средств ПВО — 1 229", "БПЛА … уровня — 72 611": a label
        number = next((n for n in map(singular, m.group(1).split()) if n is not None), None)
        if not number or lookup(lx.items, m.group(1)) in ("events", "area", "settlements", "strikes"):
            continue
        out.append(Figure(start=m.start(), end=m.end(1), num_start=m.start(), num_end=m.end(1), text=m.group(1),
                          low=1, high=1, implied=True))
    return sorted(out, key=lambda f: f.start)


def _article_figures(text: str, figs: list, lang: str) -> list:
    """In a list of losses, "a tank" and "an armoured combat vehicle" count one each."""
    figs = _bare_items(text, figs, lang)
    if not figs or not _LOSS_LIST.search(text):
        return figs
    lx = metric_lexicon(lang)
    out = list(figs)
    first = figs[0].start
    for m in _ARTICLE_ITEM.finditer(text):
        if m.start() < first or any(f.start <= m.start() < f.end for f in figs):
            continue
        before = text[:m.start()].rstrip()
        after_item = text[m.end():m.end() + 80]
        if not (before.endswith(",") or before.lower().endswith(" and")
                or (_LOSS_LIST.search(before[-30:]) and re.search(
                    r"\band\s+(?:\w+\s+)?(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b", after_item))):
            continue   # "destroying a Mi-8 helicopter", or "shot down a Su-25 and 143 drones"
        rest = text[m.end(1):m.end(1) + 60].lower()
        item = lx.item_re.search(rest)
        if item is None or item.start() > 40 or "," in rest[:item.start()]:
            continue
        if lookup(lx.items, item.group(1)) in ("events", "area", "settlements", "strikes", "shells", "bombs"):
            continue   # "an assault brigade" is no item lost
        out.append(Figure(start=m.start(), end=m.end(1), num_start=m.start(), num_end=m.end(1), text=m.group(1),
                          low=1, high=1))
    return sorted(out, key=lambda f: f.start)


def _figure_drafts(doc, info: SentenceInfo, infos, drafts, last_place, published) -> None:
    s = info.sentence
    text = s.text
    lang = s.lang or doc.lang
    if not info.figures or info.sdoc is None and not info.lead or s.asked:   # a reporter's question claims nothing
        loc = [p for p in info.places if p.kind != "country" or _LOCATIVE.search(text[:p.start])]
        if loc:
            last_place[s.paragraph] = loc[-1]
        return
    figs = _article_figures(text, list(info.figures), lang)
    masked = _masked(text, lang)
    claimant, rank, attributed = info.claimant, info.rank, info.attributed
    table = _table_row(info, lang)
    prev_end = 0
    new_drafts = []
    for k, f in enumerate(figs):
        next_start = figs[k + 1].start if k + 1 < len(figs) else len(text)
        heading = info.heading or (table["lead"] if table else "")
        if table:
            prev_end = max(prev_end, text.rfind("|", 0, f.start) + 1)
        lead, inline_heading = info.lead, ""
        if not lead and not table:
            lead, inline_heading = _inline_item(text, figs, k)
            heading = heading or inline_heading
        if f.implied:
            lead = text[f.start:f.end]      # the bare noun is both the count and what it counts
        guess = classify(masked, f.start, f.end, prev_end, next_start, heading=heading, lead=lead, lang=lang,
                         tally=info.tally, lead_first=f.implied)
        prev = new_drafts[-1] if new_drafts else None
        gap = text[prev[0].fig_end - s.start:f.start] if prev else ""
        earlier = drafts[-1] if drafts else None
        if f.zero:
            guess = _zero_guess(text, f) or guess
        if guess is None and f.increment and prev:
            guess = prev[1]["guess"]
        elliptic = prev is not None and (_elliptic_gap(gap, lang) and (not re.match(r"\s*[^\W\d_A-Z]{3,}", text[f.end:])
                                                                  or re.match(r"\s*(?:on|in|over|during|at|for|[a-z]+ed(?=\s*(?:,|;|\.|and\b|or\b|by\b|$)))\b", text[f.end:])
                                                                  or (guess is not None and not guess.item_text))
                                         or _INCLUDING_END.search(gap))
        if elliptic and (guess is None or (not guess.item_text and prev[1]["guess"].metric.startswith("equipment."))):
            guess = prev[1]["guess"]   # "307 returned on Saturday and 303 on Sunday", "158 damaged … 533 captured"
        if guess is None and k + 1 < len(figs) and re.fullmatch(r"\s+(?:out\s+)?of\s+", text[f.end:figs[k + 1].start]):
            # "shot down 48 of 72 drones": the part counts what the whole counts, with its own verb
            whole = classify(masked, figs[k + 1].start, figs[k + 1].end, f.end, figs[k + 2].start if k + 2 < len(figs) else len(text),
                             heading=heading, lead=info.lead, lang=lang)
            if whole is not None:
                guess = whole
                guess = _retyped(whole, text[:f.start], "", lang)
        if guess is None and prev is not None and re.search(r"\b(?:adding|plus|up by|an increase of)\s*$", text[:f.start]):
            guess = prev[1]["guess"]   # "… 1,050,000 personnel, adding 1,020 over the past day"
        if prev is not None and re.match(r"\s+(?:more|others)\b(?!\s+[a-z]+s\b)", text[f.end:]) \
                and (guess is None or not (guess.item_text or guess.state_found)
                     or (guess.person and prev[1]["guess"].metric.startswith(("equipment.", "attack.")))):
            guess = _retyped(prev[1]["guess"], text[:f.start], text[f.end:], lang)   # "…, while 20 others were lost"
            elliptic = True
        of_parent = _OF_PARENT.match(text[f.end:]) or _part_of_them(text, f, lang)
        if of_parent and earlier is not None:
            noun_guess = _of_noun_guess(of_parent.group(1), drafts, lang)
            parent_guess = noun_guess or earlier[1]["guess"]
            if guess is None or (guess.person and not guess.state_found) or (guess.person and not parent_guess.person):
                # "2,746 of them", "two of the tanks", "49 of them in the … direction"; a part has its own verb:
                # "launched 72 drones; air defences shot down 48 of them" counts drones destroyed
                guess = _retyped(parent_guess, text[:f.start], text[f.end:], lang)
        if guess is None and prev is not None and (gap.rstrip().endswith(":") or _more_before(text[:f.start], lang)):
            # "збито 61 ворожий БпЛА: 42 збито …, ще 19 — локаційно втрачені": parts after a colon, or "another 19"
            guess = _retyped(prev[1]["guess"], text[:f.start], text[f.end:], lang)
        if guess is None and prev is not None and len(gap) <= 80 and re.search(
                r"(?:^|\b(?:up|down|rising|falling|compared with|against|versus))\s*from\s+(?:the\s+|a\s+)?$", gap):
            guess = prev[1]["guess"]   # "raised the number of wounded to 119 from the 117"
        if guess is None and earlier is not None and not figs[:k] and len(text.split()) <= 8 and not info.lead \
                and earlier[0].sent_index == s.index - 1 and not re.match(r"\s*[a-z]{3,}", text[f.end:]):
            guess = earlier[1]["guess"]   # "… held 1,300 km² of Kursk oblast. Now it's maybe 200."
            of_parent = of_parent or "ellipsis"
        if guess is None and earlier is not None and _FIGURE_AT.search(text[:f.start]):
            guess = earlier[1]["guess"]   # "put the figure at 10,425"
        increment = f.increment
        if guess is None and earlier is not None and _MORE_THAN_BEFORE.match(text[f.end:]):
            guess, increment = earlier[1]["guess"], True   # "five more than a day earlier"
        if guess is not None and re.match(r"\s*of\s+(?:its|their|his|her|our|the\s+\w+est\b|the\s+most\b)", text[f.end:]) and f.low == f.high == 1 and not f.text[:1].isdigit():
            guess = None   # "one of its vehicles": an instance, not a count
        if guess is not None and not breakdown.plausible(guess.metric, f.high):
            guess = None
        if guess is not None and f.start <= 1 and re.match(r"[.)]\s+[A-Z]", text[f.end:f.end + 3]):
            guess = None   # "4. WHAT WE RECOMMEND": a numbered heading
        prev_end = f.end
        if guess is None:
            continue
        # who says it: the attribution governing the figure's token, else the sentence's
        fig_claimant, fig_rank, fig_stated = claimant, rank, info.stated_on
        tok_i = None
        if table and table["claimant"] is not None:
            fig_claimant, fig_rank = table["claimant"]
        elif info.attrs and info.sdoc is not None:
            tok_i = next((t.i for t in info.sdoc if t.idx >= f.num_start), None)
            a = best_for(info.attrs, tok_i)
            if a is not None:
                fig_claimant, fig_rank = a.actor, a.rank
                fig_stated = info.attr_dates.get(id(a), info.stated_on)
            elif any(tok_i in x.excluded for x in info.attrs):
                fig_claimant, fig_rank = None, 0   # "X denies it, although thousands were killed": the writer's
        if fig_claimant is None and not any(tok_i in x.excluded for x in info.attrs):
            before_here = [x for x in infos if x.sentence.index < s.index and x.sentence.paragraph == s.paragraph and x.attributed]
            if before_here and (not s.user or (before_here[-1].sentence.part == s.part
                                                and not _FIRST_PERSON.search(text))):
                fig_claimant, fig_rank = before_here[-1].claimant, before_here[-1].rank
        if fig_claimant is None:
            fig_claimant, attributed = author_actor(doc, s), False
        else:
            attributed = True
        cside = fig_claimant.side
        # where
        place = None
        if _THERE.search(text[f.end:f.end + 60]) and last_place:
            place = max(last_place.items())[1]   # "took 983 soldiers prisoner there"
        place = place or _nearest_place(info, f, text, next_start)
        own_place = place is not None
        if place is None and not s.user and s.paragraph in last_place and not _OF_BREAKDOWN.match(text):
            place = last_place[s.paragraph]
        if place is None and not s.user:
            place = _claimant_place(drafts, fig_claimant) or (_lede_place(infos[:s.index + 1]) if s.paragraph <= 2 else None)
        if place is not None and not own_place and dates_mod.war_scope(text, info.dates, lang):
            place = _country_of(place)   # a place carried from an earlier sentence: a war total is the country's
        elif place is not None:
            last_place[s.paragraph] = place
        place_country = place.key.split("-")[0] if place is not None and place.key else None
        if cside is None and fig_claimant.key is None and place_country and _LOCAL_OFFICIAL.search(fig_claimant.text or ""):
            fig_claimant = fig_claimant.__class__(text=fig_claimant.text, key=None, side=place_country)
            cside = place_country   # a governor or a city administration speaks for its country
        # whose
        side, how = None, ""
        if info.heading:
            side = _heading_side(info.heading, cside, lang)
        elif table:
            side = side_lexicon(lang).side_of_phrase(table["lead"])
        if side is None:
            side, how = figure_side(text, f.start, f.end, next_start, guess.metric, cside, place_country, lang)
            if f.zero and not how:
                side = cside or side   # "no one was hurt", said by the side that was attacked
            elif not how and prev and prev[0].subject_side and (_elliptic_gap(gap, lang) or elliptic):
                side = prev[0].subject_side   # "46,000 Ukrainian soldiers … killed and some 380,000 wounded"
            elif not how and (of_parent or _FIGURE_AT.search(text[:f.start]) or increment and not f.increment) and earlier:
                side = earlier[0].subject_side
            elif not how:
                side = _topic_side(drafts, guess.metric, fig_claimant) or side
        # when
        stated_on = fig_stated
        period = _period(info, f, text, stated_on, day_of(published), lang) if not table else _combine(dates_mod.find_dates(table["period"], stated_on, lang), stated_on)
        if increment:
            period = (stated_on, stated_on, "+")
        elif period == (None, None, None) and prev is not None and prev[0].period[0] and not f.increment and not prev[0].increment:
            period = (prev[0].period[0], prev[0].period[1], prev[1]["period_text"])   # the list's own period
        elif period == (None, None, None) and info.tally and stated_on and not f.increment:
            period = (dates_mod.WAR_START, stated_on, "tally")     # a running tally counts from the war's start
        elif period == (None, None, None) and info.scope and not cumulative(text, lang) and not f.increment:
            period = info.scope                                      # the report's opening "за прошедшие сутки"
        elif period == (None, None, None) and info.daily_report and stated_on and not cumulative(text, lang):
            period = (dates_mod.shift_day(stated_on, -1), stated_on, "daily report")
        elif info.heading and period == (None, None, None):
            hd = dates_mod.find_dates(info.heading, stated_on, lang)
            period = _combine(hd, stated_on)
        if period == (None, None, None) and _SINCE_UNDATED.search(text):
            period = (None, stated_on, _SINCE_UNDATED.search(text).group(0))   # "since the start of combat actions"
        if period == (None, None, None) and guess.metric in _INCIDENT_METRICS and _INCIDENT.search(text):
            period = _incident_period(drafts, fig_claimant, infos, s, stated_on, lang)
        qualifier = f.qualifier
        if info.heading_qualifier and qualifier == "exact":
            qualifier = info.heading_qualifier
        elif inline_heading and qualifier == "exact":
            qualifier = heading_qualifier(inline_heading, lang) or qualifier   # "… ориентировочно составили: …"
        if qualifier == "exact" and re.search(r"\b(about|around|approximately|some|roughly|nearly)\s*$", text[:f.start], re.I):
            qualifier = "approx"
        if qualifier == "exact" and prev is not None and ((elliptic and not _INCLUDING_END.search(gap))
                                                          or (f.increment and re.match(r"^\s*\(?\s*$", gap))) \
                and prev[1]["qualifier"] in ("approx", "at_least", "at_most"):
            qualifier = prev[1]["qualifier"]   # "About 300 … killed and 2,700 wounded", "about 900,800 (+1,330)"
        d = breakdown.Draft(idx=len(drafts), sent_index=s.index, paragraph=s.paragraph, metric=guess.metric,
                            low=f.low, high=f.high, fig_start=s.start + f.start, fig_end=s.start + f.end,
                            before=text[prev_end_for(figs, k):f.start], after=text[f.end:next_start],
                            subject_side=side, claimant_key=fig_claimant.key, claimant_side=cside,
                            period=(period[0], period[1]), is_total=breakdown.is_total(text[:f.start], text[f.end:], lang),
                            increment=increment, person=guess.person, sentence_first=(k == 0))
        extra = {"guess": guess, "figure": f, "claimant": fig_claimant, "rank": fig_rank, "attributed": attributed,
                 "place": place, "qualifier": qualifier, "stated_on": stated_on, "period_text": period[2], "sentence": s,
                 "unit": guess.unit or f.unit, "item": bool(info.lead), "sentence_figures": figs,
                 "headline": s.index == 0 and (bool(doc.title) and doc.text.startswith(doc.title) or _headline_shape(doc, s))}
        drafts.append((d, extra))
        new_drafts.append((d, extra))
    if not new_drafts:
        loc = [p for p in info.places if p.kind != "country" or _LOCATIVE.search(text[:p.start])]
        if loc:
            last_place[s.paragraph] = loc[-1]


def _retyped(guess, left: str, right: str, lang: str):
    """Drones or missiles counted by another figure's words, launched or destroyed by this one's verb."""
    kind, _, typ = guess.metric.partition(".")
    if kind not in ("attack", "equipment") or typ not in ("uav", "missiles"):
        return guess
    verb = nearest_verb(metric_lexicon(lang), left, right)
    kind = "equipment" if verb == "destroy" else "attack" if verb == "launch" else kind
    return MetricGuess(kind + "." + typ, item_text=guess.item_text)


def _of_noun_guess(noun: Optional[str], drafts, lang: str):
    """"two of the tanks", "Fifteen of the wounded": the part counts what the noun names, as the
    latest figure of that kind did."""
    if not noun:
        return None
    lx = metric_lexicon(lang)
    for word in noun.lower().split():
        state = lookup(lx.states, word)
        if state:
            return MetricGuess("personnel." + state, item_text=noun, person=True, state_found=True)
        cls = lookup(lx.items, word)
        if cls:
            for d, x in _recent(drafts):
                if d.metric.endswith("." + cls):
                    return x["guess"]
    return None


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|my|me|we|our|us|lol|imo)\b")
_INCIDENT_METRICS = {"personnel.killed", "personnel.wounded", "personnel.casualties", "attack.missiles", "attack.uav",
                     "attack.bombs", "attack.artillery", "attack.other"}
_INCIDENT = re.compile(r"\b(?:strikes?|attacks?|shelling|explosions?|blasts?|raids?|bombardment|struck|hit|shelled|debris|wounded|injured|killed|killing)\b", re.I)
_THAT_INCIDENT = re.compile(r"\b(?:that|this|the same)\s+(?:attack|strike|shelling|raid|bombardment|explosion)\b", re.I)
_SINCE_UNDATED = re.compile(r"\bsince the (?:start|beginning|outset) of [\w\s\-]{3,40}?(?=[,.;]|$)", re.I)


def _incident_period(drafts, claimant, infos, s, stated_on, lang) -> tuple:
    """The day of the incident a casualty figure belongs to: "in that attack" → the day named just
    before; else the same claimant's last incident figure; else the story's opening date; else the
    day it was said."""
    if _THAT_INCIDENT.search(s.text):
        for info in reversed([i for i in infos[max(0, s.index - 2):s.index] if s.index - 2 <= i.sentence.index < s.index]):
            days = [m for m in info.dates if m.kind == "point" and m.start_date and len(m.start_date) == 10]
            if days:
                return (days[-1].start_date, days[-1].start_date, days[-1].text)
    for d, x in _recent(drafts):
        c = x["claimant"]
        if d.metric in _INCIDENT_METRICS and d.period[0] and ((claimant.key and c.key == claimant.key)
                                                               or (claimant.text and c.text == claimant.text)):
            return (d.period[0], d.period[1], x["period_text"])
    for info in infos[:4]:
        lede = [m for m in info.dates if m.kind in ("point", "window") and m.start_date and len(m.start_date) == 10]
        if lede and not info.sentence.user:
            return (lede[0].start_date, lede[0].end_date or lede[0].start_date, lede[0].text)
    return (stated_on, stated_on, None) if stated_on else (None, None, None)


def _headline_shape(doc, s) -> bool:
    """A first paragraph of one short line without a closing stop is a headline, whatever the title says."""
    line = doc.text[s.start:doc.text.find("\n", s.start) if "\n" in doc.text[s.start:] else len(doc.text)]
    return s.paragraph == 0 and len(line) <= 160 and line.rstrip()[-1:] not in ".!?\"”’)" and s.end >= s.start + len(line.rstrip())


def _country_of(place: PlaceMention) -> Optional[PlaceMention]:
    """The country a carried region or town lies in (its ISO prefix), or None when it has no key."""
    if place.kind == "country" or not place.key:
        return place if place.key else None
    return PlaceMention(start=place.start, end=place.end, text=place.key.split("-")[0], key=place.key.split("-")[0],
                        kind="country")


def _claimant_place(drafts, claimant):
    """Where the same claimant's last figure in the document was, for a figure that names no place."""
    for d, x in _recent(drafts):
        c = x["claimant"]
        if x["place"] is not None and ((claimant.key and c.key == claimant.key) or (claimant.text and c.text == claimant.text)):
            return x["place"]
    return None


def _lede_place(infos):
    """The place the story opens with: the first region or town of its first sentences."""
    for info in infos[:4]:
        for p in info.places:
            if p.kind != "country" and not _SPEAKS.match(info.sentence.text[p.end:]):
                return p
    return None


def _topic_side(drafts, metric: str, claimant) -> Optional[str]:
    """Whose losses the same claimant was last talking about, for a figure that names no side."""
    fam = metric.split(".")[0]
    for d, x in _recent(drafts):
        same = (claimant.key and x["claimant"].key == claimant.key) or (claimant.text and x["claimant"].text == claimant.text)
        if same and d.metric.split(".")[0] == fam and d.subject_side:
            return d.subject_side
    if claimant.side not in OPPONENT:   # an observer (UK, ISW, the UN) counts the side the story is about
        for d, _ in _recent(drafts):
            if d.metric.split(".")[0] == fam and d.subject_side:
                return d.subject_side
    return None


def _table_row(info: SentenceInfo, lang: str) -> Optional[dict]:
    """A row of a text table ("Indicator | Source | Figure | Period"): its lead cell, claimant and period."""
    if not info.table_header or "|" not in info.sentence.text:
        return None
    cells = [c.strip() for c in info.sentence.text.split("|")]
    cols = info.table_header
    row = {"lead": cells[0], "claimant": None, "period": ""}
    for name, cell in zip(cols, cells):
        if name in ("source", "claimant", "according to", "by", "who"):
            actor, rank = resolve_actor(cell, Memory(), lang)
            if actor is not None:
                row["claimant"] = (actor, rank)
        elif name in ("period", "date", "as of", "when", "dates"):
            row["period"] = cell
    return row


_INLINE_ITEM = re.compile(r"(?:^|[,;:])\s*(?P<label>[^,;:\d()]{2,60}?)\s*(?:[‒–—]|\s-)\s*$")


def _inline_item(text: str, figs, k) -> tuple[str, str]:
    """"составили: личного состава — около 1 132 260 (+1 010) человек, танков — 11 279 (+5) ед., …":
    a list written inside one sentence; each count's label is its lead, the words before the colon
    its heading."""
    f = figs[k]
    m = _INLINE_ITEM.search(text, prev_end_for(figs, k), f.start)
    if not m:
        return "", ""
    colon = text.rfind(":", 0, f.start)
    return m.group("label"), (text[:colon + 1] if colon >= 0 else "")


def prev_end_for(figs, k) -> int:
    return figs[k - 1].end if k > 0 else 0


def _zero_guess(text: str, f):
    low = text[f.start:f.start + 60].lower()
    if re.search(r"\b(killed|dead|died|deaths)\b", low):
        return MetricGuess("personnel.killed", person=True)
    if re.search(r"\b(casualties|hurt|victims)\b", low):
        return MetricGuess("personnel.casualties", person=True)
    if re.search(r"\b(wounded|injured|injuries)\b", low):
        return MetricGuess("personnel.wounded", person=True)
    return None


def _heading_side(heading: str, claimant_side, lang) -> Optional[str]:
    """The side whose losses a list heading counts; a claimant's own name ("the General Staff of the Armed
    Forces of Ukraine has published …") says who speaks, not whose losses."""
    for a, b, _ in registry(lang).find(heading):
        heading = heading[:a] + " " * (b - a) + heading[b:]
    for _, _, side in side_lexicon(lang).find(heading):
        side = resolve_side(side, claimant_side)
        if side:
            return side
    return None


def _nearest_place(info: SentenceInfo, f, text: str, next_start: int = 10 ** 9):
    """The place of a figure: the nearest one named in its sentence, a region or town before a country,
    never one that comes after the next figure ("19 of them over the Moscow region" is the 19's)."""
    best = None
    for p in info.places:
        if p.kind == "country" and not _LOCATIVE.search(text[:p.start]):
            continue
        if _SPEAKS.match(text[p.end:]) or (p.start >= next_start and _PART_AHEAD.search(text[next_start:p.start])):
            continue   # "Kyiv also said": a capital speaking for its government is no place
        dist = p.start - f.end if p.start >= f.end else (f.start - p.end) * 1.5
        if p.kind == "country":
            dist += 400   # a region or town named in the sentence says more than its country
        if best is None or dist < best[0]:
            best = (dist, p)
    if best is None:
        return None
    p = best[1]
    if p.key and "-" in p.key:
        country = p.key.split("-")[0]
        others = [q for q in info.places if q is not p and q.key and q.key.startswith(country + "-") and q.key != p.key
                  and abs(q.start - p.start) <= 40]
        if others and re.search(r"\band\b", text[min(p.end, others[0].end):max(p.start, others[0].start)]):
            return PlaceMention(start=p.start, end=others[0].end, text=text[min(p.start, others[0].start):max(p.end, others[0].end)],
                                key=country, kind="country")   # "in the Murmansk and Irkutsk regions"
    return p


def _period(info: SentenceInfo, f, text: str, stated_on, published, lang: str) -> tuple:
    """The period a figure covers, from the date phrases of its sentence nearest to it (not the one
    dating the statement); windows such as "over the past week" count back from the statement's day."""
    mentions = [m for m in info.dates if m is not info.stated_mention]
    if not mentions:
        return (None, None, None)
    if stated_on and stated_on != published:
        again = dates_mod.find_dates(text, published, lang, stated_on=stated_on)
        mentions = [m for m in again if not (info.stated_mention and m.start == info.stated_mention.start)]
    inside = [(a.start(), a.end()) for a in re.finditer(r"\([^()]*\)", text)]
    own = next(((a, b) for a, b in inside if a <= f.start < b), None)
    mentions = [m for m in mentions if next(((a, b) for a, b in inside if a <= m.start < b), None) == own]
    mentions.sort(key=lambda m: (m.start - f.end) if m.start >= f.end else (f.start - m.end) * 1.2)
    return _combine(mentions[:2], stated_on)


def _combine(mentions, stated_on) -> tuple:
    start = end = text = None
    for m in mentions:
        if m.kind == "since" and start is None:
            start, end, text = m.start_date, end or stated_on, m.text
        elif m.kind in ("range", "window") and start is None and end is None:
            start, end, text = m.start_date, m.end_date, m.text
        elif m.kind == "until" and (end is None or end == stated_on):
            end, text = m.end_date or m.start_date, (text + " " if text else "") + m.text
        elif m.kind in ("point", "same_day") and start is None and end is None:
            start, end, text = m.start_date, m.end_date or m.start_date, m.text
        if start and end:
            break
    return (start, end, text)


