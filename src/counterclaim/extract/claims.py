"""Per-document assembly: the stages' findings for each sentence become Claim records.

Pass 1 walks the sentences in order, attributing each (memory of earlier claimants
resolves "it said" and "the statement"); pass 2 builds figure claims and statement
claims; then breakdowns are linked, repeated figures merged ("one claim, once") and
records written with stable ids.
"""
from __future__ import annotations

import re
from typing import Optional

from counterclaim.extract import breakdown
from counterclaim.extract.context import _LOCATIVE, QUALIFIER_RANK, SentenceInfo, attribute_sentences, author_actor, day_of
from counterclaim.extract.figure_claims import _figure_drafts
from counterclaim.extract.metrics import UNKNOWN_PERSONNEL, statement_metrics
from counterclaim.extract.segment import Sentence
from counterclaim.extract.sides import resolve as resolve_side, side_lexicon
from counterclaim.extract.statements import kind_cues
from counterclaim.extract.sides import OPPONENT
from counterclaim.records import Actor, Claim, Document, Location, Period, Subject, Value, make_claim_id


def document_claims(doc: Document, sentences: list[Sentence], parsed: dict, figures: dict) -> list[Claim]:
    published = day_of(doc.published)
    infos = attribute_sentences(doc, sentences, parsed, figures, published)
    drafts, statements = [], []
    last_place = {}
    for info in infos:
        _figure_drafts(doc, info, infos, drafts, last_place, published)
    breakdown.link_parts([d for d, _ in drafts], doc.lang)
    drafts = _resolve_breakdown_metrics(drafts)
    with_figures = {d.sent_index for d, _ in drafts}
    for info in infos:
        if info.sentence.index not in with_figures:
            statements += _statements(doc, info)
    return _finish(doc, infos, drafts, statements)


def _resolve_breakdown_metrics(drafts):
    """Parts that only name people take the metric of their total; people counted with no state
    and no total are no claim; a part's place and period default to its total's."""
    by_idx = {d.idx: (d, x) for d, x in drafts}
    states: dict = {}
    for d, _ in drafts:
        if d.part_of is not None:
            states.setdefault(d.part_of, set()).add(d.metric)
    for idx, parts in states.items():
        parent = by_idx.get(idx)
        if parent is not None and {"personnel.killed", "personnel.wounded"} <= parts \
                and parent[0].metric in ("personnel.killed", "personnel.wounded"):
            was, parent[0].metric = parent[0].metric, "personnel.casualties"   # "постраждали 2 580; з них 631 загинула, 1 950 поранені"
            for j in range(idx + 1, len(drafts)):   # drafts are in text order, their idx their position
                d = drafts[j][0]
                if d.sent_index - parent[0].sent_index > 3:
                    break
                # "Найбільше дітей постраждало на Донеччині — 614, …": the same word later, for parts of it
                if d.part_of is None and d.metric == was and d.high < parent[0].high \
                        and d.subject_side == parent[0].subject_side:
                    d.metric, d.part_of = "personnel.casualties", idx
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
            if not x["attributed"] and parent[1]["attributed"] and not x["sentence"].user:
                # a part of a claimant's total, said by no one else, is that claimant's figure
                x["claimant"], x["rank"], x["attributed"] = parent[1]["claimant"], parent[1]["rank"], True
            if d.period == (None, None) and parent[0].period != (None, None):
                d.period = parent[0].period   # a part covers its total's period
                x["period_text"] = parent[1]["period_text"]
        if d.metric == UNKNOWN_PERSONNEL:
            continue
        out.append((d, x))
    return out


# ---------------------------------------------------------------- statements without figures
_SPEAKER_AFTER = re.compile(r"^(?:['’]s)?\s*(?:\w+\s+)?(?:said|says|say|claims|claimed|reported|announced|insists|denies|denied|estimates|believes)\b")
_QUOTED = re.compile(r"[“\"]([^”\"]{3,300})[”\"]")


