"""What a reader sees of a gold document (the text a ``quote_contains`` must be verbatim in), shared by
the well-formedness tests of the annotated sets."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path


class _ArticleText(HTMLParser):
    """Collects the text inside <article>, skipping script and style (what a reader sees)."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.parts.append(data)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _thread_texts(node, out: list[str]) -> None:
    """Every title, selftext and body of a Reddit listing, however deeply nested."""
    if isinstance(node, dict):
        data = node.get("data")
        if node.get("kind") in ("t1", "t3") and isinstance(data, dict):
            out += [data[k] for k in ("title", "selftext", "body") if isinstance(data.get(k), str)]
        for value in node.values():
            _thread_texts(value, out)
    elif isinstance(node, list):
        for value in node:
            _thread_texts(value, out)


def visible_texts(path: Path, fmt: str) -> list[str]:
    raw = path.read_text(encoding="utf-8")
    if fmt == "html":
        parser = _ArticleText()
        parser.feed(raw)
        return [squash(" ".join(parser.parts))]
    if fmt == "json":
        out: list[str] = []
        _thread_texts(json.loads(raw), out)
        return out
    return [raw]
