"""Stage 1, segmentation: a document becomes sentences that know their line, paragraph,
comment (with its author) and whether they sit inside a quotation.

Sentence splitting here is rule-based and cheap on purpose: the prefilter decides
afterwards which sentences are worth a spaCy parse.
"""
from __future__ import annotations

import bisect
import dataclasses
import re
from dataclasses import dataclass
from typing import Optional

from counterclaim.records import Document, Part

_ABBREV = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "maj", "sgt", "capt", "gov", "sen", "rep",
    "pres", "prof", "no", "nos", "vs", "etc", "approx", "est", "obr", "inc", "ltd", "co", "jr", "sr",
    "u.s", "u.k", "u.n", "e.u", "a.m", "p.m", "e.g", "i.e", "fig", "vol", "mt", "ft", "lt.-gen", "maj.-gen",
}
#: capital letters of the Latin, Greek and Cyrillic scripts: a sentence starts with one (or a digit)
_CAPITALS = re.escape("".join(c for c in map(chr, range(0x41, 0x530)) if c.isupper()))
#: a run of stops is taken whole and only from its start (possessive, after a lookbehind), so a run
#: of thousands of "?!" costs its length, not its square
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s+[\"“‘'(\[]?[0-9%s])|(?<![?!])[?!]++[\"”’')\]]*+(?=\s+\S)"
                       % _CAPITALS)
#: the longest sentence handed on: a longer run of text without a stop (a list of 10,000 numbers, a
#: page of one sentence) is cut at its last comma, semicolon or space before this many characters, so
#: that every later stage, spaCy's parse included, works on bounded pieces
MAX_SENTENCE = 2000
#: the longest token: a run without spaces longer than this is cut (spaCy's suffix search is
#: quadratic in a token's length)
MAX_TOKEN = 500
_SOFT_CUT = re.compile(r"[,;]\s|\s")
_URL = re.compile(r"https?://[^\s<>\"”’)\]]+")
_INFORMAL_LINE = re.compile(r"^(?:EDIT\b|Edit\b|edit\b|UPDATE\b|lol\b|>)|(?:^|\s)(?:i|i'm|i’m|im|lol|lmao|imo|imho|tbh)(?:\s|$|[,.!?])|/s\b|https?://\S+\s*$")
#: "KYIV, Jan 14 - ", "MOSCOW/KYIV, Feb 11 (Wire) - ": a wire dateline is not part of the first sentence
_DATELINE = re.compile(r"^[A-Z][A-Z/.’' \-]{1,40}(?:\s*\([^)]{1,30}\))?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:\s*\([^)]{1,30}\))?\s*[-–—]\s+")
#: a list item: an optional bullet, a short label, a dash or colon, a figure soon after (or the figure
#: first: "876,720 – personnel"); punctuation only, so it holds in every language
_ITEM = re.compile(r"^\s*(?:[-*•·▪–]\s+)?(?:[^\n\d]{1,80}?(?:\s[‒–—-]|[‒–—]\s|:\s)[^\n]{0,24}?\d|\d[\d,.\s\u00a0]*\s?[‒–—-]\s)")
_ITEM_MAX = 200
#: a transcript's speaker turn: an upper-case label and a colon ("MR. KIRBY:", "THE PRESIDENT:"), or a
#: questioner's "Q" / "Q:" opening the paragraph
_TURN = re.compile(r"^(?P<label>(?:[A-Z][A-Z.’'\-]*\s){0,4}[A-Z][A-Z.’'\-]+):\s+(?=\S)|^(?P<q>Q)(?:[.:]\s*|\s+)(?=[A-Z“\"(])"
                   r"|^(?P<a>A)[.:]\s+(?=\S)")
_TURN_LINE = re.compile(_TURN.pattern, re.M)
_QUOTE_PAIRS = (("“", "”"), ("«", "»"), ('"', '"'))


