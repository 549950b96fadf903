"""Dates: find the date phrases of a text and resolve them to ISO dates at the precision the text gives.

Two levels. First the *atoms*: explicit dates ("24.02.22", "April 26, 2025"), months, years,
weekdays, relative days ("yesterday"), periods ("last year"), seasons and the domain's anchor
events ("the full-scale invasion"). Explicit dates with a year are normalised by dateparser; the
rest is resolved here against the publication date, always towards the past. Then the *phrases*:
the words before and after an atom decide its role ("since X", "from X to Y", "as of X",
"in X", "overnight into X"), and a few phrases need no atom ("over the past day", "earlier that
day"). The word lists are data (``lang/<lang>/dates.json``); the grammar here is English's.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import dateparser

from counterclaim.errors import VocabError
from counterclaim.extract import lexicon

__all__ = ["DateMention", "find_dates", "shift_day", "load_dates"]

Date = dt.date


@dataclass(frozen=True)
class DateMention:
    """A date phrase with the period it names; dates are None when they cannot be resolved."""
    start: int
    end: int
    text: str
    kind: str                    #: point | since | range | window | until | same_day
    start_date: Optional[str]    #: ISO at the text's precision: "2024", "2024-08", "2025-01-13"
    end_date: Optional[str]


@dataclass
class _Atom:
    """A resolved date expression; ``lo``/``hi`` are the first and last day it covers."""
    start: int
    end: int
    lo: Optional[Date]
    hi: Optional[Date]
    prec: str                    # day | month | year
    type: str                    # date | month | year | weekday | relday | period | week | season | anchor
    month: Optional[int] = None
    explicit_year: bool = False
    weak: bool = False           # only a date when a phrase rule takes it ("the autumn", anchors)


# ---------------------------------------------------------------- calendar helpers

def shift_day(iso: str, days: int) -> str:
    """``iso`` (YYYY-MM-DD) moved by ``days`` days (unmoved at the calendar's ends rather than overflow)."""
    try:
        return (Date.fromisoformat(iso) + dt.timedelta(days=days)).isoformat()
    except OverflowError:
        return iso


def _iso(d: Optional[Date], prec: str) -> Optional[str]:
    if d is None:
        return None
    return "%04d" % d.year if prec == "year" else "%04d-%02d" % (d.year, d.month) if prec == "month" else d.isoformat()


def _month_end(y: int, m: int) -> Date:
    return Date(y, m, calendar.monthrange(y, m)[1])


def _add_months(d: Date, months: int) -> Date:
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return Date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def _month_atom(y: int, m: int) -> tuple:
    return Date(y, m, 1), _month_end(y, m)


def _recent_month(m: int, pub: Optional[Date]) -> Optional[int]:
    """The year of the most recent month ``m`` not after ``pub``."""
    if pub is None:
        return None
    return pub.year if m <= pub.month else pub.year - 1


def _recent_day(m: int, d: int, pub: Optional[Date]) -> Optional[Date]:
    """The most recent valid day ``m``/``d`` on or before ``pub`` (Feb 29 looks back to a leap year)."""
    if pub is None:
        return None
    for y in range(pub.year, pub.year - 9, -1):
        try:
            day = Date(y, m, d)
        except ValueError:
            continue
        if day <= pub:
            return day
    return None


def _recent_weekday(wd: int, pub: Optional[Date], strictly_before: bool = False) -> Optional[Date]:
    if pub is None:
        return None
    day = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
    return day - dt.timedelta(days=7) if strictly_before and day == pub else day


@lru_cache(maxsize=4096)
def _dateparser(text: str, lang: str) -> Optional[Date]:
    """dateparser's reading of an explicit date that carries its year (day first for numbers)."""
    got = dateparser.parse(text, languages=[lang], settings={
        "DATE_ORDER": "DMY", "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": ["year"],
        "RELATIVE_BASE": dt.datetime(2000, 1, 1)})
    return got.date() if got else None


# ---------------------------------------------------------------- vocabulary

def _alt(words) -> str:
    """A regex alternation of phrases, longest first; any run of spaces, either apostrophe."""
    words = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in words)


def _key(phrase: str) -> str:
    """A matched phrase as the lexicon spells it (lower case, single spaces, straight apostrophe)."""
    return " ".join(phrase.lower().replace("’", "'").split())