def _statements(doc: Document, info: SentenceInfo) -> list[dict]:
    """Statement claims of a sentence without figures: one per metric it asserts (territory and
    participation may share a sentence), or one without a metric; and a judgement or advice quoted
    inside reported speech (Trump said the strike was "a mistake") as a claim of its own words."""
    s = info.sentence
    lang = s.lang or doc.lang
    text = s.text.strip()
    if not re.search(r"[^\W\d_]{2}", re.sub(r"https?://\S+", "", text)):
        return []   # a bare URL line is a citation, not a statement
    cues = kind_cues(lang)
    kind = cues.kind(text, info.attributed, s.quoted)
    metrics = statement_metrics(text, lang) if (info.attributed or s.user) else []
    claimant = info.claimant if info.attributed else author_actor(doc, s)
    out = []
    if kind == "reported" and not s.quoted:
        for m in _QUOTED.finditer(s.text):
            frag_kind = cues.cue_kind(m.group(1)) or ("opinion" if not metrics and len(m.group(1).split()) >= 3 else None)
            if frag_kind in ("opinion", "recommendation"):
                out.append({"sentence": s, "kind": frag_kind, "metric": None, "claimant": claimant, "subject": None,
                            "place": None, "stated_on": info.stated_on, "rank": info.rank,
                            "span": (s.start + m.start(1), s.start + m.end(1))})
    emit = s.user or kind not in ("assertion", "reported") or (info.attributed and (s.quoted or bool(metrics)
                                                                                   or cues.cue_kind(text) is not None))
    if not emit:
        return out
    if kind not in ("reported", "assertion"):
        metrics = []
    places = [p for p in info.places if (p.kind != "country" or _LOCATIVE.search(text[:p.start]))
              and not _SPEAKER_AFTER.match(text[p.end:])]
    place = places[0] if places else None
    return [{"sentence": s, "kind": kind, "metric": m, "claimant": claimant,
             "subject": _statement_subject(text, m, claimant.side if claimant else None, lang),
             "place": place, "stated_on": info.stated_on, "rank": info.rank} for m in (metrics or [None])] + out


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
    kept = _one_claim_once(_drop_user_restatements(drafts))
    _infer_unknown_sides(kept, statements)
    for d, x in kept:
        s = x["sentence"]
        ids[d.idx] = make_claim_id(doc.doc_id, (s.start, s.end), (d.fig_start, d.fig_end), d.metric)
    kept_idx = {d.idx for d, _ in kept}
    by_idx = {d.idx: (d, x) for d, x in drafts}
    parents = {i: d for i, (d, _) in by_idx.items()}
    for d, x in kept:
        s = x["sentence"]
        span = (s.start, s.end)
        f = x["figure"]
        parent = d.part_of
        while parent is not None and parent not in kept_idx:
            parent = parents[parent].part_of if parent in parents else None
        place = x["place"]
        if place is None and parent is not None:
            place = by_idx[parent][1]["place"] if parent in by_idx else None
        cues = kind_cues(s.lang or doc.lang)
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
            confidence=_confidence(x, d), figure_span=(d.fig_start, d.fig_end), lang=s.lang or doc.lang)
        out.append((s.start, claim))
    for st in statements:
        s = st["sentence"]
        span = st.get("span") or (s.start, s.end)
        place = st["place"]
        claim = Claim(
            claim_id=make_claim_id(doc.doc_id, span, None, st["metric"] or st["kind"]), doc_id=doc.doc_id, kind=st["kind"],
            claimant=st["claimant"], subject=Subject(text=None, side=st["subject"]), metric=st["metric"], value=None,
            location=Location(text=place.text, key=place.key) if place else None, period=None,
            stated_on=st["stated_on"], quote=doc.text[span[0]:span[1]], span=span, citations=by_line_urls.get(s.index, ()),
            part_of=None, confidence=0.4 + 0.1 * min(st["rank"], 3), lang=s.lang or doc.lang)
        out.append((s.start, claim))
    out.sort(key=lambda t: (t[0], t[1].figure_span or (0, 0)))
    seen, result = set(), []
    for _, c in out:
        if c.claim_id not in seen:
            seen.add(c.claim_id)
            result.append(c)
    return result


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