@dataclass(frozen=True)
class Sentence:
    """A sentence with where it sits; offsets are into the document text."""
    start: int
    end: int
    text: str
    index: int                    #: running number in the document
    line: int                     #: index of its line (a bulletin list item is one line)
    paragraph: int                #: index of its paragraph (lines between blank lines)
    part: Optional[Part] = None   #: the thread comment it belongs to, if any
    quoted: bool = False          #: wholly or mostly inside quotation marks
    quote_id: int = -1            #: the quotation it belongs to (-1: none)
    user: bool = False            #: user-generated content (thread comment or a pasted thread)
    urls: tuple[str, ...] = ()    #: URLs inside the sentence
    speaker: Optional[str] = None  #: the transcript turn it belongs to ("MR. KIRBY", "Q"), if any
    asked: bool = False           #: inside a questioner's turn: its figures are the question's, not claims
    intro: bool = False           #: before a transcript's first turn: it introduces who speaks
    lang: Optional[str] = None    #: its comment's language where that is not the document's


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans of one line: rule-based, keeps abbreviations and decimals together."""
    spans = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if text[m.start()] == "." and _abbreviation(text, start, m.start()):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(offset + a, offset + b) for s, e in spans if e > s for a, b in _bounded(text, s, e)]


def _abbreviation(text: str, start: int, stop: int) -> bool:
    """The word before the stop at ``stop`` is an abbreviation or an initial ("Gen.", "U.S.", "J.")."""
    lo = max(start, stop - 24)   # no abbreviation is longer; a word cut by the window is a long word
    word = re.search(r"([A-Za-z][A-Za-z.\-]*)\.$", text[lo:stop + 1])
    if not word or (lo > start and word.start() == 0 and text[lo - 1].isalpha()):
        return False
    return word.group(1).lower() in _ABBREV or len(word.group(1)) == 1


def _bounded(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A sentence span cut into pieces of at most MAX_SENTENCE characters (at the last comma,
    semicolon or space of the second half of each piece) with no token longer than MAX_TOKEN."""
    if e - s <= MAX_TOKEN or (e - s <= MAX_SENTENCE and not re.search(r"\S{%d}" % (MAX_TOKEN + 1), text[s:e])):
        return [(s, e)]
    out = []
    while e - s > 0:
        limit = min(e, s + MAX_SENTENCE)
        run = re.search(r"\S{%d}" % (MAX_TOKEN + 1), text[s:limit])
        if run is not None:
            cut = s + run.start() + MAX_TOKEN if run.start() == 0 else s + run.start()
        elif limit == e:
            cut = e
        else:
            cuts = [m.end() for m in _SOFT_CUT.finditer(text, s + MAX_SENTENCE // 2, limit)]
            cut = cuts[-1] if cuts else limit
        piece_end = cut
        while piece_end > s and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > s:
            out.append((s, piece_end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    return out


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quotations in a paragraph (curly, guillemet or straight double quotes)."""
    spans = []
    for open_, close in _QUOTE_PAIRS:
        i = 0
        while True:
            a = text.find(open_, i)
            if a < 0:
                break
            b = text.find(close, a + 1)
            if b < 0:
                break
            spans.append((a, b + 1))
            i = b + 1
    return sorted(spans)


def segment(doc: Document) -> list[Sentence]:
    """Sentences of a document in text order, with lines, paragraphs, comments and quotations."""
    text = doc.text
    regions: list[tuple[int, int, Optional[Part]]]
    if doc.parts:
        regions = [(p.start, p.end, p) for p in doc.parts]
    else:
        regions = [(0, len(text), None)]
    out: list[Sentence] = []
    line_no = para_no = 0
    quote_no = 0
    pasted_thread = False
    turn: list = [None, False]   # the current speaker turn (label, asked) carried across paragraphs
    if doc.parts or not _transcript(text, doc.lang):
        turn = None
    for r_start, r_end, part in regions:
        region = text[r_start:r_end]
        pos = 0
        para_lines: list[tuple[int, str]] = []
        raws = region.split("\n") + [""]
        following: list[Optional[str]] = [None] * len(raws)   # the next non-blank line after each line
        for n in range(len(raws) - 2, -1, -1):
            following[n] = raws[n + 1] if raws[n + 1].strip() else following[n + 1]
        headed = False   # a line of the paragraph so far ends with a colon
        for n, raw in enumerate(raws):
            if raw.strip():
                para_lines.append((r_start + pos, raw))
                headed = headed or raw.rstrip().endswith(":")
            else:
                if para_lines and _list_goes_on(para_lines, following[n], headed):
                    pos += len(raw) + 1
                    continue
                if para_lines:
                    if part is None and not pasted_thread and any(_INFORMAL_LINE.search(l) for _, l in para_lines):
                        pasted_thread = len(out) > 0   # a thread pasted under an article, whatever the format
                    quote_no = _emit_paragraph(text, para_lines, part, line_no, para_no, quote_no,
                                               part is not None or pasted_thread, out, turn)
                    line_no += len(para_lines)
                    para_no += 1
                    para_lines, headed = [], False
            pos += len(raw) + 1
    if turn is not None:
        first = next((i for i, x in enumerate(out) if x.speaker is not None), 0)
        out[:first] = [dataclasses.replace(x, intro=True) for x in out[:first]]
    return out


def _transcript(text: str, lang: str) -> bool:
    """Two speaker labels, or one with a speaker's title ("MR. KIRBY:", "THE PRESIDENT:"), make a
    transcript; one capitalised word and a colon ("BREAKING:") does not."""
    from counterclaim.extract import lexicon
    labels = []
    for m in _TURN_LINE.finditer(text):
        labels.append(m.group("label") or m.group("q") or m.group("a"))
        if len(labels) >= 2:
            return True
    titles = tuple(t.lower() for t in lexicon.load(lang, "cues").get("speaker_titles", ())) if labels else ()
    return any(l.lower().startswith(titles) for l in labels) if titles else False


def _is_item(line: str) -> bool:
    return len(line) <= _ITEM_MAX and bool(_ITEM.match(line))


def _is_row(line: str) -> bool:
    return line.count("|") >= 2


def _list_goes_on(para_lines, nxt: Optional[str], headed: bool) -> bool:
    """A blank line inside a list does not end it: a paragraph holding a heading that ends with a colon,
    whose last line is the heading or an item, goes on when the next line (after blank lines) is an
    item, so the heading reaches every item whether they sit on consecutive lines, in blank-separated
    paragraphs or in HTML blocks."""
    if nxt is not None and _is_row(para_lines[-1][1]) and _is_row(nxt):
        return True   # the rows of a text table ("Indicator | Source | Figure")
    if not headed:
        return False
    last = para_lines[-1][1].rstrip()
    if not (last.endswith(":") or _is_item(last)):
        return False
    return nxt is not None and _is_item(nxt)


def _emit_paragraph(text, lines, part, line_no, para_no, quote_no, user, out, turn) -> int:
    p_start = lines[0][0]
    p_end = lines[-1][0] + len(lines[-1][1])
    quotes = [(p_start + a, p_start + b) for a, b in _quote_spans(text[p_start:p_end])]
    starts = [a for a, _ in quotes]
    lo = 0
    pasted = user
    for i, (l_start, line) in enumerate(lines):
        if not pasted and part is None and _INFORMAL_LINE.search(line) and out:
            pasted = True  # a thread pasted after an article: the rest is user content
        dl = _DATELINE.match(line)
        tm = _TURN.match(line) if turn is not None and not dl else None
        if tm is not None:   # "A:" answers: the interviewee, whom the text's own attribution names
            turn[0], turn[1] = tm.group("label") or ("Q" if tm.group("q") else "A"), tm.group("q") is not None
        body_start = l_start + (dl.end() if dl else tm.end() if tm else 0)
        for s, e in split_sentences(text[body_start:l_start + len(line)], body_start):
            while lo < len(quotes) and quotes[lo][1] <= s:
                lo += 1   # quotations that closed before this sentence touch no later one
            touching = [k for k in range(lo, bisect.bisect_left(starts, e)) if quotes[k][1] > s]
            inside = [k for k in touching if (min(quotes[k][1], e) - max(quotes[k][0], s)) >= 0.5 * (e - s)]
            qid = quote_no + touching[0] if touching else -1
            out.append(Sentence(start=s, end=e, text=text[s:e], index=len(out), line=line_no + i,
                                paragraph=para_no, part=part, quoted=bool(inside), quote_id=qid,
                                user=pasted, urls=tuple(_URL.findall(text[s:e])), speaker=turn[0] if turn else None, asked=bool(turn and turn[1])))
    return quote_no + len(quotes)
