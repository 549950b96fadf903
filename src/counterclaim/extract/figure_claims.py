"""Pass 2 of a document: figure claims, one draft per figure that counts something.

For each figure the stages' answers are combined: its metric (metrics.py), who says
it (the attribution governing it), its place, whose losses (subjects.py), its period,
its qualifier (a list heading's "approximately" applies to the list). Elliptical
figures ("307 returned on Saturday and 303 on Sunday", "2,746 of them") take what
they leave out from the figure they continue.
"""
from __future__ import annotations

import re
from typing import Optional

from counterclaim.extract import breakdown, dates as dates_mod
from counterclaim.extract.attribution import best_for
from counterclaim.extract.context import (SentenceInfo, _ELLIPSIS, _INCLUDING_END, _LOCATIVE, day_of,
                                          _OF_BREAKDOWN, _THERE, author_actor)
from counterclaim.extract.metrics import classify
from counterclaim.extract.sides import resolve as resolve_side, side_lexicon
from counterclaim.extract.subjects import figure_side

def _figure_drafts(doc, info: SentenceInfo, infos, drafts, last_place, published) -> None:
    s = info.sentence
    text = s.text
    lang = doc.lang
    figs = [f for f in info.figures]
    if not figs or info.sdoc is None and not info.lead:
        loc = [p for p in info.places if p.kind != "country" or _LOCATIVE.search(text[:p.start])]
        if loc:
            last_place[s.paragraph] = loc[-1]
        return
    claimant, rank, attributed = info.claimant, info.rank, info.attributed
    prev_end = 0
    new_drafts = []
    for k, f in enumerate(figs):
        next_start = figs[k + 1].start if k + 1 < len(figs) else len(text)
        if f.increment and k > 0:
            lead = info.lead
        else:
            lead = info.lead
        guess = classify(text, f.start, f.end, prev_end, next_start, heading=info.heading, lead=lead, lang=lang)
        prev = new_drafts[-1] if new_drafts else None
        gap = text[prev[0].fig_end - s.start:f.start] if prev else ""
        if guess is None and f.increment and prev:
            guess = prev[1]["guess"]
        if guess is None and f.zero:
            guess = _zero_guess(text, f)
        if guess is None and prev and (_ELLIPSIS.match(gap) and (not re.match(r"\s*[a-z]{3,}", text[f.end:])
                                                               or re.match(r"\s*(?:on|in|over|during|at|for)\b", text[f.end:]))
                                       or _INCLUDING_END.search(gap)):
            guess = prev[1]["guess"]   # "307 returned on Saturday and 303 on Sunday", "…, including 1,690 over the previous day"
        if guess is not None and re.match(r"\s*of\s+(?:its|their|his|her|the|our|them)\b", text[f.end:]) and f.low == f.high == 1 and not f.text[:1].isdigit():
            guess = None   # "one of its vehicles": an instance, not a count
        if guess is not None and not breakdown.plausible(guess.metric, f.high):
            guess = None
        prev_end = f.end
        if guess is None:
            continue
        # who says it: the attribution governing the figure's token, else the sentence's
        fig_claimant, fig_rank = claimant, rank
        if info.attrs and info.sdoc is not None:
            tok_i = next((t.i for t in info.sdoc if t.idx >= f.num_start), None)
            a = best_for(info.attrs, tok_i)
            if a is not None:
                fig_claimant, fig_rank = a.actor, a.rank
        if fig_claimant is None:
            before_here = [x for x in infos if x.sentence.index < s.index and x.sentence.paragraph == s.paragraph and x.attributed]
            if before_here and not s.user:
                fig_claimant, fig_rank, attributed = before_here[-1].claimant, before_here[-1].rank, True
        if fig_claimant is None:
            fig_claimant, attributed = author_actor(doc, s), False
        else:
            attributed = True
        cside = fig_claimant.side
        # where
        place = _nearest_place(info, f, text)
        if place is None and _THERE.search(text) and last_place:
            place = max(last_place.items())[1]
        if place is None and not s.user and s.paragraph in last_place and not _OF_BREAKDOWN.match(text):
            place = last_place[s.paragraph]
        if place is not None:
            last_place[s.paragraph] = place
        place_country = place.key.split("-")[0] if place is not None and place.key else None
        # whose
        side, how = None, ""
        if info.heading:
            side = _heading_side(info.heading, cside, lang)
        elif info.lead and "|" in text:
            side = side_lexicon(lang).side_of_phrase(info.lead)
        if side is None:
            side, how = figure_side(text, f.start, f.end, next_start, guess.metric, cside, place_country, lang)
            if f.zero and not how:
                side = cside or side   # "no one was hurt", said by the side that was attacked
            elif not how and prev and prev[0].subject_side and _ELLIPSIS.match(gap):
                side = prev[0].subject_side   # "46,000 Ukrainian soldiers … killed and some 380,000 wounded"
        # when
        stated_on = info.stated_on
        period = _period(info, f, text, stated_on)
        if f.increment:
            period = (stated_on, stated_on, "+")
        elif info.heading and period == (None, None, None):
            hd = dates_mod.find_dates(info.heading, stated_on, lang)
            period = _combine(hd, stated_on)
        qualifier = f.qualifier
        if info.heading_qualifier and qualifier == "exact":
            qualifier = info.heading_qualifier
        if qualifier == "exact" and re.search(r"\b(about|around|approximately|some|roughly|nearly)\s*$", text[:f.start], re.I):
            qualifier = "approx"
        d = breakdown.Draft(idx=len(drafts), sent_index=s.index, paragraph=s.paragraph, metric=guess.metric,
                            low=f.low, high=f.high, fig_start=s.start + f.start, fig_end=s.start + f.end,
                            before=text[prev_end_for(figs, k):f.start], after=text[f.end:next_start],
                            subject_side=side, claimant_key=fig_claimant.key, claimant_side=cside,
                            period=(period[0], period[1]), is_total=breakdown.is_total(text[:f.start]) or bool(re.match(r"\W*(?:[\w\-]+\s+){0,3}(?:casualties\s+)?in total", text[f.end:f.end + 40], re.I)),
                            increment=f.increment, person=guess.person, sentence_first=(k == 0))
        extra = {"guess": guess, "figure": f, "claimant": fig_claimant, "rank": fig_rank, "attributed": attributed,
                 "place": place, "qualifier": qualifier, "stated_on": stated_on, "period_text": period[2], "sentence": s,
                 "unit": guess.unit or f.unit}
        drafts.append((d, extra))
        new_drafts.append((d, extra))
    if not new_drafts:
        loc = [p for p in info.places if p.kind != "country" or _LOCATIVE.search(text[:p.start])]
        if loc:
            last_place[s.paragraph] = loc[-1]


