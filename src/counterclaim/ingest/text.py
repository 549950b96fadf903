"""Plain UTF-8 text: the document is the file, kept whole so spans point into what was written.

A short first line followed by a blank line is taken as the headline (it stays in
the text too), and a ``By …`` line right after it as the byline.
"""
from __future__ import annotations

import re
from typing import Iterator

from counterclaim.ingest.opening import decode_text, load_bytes, origin_of
from counterclaim.records import Document, normalise_text
from counterclaim.ingest.language import language_of

#: a headline is at most this long and does not end like a sentence
MAX_TITLE = 200
_BYLINE = re.compile(r"^by\s+([^\d|,;]{2,80}?)\s*$", re.I)


def read(src, settings, origin: str | None = None) -> Iterator[Document]:
    """The Document of a text file (path, bytes or binary stream)."""
    origin = origin_of(src, origin)
    text = normalise_text(decode_text(load_bytes(src, settings, origin), origin))
    title, author = headline(text)
    yield Document(text=text, title=title, author=author, format="text", path=origin,
                   lang=language_of(text, settings))


def headline(text: str) -> tuple[str | None, str | None]:
    """(title, author) from the top of a normalised text, each None when absent."""
    paras = text.split("\n\n", 3)
    first = paras[0]
    if len(paras) < 2 or "\n" in first or not first.strip():
        return None, None
    first = first.strip()
    if len(first) > MAX_TITLE or first.endswith((".", ",", ";", ":")):
        return None, None
    author = None
    m = _BYLINE.match(paras[1].strip()) if "\n" not in paras[1] else None
    if m:
        author = m.group(1).strip()
    return first, author
