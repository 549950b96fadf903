"""Pass 1 of a document: who speaks in each sentence, and when.

Sentences are walked in order so that a memory of earlier claimants resolves "it
said", "the ministry" and "the statement"; quotations take the claimant of the
sentence that introduces or closes them; a document that is one claimant's bulletin
gives every unattributed sentence to that claimant.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from dataclasses import dataclass, field
from typing import Optional

from counterclaim.extract import figures_lexicon, dates as dates_mod, figures as figures_mod, places as places_mod
from counterclaim.extract.actors import registry
from counterclaim.extract.attribution import Memory, attributions, best_for, resolve_actor
from counterclaim.extract.segment import Sentence
from counterclaim.records import Actor, Document

#: the dash (or colon) between a list item's label and its figure, spaced on either side or both
_DASH = re.compile(r"\s[‒–—-]\s?|[‒–—]\s|:\s")
_HEADER_NOUNS = re.compile(r"\b(report|statement|bulletin|update|summary|briefing|communiqu[eé]|press release)\b", re.I)
_HEADER_MARK = re.compile(r"^[\W_]+")
_HEADER_DATE = re.compile(r"[\s,—–|-]+\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?:[\s,]+\d{1,2}:\d{2})?\W*$")
QUALIFIER_RANK = {"exact": 0, "range": 1, "at_least": 2, "at_most": 2, "approx": 3, "vague": 4}
_DATELINE = re.compile(r"[A-Z][A-Z/’' \-]+(?:\s*\([^)]*\))?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b")
#: "label ‒ number": a short label without digits, a dash, then the count (a list line with no heading)
_LABEL_ITEM = re.compile(r"^\W{0,3}[^\W\d_][^\d\n‒–—:]{0,60}?\s[‒–—-]\s?(?:[^\W\d_]+\s+){0,2}\d")
_THERE = re.compile(r"\bthere\b", re.I)
_INCLUDING_END = re.compile(r"(?:including|of which|of whom|among them)\s*$", re.I)
_ELLIPSIS = re.compile(r"^[\w\s’'\-]{0,60}?(?:,\s*|\s+)(?:and|or)\s+$|^[\w\s’'\-]{0,80}?,\s*$")
_OF_BREAKDOWN = re.compile(r"^\W*(?:of|among)\s+(?:this|these|those|them|whom|the)\b", re.I)
_LOCATIVE = re.compile(r"(?:\b(?:in|inside|across|over|near|around|at|into|from|of|on|to)\s+(?:the\s+)?(?:[\w’'\-]+\s+){0,3})$", re.I)


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
    tally: bool = False                             #: an item of a list whose counts carry daily increments
    sdoc: object = None
    daily_report: bool = False                      #: the document is a claimant's daily report (figures cover its day)
    scope: Optional[tuple] = None                   #: (start, end, text) a report's opening states for all its figures
    table_header: tuple = ()                        #: column names when the line is a row of a text table
    attr_dates: dict = field(default_factory=dict)  #: id(attribution) -> its own statement date


def day_of(iso: Optional[str]) -> Optional[str]:
    return iso[:10] if iso else None


def _place_country(phrase: str, lang: str = "en") -> Optional[str]:
    for p in places_mod.find_places(phrase, lang):
        if p.key:
            return p.key.split("-")[0]
    return None


def document_claimant(doc: Document, sentences: list[Sentence]) -> Optional[tuple[Actor, int]]:
    """A document that is one claimant's statement (a bulletin, a ministry report) names it in its header."""
    if not sentences or doc.parts:
        return None
    for text in [doc.title or ""] + [x.text for x in sentences[:3] if not x.user]:
        entry = registry(doc.lang).report_title(text) if len(text) <= 200 else None
        if entry is not None:
            return Actor(text=text, key=entry.key, side=entry.side), entry.rank
    # the header is the document's first lines: a title line may stand above "Update by the … Mission"
    for first in sentences[:2]:
        if first.user or first.line > 2:
            break
        found = _header_claimant(doc.lang, first.text)
        if found is not None:
            return found
    # a name on the first line and its role on the next ("Вячеслав Гладков" / "Губернатор … · Telegram")
    if len(sentences) > 1 and sentences[0].line == 0 and sentences[1].line == 1 and not sentences[0].user:
        return _named_header(doc.lang, sentences[0].text.strip() + " | " + sentences[1].text.strip())
    return None


