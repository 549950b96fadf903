"""Why two claims disagree: each stored dispute with its claims side by side, its gap and the rule.

A dispute is a ``contradicts`` or ``revises`` relation or a consistency finding (see
``ledger/workbench.py``). ``explain`` turns one into a ``Dispute``: its claims in reading
order with the role each plays (the earlier and the later figure, the total and its parts),
the gap in absolute and relative terms, and the tolerance rule that decided it, in words,
with the numbers each value admits (``values.interval``). The rules are those of
``relate`` and ``consistency``; nothing is decided here, only explained.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

from counterclaim.link.consistency import COVERS
from counterclaim.link.keys import QuantityKey
from counterclaim.link.relate import CUMULATIVE_DAYS
from counterclaim.link.values import approx_tolerance, claimant_name, interval, show
from counterclaim.records import Claim, Value

LABELS = {"contradicts": "Contradiction", "revises": "Revision", "parts_vs_total": "Parts do not add up",
          "parts_exceed_total": "Parts exceed the total", "cumulative_drop": "A running total went down",
          "increments_mismatch": "Daily increments do not add up"}


@dataclass
class Side:
    """One claim of a dispute and the part it plays."""
    role: str                   #: "earlier", "later", "total", "part", "increment", "stated beside"
    claim: Optional[Claim]      #: None when the claim is no longer in the ledger
    claim_id: str
    admits: str = ""            #: what its value admits, in words


@dataclass
class Dispute:
    dispute_id: str
    kind: str
    label: str
    date: Optional[str]
    message: str
    sides: list[Side] = field(default_factory=list)
    gap: Optional[float] = None          #: absolute gap (a distance between what the figures admit, or a sum's)
    relative: Optional[float] = None     #: the gap as a share (0.016 = 1.6 %)
    rule: str = ""                       #: the tolerance rule that decided it
    quantity_key: Optional[str] = None   #: the quantity it is about, when the claims have one

    def to_dict(self) -> dict:
        return {"dispute_id": self.dispute_id, "kind": self.kind, "label": self.label, "date": self.date,
                "message": self.message, "gap": self.gap, "relative": self.relative, "rule": self.rule,
                "quantity_key": self.quantity_key,
                "claims": [{"role": s.role, "claim_id": s.claim_id, "admits": s.admits,
                            "claim": s.claim.to_dict() if s.claim else None} for s in self.sides]}


def _n(x: float) -> str:
    if math.isinf(x):
        return "∞"
    return format(int(round(x)), ",")


def admits(v: Optional[Value]) -> str:
    """What a value admits, with the rule for its qualifier."""
    if v is None:
        return "no figure"
    lo, hi = interval(v)
    if v.qualifier == "approx":
        t = approx_tolerance(v.low)
        return ("%s admits %s–%s (±%s: half a unit of its last non-zero digit, at least 2 %%, at most 10 %%)"
                % (show(v), _n(lo), _n(hi), _n(t)))
    if v.qualifier == "at_least":
        return "%s admits %s or more" % (show(v), _n(lo))
    if v.qualifier == "at_most":
        return "%s admits 0 to %s" % (show(v), _n(hi))
    if v.qualifier == "vague":
        return "“%s” admits %s–%s" % (v.text or "a vague word", _n(lo), _n(hi))
    if v.qualifier == "range":
        return "the range admits %s–%s" % (_n(lo), _n(hi))
    return "%s exactly" % show(v)


def _distance(a: Value, b: Value) -> float:
    """How far apart the numbers two values admit are (0 when they overlap)."""
    la, ha = interval(a)
    lb, hb = interval(b)
    if lb > ha:
        return lb - ha
    if la > hb:
        return la - hb
    return 0.0


def _key(rows: dict, ids: list[str]) -> Optional[str]:
    for i in ids:
        r = rows.get(i)
        if r and r.get("quantity_key"):
            return r["quantity_key"]
    return None


def explain(row: dict, claims: dict[str, Claim], rows: Optional[dict] = None) -> Dispute:
    """A ``Dispute`` from a row of ``Ledger.dispute_rows`` and the claims it names (by id).

    ``rows`` (claim rows by id) give the stored quantity key, to link the dispute to its quantity.
    """
    ids = row["claim_ids"]
    d = Dispute(row["dispute_id"], row["kind"], LABELS.get(row["kind"], row["kind"]), row.get("date"),
                row.get("message") or "", quantity_key=_key(rows or {}, ids))
    if row["source"] == "relation":
        _relation(d, ids, claims)
    else:
        _finding(d, row, ids, claims)
    return d


def _relation(d: Dispute, ids: list[str], claims: dict[str, Claim]) -> None:
    newer_id, older_id = ids[0], ids[1] if len(ids) > 1 else ids[0]
    newer, older = claims.get(newer_id), claims.get(older_id)
    d.sides = [Side("earlier" if d.kind == "revises" else older_role(older, newer), older, older_id,
                    admits(older.value) if older else ""),
               Side("later" if d.kind == "revises" else "newer report", newer, newer_id,
                    admits(newer.value) if newer else "")]
    if older is None or newer is None or older.value is None or newer.value is None:
        d.rule = "One of its claims is no longer in the ledger."
        return
    key = QuantityKey.parse(d.quantity_key) if d.quantity_key else None
    scope = ("the same quantity (metric, whose losses, place and period: %s)" % d.quantity_key if d.quantity_key
             else "the same quantity")
    if d.kind == "contradicts":
        d.gap = _distance(older.value, newer.value)
        d.relative = d.gap / max(abs(older.value.high), abs(newer.value.high), 1)
        timing = (" Running totals are compared only when stated within %d day of each other." % CUMULATIVE_DAYS
                  if key is not None and key.cumulative else "")
        d.rule = ("Two claimants' figures for %s contradict when no number satisfies both: %s; %s. The nearest "
                  "numbers they admit are %s apart. A vague word (“hundreds”) never contradicts, and a match "
                  "through an unstated place or period may only agree.%s"
                  % (scope, admits(older.value), admits(newer.value), _n(d.gap), timing))
    else:
        d.gap = float(newer.value.low - older.value.low)
        d.relative = d.gap / max(abs(older.value.low), 1)
        if key is not None and key.cumulative:
            d.rule = ("%s's running total for %s went down, from %s to %s: a running total that falls is a "
                      "revision of the earlier figure, not an update." % (claimant_name(newer), scope,
                                                                         show(older.value), show(newer.value)))
        else:
            d.rule = ("%s gave another figure for %s later (%s, then %s): the later statement revises the earlier."
                      % (claimant_name(newer), scope, show(older.value), show(newer.value)))


def older_role(older: Optional[Claim], newer: Optional[Claim]) -> str:
    return "earlier report" if older is not None and newer is not None and (older.stated_on or "") < (
        newer.stated_on or "") else "other report"


def _finding(d: Dispute, row: dict, ids: list[str], claims: dict[str, Claim]) -> None:
    gap, actual = row.get("gap"), row.get("actual")
    if d.kind in ("parts_vs_total", "parts_exceed_total"):
        total_id = ids[0]
        for i in ids:
            c = claims.get(i)
            role = "total" if i == total_id else ("part" if c is not None and c.part_of == total_id else "stated beside")
            d.sides.append(Side(role, c, i, admits(c.value) if c else ""))
        parts = [s.claim for s in d.sides if s.role == "part" and s.claim is not None]
        total = claims.get(total_id)
        slack = sum(approx_tolerance(c.value.low) for c in parts + ([total] if total else [])
                    if c.value is not None and c.value.qualifier == "approx")
        d.gap = float(gap) if gap is not None else None
        d.relative = abs(d.gap) / actual if d.gap is not None and actual else None
        if d.kind == "parts_vs_total":
            d.rule = ("The parts of a total must add up to it within the slack its “about” figures allow (%s here). "
                      "Parts that cover less than %d %% of the total are taken as examples and not added up; a figure "
                      "of the same claimant stated beside them that would close the gap is named."
                      % (_n(slack), round(COVERS * 100)))
        else:
            d.rule = ("Parts may never add up to more than their total, beyond the slack its “about” figures "
                      "allow (%s here)." % _n(slack))
        return
    if d.kind == "cumulative_drop":
        roles = ("later", "earlier")
        d.rule = "One claimant's running total must not go down between two dates."
    else:
        roles = ("later total", "earlier total")
        d.rule = ("Between two bulletins the daily increments (“+N”) must add up exactly to the change of the "
                  "totals: bulletins' arithmetic is exact even where their figures are “about”.")
    for n, i in enumerate(ids):
        c = claims.get(i)
        role = roles[n] if n < len(roles) else "increment"
        d.sides.append(Side(role, c, i, admits(c.value) if c else ""))
    d.sides = sorted(d.sides, key=lambda s: {"earlier": 0, "earlier total": 0, "increment": 1}.get(s.role, 2))
    d.gap = float(gap) if gap is not None else None
    base = row.get("expected") if d.kind == "cumulative_drop" else actual
    d.relative = abs(d.gap) / abs(base) if d.gap is not None and base else None
