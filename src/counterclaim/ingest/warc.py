"""WARC crawl files (warcio), record by record: HTML ``response`` records become Documents.

Other records (requests, metadata, images, PDFs, error pages) are skipped. The URL
is the record's ``WARC-Target-URI``; the date comes from the page's own metadata,
else from ``WARC-Date``. A record that cannot be parsed is one error naming it;
reading resumes at the next record header when the file can seek (a plain or
per-record-gzipped file), so one bad record does not cost the rest of the crawl.
"""
from __future__ import annotations

import io
import re
import zlib
from contextlib import redirect_stderr
from typing import BinaryIO, Iterator

from counterclaim.errors import IngestError
from counterclaim.ingest import html
from counterclaim.ingest.opening import open_stream, origin_of, too_large

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.I)
_SCAN = 1024 * 1024
#: where warcio's stderr warnings go: each is reported as an error of its record instead
_QUIET = io.StringIO()


def read(src, settings, origin: str | None = None) -> Iterator:
    """One Document per HTML response record (path, bytes or binary stream), one IngestError per bad record."""
    origin = origin_of(src, origin)
    with open_stream(src) as stream:
        yield from _read(stream, settings, origin)


def _read(stream: BinaryIO, settings, origin: str) -> Iterator:
    limit = settings.max_document_bytes
    n = found = skipped = 0
    for n, offset, rec in _records(stream, origin, limit + 1 if limit else 0):
        if isinstance(rec, IngestError):
            found += 1
            yield rec
            continue
        where = "record %d at byte %d" % (n, offset)
        try:
            item = _record(rec, settings, origin, limit)
        except IngestError as e:
            found += 1
            yield IngestError("%s: %s" % (where, e.reason), origin)
            continue
        except Exception as e:  # warcio/HTTP parsing raises assorted errors on corrupt payloads
            found += 1
            yield IngestError("%s: malformed record (%s)" % (where, _first_line(e)), origin)
            continue
        if item is None:
            skipped += 1
        else:
            found += 1
            yield item
    if not found:
        raise IngestError("no HTML response records in the WARC (%d record%s, all skipped)"
                          % (skipped, "" if skipped == 1 else "s") if n else "no WARC records", origin)


def _record(rec, settings, origin: str, limit: int):
    """A Document for an HTML response record, None for a record to skip."""
    if rec.rec_type != "response" or rec.http_headers is None:
        return None
    ctype = rec.http_headers.get_header("Content-Type") or ""
    if ctype.lower().split(";")[0].strip() not in _HTML_TYPES:
        return None
    status = rec.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    uri = rec.rec_headers.get_header("WARC-Target-URI")
    body = rec.content_stream().read(limit + 1 if limit else -1)
    if limit and len(body) > limit:
        declared = rec.rec_headers.get_header("Content-Length")
        size = int(declared) if declared and declared.isdigit() else len(body)
        raise IngestError(too_large(size, limit))
    if not body.strip():
        raise IngestError("%s: empty HTML body" % uri if uri else "empty HTML body")
    m = _CHARSET.search(ctype)
    try:
        doc = html.page(body, settings, origin, url=uri, charset=m.group(1) if m else None, fmt="warc")
    except IngestError as e:
        raise IngestError("%s: %s" % (uri, e.reason) if uri else e.reason) from None
    if not doc.published:
        warc_date = rec.rec_headers.get_header("WARC-Date") or ""
        if re.match(r"\d{4}-\d{2}-\d{2}", warc_date):
            doc = doc.with_published(warc_date[:10])
    return doc