_NAME_ROLE = re.compile(r"^\W*(?P<name>(?:[^\W\d_][\w’'\-]+\s){1,3}[^\W\d_][\w’'\-]+)\s*(?:[|,—–(-]|\s-)\s*(?P<role>.{3,120})$")


def _mark_tallies(infos) -> int:
    """A run of list items of one paragraph in which some count carries a daily increment "(+N)" is a
    running tally of losses: every item of it, also one with no change that day ("РСЗВ — 423")."""
    runs: list[list] = []
    for info in infos:
        # consecutive items, whether on consecutive lines or in paragraphs of their own
        if info.lead and runs and runs[-1]:
            runs[-1].append(info)
        elif info.lead:
            runs.append([info])
        else:
            runs.append([])
    tallies = [run for run in runs if any(_INCREMENT.search(i.sentence.text) for i in run)]
    report = any(len(run) >= _TALLY_ITEMS for run in tallies)
    # a document of many days' tallies: the days with no increment yet (the first lists) are its tallies too
    for run in (runs if report else tallies):
        for i in run:
            i.tally = True
    return report


_TALLY_ITEMS = 6     #: items a tally must have to be taken for a claimant's standing report
_INCREMENT = re.compile(r"\(\s*\+\s*\d")


_DASH_SOURCE = re.compile(r"\s[-–—]\s*(?P<src>[^-–—.!?]{2,60}?)\W*$")


def _dash_source(text: str, lang: str) -> Optional[tuple[Actor, int]]:
    """A headline that ends with its source after a dash ("ВСУ за сутки потеряли … - Минобороны",
    "Russia lost 1,800 troops — MoD"): that source, when the registry knows it as a whole."""
    m = _DASH_SOURCE.search(text)
    if not m:
        return None
    src = m.group("src").strip()
    hits = registry(lang).find(src)
    if not hits or hits[0][0] > 0 or hits[0][1] < len(src) - 1:
        return None
    entry = registry(lang).entries[hits[0][2]]
    return Actor(text=src, key=entry.key, side=entry.side), entry.rank


@lru_cache(maxsize=None)
def _phrases(lang: str, key: str) -> re.Pattern:
    """A cue list of ``cues.json`` as one pattern of whole words, in every form."""
    from counterclaim.extract import lexicon
    words = lexicon.inflected(lang, lexicon.load(lang, "cues").get(key, []))
    alt = "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))) or r"(?!x)x"
    return re.compile(r"(?<![\w])(?:%s)(?![\w])" % alt, re.I)


def cumulative(text: str, lang: str) -> bool:
    """The sentence counts a running total ("in total", "since", "всього", "с начала")."""
    return bool(_phrases(lang, "cumulative_words").search(text))


def _titled(text: str, lang: str) -> Optional[tuple[Actor, int]]:
    """A sentence in a claimant's standing report wording ("Загальні бойові втрати противника … склали:")
    is that claimant's, wherever it is quoted."""
    entry = registry(lang).report_title(text)
    return (Actor(text=entry.key, key=entry.key, side=entry.side), entry.rank) if entry is not None else None


def _report_scope(infos, lang: str, published) -> Optional[tuple]:
    """"Информация о ситуации в регионе за прошедшие сутки.", "Results of the day, 18 July.": a sentence
    without figures among a report's first ones that names a window states the period of all its figures."""
    for info in infos[:5]:
        if info.figures or info.sentence.user:
            continue
        for m in dates_mod.find_dates(info.sentence.text, published, lang):
            if m.kind == "window" and m.start_date and m.end_date:
                return m.start_date, m.end_date, m.text
    return None