_INFLICTED = re.compile(r"(?<!were )(?<!was )(?<!been )\b(?:destroyed|shot down|downed|eliminated|hit|struck|repelled|captured|took)\b", re.I)


def _infer_unknown_sides(kept, statements) -> None:
    """A claimant the registry does not know ("the 59th Separate Motorized Brigade") takes the side
    opposed to the one whose tanks or soldiers it says it destroyed; every claim it makes gets it."""
    sides: dict[str, set] = {}
    for d, x in kept:
        c = x["claimant"]
        if c.key is None and c.side is None and c.text and d.subject_side in OPPONENT \
                and _INFLICTED.search(x["sentence"].text[:d.fig_start - x["sentence"].start]):
            sides.setdefault(c.text, set()).add(OPPONENT[d.subject_side])
    known = {t: next(iter(v)) for t, v in sides.items() if len(v) == 1}
    # "regional governor Oleh Syniehubov … Syniehubov wrote": one person, one side
    named = {x["claimant"].text: x["claimant"].side for _, x in kept if x["claimant"].key is None and x["claimant"].side}
    for d, x in kept:
        c = x["claimant"]
        if c.key is None and c.side is None and c.text and c.text not in known:
            last = c.text.split()[-1]
            match = {side for text, side in named.items() if text.split()[-1] == last and len(last) > 3}
            if len(match) == 1:
                known[c.text] = match.pop()
    if not known:
        return
    for d, x in kept:
        c = x["claimant"]
        if c.key is None and c.side is None and c.text in known:
            x["claimant"] = Actor(text=c.text, key=None, side=known[c.text])
            d.claimant_side = known[c.text]
    for st in statements:
        c = st["claimant"]
        if c is not None and c.key is None and c.side is None and c.text in known:
            st["claimant"] = Actor(text=c.text, key=None, side=known[c.text])


def _drop_user_restatements(drafts):
    """In a thread, "900k" beside the General Staff's "about 900,800" mentions that claim, it makes no
    new one: a commenter's rounder figure of the same kind within 1.5 % of an earlier one is dropped."""
    out = []
    for d, x in drafts:
        s = x["sentence"]
        if s.user and not x["attributed"]:
            fam = d.metric.split(".")[0]
            if any(e.metric.split(".")[0] == fam and e.high and abs(e.low - d.low) <= 0.015 * e.high
                   and _round(d.low) > _round(e.low) for e, _ in out):
                continue
        out.append((d, x))
    return out


def _one_claim_once(drafts):
    """A figure repeated in one document by the same claimant (a lede and its body, a table and its
    text, a rounded restatement) is one claim, kept at its most precise value and fullest quote."""
    kept = []
    same_value: dict = {}    # (family, low, high) -> slots of kept claims with that value
    by_family: dict = {}     # family -> slots of kept claims of that kind, in text order
    children: dict = {}      # idx -> drafts that are its parts
    for d, _ in drafts:
        if d.part_of is not None:
            children.setdefault(d.part_of, []).append(d)

    def move_parts(old, new):
        for other in children.pop(old, ()):
            other.part_of = new
            children.setdefault(new, []).append(other)

    for d, x in drafts:
        dup = None
        fam = d.metric.split(".")[0]
        for i in _restatement_candidates(same_value, by_family, fam, d):
            k, kx = kept[i]
            if _same_claim(k, kx, d, x):
                dup = i
                break
        if dup is None:
            kept.append((d, x))
            _index_kept(same_value, by_family, fam, d, len(kept) - 1)
            continue
        k, kx = kept[dup]
        if kx.get("headline") and not x.get("headline"):
            kept[dup] = (d, x)   # a headline restates its story: the body's claim stands
            _index_kept(same_value, by_family, fam, d, dup)
            move_parts(k.idx, d.idx)
            continue
        if x.get("headline"):
            continue
        if x["rank"] > kx["rank"] and k.low == d.low and k.high == d.high:
            kx["claimant"], kx["rank"] = x["claimant"], x["rank"]   # the more specific claimant names it
            k.claimant_key = d.claimant_key
        if _precision(x, d) > _precision(kx, k):
            move_parts(k.idx, d.idx)
            kept[dup] = (d, x)
            _index_kept(same_value, by_family, fam, d, dup)
        else:
            move_parts(d.idx, k.idx)
    return kept