def _records(stream: BinaryIO, origin: str, cap: int = 0):
    """(number, byte offset, record or IngestError) for every record, resyncing after a bad one.

    Each record is read to its end before it is handed on (its first ``cap`` bytes kept in
    memory), so a record the file ends inside, or one whose Content-Length stops short of its
    data, is an error, never a fragment. Every resync starts past the failed record's start,
    so the file always ends.
    """
    from warcio.archiveiterator import ArchiveIterator

    n = 0
    gz = _peek(stream, 2) == b"\x1f\x8b"
    while True:
        it = ArchiveIterator(stream, ensure_http_headers=False)
        gen = iter(it)
        while True:
            rec = None
            try:
                with redirect_stderr(_QUIET):  # warcio prints a warning per bad Content-Length
                    rec = next(gen)
                    at = it.offset  # the start of this record (get_record_offset() would consume it)
                    short, overrun = _load(rec, cap, it)
            except StopIteration:
                tail = _leftover(stream, it.offset)
                if tail:
                    yield n + 1, it.offset, IngestError(
                        "record %d at byte %d: truncated or unreadable data at the end of the file (%d bytes)"
                        % (n + 1, it.offset, tail), origin)
                return
            except Exception as e:  # ArchiveLoadFailed, zlib.error, ValueError on a corrupt header
                n += 1
                if rec is None:
                    at = it.offset
                yield n, at, IngestError("record %d at byte %d: malformed record (%s)"
                                         % (n, at, _first_line(e)), origin)
            else:
                n += 1
                if not short and not overrun:
                    yield n, at, rec
                    continue
                declared = rec.rec_headers.get_header("Content-Length")
                if short:
                    yield n, at, IngestError("record %d at byte %d: truncated: the file ends %d bytes before the "
                                             "record does (Content-Length %s)" % (n, at, short, declared), origin)
                else:  # the data goes on where the record should end: the rest of it would be lost
                    yield n, at, IngestError("record %d at byte %d: Content-Length %s is smaller than the record "
                                             "(its data goes on past that length); skipped" % (n, at, declared),
                                             origin)
            if not _seekable(stream):
                yield n + 1, at, IngestError("records after byte %d not read: this input cannot seek past a bad "
                                             "record (give the file by its path)" % at, origin)
                return
            nxt = _resync(stream, at + 1, gz)
            if nxt is None:
                return
            stream.seek(nxt)
            break


def _load(rec, cap: int, it) -> tuple[int, bool]:
    """Read ``rec`` to its end, keeping its first ``cap`` bytes (all when 0) as its stream.

    Returns how many bytes its Content-Length promised beyond the end of the data (0 when whole),
    and whether data goes on where the record should end (a Content-Length too small: what
    follows is not the blank lines that close a record). warcio's ``read_to_end`` reads those
    lines, counting each surprise in ``err_count``; the next record's parse does not repeat it.
    """
    raw = rec.raw_stream
    keep = raw.read(cap) if cap else raw.read()
    while raw.read(_SCAN):
        pass
    before = getattr(it, "err_count", 0)
    it.read_to_end(rec)
    overrun = getattr(it, "err_count", 0) > before
    rec.raw_stream = io.BytesIO(keep)
    short = getattr(raw, "limit", 0)
    return (short if isinstance(short, int) and short > 0 else 0), overrun


def _resync(stream: BinaryIO, start: int, gz: bool) -> int | None:
    """Offset of the next record header after ``start``, None at the end or when the stream cannot seek."""
    try:
        if not stream.seekable():
            return None
        stream.seek(start)
    except (OSError, ValueError):
        return None
    marker = b"\x1f\x8b\x08" if gz else b"\nWARC/1."
    pos, tail = start, b""
    while True:
        chunk = stream.read(_SCAN)
        if not chunk:
            return None
        buf = tail + chunk
        i = buf.find(marker)
        if i >= 0:
            at = pos - len(tail) + i + (0 if gz else 1)
            if not gz or _gz_ok(stream, at):
                return at
            # keep looking past a false gzip magic inside compressed data
            stream.seek(at + 1)
            pos, tail = at + 1, b""
            continue
        tail = buf[-(len(marker) - 1):]
        pos += len(chunk)


def _seekable(stream: BinaryIO) -> bool:
    try:
        return stream.seekable()
    except (OSError, ValueError):
        return False


def _leftover(stream: BinaryIO, end: int) -> int:
    """Bytes after the last record that warcio could read (a truncated member), 0 when none or unknown."""
    try:
        if not stream.seekable():
            return 0
        size = stream.seek(0, 2)
        stream.seek(end)
        return 0 if not stream.read(4096).strip() else size - end
    except (OSError, ValueError):
        return 0


def _gz_ok(stream: BinaryIO, at: int) -> bool:
    here = stream.tell()
    stream.seek(at)
    head = stream.read(4096)
    stream.seek(here)
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 8).startswith(b"WARC/")
    except zlib.error:
        return False


def _peek(stream: BinaryIO, n: int) -> bytes:
    if hasattr(stream, "peek"):
        return stream.peek(n)[:n]
    if stream.seekable():
        here = stream.tell()
        data = stream.read(n)
        stream.seek(here)
        return data
    return b""


def _first_line(e: Exception) -> str:
    msg = str(e).strip() or type(e).__name__
    line = msg.splitlines()[0][:120]
    return "".join(c if c.isprintable() and ord(c) < 0x250 else "?" for c in line)
