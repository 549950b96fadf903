"""Per-document assembly: the stages' findings for each sentence become Claim records.

Pass 1 walks the sentences in order, attributing each (memory of earlier claimants
resolves "it said" and "the statement"); pass 2 builds figure claims and statement
claims; then breakdowns are linked, repeated figures merged ("one claim, once") and
records written with stable ids.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from counterclaim.extract import breakdown, dates as dates_mod, figures as figures_mod, places as places_mod
from counterclaim.extract.actors import registry
from counterclaim.extract.attribution import Attribution, Memory, attributions, best_for
from counterclaim.extract.metrics import UNKNOWN_PERSONNEL, classify, statement_metrics
from counterclaim.extract.segment import Sentence
from counterclaim.extract.sides import OPPONENT, resolve as resolve_side, side_lexicon
from counterclaim.extract.statements import kind_cues
from counterclaim.extract.subjects import figure_side
from counterclaim.records import Actor, Claim, Document, Location, Period, Subject, Value, make_claim_id

_DASH = re.compile(r"\s[‒–—-]\s|:\s")
_HEADER_NOUNS = re.compile(r"\b(report|statement|bulletin|update|summary|briefing|communiqu[eé]|press release)\b", re.I)
_QUAL_RANK = {"exact": 0, "range": 1, "at_least": 2, "at_most": 2, "approx": 3, "vague": 4}
_DATELINE = re.compile(r"[A-Z][A-Z/’' \-]+(?:\s*\([^)]*\))?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b")
_THERE = re.compile(r"\bthere\b", re.I)
_INCLUDING_END = re.compile(r"(?:including|of which|of whom|among them)\s*$", re.I)
_ELLIPSIS = re.compile(r"^[\w\s’'\-]{0,40}?(?:,\s*|\s+)(?:and|or)\s+$|^\s*,\s*$")
_OF_BREAKDOWN = re.compile(r"^\W*(?:of|among)\s+(?:this|these|those|them|whom|the)\b", re.I)
_LOCATIVE = re.compile(r"(?:\b(?:in|inside|across|over|near|around|at|into|from|of|on)\s+(?:the\s+)?(?:[\w’'\-]+\s+){0,3})$", re.I)


@dataclass
class SentenceInfo:
    sentence: Sentence
    figures: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    attrs: list = field(default_factory=list)
    claimant: Optional[Actor] = None
    rank: int = 0
    attributed: bool = False
    stated_on: Optional[str] = None
    stated_mention: object = None
    heading: str = ""
    heading_qualifier: Optional[str] = None
    lead: str = ""
    sdoc: object = None


def _date(iso: Optional[str]) -> Optional[str]:
    return iso[:10] if iso else None


def _place_country(phrase: str) -> Optional[str]:
    for p in places_mod.find_places(phrase):
        if p.key:
            return p.key.split("-")[0]
    return None


def document_claimant(doc: Document, sentences: list[Sentence]) -> Optional[tuple[Actor, int]]:
    """A document that is one claimant's statement (a bulletin, a ministry report) names it in its header."""
    if not sentences or doc.parts:
        return None
    first = sentences[0]
    head = first.text.strip()
    if len(head) > 160:
        return None
    entry = registry(doc.lang).resolve(head)
    if entry is None or entry.rank < 2:
        return None
    hits = registry(doc.lang).find(head)
    starts_with = hits and hits[0][0] <= 4
    alone = hits and (hits[0][1] - hits[0][0]) >= len(head) - 2
    if alone or (starts_with and _HEADER_NOUNS.search(head) and not re.search(r"\b(says|said|claims)\b", head)):
        return Actor(text=head[hits[0][0]:hits[0][1]], key=entry.key, side=entry.side), entry.rank
    return None


def _author_actor(doc: Document, s: Sentence) -> Actor:
    if s.part is not None and s.part.author:
        return Actor(text=s.part.author, key="user:" + s.part.author, side=None)
    return Actor(text=doc.author, key="author", side=None)


