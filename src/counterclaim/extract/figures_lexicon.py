"""The compiled number lexicon of one language for the figures stage (``lang/<lang>/numbers.json``).

Kept apart from ``figures.py`` so the stage reads as rules, and so that a new language is
a new data file checked here when loaded.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon

SEP = "[ \u00a0\u2009\u202f]"          # thousands separators that are spaces
_WS = "[ \t\u00a0\u2009\u202f]"        # blanks that do not cross a line


def _norm(phrase: str) -> str:
    """A phrase as the lexicon keys it: lower case, single spaces."""
    return " ".join(phrase.lower().split())


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
        path = lexicon.path_of(lang, "numbers")

        def ints(key: str) -> dict[str, int]:       # number words in every case ("двох", "трёх")
            return {k.lower(): v for k, v in lexicon.inflected_table(lang, _ints(d, key, path)).items()}

        def words(dd: dict, key: str, p: str) -> list[str]:
            return lexicon.inflected(lang, _words(dd, key, p))

        self.units = ints("units")
        self.teens = ints("teens")
        self.tens = ints("tens")
        self.hundred = ints("hundred")
        self.scales = ints("scales")
        self.dozen = ints("dozen")
        #: hundreds written as one word ("двісті", "триста"), in languages that have them
        self.hundreds = ints("hundreds") if "hundreds" in d else {}
        self.articles = {w.lower() for w in _words(d, "articles", path)}
        self.conj = {w.lower() for w in _words(d, "conjunctions", path)}
        self.multipliers = ints("multipliers")
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
        self.heading_qual_re = re.compile(_alt([q for q in self.qual_of if q[0].isalnum()], lower=True))
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
        self.vague = {_norm(w): tuple(r) for w, r in vague.items()}     # as written: "тисяч" alone is "5 тисяч"
        self.vague_re = re.compile(_alt(self.vague, lower=True))          # run on lower-cased text
        z = d.get("zero")
        if not isinstance(z, dict):
            raise VocabError("entry 'zero' must be an object", path=path)
        zp = path + " entry 'zero'"
        block = _alt(_words(z, "blockers", zp), lower=True)
        self.zero_det_re = re.compile(r"(?<![\w\-])(?P<det>%s)%s+(?:(?!%s)[\w’'\-]+%s+){0,2}(?P<noun>%s)(?![\w\-]|['’]s)"
                                      % (_alt(_words(z, "determiners", zp), lower=True), _WS, block, _WS,
                                         _alt(words(z, "nouns", zp), lower=True)))
        self.zero_next = {w.lower() for w in _words(z, "pronoun_next", zp)}
        self.zero_pron_re = re.compile(r"(?P<pron>%s)(?=(?P<rest>[^.;!?\n]{0,60}))" % _alt(_words(z, "pronouns", zp), lower=True))
        states = words(d, "elided_states", path)
        self.state_re = re.compile(r"(?<![.;:!?])%s(?=[^.;:!?]*$)" % _alt(states), re.I)
        self.state_after_re = re.compile(r"%s+%s" % (_WS, _alt(states)), re.I)
        self.and_end = _Ending(["and"])
        self.harm_re = re.compile(_alt(words(z, "harm_words", zp)), re.I)
        self.count_noun_re = re.compile(r"^%s+(?:[^\W\d_][\w\-]*%s+)?%s" % (_WS, _WS, _alt(words(d, "count_nouns", path))), re.I)
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
        self.word_value = {**self.units, **self.teens, **self.tens, **self.hundreds, **self.hundred, **self.scales, **self.dozen}
        words = list(self.word_value)
        bigs = list(self.hundred) + list(self.scales) + list(self.dozen)
        w = "(?:%s|%s(?=%s+%s))" % (_alt(words, lower=True), _alt(self.articles, lower=True), _WS, _alt(bigs, lower=True))
        self.word_re = re.compile(r"%s(?:(?:%s+(?:%s%s+)?|-)%s)*" % (w, _WS, _alt(self.conj, lower=True), _WS, w))
        self.word_tok_re = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*", re.I)   # "п'ять" is one word
        self.digit_re = re.compile(
            r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d{1,3}(?:%s\d{3})+(?![\d]|[.,]\d)|\d+(?:\.\d+)?)"
            r"(?P<tail>[^\W\d_][\w²]*|²)?" % SEP)
        self.mult_re = re.compile(r"^%s+(?P<m>%s)" % (_WS, _alt(self.multipliers)), re.I)
        self.half_before_re = _Ending(self.half_before).re
        self.and_half_re = re.compile(r"%s+%s%s+(?P<m>%s)" % (_WS, _alt(self.and_half), _WS, _alt(self.multipliers)), re.I)


@lru_cache(maxsize=None)
def _lexicon(lang: str) -> _Lexicon:
    return _Lexicon(lang)


