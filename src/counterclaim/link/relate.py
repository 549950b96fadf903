"""Relations between claims: the rules (pure) and the incremental linker over the ledger.

``relate(a, b)`` says how two claims relate, taking ``b`` as the later report when their
dates tie.  ``choose(new, candidates)`` picks, among every claim that meets a new one, the
few relations worth storing (a repeat points at the earliest report and nothing else; an
update at the previous value of the running total; a correction at the figure it
corrects; agreement or contradiction only with each other claimant's current figure).
``link_document(ledger, doc_id)`` runs ``choose`` for one stored document's claims against
the candidates fetched by indexed ``quantity_key`` lookups: it never reads the whole ledger.

Rules, for two claims whose keys meet (see ``keys``):

- same claimant, another document, same period: the same figure ``repeats`` the earliest
  report; a different one ``revises`` it (the later statement corrects the earlier);
- same claimant, a running total (``war``/``from:`` key) at a later date: ``updates`` when it
  went up or stayed, ``revises`` when it went down;
- different claimants, same period (for running totals: the same day ±1): ``corroborates``
  when the values are compatible and one of them pins the figure down (two bare "at least"
  figures confirm nothing), ``contradicts`` when they are incompatible and neither is vague;
- a match through a wildcard (place or period not given) may only repeat or corroborate,
  and only between figures stated within a few days; the one exception: a claimant's undated
  figure for a place, stated on a day that its own dated figure covers and close to it in
  size, is the figure that the dated one ``revises`` (a toll given on the day, corrected later);
- the same running-total figure again: an operation's total ("since August") a day later is a
  re-report (``repeats``), a total since the invasion in a later bulletin an ``updates`` (+0);
- who holds a place (figure-less ``territory.control``): claims of other claimants stated within
  three days corroborate when they name the same side, contradict when they name the other;
- a claim with no date at all (no statement date, no publication date, no period end) relates to
  no claim of another document: nothing says the two are about the same moment;
- a document's own voice (claimant ``author``, or only a side) is nobody in particular unless the
  document names its source; with no source it is compared with no other document's claims, and
  two documents of the same source never corroborate or contradict each other.

Bounds, so that a corpus of near-identical documents cannot explode the relations table and the
cost of linking one document does not grow with the ledger: each lookup of ``_candidates`` reads
at most ``CANDIDATES`` rows, nearest in date first, through an index; ``choose`` keeps at most
``PER_TYPE`` relations of each type for a new claim, the nearest in date.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Optional

from counterclaim.ledger import Ledger
from counterclaim.link.consistency import check_document
from counterclaim.link.keys import (QuantityKey, as_of, keys_for_document, keys_meet, lookup_keys, parse_date,
                                    quantity_key, settlement, stated_apart)
from counterclaim.link.values import (agrees, claimant_id, claimant_name, compatible, interval, row_claimant,
                                      same_figure, show)
from counterclaim.records import Claim, Relation, Value

#: days apart within which two figure-less claims about a place (who holds it) are about the same moment
STANCE_DAYS = 3
#: days apart within which two running totals of different claimants are compared
CUMULATIVE_DAYS = 1
#: rows one candidate lookup reads at most (nearest in date first): linking cost does not grow with the ledger
CANDIDATES = 20
#: relations of one type stored at most for a new claim (the nearest in date)
PER_TYPE = 3


# --- dates and wording -------------------------------------------------------------------------

def _day(text: Optional[str]) -> Optional[date]:
    return parse_date(text, end=True) if text and len(text) >= 10 else None


def _when(c: Claim) -> str:
    return c.stated_on or (c.period.end if c.period and c.period.end else "") or ""


def _key(c: Claim, k: Optional[QuantityKey]) -> Optional[QuantityKey]:
    return k if k is not None else quantity_key(c)


def _where(k: QuantityKey) -> str:
    loc = k.location.replace("|part", "")
    place = "" if loc == "*" else " in " + (loc[2:] if loc.startswith("t:") else loc)
    return place


def _what(c: Claim, k: QuantityKey) -> str:
    part = " (a part)" if k.location.endswith("|part") else ""
    where = _where(k)
    if c.location is not None and c.location.text:
        where = " in %s" % c.location.text + (" (%s)" % c.location.key if c.location.key else "")
    if k.stance:
        return "%s%s" % (c.metric, where)
    return "%s of %s%s%s" % (c.metric, k.subject, where, part)


# --- the rules ----------------------------------------------------------------------------------

def relate(a: Claim, b: Claim, key_a: Optional[QuantityKey] = None,
           key_b: Optional[QuantityKey] = None) -> Optional[Relation]:
    """How ``a`` and ``b`` relate (``src`` is the later one; ``b`` on a tie), or None.

    Pass the keys when known (a part's key depends on its parent); else they are computed.
    """
    ka, kb = _key(a, key_a), _key(b, key_b)
    if ka is None or kb is None or a.claim_id == b.claim_id:
        return None
    meet = keys_meet(ka, kb)
    if meet is None:
        return None
    same = claimant_id(a) == claimant_id(b)
    if same and a.doc_id == b.doc_id:
        return None  # one document states one claimant's figure once
    if a.doc_id != b.doc_id and not (_when(a) and _when(b)):
        return None  # a figure of no known day is not known to be the other's
    if ka.stance:
        return _relate_stance(a, b, ka, same)
    if "?" in (ka.period, kb.period):  # period not given: only figures stated about the same time
        apart = stated_apart(a, b)
        if apart is not None and apart > STANCE_DAYS:
            return None
    if a.value is None or b.value is None:
        return None
    old, new = (b, a) if _later(a, b) else (a, b)
    k = ka if ka.period != "?" else kb
    what = _what(new, k)
    if same and not meet and _covers(ka, kb, a, b):
        meet = True  # an undated figure stated within the other's period, same place: the same figure
    if same:
        return _relate_same(old, new, k, meet, what)
    return _relate_other(old, new, k, meet, what)


def _covers(ka: QuantityKey, kb: QuantityKey, a: Claim, b: Claim) -> bool:
    """One key has no period, the other a day or window that contains the day the first was stated (same place)."""
    if ka.location != kb.location or ka.location == "*" or (ka.period == "?") == (kb.period == "?"):
        return False
    known, undated = (a, b) if kb.period == "?" else (b, a)
    k = ka if known is a else kb
    if not (k.period.startswith("day:") or k.period.startswith("win:")):
        return False
    if known.value is None or undated.value is None:
        return False
    lo, hi = sorted((max(known.value.low, 1), max(undated.value.low, 1)))
    if hi > 1.5 * lo:
        return False  # a correction changes a figure a little; a far larger one counts something else
    d = _day(undated.stated_on)
    p = known.period
    start, end = parse_date(p.start), parse_date(p.end, end=True)
    return d is not None and start is not None and end is not None and start <= d <= end


def _later(a: Claim, b: Claim) -> bool:
    """True when ``a`` was stated strictly after ``b``."""
    wa, wb = _when(a), _when(b)
    return bool(wa and wb and wa > wb)


def _relate_same(old: Claim, new: Claim, k: QuantityKey, meet: bool, what: str) -> Optional[Relation]:
    who = claimant_name(new)
    if same_figure(old.value, new.value) and _restated(old, new, k, meet):
        return Relation(new.claim_id, old.claim_id, "repeats",
                        "another report of %s's figure for %s: %s (stated %s)"
                        % (who, what, show(new.value), old.stated_on or "on an unknown date"))
    if not meet:
        return None
    if k.cumulative:
        da, db = as_of(old), as_of(new)
        if da is None or db is None:
            return None
        if da != db:
            if db < da:
                old, new, da, db = new, old, db, da
            diff = new.value.low - old.value.low
            if diff >= 0:
                return Relation(new.claim_id, old.claim_id, "updates",
                                "%s's running total of %s: %s on %s, %s on %s (%+d)"
                                % (who, what, show(old.value), da, show(new.value), db, diff))
            return Relation(new.claim_id, old.claim_id, "revises",
                            "%s's running total of %s went down: %s on %s, %s on %s (%+d)"
                            % (who, what, show(old.value), da, show(new.value), db, diff))
    return Relation(new.claim_id, old.claim_id, "revises",
                    "%s changed its figure for %s from %s (stated %s) to %s (stated %s)"
                    % (who, what, show(old.value), old.stated_on or "?", show(new.value), new.stated_on or "?"))


def _restated(old: Claim, new: Claim, k: QuantityKey, meet: bool) -> bool:
    """The same figure of one claimant in another document: a re-report, or an unchanged running total?

    A re-report unless it is a running total since the invasion given for a later day (a new
    bulletin in which the count did not move).  An operation's total ("since August") given
    again a day later is taken as a re-report: papers date a statement by their own day.
    """
    if not k.cumulative or not meet:
        return True
    da, db = as_of(old), as_of(new)
    if da is None or db is None or da == db:
        return True
    if _day(old.stated_on) is not None and _day(old.stated_on) == _day(new.stated_on):
        return True
    return k.period != "war" and abs((db - da).days) <= CUMULATIVE_DAYS


def _relate_other(old: Claim, new: Claim, k: QuantityKey, meet: bool, what: str) -> Optional[Relation]:
    if k.cumulative:
        da, db = as_of(old), as_of(new)
        if da is None or db is None or abs((da - db).days) > CUMULATIVE_DAYS:
            return None  # a running total on other days (or an unknown day) is not the same figure
    names = "%s says %s, %s says %s" % (claimant_name(new), show(new.value), claimant_name(old), show(old.value))
    if agrees(old.value, new.value):
        return Relation(new.claim_id, old.claim_id, "corroborates", "%s for %s" % (names, what))
    if meet and not compatible(old.value, new.value) and "vague" not in (old.value.qualifier, new.value.qualifier):
        gap = _gap(old.value, new.value)
        return Relation(new.claim_id, old.claim_id, "contradicts", "%s for %s (apart by %s)" % (names, what, gap))
    return None


def _gap(a: Value, b: Value) -> str:
    la, ha = interval(a)
    lb, hb = interval(b)
    d = lb - ha if lb > ha else la - hb
    ref = max(abs(a.high), abs(b.high), 1)
    return "%s, %.0f %%" % (format(int(round(d)), ","), 100.0 * d / ref)


def _relate_stance(a: Claim, b: Claim, k: QuantityKey, same: bool) -> Optional[Relation]:
    apart = stated_apart(a, b)
    if _day(a.stated_on) is None or _day(b.stated_on) is None or apart > STANCE_DAYS:
        return None  # who holds a place changes: only statements of about the same days meet
    sa, sb = settlement(a), settlement(b)
    if sa and sb and sa != sb:
        return None
    old, new = (b, a) if _later(a, b) else (a, b)
    where = _where(k) or " (place not given)"
    if same:
        if a.subject.side != b.subject.side:
            return None
        return Relation(new.claim_id, old.claim_id, "repeats",
                        "another report of %s's statement on %s%s" % (claimant_name(new), a.metric, where))
    if a.subject.side == b.subject.side:
        return Relation(new.claim_id, old.claim_id, "corroborates",
                        "%s and %s both say %s for %s%s"
                        % (claimant_name(new), claimant_name(old), a.subject.side, a.metric, where))
    if a.metric == "territory.control" and a.subject.side and b.subject.side:
        return Relation(new.claim_id, old.claim_id, "contradicts",
                        "%s claims %s for %s, %s claims %s, within %s days"
                        % (claimant_name(new), a.metric + where, new.subject.side, claimant_name(old),
                           old.subject.side, STANCE_DAYS))
    return None


# --- choosing what to store -----------------------------------------------------------------------

@dataclass(frozen=True)
class Linked:
    """A claim as linking sees it: its key, its document's date and order, whether it repeats another."""
    claim: Claim
    key: QuantityKey
    published: Optional[str] = None   #: the document's publication date (earliest report wins)
    seq: int = 0                      #: ingestion order (ledger row id); later documents have larger numbers
    repeats: bool = False             #: already stored as a repeat of an earlier report
    source: Optional[str] = None      #: the document's source (whose voice an ``author`` claim is)

    def order(self) -> tuple:
        return (self.claim.stated_on or "", self.published or "", self.seq)


def speaker(c: Linked) -> Optional[str]:
    """Who a claim is by when claimants are compared: its claimant; for a document's own voice
    (``author``, or a bare side) its document's source, and None when the document names none."""
    cid = claimant_id(c.claim)
    if cid.startswith(("author@", "side:")):
        return "source:%s" % c.source.strip().lower() if c.source and c.source.strip() else None
    return cid


def _comparable(new: Linked, cand: Linked) -> bool:
    """May these two claims of different claimants of different documents corroborate or contradict?"""
    if new.claim.doc_id == cand.claim.doc_id:
        return True
    a, b = speaker(new), speaker(cand)
    return a is not None and b is not None and a != b


def choose(new: Linked, candidates: Iterable[Linked]) -> list[Relation]:
    """The relations to store for ``new`` against claims already known (see the module docstring)."""
    me = claimant_id(new.claim)
    rels: list[tuple[Linked, Relation]] = []
    others: dict[str, list[tuple[Linked, Optional[Relation]]]] = {}
    for cand in candidates:
        if cand.claim.claim_id == new.claim.claim_id or cand.repeats:
            continue
        if claimant_id(cand.claim) != me and not _comparable(new, cand):
            continue
        a, b = (new, cand) if cand.order() > new.order() else (cand, new)
        r = relate(a.claim, b.claim, a.key, b.key)
        if r is not None:
            rels.append((cand, r))
        if claimant_id(cand.claim) != me:
            others.setdefault("%s|%s" % (claimant_id(cand.claim), cand.key), []).append((cand, r))
    repeats = [(c, r) for c, r in rels if r.type == "repeats" and r.src == new.claim.claim_id]
    if repeats:  # the same figure as an earlier report: link to the earliest, nothing else
        c, r = min(repeats, key=lambda cr: (cr[0].published or "9", cr[0].seq))
        return [r]
    out: list[Relation] = []
    own = [(c, r) for c, r in rels if claimant_id(c.claim) == me]
    if own:
        out += _nearest_own(new, own)
    superseded = any(r.dst == new.claim.claim_id and r.type == "revises" for _, r in own)
    if not superseded:
        current = [max(group, key=lambda cr: cr[0].order()) for group in others.values()]
        out += [r for _, r in sorted(((c, r) for c, r in current if r is not None),  # each other claimant's
                                     key=lambda cr: _nearness(new, cr[0]))]          # current figure, nearest first
    seen, uniq, per_type = set(), [], {}
    for r in out:
        if (r.src, r.dst, r.type) in seen or per_type.get(r.type, 0) >= PER_TYPE:
            continue
        seen.add((r.src, r.dst, r.type))
        per_type[r.type] = per_type.get(r.type, 0) + 1
        uniq.append(r)
    return uniq


def _nearness(new: Linked, cand: Linked) -> tuple:
    """Sort key: the candidate stated closest to ``new`` first, then the one ingested last."""
    a, b = _day(new.claim.stated_on), _day(cand.claim.stated_on)
    days = abs((a - b).days) if a is not None and b is not None else 10 ** 6
    return (days, -cand.seq)


def _nearest_own(new: Linked, own: list[tuple[Linked, Relation]]) -> list[Relation]:
    """Of one claimant's relations, the previous and next step of a running total, or the corrected figure."""
    out = []
    mine = new.claim.claim_id
    before = [(c, r) for c, r in own if r.src == mine]
    after = [(c, r) for c, r in own if r.dst == mine]
    if before:
        out.append(max(before, key=lambda cr: (as_of(cr[0].claim) or date.min, -_distance(new, cr[0]),
                                               cr[0].order()))[1])
    out += [r for _, r in sorted(((c, r) for c, r in after if r.type == "repeats"),  # later reports of this
                                 key=lambda cr: _nearness(new, cr[0]))]              # figure, ingested before it
    after = [(c, r) for c, r in after if r.type != "repeats"]
    if after:
        out.append(min(after, key=lambda cr: (as_of(cr[0].claim) or date.max, _distance(new, cr[0]),
                                              cr[0].order()))[1])
    return out


def _distance(a: Linked, b: Linked) -> int:
    if a.claim.value is None or b.claim.value is None:
        return 0
    return abs(a.claim.value.low - b.claim.value.low)


# --- over the ledger ------------------------------------------------------------------------------

def link_document(ledger: Ledger, doc_id: str, check: bool = True) -> list[Relation]:
    """Key and link one stored document's claims against the ledger; store and return the relations.

    Work is proportional to the claims that share a key with this document's claims: each
    key is looked up through the ``quantity_key`` index, never by scanning the ledger.
    Linking a document again adds nothing new.  With ``check`` the consistency checks that
    involve the document run too (``consistency.check_document``).
    """
    rows = ledger.link_rows_of(doc_id)
    claims = [Claim.from_dict(json.loads(r["record"])) for r in rows]
    keys = keys_for_document(claims)
    own_doc = [_linked(c, keys[c.claim_id], r["published"], r["seq"], source=r.get("source"))
               for c, r in zip(claims, rows) if keys[c.claim_id] is not None]
    stored: list[Relation] = []
    repeat_srcs: set[str] = set()
    with ledger.transaction():
        ledger.set_quantity_keys((cid, str(k) if k else None) for cid, k in keys.items())
        for new in sorted(own_doc, key=Linked.order):
            # a claim of no known day, or nobody's (a document's own voice, no source named), meets no
            # other document's claim: nothing to look up
            cands = _candidates(ledger, new, doc_id) if _when(new.claim) and speaker(new) is not None else []
            cands += [replace(o, repeats=o.claim.claim_id in repeat_srcs) for o in own_doc
                      if o.claim.claim_id != new.claim.claim_id and o.order() < new.order()
                      and keys_meet(o.key, new.key) is not None]
            rels = choose(new, cands)
            repeat_srcs |= {r.src for r in rels if r.type == "repeats"}
            _unlink_bypassed(ledger, new.claim.claim_id, rels)
            stored += rels
        ledger.add_relations(stored)
        if check:
            check_document(ledger, doc_id)
    return stored


def _unlink_bypassed(ledger: Ledger, mine: str, rels: list[Relation]) -> None:
    """A value that arrives between two steps of a running total: the old direct step goes."""
    steps = ("updates", "revises")
    before = [r.dst for r in rels if r.src == mine and r.type in steps]
    after = [r.src for r in rels if r.dst == mine and r.type in steps]
    for nxt in after:
        for prev in before:
            ledger.remove_step(nxt, prev)


def _linked(claim: Claim, key: QuantityKey, published: Optional[str], seq: int, repeats: bool = False,
            source: Optional[str] = None) -> Linked:
    """A stored claim for linking; one without a date is taken as stated when its document was published."""
    if not claim.stated_on and published:
        claim = replace(claim, stated_on=published[:10])
    return Linked(claim, key, published, seq, repeats, source)


#: rows read per step when walking one claimant's running total back or forward through a busy key
_PAGE = 16
#: at most this many pages are walked to find a claimant's previous or next value
_MAX_PAGES = 100


def _candidates(ledger: Ledger, new: Linked, doc_id: str) -> list[Linked]:
    """Claims of other documents that may relate to ``new``, through the ``(quantity_key, stated_on)`` index.

    The key decides what is fetched, at most ``CANDIDATES`` rows a lookup (the latest; repeats of
    another report left out first).  A one-day or window key names its period, so its claims are
    candidates.  For a running total, only claims stated within a few days (same-day figures of
    other claimants, re-reports) plus the same claimant's previous and next values are; for a claim
    without a period or a stance, only those stated within a few days.  A busy key (daily
    bulletins over years) thus costs a few index ranges, not a read of all its claims.
    """
    key = new.key
    exact, prefixes = lookup_keys(key)
    d = _day(new.claim.stated_on) or as_of(new.claim)
    first, last = d, d
    if d is None:  # stated in a month or a year: that span is the window
        first, last = parse_date(new.claim.stated_on), parse_date(new.claim.stated_on, end=True)
    windowed = first is not None and (key.cumulative or key.period == "?" or key.stance)
    lo = hi = None
    if windowed:
        lo = (first - timedelta(days=STANCE_DAYS)).isoformat()
        hi = (last + timedelta(days=STANCE_DAYS)).isoformat() + "~"
    rows: list[dict] = []
    for k in exact:
        rows += ledger.link_rows_by_key(k, doc_id, lo, hi, limit=CANDIDATES)
    for p in prefixes:
        rows += ledger.link_rows_by_key(p, doc_id, lo, hi, prefix=True, limit=CANDIDATES)
    if windowed and key.cumulative:
        rows += _walk(ledger, new, str(key), doc_id, lo, backwards=True)
        rows += _walk(ledger, new, str(key), doc_id, hi, backwards=False)
    seen: dict[str, dict] = {}
    for row in rows:
        if keys_meet(QuantityKey.parse(row["quantity_key"]), key) is not None:
            seen.setdefault(row["claim_id"], row)
    repeats = ledger.repeating(list(seen))
    out = []
    for row in seen.values():
        claim = Claim.from_dict(json.loads(row["record"]))
        out.append(_linked(claim, QuantityKey.parse(row["quantity_key"]), row["published"], row["seq"],
                           claim.claim_id in repeats, row.get("source")))
    return out


def _walk(ledger: Ledger, new: Linked, key: str, doc_id: str, edge: str, backwards: bool) -> list[dict]:
    """The same claimant's nearest claims with ``key`` stated before ``edge`` (or after), page by page."""
    me = claimant_id(new.claim)
    for _ in range(_MAX_PAGES):
        page = ledger.key_page(key, edge, doc_id, backwards, _PAGE)
        mine = [r["claim_id"] for r in page if row_claimant(r) == me]
        if mine:
            first = next(r["stated_on"] for r in page if r["claim_id"] == mine[0])
            ids = [r["claim_id"] for r in page if r["claim_id"] in mine and r["stated_on"] == first]
            return ledger.link_rows_by_id(ids)
        if len(page) < _PAGE:
            return []
        edge = page[-1]["stated_on"]
    return []


def link_ledger(ledger: Ledger, check: bool = True) -> int:
    """Link every stored document in ingestion order (for a ledger filled without linking); relations added."""
    return sum(len(link_document(ledger, doc_id, check=check)) for doc_id in ledger.doc_ids())