@dataclass(frozen=True)
class _Vocab:
    data: dict
    months: dict
    weekdays: dict
    numbers: dict
    re: dict


@lru_cache(maxsize=None)
def load_dates(lang: str = "en") -> _Vocab:
    """The checked date words of ``lang`` with their patterns."""
    data, path = lexicon.load(lang, "dates"), lexicon.path_of(lang, "dates")

    def need(name, typ, item=None):
        value = data.get(name)
        if not isinstance(value, typ) or not value:
            raise VocabError("entry %r must be a non-empty %s" % (name, typ.__name__), path=path)
        for k, v in (value.items() if isinstance(value, dict) else enumerate(value)):
            if item is not None and not item(k, v):
                raise VocabError("entry %s[%r] is malformed: %r" % (name, k, v), path=path)
        return value

    is_int = lambda k, v: isinstance(v, int) and not isinstance(v, bool)
    is_word = lambda k, v: isinstance(v, str) and v.strip() == v and v != ""
    months = need("months", dict, lambda k, v: is_int(k, v) and 1 <= v <= 12)   # matched as spelt: "May", "лютого"
    weekdays = need("weekdays", dict, lambda k, v: is_int(k, v) and 0 <= v <= 6)
    numbers = need("numbers", dict, is_int)
    need("seasons", dict, lambda k, v: isinstance(v, list) and len(v) == 2 and all(isinstance(x, int) and 1 <= x <= 12 for x in v))
    for name in ("relative_days", "context_days", "fixed_windows", "period_words", "first_part", "part_sizes"):
        need(name, dict, is_int)
    for name in ("day_parts", "same_day", "weekend", "past", "over", "since", "until", "from", "range_joiners", "in",
                 "copula", "overnight_into", "night_of", "year_preps", "count_nouns", "month_preps"):
        need(name, list, is_word)
    need("units", dict, lambda k, v: v in ("hour", "day", "week", "month", "year"))
    need("modifiers", dict, lambda k, v: v in ("start", "middle", "end"))
    anchors = need("anchors", dict, lambda k, v: isinstance(v, list) and all(isinstance(p, str) and p for p in v))
    for iso in anchors:
        try:
            Date.fromisoformat(iso if len(iso) == 10 else (iso + "-01")[:7] + "-01")
        except ValueError:
            raise VocabError("anchor date %r is not ISO 8601" % iso, path=path) from None

    mon = r"(?P<mon>%s)(?:(?<=[a-z])\.(?=[^\S\n]*\d))?" % _alt(months)  # "Jan. 1", never a full stop
    num = r"(?:\d{1,3}|%s)" % _alt(numbers)
    year = r"(?:19|20)\d\d"
    mod = r"(?:(?P<mod>%s)[\s\-]+)?" % _alt(data["modifiers"])
    r = {
        "iso": re.compile(r"(?<![\w.])(?P<y>%s)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w])" % year),
        "numeric": re.compile(r"(?<![\w.,/])(?P<d>[0-3]?\d)(?P<sep>[./])(?P<m>[01]?\d)(?P=sep)(?P<y>%s|\d\d)"
                              r"(?![\w]|[.,/]\d)" % year),
        "day_month": re.compile(r"(?<![\w.,])(?P<d>[0-3]?\d)(?:st|nd|rd|th)?[^\S\n]+(?:of[^\S\n]+)?%s(?:,?[^\S\n]+(?P<y>%s))?(?![\w])"
                                % (mon, year)),
        "month_day": re.compile(r"(?<![\w])%s[^\S\n]+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\w]|[.,:]\d)(?:,?[^\S\n]+(?P<y>%s)(?![\w]))?"
                                % (mon, year)),
        "month_year": re.compile(r"(?<![\w])%s,?[^\S\n]+(?P<y>%s)(?![\w])" % (mon, year)),
        "month": re.compile(r"(?<![\w])%s(?![\w])" % mon),
        "year": re.compile(r"(?<![\w.,])(?P<y>%s)(?![\w]|[.,]\d)" % year),
        "weekday": re.compile(r"(?<![\w])(?:(?P<rel>[Ll]ast|[Tt]his|[Pp]ast)\s+)?(?P<wd>%s)(?:'s|’s)?(?:\s+(?P<part>%s))?(?![\w])"
                              % (_alt(weekdays), _alt(data["day_parts"]))),
        "relday": re.compile(r"(?i)(?<![\w])(?P<w>%s)(?![\w])" % _alt(data["relative_days"])),
        "ago": re.compile(r"(?i)(?<![\w])(?P<n>%s)\s+(?P<unit>%s)\s+ago(?![\w])" % (num, _alt(data["units"]))),
        "period": re.compile(r"(?i)(?<![\w])(?:(?P<w>%s)|(?<=of\s)the)\s+(?P<unit>year|month|week)(?![\w])"
                             % _alt(data["period_words"])),
        "season": re.compile(r"(?i)(?<![\w])(?:(?P<w>the|this|last|%s)\s+)?(?P<s>%s)(?:\s+of\s+(?P<y>%s)|\s+(?P<y2>%s))?(?![\w])"
                             % (_alt(data["modifiers"]), _alt(data["seasons"]), year, year)),
        "anchor": re.compile(r"(?i)(?<![\w])(?P<a>%s)(?![\w])"
                             % _alt(p for ps in anchors.values() for p in ps)),
        # phrase rules look at the text just before an atom (anchored at its end) or after it
        "since": re.compile(r"(?i)(?<![\w])(?:%s)\s+%s$" % (_alt(data["since"]), mod)),
        "since_fill": re.compile(r"(?i)(?<![\w])(?:%s)\s+(?:[\w'’\-]+\s+){1,12}?(?:(?:in|on|of|during|at)\s+)?%s$"
                                 % (_alt(data["since"]), mod)),
        "until": re.compile(r"(?i)(?<![\w])(?P<u>%s)\s+(?:\d{1,2}[:.]\d\d\s+(?:hrs?\s+)?(?:on\s+)?)?%s$"
                            % (_alt(data["until"]), mod)),
        "to": re.compile(r"(?i)(?<![\w])to\s+$"),
        "from": re.compile(r"(?i)(?<![\w])(?P<f>%s)\s+%s$" % (_alt(data["from"]), mod)),
        "joiner": re.compile(r",?\s*(?:%s)\s*" % _alt(data["range_joiners"])),
        "night_of": re.compile(r"(?i)(?<![\w])(?:%s)\s+$" % _alt(data["night_of"])),
        "overnight_into": re.compile(r"(?i)(?<![\w])(?:%s)\s+(?:on\s+)?$" % _alt(data["overnight_into"])),
        "first_part": re.compile(r"(?i)(?<![\w])(?:%s)\s+the\s+(?P<ord>%s)\s+(?:(?P<n>%s)\s+months|(?P<part>%s))\s+of\s+$"
                                 % (_alt(data["in"]), _alt(data["first_part"]), num, _alt(data["part_sizes"]))),
        "in": re.compile(r"(?i)(?<![\w])(?:(?P<cop>%s)\s+)?(?:%s)\s+%s$" % (_alt(data["copula"]), _alt(data["in"]), mod)),
        "mod": re.compile(r"(?i)(?<![\w])%s$" % mod),
        "year_prep": re.compile(r"(?i)(?<![\w])(?:%s)[\s\-]*$" % _alt(data["year_preps"])),
        "month_prep": re.compile(r"(?i)(?<![\w])(?:%s)[\s\-]*$" % _alt(data["month_preps"])),
        "follower": re.compile(r"\s+(?P<w>[a-z][\w\-]*)"),
        "when": re.compile(r",\s+when\b"),
        # phrases with no atom
        "same_day": re.compile(r"(?i)(?<![\w])(?:%s)(?![\w])" % _alt(data["same_day"])),
        "context_day": re.compile(r"(?i)(?<![\w])(?P<w>%s)(?![\w])" % _alt(data["context_days"])),
        "fixed": re.compile(r"(?i)(?<![\w])(?P<w>%s)(?![\w])" % _alt(data["fixed_windows"])),
        "weekend": re.compile(r"(?i)(?<![\w])(?:%s)(?![\w])" % _alt(data["weekend"])),
        "past": re.compile(r"(?i)(?<![\w])(?:%s)\s+(?:(?P<n>%s)\s+)?(?P<unit>%s)(?![\w])"
                           % (_alt(data["past"]), num, _alt(data["units"]))),
        "over": re.compile(r"(?i)(?<![\w])(?:%s)\s+(?P<n>%s)\s+(?P<unit>days|weeks)(?![\w])" % (_alt(data["over"]), num)),
        "day_range": re.compile(r"(?<![\w])%s\s+(?P<d1>[0-3]?\d)\s*[-–—]\s*(?P<d2>[0-3]?\d)(?![\w])(?:,?\s+(?P<y>%s)(?![\w]))?"
                                % (mon, year)),
        "day_range2": re.compile(r"(?<![\w.])(?P<d1>[0-3]?\d)\s*[-–—]\s*(?P<d2>[0-3]?\d)\s+%s(?:,?\s+(?P<y>%s))?(?![\w])"
                                 % (mon, year)),
    }
    return _Vocab(data=data, months=months, weekdays=weekdays, numbers=numbers, re=r)