def document_claims(doc: Document, sentences: list[Sentence], parsed: dict) -> list[Claim]:
    lang = doc.lang
    published = _date(doc.published)
    infos = _pass_attribution(doc, sentences, parsed, published)
    drafts, statements = [], []
    last_place = {}
    for info in infos:
        _figure_drafts(doc, info, infos, drafts, last_place, published)
    breakdown.link_parts([d for d, _ in drafts])
    drafts = _resolve_breakdown_metrics(drafts)
    for info in infos:
        if not any(x.sent_index == info.sentence.index for x, _ in drafts):
            statements += _statements(doc, info)
    return _finish(doc, infos, drafts, statements)


def _resolve_breakdown_metrics(drafts):
    """Parts that only name people take the metric of their total; people counted with no state
    and no total are no claim; a part's place and period default to its total's."""
    by_idx = {d.idx: (d, x) for d, x in drafts}
    out = []
    for d, x in drafts:
        parent = by_idx.get(d.part_of) if d.part_of is not None else None
        if parent is not None and d.metric.startswith("personnel.") and parent[0].metric.startswith("personnel."):
            pm = parent[0].metric
            if d.metric == UNKNOWN_PERSONNEL or (pm == "personnel.killed" and d.metric not in ("personnel.killed",)) \
                    or (pm == "personnel.wounded" and d.metric != "personnel.wounded"):
                d.metric = pm
        if parent is not None:
            if x["place"] is None:
                x["place"] = parent[1]["place"]
        if d.metric == UNKNOWN_PERSONNEL:
            continue
        out.append((d, x))
    return out


# ---------------------------------------------------------------- pass 1: who speaks, when
def _pass_attribution(doc: Document, sentences, parsed, published) -> list[SentenceInfo]:
    lang = doc.lang
    memory = Memory()
    doc_claimant = document_claimant(doc, sentences)
    infos: list[SentenceInfo] = []
    context_date = published
    heading, heading_q, heading_line = "", None, -1
    for s in sentences:
        info = SentenceInfo(sentence=s, sdoc=parsed.get(s.index))
        info.figures = figures_mod.find_figures(s.text, lang) if info.sdoc is not None or re.search(r"\d", s.text) else []
        base = _date(s.part.published) if s.part is not None and s.part.published else published
        info.places = [p for p in places_mod.find_places(s.text, lang) if not _DATELINE.match(s.text[p.start:])]
        if info.sdoc is not None:
            info.dates = dates_mod.find_dates(s.text, base, lang, context_date=context_date)
            info.attrs = attributions(info.sdoc, memory, lang, places=_place_country)
        else:
            _remember_leading(s.text, memory, lang)
        # list structure: a line ending with ':' heads the lines after it
        stripped = s.text.rstrip()
        if stripped.endswith(":") and not s.user:
            heading, heading_line = s.text, s.line
            heading_q = next((f.qualifier for f in figures_mod.find_figures(s.text + " 1", lang)
                              if f.qualifier in ("approx", "at_least", "at_most")), None)
            heading_q = heading_q or _heading_qualifier(s.text)
        elif s.line > heading_line and heading and _DASH.search(s.text) and s.paragraph == _para_of(infos, heading_line):
            info.heading, info.heading_qualifier = heading, heading_q
            info.lead = _DASH.split(s.text, 1)[0]
        elif "|" in s.text and s.text.count("|") >= 2:
            info.lead = s.text.split("|")[0]
        best = best_for(info.attrs, None)
        if best is not None:
            info.claimant, info.rank, info.attributed = best.actor, best.rank, True
            memory.remember(best.actor, best.rank)
        elif info.sdoc is not None:
            _remember_topic(info.sdoc, memory, lang)
        # stated_on: a date next to the speech verb, else the comment's or the document's date
        info.stated_on = base
        if best is not None and best.token_i is not None and info.dates:
            tok = info.sdoc[best.token_i]
            for m in info.dates:
                if m.kind in ("point", "same_day") and (abs(m.start - (tok.idx + len(tok.text))) <= 4 or
                                                        tok.idx - 40 <= m.start <= tok.idx + len(tok.text) + 30 and _adjacent(info.sdoc, tok, m)):
                    if m.start_date:
                        info.stated_on, info.stated_mention = m.start_date, m
                    break
        for m in info.dates:
            if m.start_date and len(m.start_date) == 10:
                context_date = m.start_date
        infos.append(info)
    _quote_attribution(infos)
    for info in infos:
        if not info.attributed and doc_claimant is not None and not info.sentence.user:
            info.claimant, info.rank, info.attributed = doc_claimant[0], doc_claimant[1], True
    return infos


