"""Consistency checks: arithmetic a careful reader would do, each a ``Finding`` with its numbers.

1. parts vs total: a breakdown (two or more ``part_of`` figures) that does not add up to its
   total, with the gap and its share; a figure of the same claimant stated beside them that
   would (nearly) close the gap is named (the seed: 25,200 + 36,200 = 61,400 vs 62,400, gap
   1,000 (1.6 %), and the 983 captured nearly close it);
2. parts exceed the total: any breakdown, even of one sub-group, larger than its total;
3. a running total of one claimant that went down between two dates;
4. daily increments (a bulletin's ``+N``) that do not add up to the change of the totals
   between two bulletins;
5. an imported series (the General Staff's) that goes down, with the correction its
   correction file records that day (``series_drops``, listed by ``counterclaim check``).

The pure functions take claims; ``check_document`` runs them for one stored document
against the ledger (indexed lookups, like linking), ``check_ledger`` streams every document.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Iterable, Iterator, Optional, Sequence

from counterclaim.ledger import Ledger
from counterclaim.link.keys import QuantityKey, as_of, keys_for_document
from counterclaim.link.values import approx_tolerance, claimant_id, claimant_name
from counterclaim.records import Claim, Finding

#: a sibling figure "nearly closes" a gap when it covers at least this share of it without exceeding it by more
NEAR = 0.75
#: parts that add up to less than this share of their total are examples ("of those, …"), not a breakdown
COVERS = 0.8
#: longest stretch between two bulletins over which increments are summed
MAX_INCREMENT_DAYS = 7


def _n(x: float) -> str:
    return format(int(round(x)), ",")


def _tolerance(claims: Iterable[Claim]) -> float:
    """Slack the qualifiers allow ("about" figures), 0 when all are exact."""
    return sum(approx_tolerance(c.value.low) for c in claims if c.value.qualifier == "approx")


def _usable(c: Claim) -> bool:
    return c.value is not None and c.value.qualifier in ("exact", "approx") and c.value.low == c.value.high


def parts_findings(total: Claim, parts: Sequence[Claim], siblings: Sequence[Claim] = ()) -> list[Finding]:
    """Findings for one total and the figures that break it down.

    ``siblings``: other claims of the same document; one of the same claimant and subject, of
    a metric the breakdown does not use and part of nothing, is named when it would close the gap.
    """
    parts = [p for p in parts if p.value is not None]
    if not parts or total.value is None or not _usable(total) or not all(_usable(p) for p in parts):
        return []
    expected = sum(p.value.low for p in parts)
    actual = total.value.low
    gap = actual - expected
    slack = _tolerance([total, *parts])
    terms = " + ".join(_n(p.value.low) for p in parts)
    ids = (total.claim_id,) + tuple(p.claim_id for p in parts)
    share = 100.0 * abs(gap) / actual if actual else 0.0
    if gap < -slack:
        return [Finding("parts_exceed_total", ids,
                        "%s = %s exceeds the total of %s (%s %s) by %s (%.1f %%)"
                        % (terms, _n(expected), _n(actual), total.metric, _who(total), _n(-gap), share),
                        expected, actual, gap)]
    if len(parts) < 2 or abs(gap) <= slack or expected < COVERS * actual:
        return []  # one sub-group, or "among them …" naming only some parts, is no breakdown to add up
    msg = "%s = %s vs %s (%s %s): gap %s (%.1f %%)" % (terms, _n(expected), _n(actual), total.metric, _who(total),
                                                      _n(gap), share)
    closer = _closer(total, parts, siblings, gap)
    if closer is not None:
        left = gap - closer.value.low
        verb = "closes" if left == 0 else "nearly closes"
        msg += "; the %s %s stated beside them %s it (%s left)" % (
            _n(closer.value.low), closer.metric.split(".")[-1], verb, _n(left))
        ids += (closer.claim_id,)
    return [Finding("parts_vs_total", ids, msg, float(expected), float(actual), float(gap))]


def _who(c: Claim) -> str:
    return "by " + claimant_name(c)


def _closer(total: Claim, parts: Sequence[Claim], siblings: Sequence[Claim], gap: int) -> Optional[Claim]:
    used = {total.metric} | {p.metric for p in parts}
    family = (total.metric or "").split(".")[0]
    best = None
    for s in siblings:
        if (s.claim_id == total.claim_id or s.part_of or s.value is None or s.metric in used
                or (s.metric or "").split(".")[0] != family or s.subject.side != total.subject.side
                or claimant_id(s) != claimant_id(total) or not _usable(s)):
            continue
        if NEAR * gap <= s.value.low <= gap / NEAR:
            if best is None or abs(gap - s.value.low) < abs(gap - best.value.low):
                best = s
    return best


def document_parts_findings(claims: Sequence[Claim]) -> list[Finding]:
    """Parts checks over one document's claims (``part_of`` points within the document)."""
    by_id = {c.claim_id: c for c in claims}
    groups: dict[str, list[Claim]] = {}
    for c in claims:
        if c.part_of and c.part_of in by_id:
            groups.setdefault(c.part_of, []).append(c)
    out = []
    for tid, parts in groups.items():
        out += parts_findings(by_id[tid], parts, claims)
    return out


