"""Figures: every number in a sentence that can be a count, as integers with its qualifier.

This stage runs on every candidate sentence, so it is pure regular expressions over
the text (no spaCy) and every pattern is linear. It reads digits with any thousands
separator ("62,400", "62 400" with any space), decimals with a multiplier ("62.4
thousand", "62.4k"), numbers in words ("sixty-two thousand four hundred"), vague
quantities ("hundreds"), qualifiers ("about", "more than", "up to"), ranges
("between 10 and 13"), bulletin increments ("(+8)") and negations read as zero ("no
one was hurt"). Numbers that only look like counts (years, dates, money, distances,
calibres, model names, phone numbers, ordinals …) are rejected; ``find_lookalikes``
says why, for debugging and tests. A qualifier belongs to its own number only, but an
elided count shares it ("at least 164 were killed and 910 injured"); the qualifier of
a list heading is the caller's job. All words and cues are data in ``lang/<lang>/numbers.json``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from counterclaim.extract.figures_lexicon import _WS, _Lexicon, _lexicon, _norm

__all__ = ["Figure", "find_figures", "find_lookalikes"]

_MAX_DIGITS = 15                        # longer digit runs are identifiers, never counts
_LEFT, _RIGHT = 48, 64                  # context windows (characters) for the cue checks
_DIGIT = re.compile(r"\d")
_DECIMAL_COMMA = re.compile(r",(\d{1,2})(?!\d)")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_NOT_DIGIT = re.compile(r"[^\d.]")
_GLUED_WORD = re.compile(r"-[^\W\d_]")                # "-storey" right after a number
_INCREMENT_AFTER = re.compile(r"%s*\(\+" % _WS)      # "2045 (+12)"
_ITEM_DASH_BEFORE = re.compile(r"%s*[‒–—-]%s*[^\W\d_]" % (_WS, _WS))   # reversed: "label ‒ " before the number
_LINE_END_AFTER = re.compile(r"%s*(?:[,;.]%s*)?(?:\n|$)" % (_WS, _WS))


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure; ``low == high`` unless ``qualifier`` is ``range`` or ``vague``."""
    start: int              #: offset of the figure including its qualifier words ("more than 1,600")
    end: int
    num_start: int          #: offset of the number itself ("1,600")
    num_end: int
    text: str               #: ``text[start:end]`` of the given text
    low: int
    high: int
    qualifier: str = "exact"  #: exact | approx | at_least | at_most | range | vague
    unit: Optional[str] = None  #: None, or "km2" for areas ("mi2", "ha" for other area units)
    increment: bool = False     #: a signed bulletin increment "+1,110" / "(+8)"
    zero: bool = False          #: a negation read as 0 ("no one was hurt")
    implied: bool = False       #: a bare singular noun that counts one ("танк" in a list of losses)


# --------------------------------------------------------------------------- numbers

@dataclass(slots=True)
class _Num:
    """A number read from the text, before it is judged a figure or a look-alike."""
    start: int
    end: int                 #: end including a multiplier word or suffix ("62.4 thousand")
    value: Decimal
    mult: int = 1            #: the multiplier that was applied (1 when none)
    word: bool = False       #: written in words
    grouped: bool = False    #: written with thousands separators
    decimal: bool = False
    raw: str = ""
    reason: Optional[str] = None
    unit: Optional[str] = None

    @property
    def mant(self) -> Decimal:
        return self.value / self.mult


