"""Reddit's public comments JSON (``[post listing, comments listing]``): one thread, one Document.

The text is the post's title, its selftext, then every comment in tree order
(depth first), each piece separated by a blank line. Each piece is normalised
*before* joining, so the Document's own normalisation changes nothing and every
``Part``'s offsets point at exactly its comment. "more" stubs (comments not
loaded) and deleted/removed bodies are skipped; a deleted author is None.
"""
from __future__ import annotations

import html
import json
from datetime import datetime, timezone
from typing import Iterator

from counterclaim.errors import IngestError
from counterclaim.ingest.opening import decode_text, load_bytes, origin_of, parse_json
from counterclaim.records import Document, Part, normalise_text
from counterclaim.ingest.language import language_of

REDDIT = "https://www.reddit.com"
_GONE_AUTHORS = ("[deleted]", "[removed]", "")
_GONE_BODIES = ("[deleted]", "[removed]")
#: a comment nests five JSON levels below its parent, so a thread is allowed far deeper JSON than a record
THREAD_DEPTH = 5000


def read(src, settings, origin: str | None = None) -> Iterator[Document]:
    """The one Document of a comments page (path, bytes or binary stream)."""
    origin = origin_of(src, origin)
    yield thread(load_json(load_bytes(src, settings, origin), origin), settings, origin)


def load_json(data: bytes, origin: str):
    """Parsed JSON, or an IngestError that says where it broke (and when it is truncated)."""
    text = decode_text(data, origin)
    try:
        return parse_json(text, max_depth=THREAD_DEPTH)
    except IngestError as e:
        raise IngestError(e.reason, origin) from None
    except json.JSONDecodeError as e:
        end = len(text.rstrip())
        if e.pos >= end or (e.msg.startswith("Unterminated string") and '"' not in text[e.pos + 1:]):
            raise IngestError("truncated JSON: the data ends before the JSON is complete (%s at line %d, column %d)"
                              % (e.msg.removesuffix(" at"), e.lineno, e.colno), origin) from None
        raise IngestError("invalid JSON at line %d, column %d: %s" % (e.lineno, e.colno, e.msg), origin) from None


def is_thread(obj) -> bool:
    """Whether parsed JSON has the comments-page shape."""
    return (isinstance(obj, list) and obj and isinstance(obj[0], dict) and obj[0].get("kind") == "Listing"
            and any(isinstance(c, dict) and c.get("kind") == "t3" for c in _children(obj[0])))


def thread(obj, settings, origin: str) -> Document:
    """The Document of one parsed comments page."""
    if not is_thread(obj):
        raise IngestError("not a Reddit comments page: expected a JSON list [post listing, comments listing] "
                          "whose first listing holds a t3 post", origin)
    try:
        return _thread(obj, settings, origin)
    except _FieldError as e:
        raise IngestError("not a Reddit comments page as Reddit writes it: %s" % e, origin) from None


class _FieldError(Exception):
    """A post or comment field of the wrong JSON type (the reason, without the file)."""


def _text(d: dict, key: str, where: str) -> str | None:
    """A string field, None when absent; _FieldError for any other type."""
    v = d.get(key)
    if v is None or isinstance(v, str):
        return v
    raise _FieldError("%s: \"%s\" must be a string, got %s" % (where, key, _kind(v)))


def _kind(v) -> str:
    return {dict: "object", list: "list", bool: "boolean", int: "number", float: "number"}.get(type(v), type(v).__name__)