def _number(word: str, vocab: _Vocab) -> int:
    return int(word) if word.isdigit() else vocab.numbers[word.lower()]


# ---------------------------------------------------------------- level 1: atoms

def _explicit(text: str, lang: str, y: int, m: int, d: Optional[int]) -> Optional[Date]:
    """A date the text spells out with its year; dateparser normalises full dates, None when invalid."""
    try:
        mine = Date(y, m, d or 1)
    except ValueError:
        return None
    if d is None:
        return mine
    got = _dateparser(" ".join(text.split()), lang)
    return got if got is not None and (got.year, got.month) == (y, m) else mine


def _season(name: str, word: Optional[str], y: Optional[int], pub: Optional[Date], vocab: _Vocab):
    first, last = vocab.data["seasons"][name.lower()]
    if y is None:
        if pub is None:
            return None, None
        y = pub.year if first <= pub.month else pub.year - 1
        if first > last and pub.month <= last:          # winter seen from January: it began last year
            y = pub.year - 1
        if word and word.lower() == "last" and Date(y, first, 1) <= pub <= _month_end(y + (first > last), last):
            y -= 1
    return Date(y, first, 1), _month_end(y + (1 if first > last else 0), last)


def _atoms(text: str, pub: Optional[Date], lang: str, vocab: _Vocab) -> list:
    R, out = vocab.re, []
    horizon = pub + dt.timedelta(days=366) if pub else Date(2100, 1, 1)

    def add(m, lo, hi, prec, typ, **kw):
        if lo is not None and lo > horizon:
            return                                       # a date far after publication is not one
        out.append(_Atom(m.start(), m.end(), lo, hi, prec, typ, **kw))

    def before(pos: int, n: int = 16) -> str:
        return text[max(0, pos - n):pos]

    for m in R["iso"].finditer(text):
        d = _explicit(m.group(), lang, int(m["y"]), int(m["m"]), int(m["d"]))
        if d:
            add(m, d, d, "day", "date", explicit_year=True)
    for m in R["numeric"].finditer(text):
        y = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        d = _explicit(m.group(), lang, y, int(m["m"]), int(m["d"])) if 1 <= int(m["m"]) <= 12 else None
        if d:
            add(m, d, d, "day", "date", explicit_year=True)
    for name in ("day_month", "month_day"):
        for m in R[name].finditer(text):
            if re.match(r"\s*[-–—]\s*\d", text[m.end():m.end() + 4]) or re.search(r"\d\s*[-–—]\s*$", before(m.start(), 4)):
                continue                                 # one end of a day range ("Feb. 16-23")
            mo, day = vocab.months[m["mon"]], int(m["d"])
            if m["y"]:
                d = _explicit(m.group(), lang, int(m["y"]), mo, day)
                if d:
                    add(m, d, d, "day", "date", month=mo, explicit_year=True)
            elif 1 <= day <= calendar.monthrange(2024, mo)[1]:
                d = _recent_day(mo, day, pub)
                add(m, d, d, "day", "date", month=mo)
    for m in R["month_year"].finditer(text):
        lo, hi = _month_atom(int(m["y"]), vocab.months[m["mon"]])
        add(m, lo, hi, "month", "month", month=vocab.months[m["mon"]], explicit_year=True)
    for m in R["month"].finditer(text):
        if not R["month_prep"].search(before(m.start(), 24)):
            continue
        mo = vocab.months[m["mon"]]
        y = _recent_month(mo, pub)
        if y is not None and re.search(r"(?i)\blast\s+$", before(m.start())) and mo == pub.month:
            y -= 1
        lo, hi = _month_atom(y, mo) if y is not None else (None, None)
        add(m, lo, hi, "month", "month", month=mo)
    counts, year_end = set(vocab.data["count_nouns"]), -1
    for m in R["year"].finditer(text):
        b = before(m.start(), 5)
        if b[-1:] in ("-", "–") and not re.search(r"(?i)(?:\bmid|\d)[-–]$", b):
            continue                                     # "T-2022", but "mid-2024" and "2022-2024"
        if not (R["year_prep"].search(before(m.start())) or re.search(r"\d[-–]$", b) and year_end == m.start() - 1):
            continue
        f = R["follower"].match(text, m.end())
        if f and f["w"].lower() in counts:
            continue                                     # "in 2000 strikes": a count, not a year
        y, year_end = int(m["y"]), m.end()
        add(m, Date(y, 1, 1), Date(y, 12, 31), "year", "year", explicit_year=True)
    for m in R["weekday"].finditer(text):
        d = _recent_weekday(vocab.weekdays[m["wd"]], pub, strictly_before=(m["rel"] or "").lower() in ("last", "past"))
        add(m, d, d, "day", "weekday")
    for m in R["relday"].finditer(text):
        offset = {_key(k): v for k, v in vocab.data["relative_days"].items()}[_key(m["w"])]
        d = pub + dt.timedelta(days=offset) if pub else None
        add(m, d, d, "day", "relday")
    for m in R["ago"].finditer(text):
        n, unit = _number(m["n"], vocab), vocab.data["units"][m["unit"].lower()]
        if pub is None:
            add(m, None, None, "day", "relday")
        elif unit in ("hour", "day", "week"):
            d = pub - dt.timedelta(days=n * {"hour": 0, "day": 1, "week": 7}[unit])
            add(m, d, d, "day", "relday")
        elif unit == "month":
            y, mo = divmod(pub.year * 12 + pub.month - 1 - n, 12)
            lo, hi = _month_atom(y, mo + 1)
            add(m, lo, hi, "month", "period")
        else:
            add(m, Date(pub.year - n, 1, 1), Date(pub.year - n, 12, 31), "year", "period")
    words = {_key(k): v for k, v in vocab.data["period_words"].items()}
    for m in R["period"].finditer(text):
        offset = words[_key(m["w"])] if m["w"] else 0
        unit = m["unit"].lower()
        weak = not m["w"]
        if pub is None:
            add(m, None, None, {"week": "day"}.get(unit, unit), "week" if unit == "week" else "period", weak=weak)
        elif unit == "year":
            add(m, Date(pub.year + offset, 1, 1), Date(pub.year + offset, 12, 31), "year", "period", weak=weak)
        elif unit == "month":
            lo = _add_months(pub.replace(day=1), offset)
            add(m, lo, _month_end(lo.year, lo.month), "month", "period", weak=weak)
        else:
            monday = pub - dt.timedelta(days=pub.weekday()) + dt.timedelta(days=7 * offset)
            add(m, monday, min(pub, monday + dt.timedelta(days=6)), "day", "week", weak=weak)
    for m in R["season"].finditer(text):
        name, y = m["s"], m["y"] or m["y2"]
        if name.lower() == "fall" and not y:
            continue                                     # "the fall of Avdiivka"
        lo, hi = _season(name, m["w"], int(y) if y else None, pub, vocab)
        add(m, lo, hi, "month", "season", explicit_year=bool(y),
            weak=not y and (m["w"] or "").lower() not in ("this", "last"))
    anchors = {_key(p): iso for iso, ps in vocab.data["anchors"].items() for p in ps}
    for m in R["anchor"].finditer(text):
        iso = anchors[_key(m["a"])]
        prec = {4: "year", 7: "month"}.get(len(iso), "day")
        lo = Date.fromisoformat(iso if prec == "day" else (iso + "-01-01")[:10] if prec == "year" else iso + "-01")
        hi = lo if prec == "day" else _month_end(lo.year, lo.month) if prec == "month" else Date(lo.year, 12, 31)
        add(m, lo, hi, prec, "anchor", explicit_year=True, weak=True)
    out.sort(key=lambda a: (a.start, a.start - a.end))
    kept, stop = [], -1
    for a in out:
        if a.start >= stop:
            kept.append(a)
            stop = a.end
    return kept