def drop_finding(earlier: Claim, later: Claim) -> Optional[Finding]:
    """A running total of one claimant that is lower at a later date."""
    if earlier.value is None or later.value is None:
        return None
    da, db = as_of(earlier), as_of(later)
    if da is None or db is None or db <= da or later.value.high >= earlier.value.low:
        return None
    gap = later.value.high - earlier.value.low
    return Finding("cumulative_drop", (later.claim_id, earlier.claim_id),
                   "%s's running total of %s went down from %s on %s to %s on %s (%s)"
                   % (claimant_name(later), later.metric, _n(earlier.value.low), da, _n(later.value.high), db,
                      _n(gap)), float(earlier.value.low), float(later.value.high), float(gap))


def increments_finding(first: Claim, second: Claim, increments: Sequence[Claim]) -> Optional[Finding]:
    """Totals on two dates against the increments of every day after the first, up to the second."""
    if first.value is None or second.value is None or any(i.value is None for i in increments):
        return None
    expected = sum(i.value.low for i in increments)
    actual = second.value.low - first.value.low
    if actual == expected:  # bulletins' arithmetic is exact even where the figures are "about"
        return None
    gap = actual - expected
    days = ", ".join("%+d" % i.value.low for i in increments)
    return Finding("increments_mismatch", (second.claim_id, first.claim_id) + tuple(i.claim_id for i in increments),
                   "%s's %s went from %s on %s to %s on %s (%+d) but the daily increments say %s = %s (gap %s)"
                   % (claimant_name(second), second.metric, _n(first.value.low), as_of(first),
                      _n(second.value.low), as_of(second), actual, days, _n(expected), _n(gap)),
                   float(expected), float(actual), float(gap))


# --- over the ledger --------------------------------------------------------------------------------

def check_document(ledger: Ledger, doc_id: str) -> list[Finding]:
    """Run every check that involves one stored document's claims; store and return the findings.

    Run after linking: the previous and next values of a running total are the ``updates`` /
    ``revises`` relations the linker stored, so nothing is searched twice.
    """
    claims = ledger.claims_of(doc_id)
    keys = keys_for_document(claims)
    found = document_parts_findings(claims)
    for c in claims:
        k = keys.get(c.claim_id)
        if k is None or c.value is None:
            continue
        if k.cumulative:
            found += _series_checks(ledger, c, k)
        elif k.period.startswith("day:"):
            found += _increment_checks(ledger, c, k)
    store_findings(ledger, found)
    return found


