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
a list heading is the caller's job. All words and cues are data in ``vocab/<lang>/numbers.json``.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon

__all__ = ["Figure", "find_figures", "find_lookalikes"]

SEP = "[ \u00a0\u2009\u202f]"          # thousands separators that are spaces
_WS = "[ \t\u00a0\u2009\u202f]"        # blanks that do not cross a line
_MAX_DIGITS = 15                        # longer digit runs are identifiers, never counts
_LEFT, _RIGHT = 48, 64                  # context windows (characters) for the cue checks
_DIGIT = re.compile(r"\d")
_DECIMAL_COMMA = re.compile(r",(\d{1,2})(?!\d)")
_DOT_GROUPS = re.compile(r"\d{1,3}(?:\.\d{3})+")
_NOT_DIGIT = re.compile(r"[^\d.]")
_GLUED_WORD = re.compile(r"-[^\W\d_]")                # "-storey" right after a number
_INCREMENT_AFTER = re.compile(r"%s*\(\+" % _WS)      # "2045 (+12)"


def _norm(phrase: str) -> str:
    """A phrase as the lexicon keys it: lower case, single spaces."""
    return " ".join(phrase.lower().split())


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


# --------------------------------------------------------------------------- lexicon

def _words(d: dict, key: str, path: str) -> list[str]:
    v = d.get(key)
    if not isinstance(v, list) or not v or not all(isinstance(x, str) and x.strip() for x in v):
        raise VocabError("entry %r must be a non-empty list of non-empty strings" % key, path=path)
    return v


def _ints(d: dict, key: str, path: str) -> dict[str, int]:
    v = d.get(key)
    if not isinstance(v, dict) or not v:
        raise VocabError("entry %r must be a non-empty object of word: integer" % key, path=path)
    for w, n in v.items():
        if not w.strip() or not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise VocabError("entry %r: %r must map to a non-negative integer, got %r" % (key, w, n), path=path)
    return {w.lower(): n for w, n in v.items()}


def _groups(d: dict, key: str, path: str) -> dict[str, list[str]]:
    v = d.get(key)
    if not isinstance(v, dict) or not v:
        raise VocabError("entry %r must be an object of name: list of phrases" % key, path=path)
    return {name: _words(v, name, path + " entry %r" % key) for name in v}


def _body(p: str, boundary: bool) -> str:
    e = r"\s+".join(re.escape(w) for w in p.split())
    return e + r"(?![\w])" if boundary and p[-1].isalnum() else e


def _alt(phrases, boundary: bool = True, before: str = r"\w", lower: bool = False) -> str:
    """One alternation, longest first; word phrases get word boundaries, symbols do not.

    The leading boundary stays outside the alternation so that the regex engine can
    skip ahead on the phrases' first letters (about 20 times faster on long texts).
    """
    order = sorted({p.lower() for p in phrases} if lower else set(phrases), key=len, reverse=True)
    words = [_body(p, boundary) for p in order if p[0].isalnum()]
    syms = [_body(p, boundary) for p in order if not p[0].isalnum()]
    parts = []
    if words:
        parts.append(("(?<![%s])" % before if boundary else "") + "(?:%s)" % "|".join(words))
    if syms:
        parts.append("(?:%s)" % "|".join(syms))
    return "(?:%s)" % "|".join(parts)


class _Ending:
    """Phrases that must end just before a number, matched once on the reversed left context.

    A ``search(...$)`` over the left context tries every start position; matching the
    reversed text at its first character costs one attempt.
    """

    def __init__(self, phrases, gap: str = _WS + "+", flags: int = re.I):
        alts = []
        for p in sorted(set(phrases), key=len, reverse=True):
            rev = r"\s+".join(re.escape(w[::-1]) for w in reversed(p.split()))
            if p[0].isalnum():
                rev += r"(?![\w])"
            alts.append((gap if p[-1].isalnum() else _WS + "*") + rev)
        self.re = re.compile("(?:%s)" % "|".join(alts), flags)

    def find(self, rleft: str) -> Optional[tuple[int, str]]:
        """(offset counted back from the number, phrase) or None; ``rleft`` is the reversed left context."""
        m = self.re.match(rleft)
        if not m:
            return None
        return m.end(), " ".join(rleft[:m.end()][::-1].split())