# ---------------------------------------------------------------- level 2: phrases

def _inherit_year(a: _Atom, b: _Atom) -> _Atom:
    """"from January to May 2025": the first end takes the year of the second."""
    if a.explicit_year or not b.explicit_year or b.lo is None or a.month is None:
        return a
    y = b.lo.year if a.month <= b.lo.month else b.lo.year - 1
    if a.prec == "month":
        lo, hi = _month_atom(y, a.month)
        return _Atom(a.start, a.end, lo, hi, a.prec, a.type, a.month, True)
    try:
        d = a.lo.replace(year=y) if a.lo else None
    except ValueError:
        return a
    return _Atom(a.start, a.end, d, d, a.prec, a.type, a.month, True)


def _nearest(a: _Atom, pub: Optional[Date]) -> _Atom:
    """"until April 18" may look ahead: a yearless date half a year back is read as the coming one."""
    if a.explicit_year or pub is None or a.lo is None or a.type not in ("date", "month") or (pub - a.lo).days <= 182:
        return a
    try:
        lo = a.lo.replace(year=a.lo.year + 1)
    except ValueError:
        return a
    hi = lo if a.prec == "day" else _month_end(lo.year, lo.month)
    return _Atom(a.start, a.end, lo, hi, a.prec, a.type, a.month, False)


