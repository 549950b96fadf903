"""Reading inputs: files, folders, globs, standard input and URLs, streamed as Documents.

``read_inputs`` is what commands call: it expands folders and globs, reads each
input with the reader its format needs, and yields Documents as they come. A bad
input yields one ``IngestError`` (``str(e)`` is ``"<path>: <reason>"``) and reading
goes on with the next; a bad record inside a collection (a JSON line, a WARC record,
a feed entry) is one error too, and the other records still come.

Per input:
  1. expand (folder walk of supported files, glob), or take "-" / a URL as is;
  2. open and check it (missing, directory, size against ``max_document_bytes``);
  3. detect the format from its first bytes and its name (``detect.py``);
  4. read it with that format's module, each exposing ``read(data, settings, origin)``;
  5. apply ``settings.published`` and ``settings.source`` to every Document.
"""
from __future__ import annotations

import glob
import io
import os
import sys
from dataclasses import replace
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from counterclaim.errors import IngestError
from counterclaim.ingest import feeds, html, jsonl, markdown, reddit, text, warc
from counterclaim.ingest.detect import STREAMED, detect, is_supported_name, unsupported
from counterclaim.ingest.fetch import fetch, is_url
from counterclaim.ingest.opening import HEAD_BYTES, Prefixed, check_file, read_capped, too_large
from counterclaim.records import Document

__all__ = ["read_inputs", "read_path", "read_data", "detect", "STDIN"]

#: the input name that means standard input
STDIN = "-"
_GLOB_CHARS = set("*?[")


def read_inputs(inputs: Iterable[str], settings, expand_dirs: bool = True) -> Iterator[Document | IngestError]:
    """Documents of every input, in order, with one IngestError per input (or record) that failed."""
    for given in inputs:
        for target in _expand(str(given), expand_dirs):
            if isinstance(target, IngestError):
                yield target
                continue
            try:
                yield from read_path(target, settings)
            except IngestError as e:
                yield e
            except Exception as e:  # a reader library choking on hostile input must not stop the batch
                yield IngestError("could not be read (%s: %s)" % (type(e).__name__, str(e)[:200]), target)


def read_path(path: str, settings) -> Iterator[Document | IngestError]:
    """Documents of one file, URL or "-" (standard input).

    Raises IngestError when the input as a whole cannot be read (missing, a directory,
    too large, empty, binary, wrong format); yields an IngestError for a bad record
    inside a collection and goes on with the next record.
    """
    if path == STDIN:
        items = _read_stdin(settings)
    elif is_url(path):
        items = _read_url(path, settings)
    else:
        items = _read_file(path, settings)
    for item in items:
        yield _finish(item, settings) if isinstance(item, Document) else item


def read_data(data: bytes, settings, origin: str, *, name: str | None = None,
              content_type: str | None = None) -> Iterator[Document | IngestError]:
    """Documents of bytes already in memory (an upload, a file Spark read), named ``origin``.

    Same detection, limits and settings as a file of that name; no temporary file needed.
    """
    fmt = _detect(data[:HEAD_BYTES], name or origin, content_type, origin)
    limit = settings.max_document_bytes
    if fmt not in STREAMED and limit and len(data) > limit:
        raise IngestError(too_large(len(data), limit), origin)
    for item in read_bytes(fmt, data, settings, origin):
        yield _finish(item, settings) if isinstance(item, Document) else item


def _detect(head: bytes, name: str | None, content_type: str | None, origin: str) -> str:
    fmt = detect(head, name, content_type)
    why = unsupported(head, fmt)
    if why:
        raise IngestError("cannot read: the file is %s" % why, origin)
    return fmt


def _finish(doc: Document, settings) -> Document:
    if settings.published:
        doc = doc.with_published(settings.published)
    if settings.source:
        doc = replace(doc, source=settings.source)
    return doc


def _expand(given: str, expand_dirs: bool) -> Iterator[str | IngestError]:
    if given == STDIN or is_url(given):
        yield given
    elif os.path.isdir(given):
        if not expand_dirs:
            yield IngestError("is a directory", given)
            return
        yield from _walk(given)
    elif not os.path.exists(given) and _GLOB_CHARS & set(given):
        matches = sorted(glob.iglob(given, recursive=True))
        if not matches:
            yield IngestError("no files match this pattern", given)
        for m in matches:
            if os.path.isdir(m):
                yield from (_walk(m) if expand_dirs else [IngestError("is a directory", m)])
            else:
                yield m
    else:
        yield given


def _walk(folder: str) -> Iterator[str | IngestError]:
    """Supported files under ``folder``, recursively, sorted, hidden files and folders skipped."""
    found = False
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and is_supported_name(name):
                found = True
                yield os.path.join(root, name)
    if not found:
        yield IngestError("no supported files in this folder", folder)


def _read_file(path: str, settings) -> Iterator[Document | IngestError]:
    limit = settings.max_document_bytes
    size = check_file(path, 0)
    if not os.path.isfile(path):  # a pipe or device (``<(cmd)``, /dev/stdin): no size to check up front
        with open(path, "rb") as f:
            yield from _read_stream(f, settings, path)
        return
    if size == 0:
        raise IngestError("empty file (0 bytes)", path)
    with open(path, "rb") as f:
        head = f.read(HEAD_BYTES)
        fmt = _detect(head, path, None, path)
        if fmt in STREAMED:
            f.seek(0)
            yield from _READERS[fmt](f, settings, path)
            return
        if limit and size > limit:
            raise IngestError(too_large(size, limit), path)
        data = head + f.read()
    yield from read_bytes(fmt, data, settings, path)


def _read_stdin(settings) -> Iterator[Document | IngestError]:
    yield from _read_stream(sys.stdin.buffer, settings, "<stdin>")


def _read_stream(stream, settings, origin: str) -> Iterator[Document | IngestError]:
    """An input that cannot seek: sniff its head, then replay it in front of the rest."""
    head = stream.read(HEAD_BYTES)
    fmt = _detect(head, None, None, origin)
    whole = io.BufferedReader(Prefixed(head, stream))
    if fmt in STREAMED:
        yield from _READERS[fmt](whole, settings, origin)
        return
    yield from read_bytes(fmt, read_capped(whole, settings.max_document_bytes, origin), settings, origin)


def _read_url(url: str, settings) -> Iterator[Document | IngestError]:
    got = fetch(url, settings)
    fmt = _detect(got.body[:HEAD_BYTES], urlsplit(got.url).path or None, got.content_type, url)
    for item in read_bytes(fmt, got.body, settings, url, url=got.url, charset=got.charset):
        if isinstance(item, Document) and item.url is None and fmt in ("text", "markdown", "html"):
            item = replace(item, url=got.url)
        yield item


def read_bytes(fmt: str, data: bytes, settings, origin: str, *, url: str | None = None,
               charset: str | None = None) -> Iterator[Document | IngestError]:
    """Documents of an input already in memory whose format is known."""
    if not data:
        raise IngestError("empty input (0 bytes)", origin)
    if fmt == "html":
        return html.read(data, settings, origin, url=url, charset=charset)
    if fmt in STREAMED:
        return _READERS[fmt](io.BytesIO(data), settings, origin)
    return _READERS[fmt](data, settings, origin)


_READERS = {
    "text": text.read, "html": html.read, "reddit": reddit.read, "json": jsonl.read_json,
    "jsonl": jsonl.read, "feed": feeds.read, "warc": warc.read, "markdown": markdown.read,
}