def _section_days(sentences, figures: dict, lang: str, published) -> dict[int, str]:
    """Lines that are only a date ("31.12.2022") and head the lines below them: the sections of a
    document of many days, each stated on its own day. A single dated header line is the
    document's date and stays so when the publication date is known."""
    days = {s.index: d for s in sentences if len(s.text) <= 40 and not figures.get(s.index) and not s.user
            for d in [dates_mod.absolute_day(s.text, lang)] if d}
    return days if len(days) > 1 or not published else {}


def _named_header(lang: str, text: str) -> Optional[tuple[Actor, int]]:
    """"Oleh Syniehubov | Head of Kharkiv Regional Military Administration": a channel or a statement
    headed by a named person in a role is that person's; the role's place gives the side."""
    from counterclaim.extract import lexicon
    m = _NAME_ROLE.match(text.strip())
    if not m or not all(w[0].isupper() for w in m.group("name").split()):
        return None
    roles = lexicon.load(lang, "cues").get("header_roles") or []
    role = m.group("role").lower()
    if not any(r.lower() in role for r in roles):
        return None
    return Actor(text=text.strip(), key=None, side=_place_country(m.group("role"), lang)), 1


@lru_cache(maxsize=None)
def _statement_nouns(lang: str) -> frozenset:
    """Words that title a claimant's statement ("Summary", "Сводка", "Зведення"), in every form."""
    from counterclaim.extract import lexicon
    return frozenset(w.lower() for w in lexicon.inflected(lang, lexicon.load(lang, "cues").get("statement_nouns", [])))


def _header_claimant(lang: str, text: str) -> Optional[tuple[Actor, int]]:
    # a header's flag, bullet or emoji before the name and its date after it are not part of the name
    head = _HEADER_DATE.sub("", _HEADER_MARK.sub("", text.strip()))
    if len(head) > 160:
        return None
    entry = registry(lang).resolve(head)
    if entry is None or entry.rank < 2:
        return _named_header(lang, head)
    hits = registry(lang).find(head)
    starts_with = hits and hits[0][0] <= 4
    alone = hits and (hits[0][1] - hits[0][0]) >= len(head) - 2
    prefix = head[:hits[0][0]].split() if hits else []
    titled = bool(prefix) and len(prefix) <= 3 and all(w.lower().strip(".:") in _statement_nouns(lang) for w in prefix)
    if alone or titled or (_HEADER_NOUNS.search(head) and not re.search(r"\b(says|said|claims|claimed|reports|reported)\b", head)
                 and (starts_with or re.match(r"\W*(?:the\s+)?(?:\w+\s+){0,3}(?:of|by|from)\s+(?:the\s+)?$", head[:hits[0][0]], re.I))):
        return Actor(text=head[hits[0][0]:hits[0][1]], key=entry.key, side=entry.side), entry.rank
    return None


def author_actor(doc: Document, s: Sentence) -> Actor:
    """The writer: a thread comment's user (``user:<name>``, ``user:[deleted]``) or the article's author."""
    if s.part is not None:
        name = s.part.author or "[deleted]"
        return Actor(text=name, key="user:" + name, side=None)
    return Actor(text=doc.author, key="author", side=None)


