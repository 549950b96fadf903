"""The records every stage passes: defined once, frozen, serialised in one place.

The claim record's JSON shape is the contract of ``shared/spec/claim-record.md``:
``Claim.to_dict()`` produces exactly that shape (plus a few added fields, which
the spec allows) and ``Claim.from_dict()`` reads it back.
"""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Optional

#: Bumped whenever extraction rules change, so the ledger knows what to re-extract.
EXTRACTOR_VERSION = "0.1.0"

KINDS = ("reported", "assertion", "speculation", "opinion", "recommendation", "question")
QUALIFIERS = ("exact", "approx", "at_least", "at_most", "range", "vague")
EQUIPMENT_TYPES = ("tanks", "afv", "artillery", "mlrs", "air_defense", "aircraft", "helicopters",
                   "uav", "missiles", "ships", "vehicles", "other")
ATTACK_TYPES = ("uav", "missiles", "bombs", "artillery", "other")
METRICS = (("personnel.casualties", "personnel.killed", "personnel.wounded", "personnel.captured",
            "personnel.missing", "personnel.returned", "personnel.deployed")
           + tuple("equipment." + t for t in EQUIPMENT_TYPES)
           + tuple("attack." + t for t in ATTACK_TYPES)
           + ("territory.control", "participation", "event"))


#: no-break, narrow and figure spaces are spaces: "105\u00a0drones" and "7\u202f905" read as typed
_SPACES = {0x00A0: " ", 0x202F: " ", 0x2007: " ", 0x2009: " "}


def normalise_text(text: str) -> str:
    """The stored form of a document's text: NFC, ``\\n`` line ends, plain spaces, no trailing blanks.

    Spans point into this form, and ``doc_id`` hashes it, so the same article read
    twice (or with Windows line ends) is the same document.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n").translate(_SPACES)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip("\n")


def make_doc_id(normalised_text: str) -> str:
    """``d_`` + a stable hash of the normalised text (the spec's ``doc_id``)."""
    return "d_" + hashlib.sha256(normalised_text.encode("utf-8")).hexdigest()[:20]


def make_claim_id(doc_id: str, span: tuple[int, int], anchor: tuple[int, int] | None, metric: str | None) -> str:
    """Same document text and span (and figure within it) give the same id."""
    key = "%s|%d:%d|%s|%s" % (doc_id, span[0], span[1], "%d:%d" % anchor if anchor else "-", metric or "-")
    return "c_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Part:
    """One piece of a document that has its own author and date: a thread's post or a comment."""
    id: str                          #: the source's id for it (Reddit ``t1_…``), or a running number
    start: int                       #: offset of its first character in the document text
    end: int                         #: offset after its last character
    author: Optional[str] = None     #: user name; None when deleted or unknown
    published: Optional[str] = None  #: ISO date-time it was written, when known
    parent: Optional[str] = None     #: id of the part it answers (None for the post)
    url: Optional[str] = None        #: permalink
    kind: str = "comment"            #: ``post`` or ``comment``
    depth: int = 0                   #: nesting level in the thread, 0 for the post and top comments

    def to_dict(self) -> dict:
        return {"id": self.id, "start": self.start, "end": self.end, "author": self.author,
                "published": self.published, "parent": self.parent, "url": self.url,
                "kind": self.kind, "depth": self.depth}

    @classmethod
    def from_dict(cls, d: dict) -> "Part":
        return cls(**{k: d.get(k) for k in ("id", "start", "end", "author", "published", "parent", "url")},
                   kind=d.get("kind") or "comment", depth=int(d.get("depth") or 0))


@dataclass(frozen=True)
class Document:
    """What every reader yields and extraction consumes; ``text`` is stored normalised."""
    text: str                          #: normalised text (spans of claims point into it)
    title: Optional[str] = None        #: headline or thread title
    url: Optional[str] = None          #: where it came from, when it has an address
    author: Optional[str] = None       #: byline or poster
    published: Optional[str] = None    #: ISO date (or date-time) of publication, when known
    format: str = "text"               #: reader that produced it: text, html, reddit, markdown, feed, jsonl, warc
    source: Optional[str] = None       #: outlet or collection name (``--source`` or the site)
    parent: Optional[str] = None       #: doc_id or url of the container (feed, thread) when there is one
    parts: tuple[Part, ...] = ()       #: post and comments of a thread, in text order
    lang: str = "en"                   #: language code of the text
    path: Optional[str] = None         #: the file or URL it was read from (not hashed)
    doc_id: str = field(default="")    #: stable hash of ``text``; computed when empty

    def __post_init__(self):
        norm = normalise_text(self.text)
        if norm != self.text:
            object.__setattr__(self, "text", norm)
        if not self.doc_id:
            object.__setattr__(self, "doc_id", make_doc_id(norm))

    def with_published(self, published: Optional[str]) -> "Document":
        """A copy with another publication date (``--published`` overrides the file)."""
        return replace(self, published=published)

    def to_dict(self) -> dict:
        return {"doc_id": self.doc_id, "text": self.text, "title": self.title, "url": self.url,
                "author": self.author, "published": self.published, "format": self.format,
                "source": self.source, "parent": self.parent, "lang": self.lang, "path": self.path,
                "parts": [p.to_dict() for p in self.parts]}

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        return cls(text=d["text"], title=d.get("title"), url=d.get("url"), author=d.get("author"),
                   published=d.get("published"), format=d.get("format") or "text", source=d.get("source"),
                   parent=d.get("parent"), lang=d.get("lang") or "en", path=d.get("path"),
                   parts=tuple(Part.from_dict(p) for p in d.get("parts") or ()))


@dataclass(frozen=True)
class Actor:
    """Who made a claim: the words used, the registry key when known, and the side (ISO alpha-2)."""
    text: Optional[str] = None
    key: Optional[str] = None
    side: Optional[str] = None

    def to_dict(self) -> dict:
        return {"text": self.text, "key": self.key, "side": self.side}


@dataclass(frozen=True)
class Subject:
    """Whose losses, forces or actions the figure counts."""
    text: Optional[str] = None
    side: Optional[str] = None

    def to_dict(self) -> dict:
        return {"text": self.text, "side": self.side}


@dataclass(frozen=True)
class Value:
    """A figure as integers with its qualifier; ``low == high`` unless a range or vague word."""
    low: int
    high: int
    qualifier: str = "exact"
    text: str = ""
    unit: Optional[str] = None

    def to_dict(self) -> dict:
        d = {"low": self.low, "high": self.high, "qualifier": self.qualifier, "text": self.text}
        if self.unit:
            d["unit"] = self.unit
        return d


@dataclass(frozen=True)
class Location:
    """A place: ISO 3166-2 first-level region (or country code) when known, text always."""
    text: Optional[str] = None
    key: Optional[str] = None
    geonames: Optional[int] = None

    def to_dict(self) -> dict:
        d = {"text": self.text, "key": self.key}
        if self.geonames:
            d["geonames"] = self.geonames
        return d


@dataclass(frozen=True)
class Period:
    """The time a figure covers, ISO dates at the precision the text gives."""
    start: Optional[str] = None
    end: Optional[str] = None
    text: Optional[str] = None

    def to_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text}


