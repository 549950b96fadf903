"""Markdown: parsed with markdown-it-py and flattened to plain text, one block per paragraph.

Markup (emphasis, link brackets, table pipes) is not what anyone claimed, so it
goes; link targets stay next to their text, "(https://…)", because a URL in a
paragraph is a citation for its claims. The title is the first heading, or the
``title:`` of a YAML front matter block, which may also give ``date`` and ``author``.
"""
from __future__ import annotations

import re
from typing import Iterator

from counterclaim.errors import IngestError
from counterclaim.ingest.html import fragment_text
from counterclaim.ingest.opening import decode_text, load_bytes, origin_of
from counterclaim.records import Document, normalise_text
from counterclaim.ingest.language import language_of

_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_LINE = re.compile(r"^([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def read(src, settings, origin: str | None = None) -> Iterator[Document]:
    """The Document of a Markdown file (path, bytes or binary stream)."""
    origin = origin_of(src, origin)
    source = normalise_text(decode_text(load_bytes(src, settings, origin), origin))
    meta, body = front_matter(source)
    blocks, heading = to_blocks(body)
    text = "\n\n".join(b for b in blocks if b)
    if not text.strip():
        raise IngestError("empty Markdown document (no text outside markup)", origin)
    date = _DATE.search(meta.get("date", "") or meta.get("published", ""))
    yield Document(text=text, title=meta.get("title") or heading, author=meta.get("author") or None,
                   published=date.group(0) if date else None, url=meta.get("url") or None,
                   source=meta.get("source") or None, format="markdown", path=origin,
                   lang=language_of(text, settings, meta.get("lang")))


def front_matter(source: str) -> tuple[dict, str]:
    """Simple ``key: value`` YAML front matter (quotes stripped) and the text after it."""
    m = _FRONT.match(source)
    if not m:
        return {}, source
    meta = {}
    for line in m.group(1).split("\n"):
        lm = _FRONT_LINE.match(line)
        if lm:
            meta[lm.group(1).lower()] = lm.group(2).strip("\"'")
    return meta, source[m.end():]


def to_blocks(source: str) -> tuple[list[str], str | None]:
    """Plain-text blocks of a Markdown text and its first heading."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    blocks: list[str] = []
    heading = None
    row: list[str] | None = None
    in_heading = False
    for tok in md.parse(source):
        if tok.type == "heading_open":
            in_heading = True
        elif tok.type == "heading_close":
            in_heading = False
        elif tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close":
            blocks.append(" | ".join(c for c in (row or []) if c))
            row = None
        elif tok.type == "inline":
            text = normalise_text(_inline(tok.children or []))
            if row is not None:
                row.append(text)
                continue
            if in_heading and heading is None and text:
                heading = text
            blocks.append(text)
        elif tok.type in ("fence", "code_block"):
            blocks.append(normalise_text(tok.content))
        elif tok.type == "html_block":
            blocks.append(fragment_text(tok.content))
    return blocks, heading


def _inline(children) -> str:
    out: list[str] = []
    hrefs: list[tuple[str | None, int]] = []
    for t in children:
        if t.type == "image":
            continue  # alt text describes a picture, not a claim
        if t.type == "link_open":
            hrefs.append((t.attrGet("href"), len(out)))
        elif t.type == "link_close" and hrefs:
            href, at = hrefs.pop()
            label = "".join(out[at:])
            if href and href.startswith(("http://", "https://")) and href not in label:
                out.append(" (%s)" % href)
        elif t.type in ("text", "code_inline"):
            out.append(t.content)
        elif t.type == "softbreak":
            out.append(" ")
        elif t.type == "hardbreak":
            out.append("\n")
    return "".join(out)
