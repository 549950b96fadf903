"""JSON Lines of documents (``{"text", "url", "published", "title", "source"}``), read line by line.

A collection can be any size, so nothing but the current line is held in memory;
a line longer than ``max_document_bytes`` is skipped without being read whole. A bad
line is one error naming its line number; the lines after it are still read. A
plain ``.json`` file holding one such object, a list of them, or a Reddit thread
is read by ``read_json``. A record may also be a ``Document.to_dict()`` export, whose
``parts`` (a thread's comments) are kept when their offsets fit the text.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import BinaryIO, Iterator

from counterclaim.errors import IngestError
from counterclaim.ingest import reddit
from counterclaim.ingest.opening import decode_text, load_bytes, open_stream, origin_of, parse_json, too_large
from counterclaim.records import Document, Part, normalise_text
from counterclaim.ingest.language import language_of

#: string fields a record may carry besides ``text``
FIELDS = ("title", "url", "author", "published", "source", "lang", "parent")
#: this many bad lines before any good one means the file is not documents at all: one error, stop
MAX_LEADING_ERRORS = 5
#: string fields of an exported Part
_PART_STRINGS = ("id", "author", "published", "parent", "url", "kind")


def read(src, settings, origin: str | None = None) -> Iterator[Document | IngestError]:
    """One Document per line (path, bytes or binary stream), one IngestError per bad line."""
    origin = origin_of(src, origin)
    with open_stream(src) as stream:
        yield from _lines(stream, settings, origin)


def _lines(stream: BinaryIO, settings, origin: str) -> Iterator[Document | IngestError]:
    limit = settings.max_document_bytes
    offset, n, seen, docs = 0, 0, 0, 0
    held: list[IngestError] = []  # errors before the first document: the file may not be JSONL at all
    while True:
        line = stream.readline(limit + 1 if limit else -1)
        if not line:
            break
        n += 1
        start = offset
        offset += len(line)
        if not line.strip():
            continue
        seen += 1
        try:
            if limit and len(line) > limit and not line.endswith(b"\n"):
                offset += _skip_line(stream)
                raise IngestError(too_large(offset - start, limit))
            text = decode_text(line, origin, offset=start, what="line")
            doc = record(_parse(text), settings, origin, fmt="jsonl")
        except IngestError as e:
            err = IngestError("line %d: %s" % (n, e.reason), origin)
            if docs:
                yield err
                continue
            held.append(err)
            if len(held) >= MAX_LEADING_ERRORS:
                raise IngestError("not JSON Lines of documents: the first %d lines all failed (%s)"
                                  % (len(held), held[0].reason), origin)
            continue
        docs += 1
        yield from held
        held.clear()
        yield doc
    yield from held
    if not seen:
        raise IngestError("empty file (no JSON lines)", origin)


def read_json(src, settings, origin: str | None = None) -> Iterator[Document | IngestError]:
    """A ``.json`` file: a Reddit thread, one document object, or a list of them."""
    origin = origin_of(src, origin)
    obj = reddit.load_json(load_bytes(src, settings, origin), origin)
    if reddit.is_thread(obj):
        yield reddit.thread(obj, settings, origin)
        return
    if isinstance(obj, dict):
        yield record(obj, settings, origin, fmt="json")
        return
    if isinstance(obj, list) and obj:
        for i, item in enumerate(obj):
            try:
                yield record(item, settings, origin, fmt="json")
            except IngestError as e:
                yield IngestError("item %d: %s" % (i, e.reason), origin)
        return
    raise IngestError("JSON is neither a Reddit thread, a document object with \"text\", "
                      "nor a list of them", origin)


def record(obj, settings, origin: str, fmt: str) -> Document:
    """A Document from one JSON record; IngestError (reason only) when it does not fit."""
    if not isinstance(obj, dict):
        raise IngestError("expected a JSON object, got %s" % type(obj).__name__, origin)
    text = obj.get("text")
    if not isinstance(text, str):
        raise IngestError("missing \"text\" string" if text is None else
                          "\"text\" must be a string, got %s" % type(text).__name__, origin)
    if not text.strip():
        raise IngestError("empty \"text\"", origin)
    if "\x00" in text:
        raise IngestError("binary \"text\" (NUL character)", origin)
    vals = {}
    for key in FIELDS:
        v = obj.get(key)
        if v is not None and not isinstance(v, str):
            raise IngestError("\"%s\" must be a string, got %s" % (key, type(v).__name__), origin)
        vals[key] = v.strip() if isinstance(v, str) and v.strip() else None
    if vals["published"]:
        vals["published"] = iso_date(vals["published"], origin)
    lang = language_of(text, settings, vals.pop("lang"))
    return Document(text=text, format=fmt, path=origin, lang=lang, parts=_parts(obj.get("parts"), text), **vals)


def _parts(raw, text: str) -> tuple[Part, ...]:
    """Parts of an exported Document (``Document.to_dict()``), checked against its text."""
    if not raw:
        return ()
    if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
        raise IngestError("\"parts\" must be a list of objects")
    if normalise_text(text) != text:
        raise IngestError("\"parts\" given but \"text\" is not in normalised form, so their offsets cannot be trusted")
    for i, p in enumerate(raw):
        for key in _PART_STRINGS:
            if p.get(key) is not None and not isinstance(p[key], str):
                raise IngestError("bad \"parts\": part %d: \"%s\" must be a string, got %s"
                                  % (i, key, type(p[key]).__name__))
        for key in ("start", "end", "depth"):
            v = p.get(key)
            if (v is not None or key != "depth") and (isinstance(v, bool) or not isinstance(v, int)):
                raise IngestError("bad \"parts\": part %d: \"%s\" must be an integer, got %s"
                                  % (i, key, type(v).__name__))
    parts = tuple(Part.from_dict(p) for p in raw)
    for p in parts:
        if not 0 <= p.start <= p.end <= len(text):
            raise IngestError("part %r has offsets outside the text" % (p.id,))
    return parts


def iso_date(value: str, origin: str) -> str:
    """YYYY-MM-DD of an ISO date or date-time; IngestError for anything else."""
    try:
        return date.fromisoformat(value[:10]).isoformat() if len(value) == 10 else \
            datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise IngestError("\"published\" is not an ISO date: %r" % value[:40], origin) from None


def _parse(text: str):
    text = text.strip()
    try:
        return parse_json(text)
    except json.JSONDecodeError as e:
        if e.pos >= len(text) or (e.msg.startswith("Unterminated string") and '"' not in text[e.pos + 1:]):
            raise IngestError("truncated JSON: the line ends before the object is complete (%s at column %d)"
                              % (e.msg.removesuffix(" at"), e.pos + 1)) from None
        raise IngestError("invalid JSON at column %d: %s" % (e.pos + 1, e.msg)) from None


def _skip_line(stream: BinaryIO) -> int:
    """Consume the rest of an overlong line in bounded chunks; returns the bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(1024 * 1024)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