#: earlier claims of the same kind a figure is compared with for a rounding or a vague restatement
#: (any number of them for the same exact value): what keeps merging linear in a document's length
_RESTATEMENT_WINDOW = 64


def _restatement_candidates(same_value, by_family, fam, d) -> list[int]:
    """Slots of kept claims that may restate ``d``, in text order: every one with its value, and the
    latest ones of its kind (a rounding, a vague word covering it)."""
    exact = same_value.get((fam, d.low, d.high), [])
    latest = by_family.get(fam, [])[-_RESTATEMENT_WINDOW:]
    return sorted(set(exact).union(latest))


def _index_kept(same_value, by_family, fam, d, slot) -> None:
    same_value.setdefault((fam, d.low, d.high), []).append(slot)
    slots = by_family.setdefault(fam, [])
    if not slots or slots[-1] != slot:
        if slot not in slots[-_RESTATEMENT_WINDOW:]:
            slots.append(slot)


def _same_claim(k, kx, d, x) -> bool:
    """``d`` restates the kept claim ``k``: the same quantity, said by the same claimant, with the
    same value or a restatement of it."""
    headline = kx.get("headline") or x.get("headline")
    if k.metric != d.metric and not (headline and k.metric.startswith("personnel.") and d.metric.startswith("personnel.")
                                     and "personnel.casualties" in (k.metric, d.metric)):
        return False   # a headline's loose "harmed" restates the story's casualties
    if k.increment != d.increment and not headline:
        return False   # a headline's "minus 1,010 a day" restates the bulletin's "(+1 010)"
    if kx["item"] and x["item"] and kx["sentence"].text != x["sentence"].text:
        return False   # two items of a list ("warships ‒ 18 (+0)", "submarines ‒ 1 (+0)") are two counts
    if kx["sentence"].index != x["sentence"].index and _enumeration(kx) and _enumeration(x):
        return False   # "…, танк, пять автомобилей …" in two groups' paragraphs: each group's own count
    if kx["item"] and x["item"] and kx["stated_on"] != x["stated_on"]:
        return False   # the same line in the lists of two days ("Кораблі (катери) — 16") is each day's count
    if k.subject_side != d.subject_side and k.subject_side and d.subject_side and not headline:
        return False   # a headline's terse words may miss whose loss it is; its story says it
    same_claimant = headline or (k.claimant_key == d.claimant_key and k.claimant_key) or \
        (kx["claimant"].text and kx["claimant"].text == x["claimant"].text) or \
        (k.claimant_side and k.claimant_side == d.claimant_side and min(kx["rank"], x["rank"]) <= 1
         and k.low == d.low and k.high == d.high)
    if not same_claimant:
        return False
    if (k.part_of is not None or d.part_of is not None) and not (k.low == d.low and k.high == d.high):
        return False
    return _restates(k, kx, d, x)


def _enumeration(x) -> bool:
    """The figure is one of a list of several counts in its sentence (a loss tally, not a lone figure)."""
    return len(x["sentence_figures"]) >= 3


def _restates(a, ax, b, bx) -> bool:
    """The same value, a vague word covering a precise one, or a rounding within 1 %."""
    if a.low == b.low and a.high == b.high:
        return True
    if ax["qualifier"] == "vague" or bx["qualifier"] == "vague":
        wide, narrow = (a, b) if (a.high - a.low) >= (b.high - b.low) else (b, a)
        return wide.low <= narrow.low and narrow.high <= wide.high
    big = max(a.high, b.high)
    return bool(big) and abs(a.low - b.low) / big <= 0.01


def _round(v: int) -> int:
    n = 0
    while v and v % 10 == 0:
        v //= 10
        n += 1
    return n


def _precision(x, d) -> tuple:
    return (-QUALIFIER_RANK.get(x["qualifier"], 5), -_round(d.low), d.high - d.low == 0, len(x["sentence"].text))