def _digit_numbers(text: str, L: _Lexicon) -> list[_Num]:
    out = []
    for m in L.digit_re.finditer(text):
        raw, tail = m.group("num"), m.group("tail")
        s, e = m.span("num")
        plain = _NOT_DIGIT.sub("", raw)
        n = _Num(s, e, Decimal(0), raw=raw, decimal="." in raw, grouped=any(c in raw for c in ", \u00a0\u2009\u202f"))
        if len(plain) > _MAX_DIGITS + 1:
            n.reason = "identifier"
            out.append(n)
            continue
        n.value = Decimal(plain)
        if tail:
            t = tail.lower()
            n.end = m.end()
            if t in L.suffix_mult:
                n.mult = L.suffix_mult[t]
            elif t in L.ordinal_tails:
                n.reason = "ordinal"
            elif t in L.plural_tails:          # "1960s", "the '90s"
                n.reason = "year" if len(raw) in (2, 4) else "model"
            elif t in L.million_tails and (n.decimal or L.count_noun_re.match(text[m.end():m.end() + _RIGHT])):
                n.mult = 1000000            # "1.5m people", "8M refugees" (but "500m" is a distance)
            elif len(tail) == 1 and tail.isupper():
                n.reason = "model"          # "T-90M", "T-62M"
            else:
                u = L.unit_re.match(tail)
                name = L.unit_names[u.lastgroup] if u and u.end() == len(tail) else None
                if name and name.startswith("area:"):
                    n.unit = name[5:]
                elif name:
                    n.reason = name
                elif t in L.time_tails:
                    n.reason = "time"
                else:
                    n.reason = "model"
        else:
            comma = _DECIMAL_COMMA.match(text, e) if not n.grouped and not n.decimal else None
            if comma:                                # "62,4 thousand", "12,5 km" in translated text
                n.value, n.decimal, e = Decimal(plain + "." + comma.group(1)), True, comma.end()
                n.end = e
            mm = L.mult_re.match(text[e:e + 24])
            if mm:                                   # "62.4 thousand"
                n.mult = L.multipliers[mm.group("m").lower()]
                n.end = e + mm.end()
            elif n.decimal and _DOT_GROUPS.fullmatch(raw) and L.count_noun_re.match(text[e:e + _RIGHT]):
                n.value, n.decimal, n.grouped = Decimal(raw.replace(".", "")), False, True   # "1.350 troops"
        n.value *= n.mult
        out.append(n)
    return out


def _word_numbers(text: str, L: _Lexicon) -> list[_Num]:
    """Runs of number words split into well-formed numbers ("two hundred and five", "twenty-six"); ``text`` is lower-cased."""
    out: list[_Num] = []
    for run in L.word_re.finditer(text):
        toks = [(t.group().lower(), t.start(), t.end()) for t in L.word_tok_re.finditer(text, run.start(), run.end())]
        cur: Optional[dict] = None
        for w, s, e in toks:
            if w in L.conj:
                if cur and cur["last"] in ("hundred", "scale"):
                    cur["and"] = True
                    continue
                cur = _flush(cur, out)
                continue
            kind = ("unit" if w in L.units else "teen" if w in L.teens else "tens" if w in L.tens else
                    "hundreds" if w in L.hundreds else
                    "hundred" if w in L.hundred else "scale" if w in L.scales else
                    "dozen" if w in L.dozen else "article")
            if cur is None or not _can_follow(cur, kind, w, L):
                cur = _flush(cur, out)
                if kind in ("hundred", "scale", "dozen"):
                    continue          # a bare "hundred" is no number; "hundreds" is vague
                cur = {"start": s, "total": 0, "current": 0, "last": None, "big": None, "and": False, "mult": 1}
            _add(cur, kind, w, L)
            cur["end"] = e
        _flush(cur, out)
    return out


def _can_follow(cur: dict, kind: str, w: str, L: _Lexicon) -> bool:
    last, big = cur["last"], cur["big"]
    if cur["and"] and kind not in ("unit", "teen", "tens"):
        return False
    if kind in ("unit", "teen", "tens"):
        if last == "tens":
            return kind == "unit" and not cur["and"]
        return last in ("hundred", "scale", "hundreds")
    if kind == "hundreds":           # "тисяча двісті": a hundreds word follows a scale
        return last == "scale"
    if kind == "hundred":
        return last in ("unit", "teen", "article")
    if kind == "scale":
        return last in ("unit", "teen", "tens", "hundred", "article") and (big is None or L.scales[w] < big)
    if kind == "dozen":
        return last in ("unit", "teen", "article")
    return False