def _steps(ledger: Ledger, claim_id: str) -> list[tuple[Claim, Claim]]:
    """(earlier, later) pairs of a running total around one claim, from the stored relations."""
    pairs = []
    for src, dst in ledger.steps_of(claim_id):
        later, earlier = ledger.claim(src), ledger.claim(dst)
        if later is not None and earlier is not None and as_of(earlier) and as_of(later) and \
                as_of(earlier) < as_of(later):
            pairs.append((earlier, later))
    return pairs


def _series_checks(ledger: Ledger, c: Claim, k: QuantityKey) -> list[Finding]:
    """Drop and increments checks on the steps of a running total next to this claim."""
    out = []
    for a, b in _steps(ledger, c.claim_id):
        f = drop_finding(a, b)
        if f is not None:
            out.append(f)
        f = _increments_between(ledger, a, b, k)
        if f is not None:
            out.append(f)
    return out


def _same_claimant(ledger: Ledger, c: Claim, key: str, day: Optional[str] = None) -> list[Claim]:
    """The claimant's claims with ``key`` (stated on ``day`` when given)."""
    return [o for o in ledger.claims_with_key(key, day) if claimant_id(o) == claimant_id(c)]


def _increments_between(ledger: Ledger, a: Claim, b: Claim, k: QuantityKey) -> Optional[Finding]:
    da, db = as_of(a), as_of(b)
    if (db - da).days > MAX_INCREMENT_DAYS:
        return None
    incs = []
    day = da + timedelta(days=1)
    while day <= db:
        key = str(QuantityKey(k.metric, k.subject, "day:" + day.isoformat(), k.location))
        got = [o for o in _same_claimant(ledger, b, key) if o.value is not None]
        if not got:
            return None  # a day without its increment: nothing to add up
        incs.append(min(got, key=lambda o: o.claim_id))
        day += timedelta(days=1)
    return increments_finding(a, b, incs)


def _increment_checks(ledger: Ledger, c: Claim, k: QuantityKey) -> list[Finding]:
    """A new increment: check the step of the running total that ends on its day."""
    day = k.period[4:]
    total_key = str(QuantityKey(k.metric, k.subject, "war", k.location))
    out = []
    for t in _same_claimant(ledger, c, total_key, day):
        if as_of(t) is None or as_of(t).isoformat() != day:
            continue
        for a, b in _steps(ledger, t.claim_id):
            if b.claim_id == t.claim_id:
                f = _increments_between(ledger, a, b, k)
                if f is not None:
                    out.append(f)
    return out


def store_findings(ledger: Ledger, found: Iterable[Finding]) -> None:
    ledger.add_findings(found)


def check_ledger(ledger: Ledger) -> int:
    """Run the checks for every stored document (streamed by id); return the number of findings."""
    return sum(len(check_document(ledger, doc_id)) for doc_id in ledger.doc_ids())


def series_drops(ledger: Ledger, series: str = "genstaff") -> Iterator[Finding]:
    """Days on which an imported running total went down, with the correction recorded that day if any.

    Not stored (a series point is not a claim); ``counterclaim check`` prints them.
    """
    corrections = series + ".corrections"
    prev: dict[tuple[str, str], tuple[str, int]] = {}
    for p in ledger.series_points_of(series):
        k = (p.metric, p.subject_side)
        if k in prev and p.value < prev[k][1]:
            d0, v0 = prev[k]
            fixed = ledger.series_point(corrections, k[0], k[1], p.date)
            fix = fixed.value if fixed else None
            note = "; a correction of %+d is recorded that day" % fix if fix else "; no correction recorded"
            yield Finding("series_drop", (), "%s's %s of %s went down from %s on %s to %s on %s (%s)%s"
                          % (series, k[0], k[1], _n(v0), d0, _n(p.value), p.date, _n(p.value - v0), note),
                          float(v0), float(p.value), float(p.value - v0))
        prev[k] = (p.date, p.value)
