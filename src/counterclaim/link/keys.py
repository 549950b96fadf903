"""What a claim counts: one normalised key, so claims about the same quantity meet.

The key is ``metric|subject side|period class|location``. Its parts are chosen so that
two wordings of the same quantity give the same string and two different quantities do not:

- **period class**: ``war`` (a total since the full-scale invasion, or a total "to date" whose
  start is not given), ``from:YYYY`` (a total since a later start, e.g. the Kursk operation
  "since August last year"; the start is kept at year precision so "last year" and "August
  2024" meet), ``day:YYYY-MM-DD`` (a bulletin's ``+N`` or "over the past day": one or two
  days ending on that date), ``win:START..END`` (any other window: a week, a month) and
  ``?`` (no period given).  ``war`` and ``from:`` keys are *cumulative*: the same key at a
  later date is a newer value of the same running total, not a different quantity.
- **location**: the ISO key, else the place's words normalised (``t:pokrovsk``), else ``*``
  (not said: a national total, or a place the extractor did not resolve).

``*`` location and ``?`` period are wildcards: linking looks them up beside the exact key,
but a wildcard match may only *agree* (repeat or corroborate), never contradict, because
it is not known to be the same quantity.  Claims about whose side is unknown, opinion-like
kinds, and the catch-all ``event`` metric get no key: they are never linked.
Territory and participation claims without a figure get a *stance* key
(``territory.control|<location>``) without the subject, since the two sides' claims about
the same place name different subjects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Optional, Sequence

from counterclaim.records import Claim

#: the day the full-scale invasion began: totals from then (or earlier) are "since the start of the war"
WAR_START = date(2022, 2, 24)
#: kinds whose figures are claims of fact worth linking
LINKED_KINDS = ("reported", "assertion")
#: metrics too heterogeneous to say two figures count the same thing
UNLINKED_METRICS = ("event",)
#: metrics whose figure-less claims are stances about a place (who holds it, who takes part)
STANCE_METRICS = ("territory.control", "participation")

_PLACE_NOISE = re.compile(
    r"\b(the|of|oblast|region|regions|area|areas|direction|directions|district|town|city|village|"
    r"settlement|outskirts|near|around|province|krai|republic|edge|northern|southern|eastern|western)\b")
_REGION_WORDS = re.compile(r"\b(oblast|region|province|krai|republic)\b", re.I)
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class QuantityKey:
    """A key split into its parts (``str(key)`` is the stored ``quantity_key``)."""
    metric: str
    subject: str
    period: str
    location: str

    def __str__(self) -> str:
        return "|".join((self.metric, self.subject, self.period, self.location))

    @property
    def cumulative(self) -> bool:
        """A running total: the same key at a later date is an update, not another quantity."""
        return self.period == "war" or self.period.startswith("from:")

    @property
    def stance(self) -> bool:
        return self.subject == "~"

    @classmethod
    def parse(cls, key: str) -> "QuantityKey":
        metric, subject, period, location = key.split("|", 3)
        return cls(metric, subject, period, location)


def parse_date(text: Optional[str], end: bool = False) -> Optional[date]:
    """An ISO date at any precision as a day: the first day, or the last one when ``end``."""
    if not text:
        return None
    m = _DATE.match(text.strip()[:10])
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            return date(y, int(mo), int(d))
        if mo:
            mo = int(mo)
            if not end:
                return date(y, mo, 1)
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return date.fromordinal(nxt.toordinal() - 1)
        return date(y, 12, 31) if end else date(y, 1, 1)
    except ValueError:
        return None


def _precision(text: Optional[str]) -> int:
    """0 none, 1 year, 2 month, 3 day."""
    m = _DATE.match((text or "").strip()[:10])
    if not m:
        return 0
    return 1 + bool(m.group(2)) + bool(m.group(3))


def period_class(claim: Claim) -> str:
    """The period part of the key (see the module's docstring)."""
    p = claim.period
    if p is None or (not p.start and not p.end):
        return "?"
    start, end = parse_date(p.start), parse_date(p.end, end=True)
    if p.start and start is None:
        return "?"
    if start is None or start <= WAR_START or (p.start[:7] == "2022-02"):
        if start is not None and start.year < 2022:
            return "from:%d" % start.year
        return "war"
    if end is None:
        return "from:%d" % start.year
    sp, ep = _precision(p.start), _precision(p.end)
    days = (end - start).days
    if sp == 3 and ep == 3 and 0 <= days <= 1:
        return "day:%s" % end.isoformat()
    if sp == 3 and ep == 3 and days < 45:
        return "win:%s..%s" % (start.isoformat(), end.isoformat())
    if sp == 2 and ep == 2:
        return "win:%s..%s" % (p.start[:7], p.end[:7])
    return "from:%d" % start.year


def settlement(claim: Claim) -> Optional[str]:
    """The place's own words, normalised, unless they only name a region (then None)."""
    loc = claim.location
    if loc is None or not loc.text or _REGION_WORDS.search(loc.text):
        return None
    words = _PLACE_NOISE.sub(" ", loc.text.lower())
    words = re.sub(r"[^\w\s-]", " ", words)
    words = " ".join(words.split())
    return words or None


def location_part(claim: Claim) -> str:
    """ISO key, else ``t:`` + the place's normalised words, else ``*``."""
    loc = claim.location
    if loc is not None and loc.key:
        return loc.key.upper()
    s = settlement(claim)
    if s:
        return "t:" + s
    if loc is not None and loc.text:
        words = " ".join(re.sub(r"[^\w\s-]", " ", _PLACE_NOISE.sub(" ", loc.text.lower())).split())
        if words:
            return "t:" + words
    return "*"


def quantity_key(claim: Claim, parent: Optional[Claim] = None) -> Optional[QuantityKey]:
    """The key of what ``claim`` counts, or None when it should not be linked.

    ``parent`` is the claim that ``claim.part_of`` names, when known: a part without its own
    period or place takes the parent's, and a part of the *same* metric (the 15 children among
    117 wounded) counts a sub-group the record cannot name, so it gets a key of its own
    (``…|part``) that only meets other such parts.
    """
    if claim.kind not in LINKED_KINDS or not claim.metric or claim.metric in UNLINKED_METRICS:
        return None
    base = claim
    if parent is not None:
        base = replace(claim, period=claim.period or parent.period, location=claim.location or parent.location)
    loc = location_part(base)
    if claim.value is None:
        if claim.metric not in STANCE_METRICS or (loc == "*" and claim.metric == "territory.control"):
            return None  # who holds no named place cannot meet another claim
        if claim.metric == "participation":
            if not claim.subject.side:
                return None
            return QuantityKey(claim.metric, "~", claim.subject.side.upper(), loc)
        return QuantityKey(claim.metric, "~", "*", loc)
    if not claim.subject.side:
        return None
    period = period_class(base)
    if parent is not None and parent.metric == claim.metric:
        return QuantityKey(claim.metric, claim.subject.side.upper(), period, loc + "|part")
    return QuantityKey(claim.metric, claim.subject.side.upper(), period, loc)


def lookup_keys(key: QuantityKey) -> tuple[list[str], list[str]]:
    """(exact keys, key prefixes) to fetch the candidates a claim with ``key`` may relate to.

    Exact: the key itself and, for a known place, the same key with the wildcard place.
    Prefixes: for a wildcard place, every place with the same metric, subject and period;
    for a wildcard period, every period (places are filtered afterwards).  A known period
    also looks up the ``?`` period.
    """
    exact, prefixes = [str(key)], []
    if key.location.endswith("|part"):
        return exact, prefixes
    if key.period == "?":
        prefixes.append("%s|%s|" % (key.metric, key.subject))
        return exact, prefixes
    if key.location == "*":
        prefixes.append("%s|%s|%s|" % (key.metric, key.subject, key.period))
    else:
        exact.append(str(QuantityKey(key.metric, key.subject, key.period, "*")))
    if not key.stance:
        exact.append(str(QuantityKey(key.metric, key.subject, "?", key.location)))
        if key.location != "*":
            exact.append(str(QuantityKey(key.metric, key.subject, "?", "*")))
    return exact, prefixes


def keys_meet(a: QuantityKey, b: QuantityKey) -> Optional[bool]:
    """True: the same quantity; False: possibly the same (a wildcard matched); None: different."""
    if a == b and a.period != "?":
        return True
    if (a.metric, a.subject) != (b.metric, b.subject):
        return None
    if a.location.endswith("|part") or b.location.endswith("|part"):
        return None
    if a.period != b.period and "?" not in (a.period, b.period):
        return None
    if a.location != b.location and "*" not in (a.location, b.location):
        return None
    return False


def stated_apart(a: Claim, b: Claim) -> Optional[int]:
    """Days between the dates two claims were stated, at the precision given (0 when they overlap)."""
    sa, ea = parse_date(a.stated_on), parse_date(a.stated_on, end=True)
    sb, eb = parse_date(b.stated_on), parse_date(b.stated_on, end=True)
    if None in (sa, ea, sb, eb):
        return None
    return max(0, (sb - ea).days, (sa - eb).days)


def as_of(claim: Claim) -> Optional[date]:
    """The day a figure stands for: its period's end, else the day it was stated."""
    if claim.period is not None and claim.period.end:
        d = parse_date(claim.period.end, end=True)
        if d is not None and _precision(claim.period.end) == 3:
            return d
        sd = parse_date(claim.stated_on, end=True)
        if sd is not None and d is not None and sd <= d:
            return sd
        if d is not None:
            return d
    return parse_date(claim.stated_on, end=True) if _precision(claim.stated_on) == 3 else None


def keys_for_document(claims: Sequence[Claim]) -> dict[str, Optional[QuantityKey]]:
    """Each claim's key, with parts resolved against their parent in the same document."""
    by_id = {c.claim_id: c for c in claims}
    return {c.claim_id: quantity_key(c, by_id.get(c.part_of) if c.part_of else None) for c in claims}