class _Lexicon:
    """The compiled patterns of one language, built once from its ``numbers.json``."""

    def __init__(self, lang: str):
        d = lexicon.load(lang, "numbers")
        path = str(lexicon.VOCAB_DIR / lang / "numbers.json")
        self.units = _ints(d, "units", path)
        self.teens = _ints(d, "teens", path)
        self.tens = _ints(d, "tens", path)
        self.hundred = _ints(d, "hundred", path)
        self.scales = _ints(d, "scales", path)
        self.dozen = _ints(d, "dozen", path)
        self.articles = {w.lower() for w in _words(d, "articles", path)}
        self.conj = {w.lower() for w in _words(d, "conjunctions", path)}
        self.multipliers = _ints(d, "multipliers", path)
        self.suffix_mult = _ints(d, "suffix_multipliers", path)
        self.million_tails = {w.lower() for w in _words(d, "million_suffixes", path)}
        self.half_before = _words(d, "half_before", path)
        self.and_half = _words(d, "and_half", path)
        self.half_after_re = re.compile(r"%s+%s" % (_WS, _alt(self.and_half)), re.I)
        self.ordinal_tails = {w.lower() for w in _words(d, "ordinal_suffixes", path)}
        self.plural_tails = {w.lower() for w in _words(d, "plural_suffixes", path)}
        quals = _groups(d, "qualifiers", path)
        post = _groups(d, "postfix_qualifiers", path)
        for name in list(quals) + list(post):
            if name not in ("approx", "at_least", "at_most"):
                raise VocabError("qualifier group %r is not approx, at_least or at_most" % name, path=path)
        self.qual_of = {_norm(p): q for q, ps in quals.items() for p in ps}
        self.qual_end = _Ending(self.qual_of)
        self.post_of = {_norm(p): q for q, ps in post.items() for p in ps}
        post_alts = [(r"%s+" % _WS if p[0].isalnum() else "") + r"\s+".join(map(re.escape, p.split()))
                     for p in sorted(self.post_of, key=len, reverse=True)]
        self.post_re = re.compile(r"(?P<p>%s)(?![\w+])(?!%s*\d)" % ("|".join(post_alts), _WS), re.I)
        self.particles = {_norm(q): {w.lower() for w in ws} for q, ws in _groups(d, "not_qualifier_after", path).items()}
        self.range_prefix_end = _Ending(_words(d, "range_prefixes", path))
        joiners = _words(d, "range_joiners", path)
        dashes = d.get("range_dashes")
        if not isinstance(dashes, str) or not dashes:
            raise VocabError("entry 'range_dashes' must be a string of dash characters", path=path)
        self.dash_re = re.compile(r"%s*[%s]%s*$" % (_WS, re.escape(dashes), _WS))
        self.joiner_re = re.compile(r"%s+(?P<j>%s)%s+$" % (_WS, "|".join(map(re.escape, joiners)), _WS), re.I)
        self.change = {w.lower() for w in _words(d, "change_words", path)}
        vague = d.get("vague")
        if not isinstance(vague, dict) or not vague:
            raise VocabError("entry 'vague' must be an object of phrase: [low, high]", path=path)
        for w, r in vague.items():
            if not (isinstance(r, list) and len(r) == 2 and all(isinstance(x, int) for x in r) and 0 < r[0] <= r[1]):
                raise VocabError("entry 'vague': %r must be [low, high] with 0 < low <= high, got %r" % (w, r), path=path)
        self.vague = {_norm(w): tuple(r) for w, r in vague.items()}
        self.vague_re = re.compile(_alt(self.vague, lower=True))          # run on lower-cased text
        z = d.get("zero")
        if not isinstance(z, dict):
            raise VocabError("entry 'zero' must be an object", path=path)
        zp = path + " entry 'zero'"
        block = _alt(_words(z, "blockers", zp), lower=True)
        self.zero_det_re = re.compile(r"(?<![\w\-])(?P<det>%s)%s+(?:(?!%s)[\w’'\-]+%s+){0,2}(?P<noun>%s)(?![\w\-]|['’]s)"
                                      % (_alt(_words(z, "determiners", zp), lower=True), _WS, block, _WS,
                                         _alt(_words(z, "nouns", zp), lower=True)))
        self.zero_next = {w.lower() for w in _words(z, "pronoun_next", zp)}
        self.zero_pron_re = re.compile(r"(?P<pron>%s)(?=(?P<rest>[^.;!?\n]{0,60}))" % _alt(_words(z, "pronouns", zp), lower=True))
        states = _words(d, "elided_states", path)
        self.state_re = re.compile(r"(?<![.;:!?])%s(?=[^.;:!?]*$)" % _alt(states), re.I)
        self.state_after_re = re.compile(r"%s+%s" % (_WS, _alt(states)), re.I)
        self.and_end = _Ending(["and"])
        self.harm_re = re.compile(_alt(_words(z, "harm_words", zp)), re.I)
        self.count_noun_re = re.compile(r"^%s+(?:[A-Za-z\-]+%s+)?%s" % (_WS, _WS, _alt(_words(d, "count_nouns", path))), re.I)
        L = d.get("lookalikes")
        if not isinstance(L, dict):
            raise VocabError("entry 'lookalikes' must be an object", path=path)
        self._lookalikes(L, path + " entry 'lookalikes'")
        self._numbers()

    def _lookalikes(self, L: dict, p: str) -> None:
        months = _alt(_words(L, "months", p))
        day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
        tsuf = _alt(_words(L, "time_suffixes", p))
        self.time_tails = {w.lower() for w in _words(L, "time_suffixes", p)}
        self.masks = [  # (reason, pattern) found anywhere before numbers are read
            ("url", re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+")),    # lower-cased text
            ("url", re.compile(r"@(?<=[\w.+\-]@)[\w\-]+\.[\w.\-]+")),     # an e-mail, widened to its user below
            ("phone", re.compile(r"%s\W{0,12}?(?P<m>\+?\(?\d[\d \u00a0().\-]{6,20}\d)" % _alt(_words(L, "phone_cues", p), lower=True))),
            ("phone", re.compile(r"\+(?<![\w+]\+)\d{1,4}(?:[ \u00a0.\-]\(?\d{1,5}\)?){2,6}(?!\d)")),
            ("phone", re.compile(r"(?:\((?<![\w,.+]\()0|0(?<![\w,.+(]0))\d{0,4}\)?(?:[ \u00a0\-]\d{2,4}){2,6}(?!\d)")),
            ("date", re.compile(r"\d(?<![\w.,/]\d)\d?[./]\d{1,2}[./](?:\d{4}|\d{2})(?![\w/]|[.,]\d)")),
            ("date", re.compile(r"\d(?<![\w.]\d)\d{3}-\d{2}-\d{2}(?!\d)")),
            ("time", re.compile(r"\d(?<![\w.:]\d)\d?:\d{2}(?::\d{2})?(?:%s?%s)?(?![\d:])" % (_WS, tsuf))),
            ("time", re.compile(r"\d(?<![\w.:,]\d)\d?(?:\.\d{2})?(?![\d,])%s?%s" % (_WS, tsuf))),
            ("date", re.compile(r"%s\.?%s+%s(?![\w]|[,.]\d)" % (months, _WS, day))),
            ("date", re.compile(r"(?=\d)(?<![\w.,])%s(?:%s+of)?%s+%s" % (day, _WS, _WS, months))),
            ("year", re.compile(r"(?<![\w'’])['’]\d{2}(?:s(?!\w)|(?![\w'’])(?!%s+[A-Za-z]))" % _WS)),  # '22, the '90s
            ("list", re.compile(r"(?m)^[ \t]*\d{1,2}[.)](?=[ \t]+\S)")),
            ("reference", re.compile(r"\[\d{1,3}\]")),
        ]
        self.lower_masks = 5                 # the first masks run on the lower-cased text, the others on the text
        self.idiom_re = re.compile(_alt(_words(L, "idioms", p), lower=True))
        self.year_cue_end = _Ending(_words(L, "year_cues", p) + _words(L, "months", p), gap=r"[\s,.]*")
        self.year_prefix = {w.lower() for w in _words(L, "year_prefixes", p)}
        cur = _words(L, "currency_symbols", p)
        codes = _words(L, "currency_codes", p)
        self.money_end = _Ending(cur + codes, gap=_WS + "*", flags=0)
        units: list[tuple[str, list[str]]] = [("money", _words(L, "currency_words", p)),
                                              ("percent", _words(L, "percent_words", p))]
        units += [("area:" + k, v) for k, v in _groups(L, "area_units", p).items()]
        units += [("calibre", _words(L, "calibre_units", p)), ("distance", _words(L, "distance_units", p))]
        units += list(_groups(L, "measures", p).items())
        units += [("age", _words(L, "age_after", p)), ("ratio", _words(L, "ratio_words", p)),
                  ("fraction", _words(L, "fraction_words", p))]
        fill = _alt(_words(L, "duration_fillers", p))
        dur = _alt(_words(L, "duration_words", p))
        # one pattern; the named group that matched gives the reason
        alts, self.unit_names = [], {}
        for i, (name, phrases) in enumerate(units):
            self.unit_names["u%d" % i] = name
            alts.append("(?P<u%d>%s)" % (i, _alt(phrases)))
        self.unit_re = re.compile(r"^%s*-?%s*(?:%s)" % (_WS, _WS, "|".join(alts)), re.I)
        self.duration_re = re.compile(r"^%s*-?%s*(?:%s%s+){0,2}%s" % (_WS, _WS, fill, _WS, dur), re.I)
        self.vague_unit_re = re.compile(r"^(?:%s+of)?%s+(?:%s%s+)?(?:%s|%s)" % (_WS, _WS, fill, _WS, dur, "|".join(alts)), re.I)
        self.street_re = re.compile(r"^%s+(?:[A-Z][\w'’\-]+%s+){1,3}%s" % (_WS, _WS, _alt(_words(L, "street_words", p))))
        self.age_noun_end = _Ending(_words(L, "age_nouns", p), gap=_WS + "*,")
        self.age_end = _Ending([a + r for a in _words(L, "age_before", p) for r in ("", " between", " from")])
        self.id_end = _Ending(_words(L, "id_cues", p), gap=_WS + "*")
        self.id_cs_end = _Ending(_words(L, "id_cues_case_sensitive", p), gap=_WS + "*", flags=0)
        self.model_word_end = _Ending(_words(L, "model_words", p), flags=0)
        self.model_dash_re = re.compile(r"[\-‐](?P<pre>[A-Za-z0-9]*?[A-Za-z][A-Za-z0-9]*)(?![\w\-])")  # reversed "Su-", "3M-"
        self.count_compound_re = re.compile(r"-%s" % _alt(_words(L, "count_compounds", p)), re.I)
        self.fraction_of_end = _Ending([f + " of" for f in _words(L, "fraction_words", p)])
        self.pronoun_end = _Ending(_words(L, "pronoun_determiners", p))
        self.unit_tokens = {w.lower() for w in _words(L, "unit_tokens", p)}
        self.glued_re = re.compile(r"(?<![\w\-.])[A-Za-z]+\d[\w\-]*")

    def _numbers(self) -> None:
        self.word_value = {**self.units, **self.teens, **self.tens, **self.hundred, **self.scales, **self.dozen}
        words = list(self.word_value)
        bigs = list(self.hundred) + list(self.scales) + list(self.dozen)
        w = "(?:%s|%s(?=%s+%s))" % (_alt(words, lower=True), _alt(self.articles, lower=True), _WS, _alt(bigs, lower=True))
        self.word_re = re.compile(r"%s(?:(?:%s+(?:%s%s+)?|-)%s)*" % (w, _WS, _alt(self.conj, lower=True), _WS, w))
        self.word_tok_re = re.compile(r"[^\W\d_]+", re.I)
        self.digit_re = re.compile(
            r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:%s\d{3})+(?![\d]|[.,]\d)|\d+(?:\.\d+)?)"
            r"(?P<tail>[^\W\d_][\w²]*|²)?" % SEP)
        self.mult_re = re.compile(r"^%s+(?P<m>%s)" % (_WS, _alt(self.multipliers)), re.I)
        self.half_before_re = _Ending(self.half_before).re
        self.and_half_re = re.compile(r"%s+%s%s+(?P<m>%s)" % (_WS, _alt(self.and_half), _WS, _alt(self.multipliers)), re.I)


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _Lexicon:
    return _Lexicon(lang)


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
        return last in ("hundred", "scale")
    if kind == "hundred":
        return last in ("unit", "teen", "article")
    if kind == "scale":
        return last in ("unit", "teen", "tens", "hundred", "article") and (big is None or L.scales[w] < big)
    if kind == "dozen":
        return last in ("unit", "teen", "article")
    return False


def _add(cur: dict, kind: str, w: str, L: _Lexicon) -> None:
    if kind in ("unit", "teen", "tens"):
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
            and not _INCREMENT_AFTER.match(right):             # "UAVs ‒ 2045 (+12)" is a count
        return "year"
    if not a.word and a.raw.startswith("0") and len(a.raw) > 1 and not a.decimal:
        return "code"
    if not a.word and not a.grouped and a.mult == 1 and len(a.raw.replace(".", "")) >= 7:
        return "identifier"
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