def attribute_sentences(doc: Document, sentences, parsed, figures: dict, published) -> list[SentenceInfo]:
    lang = doc.lang
    memory = Memory()
    doc_claimant = document_claimant(doc, sentences)
    infos: list[SentenceInfo] = []
    context_date = published
    heading, heading_q, heading_line = "", None, -1
    table_header, table_para = (), -1
    spoke_on: dict[str, str] = {}   # claimant key -> date of its last statement
    interviewee: Optional[Actor] = None
    sections = _section_days(sentences, figures, lang, published)
    section_day = None
    doc_lang = lang
    for s in sentences:
        lang = s.lang or doc_lang
        info = SentenceInfo(sentence=s, sdoc=parsed.get(s.index))
        info.figures = figures.get(s.index) or []
        section_day = sections.get(s.index, section_day)
        base = day_of(s.part.published) if s.part is not None and s.part.published else (section_day or published)
        info.places = [p for p in places_mod.find_places(s.text, lang) if not _DATELINE.match(s.text[p.start:])]
        if info.sdoc is not None:
            info.dates = [m for m in dates_mod.find_dates(s.text, base, lang, context_date=context_date)
                          if not _DATELINE.match(s.text[max(0, m.start - 40):m.end + 3].lstrip())]
            info.attrs = attributions(info.sdoc, memory, lang, places=partial(_place_country, lang=lang))
        else:
            spoke = _remember_leading(s.text, memory, lang)
            if spoke is not None:
                said = [m for m in dates_mod.find_dates(s.text, base, lang) if m.kind == "point" and m.start_date
                        and len(m.start_date) == 10 and 0 <= m.start - spoke[1] <= 40]
                if said:
                    spoke_on[spoke[0]] = said[0].start_date
        # list structure: a line ending with ':' heads the lines after it
        stripped = s.text.rstrip()
        if stripped.endswith(":") and not s.user:
            heading, heading_line = s.text, s.line
            heading_q = next((f.qualifier for f in figures_mod.find_figures(s.text + " 1", lang)
                              if f.qualifier in ("approx", "at_least", "at_most")), None)
            heading_q = heading_q or heading_qualifier(s.text, lang)
        elif s.line > heading_line and heading and _DASH.search(s.text) and s.paragraph == _para_of(infos, heading_line):
            info.heading, info.heading_qualifier = heading, heading_q
            info.lead = _DASH.split(s.text, 1)[0]
        elif _LABEL_ITEM.match(s.text) and not s.user:
            info.lead = _DASH.split(s.text, 1)[0]      # "Танки — 3029 (+3)": a list item with no heading
        elif "|" in s.text and s.text.count("|") >= 2:
            cells = [c.strip().lower() for c in s.text.split("|")]
            if not any(ch.isdigit() for ch in s.text) and len(cells) >= 3:
                table_header, table_para = tuple(cells), s.paragraph
            elif table_header and s.paragraph == table_para:
                info.table_header = table_header
                info.lead = s.text.split("|")[0]
                info.attrs = []   # a row's claimant is its source column, not a parse of the cells
        best = best_for(info.attrs, None)
        headed = _colon_claimant(s.text, lang) or _titled(s.text, lang) or _dash_source(s.text, lang)
        if best is not None:
            info.claimant, info.rank, info.attributed = best.actor, best.rank, True
            memory.remember(best.actor, best.rank)
        elif headed is not None:
            info.claimant, info.rank, info.attributed = headed[0], headed[1], True   # "Air Force summary: …"
            memory.remember(*headed)
        elif s.speaker == "A":   # an interview's answer: the person the introduction named
            interviewee = interviewee or _interviewee(infos, lang)
            if interviewee is not None:
                info.claimant, info.rank, info.attributed = interviewee, 1, True
        elif s.speaker is not None and not s.asked:
            actor, rank = resolve_actor(_label_name(s.speaker), memory, lang)   # a transcript's turn: "MR. KIRBY:"
            if actor is not None:
                info.claimant, info.rank, info.attributed = actor, max(rank, 1), True
        elif info.sdoc is not None:
            _remember_topic(info.sdoc, memory, lang)
        # stated_on: a date next to each speech verb, else the date the claimant last spoke, else the page's
        info.stated_on = base
        for att in info.attrs:
            when = _verb_date(info, att)
            if when is None and att.actor is not None and att.actor.key in spoke_on:
                when = (spoke_on[att.actor.key], None) if att.source == "verb" and _pronoun_subject(info.sdoc, att) else None
            if when is not None:
                info.attr_dates[id(att)] = when[0]
                if att is best:
                    info.stated_on, info.stated_mention = when
        for att in info.attrs:   # "On Saturday, X had given its tally, saying …": one speaker, one date
            if id(att) not in info.attr_dates:
                same = [info.attr_dates[id(o)] for o in info.attrs if id(o) in info.attr_dates and o.actor == att.actor]
                if same:
                    info.attr_dates[id(att)] = same[0]
        if best is not None and best.actor is not None and best.actor.key:
            spoke_on[best.actor.key] = info.stated_on
        for m in info.dates:
            if m.start_date and len(m.start_date) == 10:
                context_date = m.start_date
        infos.append(info)
    lang = doc_lang
    if _mark_tallies(infos) and doc_claimant is None and not doc.parts:
        entry = registry(lang).tally_entry
        if entry is not None:   # an unattributed tally of the enemy's losses is the standing report, republished
            doc_claimant = Actor(text=entry.key, key=entry.key, side=entry.side), entry.rank
    _quote_attribution(infos)
    _about_this(infos, lang)
    daily = doc_claimant is not None and bool(_phrases(lang, "daily_report_words").search(sentences[0].text))
    scope = _report_scope(infos, lang, published) if doc_claimant is not None and not doc.parts else None
    for info in infos:
        info.daily_report = daily
        info.scope = scope
        if not info.attributed and doc_claimant is not None and not info.sentence.user:
            info.claimant, info.rank, info.attributed = doc_claimant[0], doc_claimant[1], True
    return infos


