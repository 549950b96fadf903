"""Cut a text into segments by claim spans, so templates can highlight without building HTML.

Templates print each segment's text through Jinja2's autoescape; nothing here makes
markup, so a document's text can never become HTML, however it is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Sequence


@dataclass(frozen=True)
class Span:
    """A claim's place in a text, with what the template shows about it."""
    start: int
    end: int
    claim_id: str
    kind: str = ""


@dataclass(frozen=True)
class Segment:
    """A stretch of text covered by the same claims (none for plain text); ``figure``: a claim's figure."""
    text: str
    start: int
    spans: tuple[Span, ...] = ()
    figure: bool = False

    @property
    def kind(self) -> str:
        """The kind of the innermost (shortest) claim covering it: its colour."""
        if not self.spans:
            return ""
        return min(self.spans, key=lambda s: s.end - s.start).kind

    @property
    def claim_ids(self) -> str:
        return " ".join(s.claim_id for s in self.spans)

    @property
    def first_of(self) -> tuple[str, ...]:
        """Claims whose span begins in this segment (they get an anchor here)."""
        return tuple(s.claim_id for s in self.spans if s.start >= self.start)


def segments(text: str, spans: Iterable[Span], start: int = 0, end: int | None = None,
             figures: Iterable[tuple[int, int]] = ()) -> list[Segment]:
    """Segments of ``text[start:end]``; spans are clipped to the window, empty ones dropped.

    ``figures`` (start, end offsets of claims' figures) are cut out as segments of their own,
    marked ``figure`` (the template emphasises them inside their highlight).
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    inside = [Span(max(s.start, start), min(s.end, end), s.claim_id, s.kind) for s in spans
              if s.end > start and s.start < end and s.end > s.start]
    figs = [(max(a, start), min(b, end)) for a, b in figures if b > start and a < end and b > a]
    cuts = sorted({start, end} | {s.start for s in inside} | {s.end for s in inside}
                  | {a for a, _ in figs} | {b for _, b in figs})
    out: list[Segment] = []
    by_start = sorted(inside, key=lambda s: s.start)
    active: list[Span] = []
    i = 0
    for a, b in zip(cuts, cuts[1:]):
        active = [s for s in active if s.end > a]
        while i < len(by_start) and by_start[i].start <= a:
            if by_start[i].end > a:
                active.append(by_start[i])
            i += 1
        out.append(Segment(text[a:b], a, tuple(active), any(fa <= a and b <= fb for fa, fb in figs)))
    return out


def window(text: str, start: int, end: int, context: int = 300) -> tuple[int, int]:
    """A window of about ``context`` characters each side of a span, cut at whitespace."""
    a = max(0, start - context)
    b = min(len(text), end + context)
    if a > 0:
        sp = text.find(" ", a, start)
        a = sp + 1 if sp != -1 else a
    if b < len(text):
        sp = text.rfind(" ", end, b)
        b = sp if sp != -1 else b
    return a, b


def spans_of(rows: Sequence[dict[str, Any]]) -> list[Span]:
    """Spans from claim rows (``claim_id``, ``span_start``, ``span_end``, ``kind``)."""
    out = []
    for r in rows:
        s, e = r.get("span_start"), r.get("span_end")
        if isinstance(s, int) and isinstance(e, int) and e > s:
            out.append(Span(s, e, r["claim_id"], r.get("kind") or ""))
    return out


def figure_span(row: dict[str, Any], record: dict[str, Any]) -> tuple[int, int] | None:
    """Where a claim's figure stands in its document (the record's ``figure_span``, which extraction
    writes); None when it is not known or falls outside the claim's quote."""
    s, e = row.get("span_start"), row.get("span_end")
    fs = record.get("figure_span")
    if isinstance(fs, list) and len(fs) == 2 and all(isinstance(x, int) for x in fs):
        if isinstance(s, int) and isinstance(e, int) and s <= fs[0] < fs[1] <= e:
            return fs[0], fs[1]
    return None


def figures_of(rows: Sequence[dict[str, Any]], records: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    """The figure spans of many claims (see ``figure_span``)."""
    return [f for f in (figure_span(r, rec) for r, rec in zip(rows, records)) if f]


def quote_parts(row: dict[str, Any], record: dict[str, Any], limit: int = 220) -> list[tuple[str, bool]]:
    """A claim's quote as (text, is the figure) pieces, shortened to about ``limit`` characters
    around the figure, so a table can emphasise the figure inside the quote."""
    quote = row.get("quote") or ""
    fs = figure_span(row, record)
    s = row.get("span_start")
    if fs is None or not isinstance(s, int):
        return [(quote if len(quote) <= limit else quote[:limit - 1].rstrip() + "…", False)]
    a, b = fs[0] - s, fs[1] - s
    head, fig, tail = quote[:a], quote[a:b], quote[b:]
    room = max(limit - len(fig), 20)
    if len(head) + len(tail) > room:
        keep_head = min(len(head), room // 2 if len(tail) > room // 2 else room - len(tail))
        keep_tail = room - keep_head
        if keep_head < len(head):
            head = "…" + head[len(head) - keep_head:].lstrip()
        if keep_tail < len(tail):
            tail = tail[:keep_tail].rstrip() + "…"
    return [p for p in ((head, False), (fig, True), (tail, False)) if p[0]]
