"""Opening inputs: the checks every reader shares, done once and worded the same way.

A file is refused before it is read when it is larger than
``settings.max_document_bytes`` (its size comes from ``stat``, so a 50 MB file
never enters memory); bytes are refused when empty, binary (NUL bytes) or not
UTF-8, each with a reason a person can act on.
"""
from __future__ import annotations

import io
import os
import re
from contextlib import contextmanager
from typing import BinaryIO, Iterator

from counterclaim.errors import IngestError

#: labels that browsers (WHATWG Encoding) read as windows-1252
_WEB_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                "ascii": "cp1252", "iso8859-1": "cp1252"}

#: how many bytes format detection looks at
HEAD_BYTES = 64 * 1024


def human_size(n: int) -> str:
    """``12.3 MB`` style, for error messages."""
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return ("%d %s" % (n, unit)) if unit == "bytes" else ("%.1f %s" % (n, unit))
        n /= 1024
    return "%d" % n  # pragma: no cover


def too_large(size: int, limit: int) -> str:
    return "too large: %s (%d bytes) exceeds the limit of %s (%d bytes, max_document_bytes)" % (
        human_size(size), size, human_size(limit), limit)


def check_file(path: str, limit: int) -> int:
    """Size of a readable regular file, or IngestError (missing, a directory, too large)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise IngestError("no such file", path) from None
    except PermissionError:
        raise IngestError("permission denied", path) from None
    except OSError as e:
        raise IngestError("cannot open: %s" % (e.strerror or e), path) from None
    if os.path.isdir(path):
        raise IngestError("is a directory", path)
    if limit and st.st_size > limit:
        raise IngestError(too_large(st.st_size, limit), path)
    return st.st_size


def read_capped(stream: BinaryIO, limit: int, origin: str) -> bytes:
    """All bytes of a stream of unknown size, refused as soon as it passes ``limit``."""
    chunks, total = [], 0
    while True:
        chunk = stream.read(1024 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if limit and total > limit:
            raise IngestError("too large: more than %s (%d bytes, max_document_bytes)"
                              % (human_size(limit), limit), origin)
        chunks.append(chunk)


def decode_text(data: bytes, origin: str, *, offset: int = 0, what: str = "file",
                encoding: str | None = None) -> str:
    """Text of one document's bytes: refuses empty, binary and undecodable input.

    ``offset`` is where ``data`` starts in the input, so that the byte named in an
    invalid-UTF-8 error is a position in the file. A UTF-8 or UTF-16 byte-order mark is
    honoured; ``encoding`` (declared by HTML or HTTP) replaces UTF-8 when given.
    """
    if not data.strip():
        raise IngestError("empty %s (%s)" % (what, "0 bytes" if not data else "only whitespace"), origin)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise IngestError("invalid UTF-16 at byte %d" % (offset + e.start), origin) from None
        return _not_blank(text, origin, what)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError("binary %s (NUL byte at byte %d), not text" % (what, offset + nul), origin)
    if data.startswith(b"\xef\xbb\xbf"):
        data, offset = data[3:], offset + 3
    enc = (encoding or "utf-8").lower()
    enc = _WEB_ALIASES.get(enc, enc)
    try:
        text = data.decode(enc)
    except LookupError:
        enc = "utf-8"
        text = None
    except UnicodeDecodeError as e:
        raise IngestError("invalid %s at byte %d (byte 0x%02x)" % (_enc_name(enc), offset + e.start,
                                                                    data[e.start]), origin) from None
    if text is None:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise IngestError("invalid UTF-8 at byte %d (byte 0x%02x)" % (offset + e.start, data[e.start]),
                              origin) from None
    return _not_blank(text, origin, what)


def _enc_name(enc: str) -> str:
    return "UTF-8" if enc.replace("_", "-") in ("utf-8", "utf8") else enc


def _not_blank(text: str, origin: str, what: str) -> str:
    if not text.strip():
        raise IngestError("empty %s (only whitespace)" % what, origin)
    return text


class Prefixed(io.RawIOBase):
    """A stream that replays bytes already read (the sniffed head) before the rest.

    Standard input cannot seek back after format detection looked at its start.
    """

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._head.nbytes:
            n = min(len(b), self._head.nbytes)
            b[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def origin_of(src, origin: str | None) -> str:
    """The name errors and ``Document.path`` use for an input."""
    if origin:
        return origin
    if isinstance(src, (str, os.PathLike)):
        return os.fspath(src)
    return "<input>"


def load_bytes(src, settings, origin: str) -> bytes:
    """A single document's bytes from a path, bytes or a binary stream, refused past the size cap."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        return bytes(src)
    limit = settings.max_document_bytes
    if isinstance(src, (str, os.PathLike)):
        path = os.fspath(src)
        if check_file(path, limit) == 0:
            raise IngestError("empty file (0 bytes)", origin)
        with open(path, "rb") as f:
            return f.read()
    return read_capped(src, limit, origin)


@contextmanager
def open_stream(src) -> Iterator[BinaryIO]:
    """A binary stream over a path, bytes or an already open stream (left open)."""
    if isinstance(src, (bytes, bytearray, memoryview)):
        yield io.BytesIO(bytes(src))
    elif isinstance(src, (str, os.PathLike)):
        path = os.fspath(src)
        check_file(path, 0)
        with open(path, "rb") as f:
            yield f
    else:
        yield src



#: deeper JSON than this is refused: no document or thread shape needs it, and parsers recurse on it
MAX_JSON_DEPTH = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_json(text: str, max_depth: int = MAX_JSON_DEPTH):
    """``json.loads`` that fails only with JSONDecodeError or IngestError (reason only).

    Python's parser raises ValueError on numbers past 4,300 digits and RecursionError on deep
    nesting, and keeps escaped lone surrogates that no UTF-8 store can hold later on.
    """
    import json

    try:
        obj = json.loads(text)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise IngestError("JSON nested too deeply to read") from None
    except ValueError as e:
        if "digits" in str(e):
            raise IngestError("a number in the JSON is too long (more than 4,300 digits)") from None
        raise IngestError("invalid JSON: %s" % str(e).splitlines()[0][:120]) from None
    _check_value(obj, max_depth)
    return obj


def _check_value(obj, max_depth: int) -> None:
    """IngestError for nesting past ``max_depth`` or an escaped lone surrogate (``\\ud800``) in a string."""
    stack = [(obj, 0)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, str):
            m = _SURROGATE.search(v)
            if m:
                raise IngestError("invalid string in the JSON: an escaped lone surrogate (\\u%04x) is not text"
                                  % ord(m.group()))
        elif isinstance(v, (dict, list)):
            if depth >= max_depth:
                raise IngestError("JSON nested too deeply (more than %d levels of brackets)" % max_depth)
            items = list(v.keys()) + list(v.values()) if isinstance(v, dict) else v
            stack.extend((x, depth + 1) for x in items)
