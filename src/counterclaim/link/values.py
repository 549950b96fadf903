"""Values and claimants as linking compares them: what a figure admits, and who stated it.

The linker (``relate``), the checks (``consistency``), the series comparison (``compare``)
and the chart all judge values and claimants alike; they share these helpers from here,
below all of them, so that none of them imports another for them.
"""
from __future__ import annotations

import math

from counterclaim.ledger.claimants import name_key
from counterclaim.records import Claim, Value


# --- values -----------------------------------------------------------------------------------

def approx_tolerance(n: int) -> float:
    """How far "about N" may stray: half a unit of its last non-zero digit, at least 2 %, at most 10 %."""
    if n == 0:
        return 0.0
    unit = 1
    while n % (unit * 10) == 0:
        unit *= 10
    return min(max(unit / 2, 0.02 * n), 0.10 * n)


def interval(v: Value) -> tuple[float, float]:
    """The numbers a value admits."""
    if v.qualifier == "approx":
        t = approx_tolerance(v.low)
        return v.low - t, v.high + t
    if v.qualifier == "at_least":
        return v.low, math.inf
    if v.qualifier == "at_most":
        return 0, v.high
    return v.low, v.high


def compatible(a: Value, b: Value) -> bool:
    """Whether one number could satisfy both values."""
    la, ha = interval(a)
    lb, hb = interval(b)
    return la <= hb and lb <= ha


def pins(v: Value) -> bool:
    """A value that names a figure (not a bare bound)."""
    return v.qualifier in ("exact", "approx", "range")


#: a bound confirms a figure only if the figure is within this factor of it ("at least 3,821" does not confirm 10,425)
BOUND_FACTOR = 1.5


def agrees(a: Value, b: Value) -> bool:
    """Compatible, and confirming something: a figure near the other's bound or range, or the same bound."""
    if not compatible(a, b):
        return False
    if pins(a) and pins(b):
        return True
    if pins(a) or pins(b):
        fig, bound = (a, b) if pins(a) else (b, a)
        if bound.qualifier == "at_least":
            return fig.low <= bound.low * BOUND_FACTOR
        if bound.qualifier == "at_most":
            return fig.high * BOUND_FACTOR >= bound.high
        return True  # a vague word ("hundreds") and a figure inside it
    return (a.low, a.high, a.qualifier) == (b.low, b.high, b.qualifier)


def same_figure(a: Value, b: Value) -> bool:
    return a.low == b.low and a.high == b.high


def show(v: Value) -> str:
    """A value in words: 'at least 34', 'about 62,400', '600–700'."""
    if v.low != v.high:
        return "%s–%s" % (format(v.low, ","), format(v.high, ","))
    n = format(v.low, ",")
    return {"approx": "about " + n, "at_least": "at least " + n, "at_most": "at most " + n}.get(v.qualifier, n)


# --- claimants ------------------------------------------------------------------------------

def claimant_id(c: Claim) -> str:
    """Who said it, as one string: the registry key, else the words without titles, else the side.

    "Governor Oleh Syniehubov" and "Oleh Syniehubov" are one claimant (the ledger's name key);
    a document's own author (``author``) is only the same claimant within that document.
    """
    k = c.claimant.key
    if k == "author":
        return "author@" + c.doc_id
    if k:
        return k
    if c.claimant.text:
        return "t:" + (name_key(c.claimant.text) or " ".join(c.claimant.text.lower().split()))
    return "side:%s@%s" % (c.claimant.side or "?", c.doc_id)


def claimant_name(c: Claim) -> str:
    return c.claimant.key or c.claimant.text or "an unnamed claimant"


def row_claimant(row: dict) -> str:
    """``claimant_id`` from the indexed columns, without parsing the record."""
    k, t = row["claimant_key"], row["claimant_text"]
    if k == "author":
        return "author@" + row["doc_id"]
    if k:
        return k
    if t:
        return "t:" + (name_key(t) or " ".join(t.lower().split()))
    return "side:%s@%s" % (row["claimant_side"] or "?", row["doc_id"])