_SAID_AFTER = re.compile(r"^\s*(?:[\w’'\-]+\s+){0,2}?(said|says|told|reported|announced|claimed|stated|wrote|added|estimated|confirmed)\b")


_COLON_HEAD = re.compile(r"^\W*(?P<who>[A-Z][\w’'.\- ]{1,60}?)(?:['’]s)?(?:\s+(?:morning|evening|daily|latest|official|weekly))?"
                         r"(?:\s+(?:summary|update|statement|report|briefing|bulletin|figures|data|tally))?\s*:\s+\S")


def _interviewee(infos, lang: str) -> Optional[Actor]:
    """The person an interview's introduction names first as the subject of a sentence."""
    for info in infos:
        if info.sentence.speaker is not None:
            break
        if info.sdoc is None:
            continue
        for tok in info.sdoc:
            if tok.dep_ == "nsubj" and tok.tag_ == "NNP":
                start, end = tok.i, tok.i + 1
                while start > 0 and info.sdoc[start - 1].tag_ == "NNP":
                    start -= 1
                while end < len(info.sdoc) and info.sdoc[end].tag_ == "NNP":
                    end += 1   # the whole name with its rank: "Lieutenant Colonel Andrii Marchenko"
                text = info.sdoc[start:end].text
                return Actor(text=text, key=None, side=_place_country(info.sentence.text, lang))
    return None


def _label_name(label: str) -> str:
    """"MR. KIRBY" -> "Mr. Kirby": a speaker label in the case the registry's names are written in."""
    return " ".join(w[:1] + w[1:].lower() for w in label.split())


def _colon_claimant(text: str, lang: str) -> Optional[tuple[Actor, int]]:
    """"General Staff: Russia lost …", "Air Force morning summary: …": a claimant heading its words."""
    m = _COLON_HEAD.match(text)
    if not m:
        return None
    who = m.group("who").strip()
    entry = registry(lang).resolve(who)
    if entry is None:
        actor, rank = resolve_actor("the " + who, Memory(), lang)   # "Air Force summary:" as "the Air Force"
        return (actor, rank) if actor is not None and actor.key and rank >= 2 else None
    if entry.rank < 2:
        return None
    return Actor(text=who, key=entry.key, side=entry.side), entry.rank