def _thread(obj, settings, origin: str) -> Document:
    post = next(c for c in _children(obj[0]) if isinstance(c, dict) and c.get("kind") == "t3").get("data")
    if not isinstance(post, dict):
        raise _FieldError("the t3 post's \"data\" must be an object, got %s" % _kind(post))
    builder = _TextBuilder()
    post_id = "t3_" + str(post.get("id") or "")
    url = _text(post, "url", "post")
    post_url = _permalink(_text(post, "permalink", "post")) or url
    title = normalise_text(html.unescape(_text(post, "title", "post") or "")).strip() or None
    start = builder.add(title)
    body = html.unescape(_text(post, "selftext", "post") or "")
    link = url if not post.get("is_self") else None
    if link and link != post_url and link not in body:
        body = (body + "\n\n" + link) if body.strip() else link
    if body.strip() not in _GONE_BODIES:
        builder.add(body)
    parts = []
    if builder.pieces:
        parts.append(Part(id=post_id, start=start if start is not None else 0, end=builder.length,
                          author=_author(post), published=_utc(post.get("created_utc")), parent=None,
                          url=post_url, kind="post", depth=0))
    comments = obj[1] if len(obj) > 1 and isinstance(obj[1], dict) else {}
    for c, depth in _walk(comments):
        cid = "t1_" + str(c.get("id") or len(parts))
        where = "comment %s" % cid
        body = html.unescape(_text(c, "body", where) or "")
        if body.strip() in _GONE_BODIES:
            continue
        start = builder.add(body)
        if start is None:
            continue
        given = c.get("depth", depth)
        if given is not None and (isinstance(given, bool) or not isinstance(given, int)):
            raise _FieldError("%s: \"depth\" must be a whole number, got %s" % (where, _kind(given)))
        parts.append(Part(id=cid, start=start, end=builder.length,
                          author=_author(c), published=_utc(c.get("created_utc")),
                          parent=_text(c, "parent_id", where) or post_id,
                          url=_permalink(_text(c, "permalink", where)), kind="comment", depth=given or 0))
    text = builder.text()
    if not text:
        raise IngestError("empty Reddit thread: no title, post text or comments", origin)
    sub = _text(post, "subreddit", "post")
    doc = Document(text=text, title=title, url=post_url, author=_author(post),
                   published=(_utc(post.get("created_utc")) or "")[:10] or None, format="reddit",
                   source=_text(post, "subreddit_name_prefixed", "post") or (("r/" + sub) if sub else None),
                   parts=tuple(parts), path=origin, lang=language_of(text, settings))
    if doc.text != text:  # pragma: no cover - guarded by construction; offsets would be wrong
        raise IngestError("internal error: thread text changed on normalisation", origin)
    return doc


class _TextBuilder:
    """Joins normalised pieces with blank lines and knows each piece's offset."""

    def __init__(self):
        self.pieces: list[str] = []
        self.length = 0

    def add(self, raw: str | None) -> int | None:
        piece = normalise_text(raw or "")
        if not piece.strip():
            return None
        if self.pieces:
            self.length += 2
        start = self.length
        self.pieces.append(piece)
        self.length += len(piece)
        return start

    def text(self) -> str:
        return "\n\n".join(self.pieces)


def _children(listing) -> list:
    if not isinstance(listing, dict):
        return []
    data = listing.get("data")
    kids = data.get("children") if isinstance(data, dict) else None
    return kids if isinstance(kids, list) else []


def _walk(listing) -> Iterator[tuple[dict, int]]:
    """Comments of a listing depth first, in the order Reddit gave them; "more" stubs skipped."""
    stack = [(c, 0) for c in reversed(_children(listing))]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, dict) or node.get("kind") != "t1" or not isinstance(node.get("data"), dict):
            continue  # "more" stubs and anything that is not a comment
        data = node["data"]
        yield data, depth
        stack.extend((c, depth + 1) for c in reversed(_children(data.get("replies"))))


def _author(d: dict) -> str | None:
    a = d.get("author")
    return None if not isinstance(a, str) or a in _GONE_AUTHORS else a


def _utc(ts) -> str | None:
    try:
        return datetime.fromtimestamp(float(ts), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _permalink(p: str | None) -> str | None:
    if not p:
        return None
    return p if p.startswith("http") else REDDIT + p