def _modifier(m: Optional[re.Match], vocab: _Vocab) -> Optional[str]:
    if m is None or not m.groupdict().get("mod"):
        return None
    return {_key(k): v for k, v in vocab.data["modifiers"].items()}.get(_key(m["mod"]))


def _phrases(text: str, atoms: list, pub: Optional[Date], said: Optional[Date], vocab: _Vocab) -> list:
    R, out = vocab.re, []
    D = _iso(said or pub, "day")                      # the end of "since Tuesday morning": the statement's day
    skip = set()

    def emit(start, end, kind, lo, hi):
        out.append((start, end, kind, lo, hi))

    for i, a in enumerate(atoms):
        if i in skip:
            continue
        pre = text[max(0, a.start - 160, atoms[i - 1].end if i else 0):a.start]   # never back over another date
        at = lambda m: a.start - (len(pre) - m.start())      # noqa: E731 - where a match in ``pre`` begins
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        lo, hi = _iso(a.lo, a.prec), _iso(a.hi, a.prec)
        # a range: "from A to B", "between A and B", "24.02.2022 - 31.05.2025"
        j = R["joiner"].match(text, a.end)
        mf = R["from"].search(pre)
        if nxt is not None and not nxt.weak and j and j.end() == nxt.start and (not a.weak or a.type == "anchor" and mf):
            dash = j.group().strip() in ("-", "–", "—") and a.type == nxt.type and a.type in ("date", "year")
            between = mf is not None and mf["f"].lower() == "between"
            night = R["night_of"].search(pre)
            if night and a.prec == nxt.prec == "day" and j.group().strip().lower() != "and":
                emit(at(night), nxt.end, "window", lo, _iso(nxt.hi, "day"))      # "the night of Saturday to Sunday"
                skip.add(i + 1)
                continue
            if (mf and (j.group().strip().lower() == "and") == between) or dash:
                first = _inherit_year(a, nxt)
                emit(at(mf) if mf else a.start, nxt.end, "range", _iso(first.lo, first.prec), _iso(nxt.hi, nxt.prec))
                skip.add(i + 1)
                continue
        # "since A", "since the start of … last year", "since the invasion began in February 2022"
        m = R["since"].search(pre) or (None if a.weak and a.type == "anchor" else R["since_fill"].search(pre))
        if m:
            start, end = at(m), a.end
            if a.type == "anchor" and nxt is not None and re.fullmatch(r"[\s\w'’\-]{0,40}?\b(?:in|on)\s+", text[a.end:nxt.start]) \
                    and nxt.explicit_year:
                a, end = nxt, nxt.end                    # an explicit date beats the anchor's
                skip.add(i + 1)
                lo = _iso(a.lo, a.prec)
            emit(start, end, "window" if a.type in ("weekday", "relday") else "since", lo,
                 D if a.type in ("weekday", "relday") else None)
            continue
        if a.weak and not (a.type == "season" and R["in"].search(pre)):
            continue
        # "as of Monday", "by the end of 2024", "to 30.05.2025"
        m = R["until"].search(pre) or (R["to"].search(pre) if a.type == "date" else None)
        if m:
            a = _nearest(a, pub)
            emit(at(m), a.end, "until", None, _iso(a.hi, "day") if _modifier(m, vocab) == "end" else _iso(a.hi, a.prec))
            continue
        # "overnight into Saturday"
        m = R["overnight_into"].search(pre)
        if m and a.prec == "day":
            emit(at(m), a.end, "window", _iso(a.lo - dt.timedelta(days=1), "day") if a.lo else None, lo)
            continue
        # "in the first five months of this year"
        m = R["first_part"].search(pre)
        if m and a.prec == "year":
            if m["n"]:
                first, last = 1, min(12, max(1, _number(m["n"], vocab)))
            else:
                size = vocab.data["part_sizes"][m["part"].lower()]
                first = (vocab.data["first_part"][m["ord"].lower()] - 1) * size + 1
                last = first + size - 1
            y = a.lo.year if a.lo else None
            emit(at(m), a.end, "window", "%04d-%02d" % (y, first) if y else None, "%04d-%02d" % (y, last) if y else None)
            continue
        # "in March", "in late December", "in May 2025"; "was in September 2022, when …" names an occasion
        m = R["in"].search(pre)
        if m and a.prec in ("month", "year") and a.type != "period":
            occasion = m["cop"] or R["when"].match(text, a.end)
            emit(at(m), a.end, "point" if occasion else "window", lo, hi)
            continue
        m = R["mod"].search(pre) if a.prec != "day" else None
        start = at(m) if m and m.group() else a.start
        on = re.search(r"(?i)(?<![\w])on\s+(?:the\s+)?$", pre)
        if on and a.prec == "day":
            start = at(on)
        emit(start, a.end, "window" if a.type == "week" else "point", lo, hi)
    return out