def _remember_leading(text: str, memory: Memory, lang: str) -> Optional[tuple[str, int]]:
    """Without a parse: a registry claimant that speaks ("…, Russia's Defence Ministry said") or opens
    the sentence is its topic. Returns (key, end of the speech verb) when it speaks."""
    reg = registry(lang)
    hits = reg.find(text)
    for a, b, key in reversed(hits):
        m = _SAID_AFTER.match(text[b:b + 40])
        entry = reg.entries[key]
        if m and entry.rank >= 2:
            memory.remember(Actor(text=text[a:b], key=key, side=entry.side), entry.rank)
            return key, b + m.end()
    if hits and hits[0][0] <= 30 and "," not in text[:hits[0][0]]:
        entry = reg.entries[hits[0][2]]
        if entry.rank >= 2:
            memory.remember(Actor(text=text[hits[0][0]:hits[0][1]], key=entry.key, side=entry.side), entry.rank)
            return entry.key, hits[0][1]   # the topic's own date ("offered a different picture on Monday")
    return None


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


def heading_qualifier(text: str, lang: str) -> Optional[str]:
    """The qualifier a list heading gives all its items ("… were approximately:", "… орієнтовно
    склали:"): a qualifier of the language among the heading's last words."""
    L = figures_lexicon._lexicon(lang)
    tail = " ".join(text.lower().rstrip(" :").split()[-3:])
    hits = [(m.start(), L.qual_of[" ".join(m.group(0).split())]) for m in L.heading_qual_re.finditer(tail)]
    return hits[-1][1] if hits else None


def _para_of(infos, line) -> int:
    for i in reversed(infos):
        if i.sentence.line == line:
            return i.sentence.paragraph
    return -1


def _verb_date(info: "SentenceInfo", att) -> Optional[tuple]:
    """(date, mention) of the date phrase attached to an attribution's verb: "said on Monday",
    "Last week he said", "on Saturday he announced"; never one inside what was said."""
    if att.token_i is None or info.sdoc is None:
        return None
    tok = info.sdoc[att.token_i]
    v_start, v_end = tok.idx, tok.idx + len(tok.text)
    for m in info.dates:
        if m.kind not in ("point", "same_day") or not m.start_date:
            continue
        after = 0 <= m.start - v_end <= 4 or (0 <= m.start - v_end <= 30 and _adjacent(info.sdoc, tok, m))
        between = info.sentence.text[m.end:v_start] if m.end <= v_start else ""
        opening = m.start <= 25 and len(between.split()) <= 8 and "," not in between.strip(", ")
        before = m.end <= v_start and (len(between.split()) <= 3 and "," not in between.strip(", ") or opening)
        if after or before:
            return m.start_date, m
    return None


def _pronoun_subject(sdoc, att) -> bool:
    tok = sdoc[att.token_i]
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj is not None and subj.lower_ in ("it", "he", "she", "they", "ministry", "agency", "mission", "headquarters")


def _adjacent(sdoc, verb, mention) -> bool:
    """A date mention belongs to the speech verb when it sits in the verb's own clause, not its complement."""
    comp = set()
    for c in verb.children:
        if c.dep_ in ("ccomp", "xcomp", "advcl"):
            comp.update(t.idx for t in c.subtree)
    toks = [t for t in sdoc if t.idx >= mention.start and t.idx < mention.end]
    return bool(toks) and not any(t.idx in comp for t in toks)


@lru_cache(maxsize=None)
def _about_this_re(lang: str) -> Optional[re.Pattern]:
    from counterclaim.extract import lexicon
    words = lexicon.load(lang, "cues").get("about_this", [])
    return re.compile(r"^\W*(?:%s)(?![\w])" % "|".join(map(re.escape, words)), re.I) if words else None


def _about_this(infos: list[SentenceInfo], lang: str) -> None:
    """"Про це повідомив X", "Об этом сообщил X": a sentence naming the source of what came before
    it gives its claimant to the unattributed sentences of its paragraph before it."""
    rx = _about_this_re(lang)
    if rx is None:
        return
    for i, info in enumerate(infos):
        if not (info.attributed and info.attrs and rx.match(info.sentence.text)):
            continue
        for prev in reversed(infos[:i]):
            if prev.sentence.paragraph != info.sentence.paragraph or prev.attributed:
                break
            prev.claimant, prev.rank, prev.attributed, prev.stated_on = info.claimant, info.rank, True, info.stated_on


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


