"""How the ledger looks in a terminal (rich): claim tables, a document with its claims
highlighted, one claim in its context, the demo's summary. Only the CLI shows them.

Document text is untrusted: it only ever enters rich as ``Text`` (never markup), with
control characters replaced one-for-one so that escape sequences cannot reach the
terminal and spans still point at the right characters.
"""
from __future__ import annotations

import os
import re
from collections import Counter
from typing import Iterable, Optional

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from counterclaim.records import Claim, Value

#: colour of each statement kind (the same in the table, the highlighted text and the legend)
KIND_STYLES = {"reported": "cyan", "assertion": "yellow", "speculation": "magenta", "opinion": "green",
               "recommendation": "blue", "question": "red"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(s: Optional[str]) -> str:
    """Untrusted text made safe for a terminal, each control character replaced by one '\ufffd'."""
    return _CONTROL.sub("\ufffd", s or "")


def show_value(v: Optional[Value]) -> str:
    if v is None:
        return ""
    if v.low != v.high:
        return "%s–%s" % (format(v.low, ","), format(v.high, ","))
    sign = {"approx": "~", "at_least": "≥", "at_most": "≤"}.get(v.qualifier, "")
    return sign + format(v.low, ",")


def claimant_label(c: Claim) -> str:
    return c.claimant.key or c.claimant.text or "(author)"


def claims_table(claims: Iterable[Claim], title: Optional[str] = None, width: int = 160,
                 with_quote: bool = True) -> Table:
    """Claims as a table that fits ``width`` columns: narrower terminals drop date, subject, place."""
    cols = ["id", "date", "kind", "claimant", "metric", "value", "subject", "location", "quote"]
    if not with_quote:
        cols.remove("quote")
    if width < 130:
        cols = [c for c in cols if c not in ("subject", "location")]
    if width < 100:
        cols = [c for c in cols if c not in ("date", "id")]
    quote_width = max(24, width - 105) if width >= 130 else max(20, width - (70 if width >= 100 else 52))
    t = Table(title=title, header_style="bold", expand=False)
    caps = {"id": 10, "date": 10, "kind": 14, "claimant": 22, "metric": 21, "value": 11, "subject": 7,
            "location": 10, "quote": quote_width}
    if width < 100:
        caps.update(claimant=14, metric=15, value=9, kind=11)
        quote_width = caps["quote"] = max(20, width - 62)
    for name in cols:
        t.add_column(name, max_width=caps[name], no_wrap=name != "quote", overflow="ellipsis",
                     justify="right" if name == "value" else "left")
    for c in claims:
        quote = clean(c.quote)
        if len(quote) > quote_width * 3:
            quote = quote[: quote_width * 3 - 1] + "…"
        loc = (c.location.key or c.location.text) if c.location else None
        cells = {"id": Text(c.claim_id[:10]), "date": Text(c.stated_on or ""),
                 "kind": Text(c.kind, style=KIND_STYLES.get(c.kind, "")), "claimant": Text(clean(claimant_label(c))),
                 "metric": Text(c.metric or ""), "value": Text(show_value(c.value)), "subject": Text(c.subject.side or ""),
                 "location": Text(clean(loc)), "quote": Text(quote)}
        t.add_row(*(cells[name] for name in cols))
    return t


def legend() -> Text:
    t = Text("kinds: ")
    for k, style in KIND_STYLES.items():
        t.append(k, style="reverse " + style)
        t.append(" ")
    return t


def highlighted(text: str, claims: Iterable[Claim]) -> Text:
    """The text with each claim's span coloured by kind and its figure bold."""
    out = Text(clean(text))
    for c in claims:
        s, e = c.span
        if 0 <= s < e <= len(text):
            out.stylize("reverse " + KIND_STYLES.get(c.kind, "white"), s, e)
        if c.figure_span and 0 <= c.figure_span[0] < c.figure_span[1] <= len(text):
            out.stylize("bold underline", *c.figure_span)
    return out


def document_view(row: dict, claims: list[Claim], width: int = 160) -> Group:
    head = Table.grid(padding=(0, 1))
    for k in ("doc_id", "title", "author", "published", "source", "format", "url", "path", "extractor"):
        if row.get(k):
            head.add_row(Text(k, style="bold"), Text(clean(str(row[k]))))
    parts = [Panel(head, title="document")]
    if row.get("parts"):
        thread = Table("part", "author", "published", "starts with", title="thread", header_style="bold")
        for p in row["parts"]:
            thread.add_row(Text("  " * int(p.get("depth") or 0) + (p.get("kind") or "")),
                           Text(clean(p.get("author") or "(deleted)")), Text(clean(p.get("published") or "")),
                           Text(clean(row["text"][p["start"]:p["end"]][:60].replace("\n", " "))))
        parts.append(thread)
    parts.append(legend())
    if row["text"]:
        parts.append(highlighted(row["text"], claims))
    else:
        parts.append(Text("(text not stored: this document came from an export without text)", style="italic"))
    parts.append(claims_table(claims, title="%d claim%s" % (len(claims), "" if len(claims) == 1 else "s"),
                              width=width, with_quote=False))
    return Group(*parts)


def context_of(text: str, span: tuple[int, int], around: int = 400) -> tuple[str, int, int]:
    """The paragraph (at most ``around`` characters either side) holding a span, and the span inside it."""
    s, e = span
    start = text.rfind("\n\n", 0, s)
    start = 0 if start < 0 else start + 2
    start = max(start, s - around)
    end = text.find("\n\n", e)
    end = len(text) if end < 0 else end
    end = min(end, e + around)
    return text[start:end], s - start, e - start


def claim_view(claim: Claim, row: dict, doc: Optional[dict], relations: list, findings: list) -> Group:
    rec = Table.grid(padding=(0, 1))
    d = claim.to_dict()
    for k in ("claim_id", "doc_id", "kind", "claimant", "subject", "metric", "value", "location", "period",
              "stated_on", "part_of", "citations", "confidence", "extractor"):
        val = d.get(k)
        if isinstance(val, dict):
            val = ", ".join("%s=%s" % (a, b) for a, b in val.items() if b not in (None, ""))
        elif isinstance(val, list):
            val = " ".join(map(str, val))
        if val not in (None, ""):
            rec.add_row(Text(k, style="bold"), Text(clean(str(val))))
    if row.get("quantity_key"):
        rec.add_row(Text("quantity_key", style="bold"), Text(row["quantity_key"]))
    parts = [Panel(rec, title="claim")]
    if doc and doc["text"]:
        ctx, s, e = context_of(doc["text"], claim.span)
        t = Text(clean(ctx))
        if 0 <= s < e <= len(ctx):
            t.stylize("reverse " + KIND_STYLES.get(claim.kind, "white"), s, e)
        title = clean(doc.get("title") or doc["doc_id"])
        parts.append(Panel(t, title="in context: " + title, subtitle=clean(doc.get("published") or "")))
    else:
        parts.append(Panel(Text(clean(claim.quote)), title="quote (document text not stored)"))
    if relations:
        rt = Table("relation", "other claim", "reason", title="relations", header_style="bold")
        for r in relations:
            other, arrow = (r.dst, r.type + " →") if r.src == claim.claim_id else (r.src, "← " + r.type)
            rt.add_row(Text(arrow), Text(other[:12]), Text(clean(r.reason)))
        parts.append(rt)
    for f in findings:
        parts.append(Text("finding (%s): %s" % (f.kind, clean(f.message)), style="bold red"))
    return Group(*parts)


def summary_view(counts: dict, by_kind: list, by_metric: list, by_relation: list, findings: list) -> Group:
    parts = [Text("%d documents, %d claims, %d relations, %d findings"
                  % (counts["documents"], counts["claims"], counts["relations"], counts["findings"]), style="bold")]
    for title, rows in (("claims by kind", by_kind), ("claims by metric", by_metric),
                        ("relations by type", by_relation)):
        if rows:
            t = Table(title, "n", header_style="bold")
            for value, n in rows:
                t.add_row(Text(str(value if value is not None else "(none)")), Text(str(n)))
            parts.append(t)
    for f in findings:
        parts.append(Text("• %s: %s" % (f.kind, clean(f.message)), style="red"))
    return Group(*parts)


def count_pairs(values: Iterable) -> list:
    return Counter(values).most_common()


def console(stderr: bool = False) -> Console:
    """A console for tables and text; when output is not a terminal, 160 columns (COLUMNS overrides)."""
    c = Console(stderr=stderr, highlight=False)
    if not c.is_terminal and "COLUMNS" not in os.environ:
        c = Console(stderr=stderr, highlight=False, width=160)
    return c