def _add(cur: dict, kind: str, w: str, L: _Lexicon) -> None:
    if kind in ("unit", "teen", "tens", "hundreds"):
        cur["current"] += L.word_value[w]
        cur["mult"] = 1
    elif kind == "article":
        cur["current"] = 0
    elif kind == "hundred":
        cur["current"] = (cur["current"] or 1) * 100
        cur["mult"] = 100 if cur["total"] == 0 and cur["current"] < 1000 else 1
    elif kind == "dozen":
        cur["current"] = (cur["current"] or 1) * 12
        cur["mult"] = 12
    else:
        scale = L.scales[w]
        cur["total"] += (cur["current"] or 1) * scale
        cur["current"] = 0
        cur["big"] = scale
        cur["mult"] = scale
    cur["last"] = kind
    cur["and"] = False


def _flush(cur: Optional[dict], out: list) -> None:
    """Emit the number being built (a lone article is none); returns None to reset the caller's state."""
    if cur and cur["last"] != "article":
        value = cur["total"] + cur["current"]
        mult = cur["mult"] if value % cur["mult"] == 0 else 1
        out.append(_Num(cur["start"], cur["end"], Decimal(value), mult=mult, word=True))


# --------------------------------------------------------------------------- scan

def _masks(text: str, low: str, L: _Lexicon) -> list[tuple[int, int, str]]:
    spans = []
    digits = bool(_DIGIT.search(text))
    for i, (reason, rx) in enumerate(L.masks):
        if not digits and i > 1:
            break                                # every later mask needs a digit
        for m in rx.finditer(low if i < L.lower_masks else text):
            g = "m" if "m" in rx.groupindex else 0
            s, e = m.span(g)
            if reason == "phone" and sum(c.isdigit() for c in m.group(g)) < 7:
                continue
            if i == 1:                           # e-mail: widen to the user name
                while s > 0 and (text[s - 1].isalnum() or text[s - 1] in "._+-"):
                    s -= 1
            spans.append((s, e, reason))
    spans.sort(key=lambda t: (t[0], -t[1]))
    out: list[tuple[int, int, str]] = []
    for sp in spans:                      # keep the outermost of nested masks ("24.02" in "24.02.2022")
        if out and sp[1] <= out[-1][1]:
            continue
        out.append(sp)
    return out