def _free_phrases(text: str, pub: Optional[Date], said: Optional[Date], ctx: Optional[Date], vocab: _Vocab) -> list:
    """Phrases that name a period without a date in them: windows back from D, anaphora of the context day.

    D is the day of the statement: ``said`` when the caller knows it ("said on Monday"), else publication.
    """
    R, out = vocab.re, []
    day_range_pub, cday = pub, ctx or pub
    pub = said or pub
    D = _iso(pub, "day")

    def back(days: int) -> Optional[str]:
        return _iso(pub - dt.timedelta(days=days), "day") if pub else None

    for m in R["fixed"].finditer(text):
        n = {_key(k): v for k, v in vocab.data["fixed_windows"].items()}[_key(m["w"])]
        out.append((m.start(), m.end(), "window", back(n), D))
    for m in R["past"].finditer(text):
        n = _number(m["n"], vocab) if m["n"] else 1
        if n < 1:
            continue
        unit = vocab.data["units"][m["unit"].lower()]
        if unit == "hour":
            start = back(max(1, -(-n // 24)))
        elif unit in ("day", "week"):
            start = back(n * (7 if unit == "week" else 1))
        elif pub is None:
            start = None
        else:
            start = _add_months(pub, -n * (12 if unit == "year" else 1)).isoformat()
        out.append((m.start(), m.end(), "window", start, D))
    for m in R["over"].finditer(text):
        n = _number(m["n"], vocab) * (7 if m["unit"].lower() == "weeks" else 1)
        if n < 1:
            continue
        out.append((m.start(), m.end(), "window", back(n - 1), D))
    for m in R["weekend"].finditer(text):
        sat = _recent_weekday(5, pub) if pub else None
        out.append((m.start(), m.end(), "window", _iso(sat, "day"),
                    _iso(min(pub, sat + dt.timedelta(days=1)), "day") if sat else None))
    for m in R["same_day"].finditer(text):
        out.append((m.start(), m.end(), "same_day", _iso(cday, "day"), _iso(cday, "day")))
    offsets = {_key(k): v for k, v in vocab.data["context_days"].items()}
    for m in R["context_day"].finditer(text):
        d = cday + dt.timedelta(days=offsets[_key(m["w"])]) if cday else None
        out.append((m.start(), m.end(), "point", _iso(d, "day"), _iso(d, "day")))
    for name in ("day_range", "day_range2"):
        for m in R[name].finditer(text):
            mo, d1, d2 = vocab.months[m["mon"]], int(m["d1"]), int(m["d2"])
            if not (1 <= d1 < d2 <= calendar.monthrange(2024, mo)[1]):
                continue
            if m["y"]:
                y = int(m["y"])
            else:
                last = _recent_day(mo, d2, day_range_pub) or _recent_day(mo, d1, day_range_pub)
                y = last.year if last else None
            night = R["night_of"].search(text[max(0, m.start() - 30):m.start()])
            start = m.start() - (min(30, m.start()) - night.start()) if night else m.start()
            try:
                out.append((start, m.end(), "window" if night else "range", Date(y, mo, d1).isoformat() if y else None,
                            Date(y, mo, d2).isoformat() if y else None))
            except ValueError:
                continue
    return out


def _to_date(iso: Optional[str]) -> Optional[Date]:
    if not iso:
        return None
    try:
        d = Date.fromisoformat(iso[:10])
    except ValueError:
        return None
    # a day within a few years of the calendar's ends would overflow the arithmetic above: unknown
    return d if _MIN_YEAR <= d.year <= _MAX_YEAR else None


_MIN_YEAR, _MAX_YEAR = 10, 9990


def find_dates(text: str, published: Optional[str], lang: str = "en",
               context_date: Optional[str] = None, stated_on: Optional[str] = None) -> list[DateMention]:
    """Every date phrase of ``text`` in text order, resolved against ``published`` (ISO date or date-time).

    ``context_date`` is the day anaphora ("earlier that day", "the previous day") refer to, e.g. the last
    day an earlier sentence named; it defaults to ``published``. ``stated_on`` is the day of the statement
    when the caller knows it (a "said on Monday" found by a first call): windows that count back from
    the statement ("over the past week", "overnight", "since Tuesday") end on it; it defaults to
    ``published``. Calendar words ("on Sunday", "in March", "last year") always resolve against
    ``published``.
    """
    vocab = load_dates(lang)
    pub, ctx, said = _to_date(published), _to_date(context_date), _to_date(stated_on)
    atoms = _atoms(text, pub, lang, vocab)
    found = _phrases(text, atoms, pub, said, vocab) + _free_phrases(text, pub, said, ctx, vocab)
    found.sort(key=lambda f: (f[0], f[0] - f[1]))
    out, stop = [], -1
    for start, end, kind, lo, hi in found:
        if start >= stop:
            out.append(DateMention(start, end, text[start:end], kind, lo, hi))
            stop = end
    return out


@lru_cache(maxsize=None)
def dateline_words(lang: str = "en") -> "re.Pattern":
    """The words a page's dateline puts around its date ("posted", "published", "updated")."""
    words = load_dates(lang).data.get("dateline_words") or []
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile(r"\b(?:%s)\b:?" % "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.I)


def absolute_day(text: str, lang: str = "en") -> Optional[str]:
    """The day a short line names by itself with its year ("01 May 2023", "May 1, 2023, 08:06"), or None:
    a dateline is a full date and little else."""
    found = [m for m in find_dates(text, None, lang) if m.kind == "point" and m.start_date and len(m.start_date) == 10]
    if len(found) != 1:
        return None
    m = found[0]
    rest = (text[:m.start] + text[m.end:]).strip(" ,.|·•-–—:")
    return m.start_date if len(re.sub(r"\d{1,2}[:.]\d{2}", "", rest).strip(" ,.|·•-–—:")) <= 3 else None


@lru_cache(maxsize=None)
def _war_scope_re(lang: str) -> "re.Pattern":
    words = load_dates(lang).data.get("war_scope") or []
    return re.compile(r"\b(?:%s)\b" % "|".join(map(re.escape, words)), re.I) if words else re.compile(r"(?!x)x")


WAR_START = "2022-02-24"


def war_scope(text: str, mentions, lang: str = "en") -> bool:
    """The sentence counts the whole war ("in the war", "since the start of the full-scale invasion"):
    such a total belongs to no town an earlier sentence named."""
    if any(m.start_date == WAR_START for m in mentions):
        return True
    return bool(_war_scope_re(lang).search(text))