def _remember_leading(text: str, memory: Memory, lang: str) -> None:
    """Without a parse: a registry claimant that opens a sentence is its topic."""
    hits = registry(lang).find(text[:80])
    if hits and hits[0][0] <= 4:
        entry = registry(lang).entries[hits[0][2]]
        if entry.rank >= 2:
            memory.remember(Actor(text=text[hits[0][0]:hits[0][1]], key=entry.key, side=entry.side), entry.rank)


def _remember_topic(sdoc, memory: Memory, lang: str) -> None:
    """A registry claimant that is the subject of a sentence becomes the referent of a later "it said"."""
    for tok in sdoc:
        if tok.dep_ == "ROOT":
            subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                phrase = "".join(t.text_with_ws for t in subj.subtree).strip()
                entry = registry(lang).resolve(phrase)
                if entry is not None and entry.rank >= 2:
                    memory.remember(Actor(text=phrase, key=entry.key, side=entry.side), entry.rank)
            return


def _heading_qualifier(text: str) -> Optional[str]:
    low = text.lower()
    for word, q in (("approximately", "approx"), ("about", "approx"), ("around", "approx"), ("at least", "at_least"),
                    ("more than", "at_least"), ("up to", "at_most")):
        if re.search(r"\b%s\b" % word, low):
            return q
    return None


def _para_of(infos, line) -> int:
    for i in reversed(infos):
        if i.sentence.line == line:
            return i.sentence.paragraph
    return -1


def _adjacent(sdoc, verb, mention) -> bool:
    """A date mention belongs to the speech verb when it sits in the verb's own clause, not its complement."""
    comp = set()
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "advcl"):
            comp.update(t.idx for t in c.subtree)
    toks = [t for t in sdoc if t.idx >= mention.start and t.idx < mention.end]
    return bool(toks) and not any(t.idx in comp for t in toks)


def _quote_attribution(infos: list[SentenceInfo]) -> None:
    """Sentences inside a quotation take the claimant of the sentence that introduces or closes it."""
    for i, info in enumerate(infos):
        s = info.sentence
        if info.attributed or not s.quoted:
            continue
        same = [j for j in infos if j.sentence.quote_id == s.quote_id and j.attributed]
        later = [j for j in infos[i + 1:i + 4] if j.sentence.paragraph == s.paragraph and j.attributed]
        earlier = [j for j in reversed(infos[max(0, i - 3):i]) if j.sentence.paragraph == s.paragraph and j.attributed]
        src = (same or later or earlier or [None])[0]
        if src is not None:
            info.claimant, info.rank, info.attributed, info.stated_on = src.claimant, src.rank, True, src.stated_on


# ---------------------------------------------------------------- pass 2: figure claims
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
            fig_claimant, attributed = _author_actor(doc, s), False
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
    if stated_on and stated_on != _date(info.sentence.part.published if info.sentence.part else None):
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


# ---------------------------------------------------------------- statements without figures
def _statements(doc: Document, info: SentenceInfo) -> list[dict]:
    """Statement claims of a sentence without figures: one per metric it asserts (territory and
    participation may share a sentence), or one without a metric."""
    s = info.sentence
    text = s.text.strip()
    if not re.search(r"[A-Za-zА-Яа-я]{2}", re.sub(r"https?://\S+", "", text)):
        return []   # a bare URL line is a citation, not a statement
    cues = kind_cues(doc.lang)
    kind = cues.kind(text, info.attributed, s.quoted)
    metrics = statement_metrics(text, doc.lang) if (info.attributed or s.user) else []
    emit = s.user or kind not in ("assertion", "reported") or (info.attributed and (s.quoted or bool(metrics)
                                                                                   or cues.cue_kind(text) is not None))
    if not emit:
        return []
    if kind not in ("reported", "assertion"):
        metrics = []
    claimant = info.claimant if info.attributed else _author_actor(doc, s)
    place = min(info.places, key=lambda p: p.start) if info.places else None
    return [{"sentence": s, "kind": kind, "metric": m, "claimant": claimant,
             "subject": _statement_subject(text, m, claimant.side if claimant else None, doc.lang),
             "place": place, "stated_on": info.stated_on, "rank": info.rank} for m in (metrics or [None])]