class _Spans:
    """Sorted, possibly overlapping spans with a fast "what covers this range" test."""

    def __init__(self, spans: list[tuple[int, int, str]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.reach = []                      # running max of ends, for overlap tests
        hi = -1
        for _, e, _ in self.spans:
            hi = max(hi, e)
            self.reach.append(hi)

    def hit(self, s: int, e: int) -> Optional[str]:
        i = bisect_right(self.starts, e - 1) - 1
        while i >= 0 and self.reach[i] > s:
            if self.spans[i][1] > s:
                return self.spans[i][2]
            i -= 1
        return None


def _zeros(text: str, low: str, L: _Lexicon) -> list[Figure]:
    out = []
    for m in L.zero_det_re.finditer(low):
        out.append(Figure(m.start(), m.end(), m.start("det"), m.end("det"), text[m.start():m.end()], 0, 0, zero=True))
    for m in L.zero_pron_re.finditer(low):
        rest = m.group("rest")
        h = L.harm_re.search(rest)
        gap = rest[:h.start()].split() if h else []
        if h and len(gap) <= 5 and (not gap or gap[0].lower().strip(",") in L.zero_next) \
                and not any(c.isdigit() for w in gap for c in w):
            s, e = m.span("pron")
            out.append(Figure(s, e, s, e, text[s:e], 0, 0, zero=True))
    return out


def _vagues(text: str, low: str, L: _Lexicon, rejected: list) -> list[Figure]:
    out = []
    for m in L.vague_re.finditer(low):
        s, e = m.span()
        u = L.vague_unit_re.match(text[e:e + _RIGHT])
        if u:
            name = L.unit_names.get(u.lastgroup or "", "duration")
            if not name.startswith("area:"):
                rejected.append((s, e + u.end(), name))
                continue
        low, high = L.vague[_norm(m.group())]
        out.append(Figure(s, e, s, e, text[s:e], low, high, "vague"))
    return out


def _halves(text: str, n: _Num, L: _Lexicon) -> None:
    """"half a million" is 500,000 and "one and a half million" 1,500,000."""
    if n.word and n.mult > 1 and text[n.start:n.start + 2].lower() in ("a ", "an"):
        rleft = text[max(0, n.start - 24):n.start][::-1]
        h = L.half_before_re.match(rleft)
        if h:
            n.value /= 2
            n.start -= h.end()
        elif L.fraction_of_end.find(rleft):
            n.reason = "fraction"                # "a quarter of a million"
        return
    if n.mult == 1:
        h = L.and_half_re.match(text, n.end)
        if h:
            n.mult = L.multipliers[h.group("m").lower()]
            n.value = (n.value + Decimal("0.5")) * n.mult
            n.end = h.end()


def _is_year(n: _Num) -> bool:
    return (not n.word and not n.grouped and not n.decimal and n.mult == 1 and len(n.raw) == 4
            and 1800 <= n.value <= 2099)


def _pair(text: str, a: _Num, b: _Num, L: _Lexicon) -> Optional[tuple[str, Optional[tuple[int, str]]]]:
    """How a and b form one range: ("range"|"year"|"hyphenated", (chars back, "between"|"from") or None) or None."""
    between = text[a.end:b.start]
    if len(between) > 12:
        return None
    left = text[max(0, a.start - _LEFT):a.start]
    prefix = L.range_prefix_end.find(left[::-1])
    lo, hi = a.value, b.value
    if b.mult > 1 and a.mult == 1 and not a.grouped and a.value < b.mant:
        lo = a.value * b.mult
    if L.dash_re.fullmatch(between):
        if not a.word and L.model_dash_re.match(left[::-1]):
            return "model", prefix               # "ZSU-23-4"
        if _is_year(a) and (_is_year(b) or (len(b.raw) == 2 and int(b.value) > a.value % 100)):
            return "year", prefix
        if a.word != b.word:
            return None
        return ("range" if lo < hi else "hyphenated"), prefix
    j = L.joiner_re.fullmatch(between)
    if not j or lo >= hi:
        return None
    if _is_year(a) and _is_year(b) and not L.count_noun_re.match(text[b.end:b.end + _RIGHT]):
        return "year", prefix                 # "between 2022 and 2024", "from 2014 to 2022"
    word = j.group("j").lower()
    if word == "and" and not (prefix and prefix[1].lower() == "between"):
        return None
    if word == "to":
        before = (left[:len(left) - prefix[0]] if prefix else left).split()[-4:]
        if any(w.lower().strip(",;:") in L.change for w in before):
            return None
    if word == "or" and a.word != b.word:
        return None
    return "range", prefix


def _scan(text: str, lang: str) -> tuple[list[Figure], list[tuple[int, int, str]]]:
    L = _lexicon(lang)
    low = text.lower()                   # word patterns run case-sensitively on this: several times faster
    if len(low) != len(text):            # a few characters lower-case to two ("İ"): keep offsets
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    rejected: list[tuple[int, int, str]] = []
    masks = _masks(text, low, L)
    mask = _Spans(masks)
    figures = _zeros(text, low, L)
    figures += _vagues(text, low, L, rejected)
    taken = _Spans([(f.start, f.end, "figure") for f in figures])
    idioms = _Spans([(m.start(), m.end(), "idiom") for m in L.idiom_re.finditer(low)])
    nums = [n for n in _digit_numbers(text, L) + _word_numbers(low, L) if not taken.hit(n.start, n.end)]
    for n in nums:
        _halves(text, n, L)
    nums.sort(key=lambda n: n.start)
    for n in nums:
        why = mask.hit(n.start, n.end)
        if why:
            n.reason = n.reason or why
    i = 0
    while i < len(nums):
        a = nums[i]
        pair = _pair(text, a, nums[i + 1], L) if i + 1 < len(nums) else None
        if pair:
            b = nums[i + 1]
            kind, prefix = pair
            i += 2
            group = [a, b]
            start = a.start - prefix[0] if prefix else a.start
            if kind != "range":
                a.reason = b.reason = a.reason or b.reason or kind
        else:
            group, start, i = [a], a.start, i + 1
        fig = _judge(text, group, start, L, idioms)
        if isinstance(fig, Figure):
            figures.append(fig)
        elif not all(mask.hit(n.start, n.end) for n in group):   # masked ones are reported as their mask
            rejected.append(fig)
    figures.sort(key=lambda f: (f.start, f.end))
    figures = _elided(text, figures, L)
    rejected += masks
    rejected.sort()
    return figures, rejected


def _elided(text: str, figures: list[Figure], L: _Lexicon) -> list[Figure]:
    """"At least 164 were killed and 910 injured": the second count, whose noun is elided, shares the qualifier.

    Only for that parallel shape (a state word after each number); "up to 510 troops, two
    tanks and 11 vehicles" names its own items, so each keeps its own qualifier.
    """
    out = list(figures)
    for i in range(1, len(out)):
        a, b = out[i - 1], out[i]
        if b.qualifier != "exact" or b.zero or b.increment or a.qualifier not in ("approx", "at_least", "at_most"):
            continue
        between = text[a.end:b.start]
        if len(between) > 80 or not L.and_end.find(between[::-1]) or not L.state_re.search(between) \
                or not L.state_after_re.match(text, b.end):
            continue
        out[i] = Figure(b.start, b.end, b.num_start, b.num_end, b.text, b.low, b.high, a.qualifier, b.unit)
    return out


def _judge(text: str, group: list[_Num], start: int, L: _Lexicon, idioms: _Spans):
    """A Figure, or (start, end, reason) of a look-alike."""
    a, b = group[0], group[-1]
    end = b.end
    left = text[max(0, a.start - _LEFT):a.start]
    rleft = left[::-1]
    right = text[end:end + _RIGHT]
    reason = next((n.reason for n in group if n.reason), None)
    if reason in ("distance", "model", "measure") and not a.word and L.money_end.find(rleft):
        reason = "money"                      # "£300m", "$2M"
    unit = b.unit
    increment = False
    if reason is None:
        reason, end2 = _context(group, left, rleft, right, L, idioms)
        if reason == "increment":
            reason, increment = None, True
        elif reason and reason.startswith("area:"):
            reason, unit = None, reason[5:]
        elif reason:
            end = max(end, end2)
    if reason:
        return (start, end, reason)
    values = [n.value for n in group]
    if len(group) == 2 and b.mult > 1 and a.mult == 1 and not a.grouped and a.value < b.mant:
        values[0] = a.value * b.mult
    if any(v != int(v) for v in values):
        return (start, end, "decimal")
    qualifier = "range" if len(group) == 2 else "exact"
    fig_end = end
    if increment:
        start = left.rfind("+") - len(left) + a.start
    elif qualifier == "exact":
        q = L.qual_end.find(rleft)
        if q and not _particle(left[:len(left) - q[0]], q[1], L):
            qualifier = L.qual_of[_norm(q[1])]
            start = a.start - q[0]
        p = L.post_re.match(text, end)
        if p:
            qualifier = L.post_of[_norm(p.group("p"))]
            fig_end = p.end()
    lo, hi = int(values[0]), int(values[-1])
    return Figure(start, fig_end, a.start, b.end, text[start:fig_end], lo, hi, qualifier, unit, increment)


def _particle(before: str, q: str, L: _Lexicon) -> bool:
    """"handed over 300 prisoners", "talked about 3 tanks": the word belongs to the verb, not to the number."""
    after = L.particles.get(_norm(q))
    words = before.split()
    return bool(after and words) and words[-1].lower().strip(",") in after


def _context(group: list[_Num], left: str, rleft: str, right: str, L: _Lexicon, idioms: _Spans):
    """The reason the words around a number make it a look-alike (or "increment", "area:km2"); None if a count."""
    a, b = group[0], group[-1]
    digits = not a.word
    if digits and len(group) == 1 and left[-1:] == "+":
        return ("increment", 0) if not left[-2:-1].isalnum() else ("model", 0)   # "(+8)" but "UTC+3"
    last = rleft.lstrip(" \t\u00a0\u2009\u202f")[:1]
    cued = bool(last) and not last.isdigit()    # a digit or nothing before the number: no left cue
    if cued and L.money_end.find(rleft):
        return "money", 0
    if digits and cued:
        m = L.model_dash_re.match(rleft)
        if m:
            return ("year" if m.group("pre")[::-1].lower() in L.year_prefix and _is_year(a) else "model"), 0
        if L.model_word_end.find(rleft):
            return "model", 0
        if L.id_end.find(rleft) or L.id_cs_end.find(rleft):
            return "identifier", 0
        if left[-1:] == "/" and left[-2:-1].isdigit() or right[:1] == "/" and right[1:2].isdigit():
            return "identifier", 0
    if cued and (L.age_end.find(rleft) or right[:1] == "," and L.age_noun_end.find(rleft)):
        return "age", 0                       # "aged 45", "a woman, 61, was injured"
    if right[:1] in "-–" and right[1:2].isdigit() or left[-1:] in "-–" and left[-2:-1].isdigit():
        return "hyphenated", 0
    first = right.lstrip(" \t\u00a0\u2009\u202f-")[:1]
    if not first or first.isdigit() or first in ",;()|":   # nothing after the number can make it a look-alike
        return _alone(group, rleft, right, L, idioms), 0
    u = L.unit_re.match(right)
    if u:
        return L.unit_names[u.lastgroup], b.end + u.end()
    d = L.duration_re.match(right)
    if d:
        return "duration", b.end + d.end()
    s = L.street_re.match(right)
    if s:
        return "address", b.end + s.end()
    if L.half_after_re.match(right):
        return "fraction", 0
    if _GLUED_WORD.match(right) and not L.post_re.match(right) and not L.count_compound_re.match(right):
        return "compound", 0                  # "a five-storey building", but "a 50,000-strong force" counts
    return _alone(group, rleft, right, L, idioms), 0


def _alone(group: list[_Num], rleft: str, right: str, L: _Lexicon, idioms: _Spans) -> Optional[str]:
    """Reasons that only a lone number can have: a year, a code, an identifier, the pronoun "one"."""
    if len(group) > 1:
        return None
    a = group[0]
    if _is_year(a) and (L.year_cue_end.find(rleft) or not L.count_noun_re.match(right)) \
            and not _INCREMENT_AFTER.match(right) \
            and not (_ITEM_DASH_BEFORE.match(rleft) and _LINE_END_AFTER.match(right)):
        return "year"       # but "UAVs ‒ 2045 (+12)" and "Гармати — 1931" (a list item's count) count
    if not a.word and a.raw.startswith("0") and len(a.raw) > 1 and not a.decimal:
        return "code"
    if not a.word and not a.grouped and a.mult == 1 and len(a.raw.replace(".", "")) >= 7 \
            and not _INCREMENT_AFTER.match(right) and not L.count_noun_re.match(right) \
            and not (_ITEM_DASH_BEFORE.match(rleft) and _LINE_END_AFTER.match(right)) and not L.qual_end.find(rleft):
        return "identifier"     # but "близько 1133250 (+1050) осіб" is the General Staff's count
    if a.word and a.value == 1 and a.mult == 1:
        if idioms.hit(a.start, a.end):
            return "idiom"
        if L.pronoun_end.find(rleft):
            return "pronoun"
    return None


def find_figures(text: str, lang: str = "en") -> list[Figure]:
    """Every figure of ``text`` in text order; look-alikes (years, money, distances …) left out."""
    return _scan(text, lang)[0]


def find_lookalikes(text: str, lang: str = "en") -> list[tuple[int, int, str]]:
    """(start, end, reason) of every number rejected as a look-alike, in text order (for debugging and tests)."""
    L = _lexicon(lang)
    out = _scan(text, lang)[1]
    for m in L.glued_re.finditer(text):   # "R40", "G7", "A320": numbers glued to letters are names
        if m.group().lower() not in L.unit_tokens:
            out.append((m.start(), m.end(), "model"))
    return sorted(set(out))