def prev_end_for(figs, k) -> int:
    return figs[k - 1].end if k > 0 else 0


def _zero_guess(text: str, f):
    from counterclaim.extract.metrics import MetricGuess
    low = text[f.start:f.start + 60].lower()
    if re.search(r"\b(killed|dead|died|deaths)\b", low):
        return MetricGuess("personnel.killed", person=True)
    if re.search(r"\b(casualties|hurt|victims)\b", low):
        return MetricGuess("personnel.casualties", person=True)
    if re.search(r"\b(wounded|injured|injuries)\b", low):
        return MetricGuess("personnel.wounded", person=True)
    return None


def _heading_side(heading: str, claimant_side, lang) -> Optional[str]:
    for _, _, side in side_lexicon(lang).find(heading):
        side = resolve_side(side, claimant_side)
        if side:
            return side
    return None


def _nearest_place(info: SentenceInfo, f, text: str):
    best = None
    for p in info.places:
        if p.kind == "country" and not _LOCATIVE.search(text[:p.start]):
            continue
        dist = p.start - f.end if p.start >= f.end else (f.start - p.end) * 1.5
        if p.kind == "country":
            dist += 40   # a region or town named near the figure says more than its country
        if best is None or dist < best[0]:
            best = (dist, p)
    return best[1] if best else None


def _period(info: SentenceInfo, f, text: str, stated_on) -> tuple:
    mentions = [m for m in info.dates if m is not info.stated_mention]
    if not mentions:
        return (None, None, None)
    if stated_on and stated_on != day_of(info.sentence.part.published if info.sentence.part else None):
        pass
    # the mentions of the figure's own clause: nearest first
    mentions.sort(key=lambda m: (m.start - f.end) if m.start >= f.end else (f.start - m.end) * 1.2)
    near = mentions[:2]
    return _combine(near, stated_on)


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