def _statement_subject(text: str, metric: Optional[str], claimant_side, lang) -> Optional[str]:
    if metric is None:
        return None
    hits = side_lexicon(lang).find(text)
    if metric == "participation":
        for _, _, side in hits:
            side = resolve_side(side, claimant_side)
            if side and side != claimant_side:
                return side
    for _, _, side in hits:
        side = resolve_side(side, claimant_side)
        if side:
            return side
    return claimant_side


# ---------------------------------------------------------------- records
def _finish(doc: Document, infos, drafts, statements) -> list[Claim]:
    ids: dict[int, str] = {}
    out: list[tuple[int, Claim]] = []
    by_line_urls = _citations(infos)
    kept = _one_claim_once(drafts)
    for d, x in kept:
        s = x["sentence"]
        span = _quote_span(doc, s, x)
        ids[d.idx] = make_claim_id(doc.doc_id, span, (d.fig_start, d.fig_end), d.metric)
    kept_idx = {d.idx for d, _ in kept}
    parents = {d.idx: d for d, _ in drafts}
    for d, x in kept:
        s = x["sentence"]
        span = _quote_span(doc, s, x)
        f = x["figure"]
        parent = d.part_of
        while parent is not None and parent not in kept_idx:
            parent = parents[parent].part_of if parent in parents else None
        place = x["place"]
        if place is None and parent is not None:
            place = next((px["place"] for pd, px in drafts if pd.idx == parent), None)
        cues = kind_cues(doc.lang)
        kind = "reported" if x["attributed"] and x["claimant"].key not in ("author",) and not (x["claimant"].key or "").startswith("user:") \
            else (cues.cue_kind(s.text) or "assertion")
        if kind == "question":
            kind = "assertion"
        value = Value(low=d.low, high=d.high, qualifier=x["qualifier"], text=f.text, unit=x["unit"])
        claim = Claim(
            claim_id=ids[d.idx], doc_id=doc.doc_id, kind=kind, claimant=x["claimant"],
            subject=Subject(text=None, side=d.subject_side), metric=d.metric, value=value,
            location=Location(text=place.text, key=place.key, geonames=getattr(place, "geonames", None)) if place else None,
            period=Period(start=d.period[0], end=d.period[1], text=x["period_text"]) if (d.period[0] or d.period[1]) else None,
            stated_on=x["stated_on"], quote=doc.text[span[0]:span[1]], span=span,
            citations=by_line_urls.get(s.index, ()), part_of=ids.get(parent) if parent is not None else None,
            confidence=_confidence(x, d), figure_span=(d.fig_start, d.fig_end), lang=doc.lang)
        out.append((s.start, claim))
    for st in statements:
        s = st["sentence"]
        span = (s.start, s.end)
        place = st["place"]
        claim = Claim(
            claim_id=make_claim_id(doc.doc_id, span, None, st["metric"] or st["kind"]), doc_id=doc.doc_id, kind=st["kind"],
            claimant=st["claimant"], subject=Subject(text=None, side=st["subject"]), metric=st["metric"], value=None,
            location=Location(text=place.text, key=place.key) if place else None, period=None,
            stated_on=st["stated_on"], quote=s.text, span=span, citations=by_line_urls.get(s.index, ()),
            part_of=None, confidence=0.4 + 0.1 * min(st["rank"], 3), lang=doc.lang)
        out.append((s.start, claim))
    out.sort(key=lambda t: (t[0], t[1].figure_span or (0, 0)))
    seen, result = set(), []
    for _, c in out:
        if c.claim_id not in seen:
            seen.add(c.claim_id)
            result.append(c)
    return result


