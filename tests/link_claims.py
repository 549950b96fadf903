"""Hand-built claims for the linking tests (shared by tests/test_link_*.py)."""
from __future__ import annotations

import hashlib

from counterclaim.records import Actor, Claim, Location, Period, Subject, Value


def mk(doc, metric, low, high=None, q="exact", who="ua.general_staff", side="UA", subject="RU", loc=None,
       loc_text=None, start=None, end=None, stated=None, part_of=None, kind="reported", n=0, who_text=None):
    """One claim; ``n`` makes several claims of one document distinct."""
    cid = "c_" + hashlib.sha256(("%s|%s|%s|%s|%s|%s" % (doc, metric, low, n, who, stated)).encode()).hexdigest()[:12]
    value = None if low is None else Value(low, low if high is None else high, q, str(low))
    return Claim(claim_id=cid, doc_id=doc, kind=kind,
                 claimant=Actor(text=who_text or who, key=who if who and "." in who or who == "oryx" else None,
                                side=side),
                 subject=Subject(side=subject), metric=metric, value=value,
                 location=Location(text=loc_text, key=loc) if (loc or loc_text) else None,
                 period=Period(start, end) if (start or end) else None, stated_on=stated, quote="q", span=(n, n + 1),
                 part_of=part_of)