def _opt(cls, d):
    return cls(**d) if isinstance(d, dict) else None


@dataclass(frozen=True)
class Claim:
    """One thing one claimant said in one place of one document (the spec's claim record)."""
    claim_id: str
    doc_id: str
    kind: str
    claimant: Actor
    subject: Subject
    metric: Optional[str]
    value: Optional[Value]
    location: Optional[Location]
    period: Optional[Period]
    stated_on: Optional[str]
    quote: str
    span: tuple[int, int]
    citations: tuple[str, ...] = ()
    part_of: Optional[str] = None
    confidence: float = 0.5
    figure_span: Optional[tuple[int, int]] = None   #: offsets of the figure's words inside the document
    lang: str = "en"
    extractor: str = EXTRACTOR_VERSION

    def to_dict(self) -> dict:
        """The spec's JSON shape, keys in the spec's order, then the added fields."""
        return {
            "claim_id": self.claim_id, "doc_id": self.doc_id, "kind": self.kind,
            "claimant": self.claimant.to_dict(), "subject": self.subject.to_dict(),
            "metric": self.metric,
            "value": self.value.to_dict() if self.value else None,
            "location": self.location.to_dict() if self.location else None,
            "period": self.period.to_dict() if self.period else None,
            "stated_on": self.stated_on, "quote": self.quote, "span": list(self.span),
            "citations": list(self.citations), "part_of": self.part_of,
            "confidence": round(self.confidence, 3),
            "figure_span": list(self.figure_span) if self.figure_span else None,
            "lang": self.lang, "extractor": self.extractor,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Claim":
        """Read a record written by ``to_dict`` (or any export of it)."""
        v = d.get("value")
        fs = d.get("figure_span")
        return cls(
            claim_id=d["claim_id"], doc_id=d["doc_id"], kind=d["kind"],
            claimant=Actor(**(d.get("claimant") or {})), subject=Subject(**(d.get("subject") or {})),
            metric=d.get("metric"),
            value=Value(low=v["low"], high=v["high"], qualifier=v.get("qualifier") or "exact",
                        text=v.get("text") or "", unit=v.get("unit")) if isinstance(v, dict) else None,
            location=_opt(Location, d.get("location")), period=_opt(Period, d.get("period")),
            stated_on=d.get("stated_on"), quote=d.get("quote") or "", span=tuple(d.get("span") or (0, 0)),
            citations=tuple(d.get("citations") or ()), part_of=d.get("part_of"),
            confidence=float(d.get("confidence") or 0.0), figure_span=tuple(fs) if fs else None,
            lang=d.get("lang") or "en", extractor=d.get("extractor") or EXTRACTOR_VERSION)


RELATION_TYPES = ("repeats", "corroborates", "contradicts", "updates", "revises")


@dataclass(frozen=True)
class Relation:
    """A link from one claim to another, with the reason a person can read."""
    src: str        #: claim_id of the later / newer claim
    dst: str        #: claim_id it relates to
    type: str       #: one of RELATION_TYPES
    reason: str

    def to_dict(self) -> dict:
        return {"src": self.src, "dst": self.dst, "type": self.type, "reason": self.reason}


@dataclass(frozen=True)
class Finding:
    """A consistency problem with its numbers (parts vs total, a falling cumulative series…)."""
    kind: str                         #: parts_vs_total, parts_exceed_total, cumulative_drop, increments_mismatch
    claim_ids: tuple[str, ...]        #: the claims it is about, the total first where there is one
    message: str                      #: the sentence shown to a person, with the figures
    expected: Optional[float] = None  #: what the arithmetic says
    actual: Optional[float] = None    #: what the claim says
    gap: Optional[float] = None       #: actual - expected

    def to_dict(self) -> dict:
        return {"kind": self.kind, "claim_ids": list(self.claim_ids), "message": self.message,
                "expected": self.expected, "actual": self.actual, "gap": self.gap}


@dataclass(frozen=True)
class SeriesPoint:
    """One value of an independent series (General Staff daily totals, Oryx counts) on one day."""
    series: str          #: ``genstaff`` or ``oryx`` (or another importer's name)
    metric: str          #: a metric of METRICS
    subject_side: str    #: whose losses it counts
    date: str            #: ISO date
    value: int
    source: str = ""     #: where the series comes from
    licence: str = ""