def _quote_span(doc: Document, s: Sentence, x) -> tuple[int, int]:
    return (s.start, s.end)


def _confidence(x, d) -> float:
    c = 0.45
    if x["claimant"].key and x["claimant"].key != "author":
        c += 0.2
    elif x["attributed"]:
        c += 0.1
    if x["guess"].item_text:
        c += 0.1
    if d.subject_side:
        c += 0.1
    if x["figure"].qualifier == "vague":
        c -= 0.1
    return max(0.05, min(0.95, c))


def _citations(infos) -> dict[int, tuple[str, ...]]:
    """URLs support the claims of their comment (threads) or the sentence before a bare URL line."""
    out: dict[int, tuple[str, ...]] = {}
    by_part: dict[str, list[str]] = {}
    for info in infos:
        s = info.sentence
        if s.part is not None and s.urls:
            by_part.setdefault(s.part.id, []).extend(s.urls)
    for i, info in enumerate(infos):
        s = info.sentence
        urls = list(s.urls)
        if s.part is not None:
            urls += by_part.get(s.part.id, [])
        else:
            nxt = infos[i + 1].sentence if i + 1 < len(infos) else None
            if nxt is not None and nxt.urls and re.fullmatch(r"\s*(?:https?://\S+\s*)+", nxt.text) and nxt.line == s.line + 1:
                urls += list(nxt.urls)
        if urls:
            out[s.index] = tuple(dict.fromkeys(u.rstrip(".,;:!?") for u in urls))
    return out


def _one_claim_once(drafts):
    """A figure repeated in one document by the same claimant (a lede and its body, a table and its
    text, a rounded restatement) is one claim, kept at its most precise value and fullest quote."""
    kept = []
    for d, x in drafts:
        dup = None
        for i, (k, kx) in enumerate(kept):
            if k.metric != d.metric or k.increment != d.increment:
                continue
            if (k.subject_side or d.subject_side) and k.subject_side != d.subject_side and k.subject_side and d.subject_side:
                continue
            same_claimant = (k.claimant_key == d.claimant_key and k.claimant_key) or \
                (kx["claimant"].text and kx["claimant"].text == x["claimant"].text) or \
                (k.claimant_side and k.claimant_side == d.claimant_side and min(kx["rank"], x["rank"]) <= 1
                 and k.low == d.low and k.high == d.high)
            if not same_claimant:
                continue
            if k.part_of is not None or d.part_of is not None:
                if not (k.low == d.low and k.high == d.high):
                    continue
            if _restates(k, kx, d, x):
                dup = i
                break
        if dup is None:
            kept.append((d, x))
            continue
        k, kx = kept[dup]
        if x["rank"] > kx["rank"] and k.low == d.low and k.high == d.high:
            kx["claimant"], kx["rank"] = x["claimant"], x["rank"]   # the more specific claimant names it
            k.claimant_key = d.claimant_key
        if _precision(x, d) > _precision(kx, k):
            for other, _ in drafts:
                if other.part_of == k.idx:
                    other.part_of = d.idx
            kept[dup] = (d, x)
        else:
            for other, _ in drafts:
                if other.part_of == d.idx:
                    other.part_of = k.idx
    return kept


def _restates(a, ax, b, bx) -> bool:
    if a.low == b.low and a.high == b.high:
        return a.period == b.period or not (a.period[0] and b.period[0]) or True
    lo, hi = (a, b) if (a.high - a.low) >= (b.high - b.low) else (b, a)
    if ax["qualifier"] == "vague" or bx["qualifier"] == "vague":
        return lo.low <= hi.low and hi.high <= lo.high
    big = max(a.high, b.high)
    if big and abs(a.low - b.low) / big <= 0.01:
        return _round(a.low) != _round(b.low) or True
    return False


def _round(v: int) -> int:
    n = 0
    while v and v % 10 == 0:
        v //= 10
        n += 1
    return n


def _precision(x, d) -> tuple:
    return (-_QUAL_RANK.get(x["qualifier"], 5), -_round(d.low), d.high - d.low == 0, len(x["sentence"].text))
