"""Which reader an input needs, from its first bytes and its name.

Strong content signatures win (a WARC header, gzip, an HTML document, an RSS/Atom
root, a Reddit listing), then the file extension, then weak content hints; plain
text is the fallback. Detection looks at the head only, so it is cheap for any size.
"""
from __future__ import annotations

import json
import re

#: every format name a reader exists for
FORMATS = ("text", "html", "reddit", "json", "jsonl", "feed", "warc", "markdown")

#: extension -> format, longest suffixes first where they overlap
EXTENSIONS = {
    ".warc.gz": "warc", ".warc": "warc",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".md": "markdown", ".markdown": "markdown",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".json": "json",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
    ".txt": "text", ".text": "text",
}

#: formats whose files hold many documents and are read record by record (no whole-file size cap)
STREAMED = ("jsonl", "warc")

_HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])",
                         re.I | re.S)
_HTML_ANY = re.compile(rb"<(?:html|body|article|p|div)[\s>]", re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)
_LISTING = re.compile(rb'^\s*\[\s*\{\s*"kind"\s*:\s*"Listing"', re.S)
_MD_HINT = re.compile(rb"^(?:#{1,6} \S|---\s*\n)", re.M)


#: leading bytes of containers no reader opens, with what to tell the user
_UNSUPPORTED = ((b"\x1f\x8b", "gzip-compressed (only WARC files are read compressed); decompress it first"),
                (b"PK\x03\x04", "a ZIP archive; extract it first"),
                (b"%PDF-", "a PDF document; convert it to text or HTML first"),
                (b"\xfd7zXZ", "xz-compressed; decompress it first"),
                (b"BZh", None), (b"(\xb5/\xfd", "zstd-compressed; decompress it first"))


def unsupported(head: bytes, fmt: str) -> str | None:
    """Why an input of a known non-text kind cannot be read, or None."""
    if fmt == "warc":
        return None
    for magic, why in _UNSUPPORTED:
        if head.startswith(magic):
            if why is None:  # "BZh" is also how a line of text may start
                if len(head) > 3 and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
                    return "bzip2-compressed; decompress it first"
                continue
            return why
    return None


def extension_format(name: str | None) -> str | None:
    """Format implied by a file name or URL path, or None when unknown."""
    if not name:
        return None
    low = name.lower().split("?", 1)[0].split("#", 1)[0]
    for ext, fmt in EXTENSIONS.items():
        if low.endswith(ext):
            return fmt
    return None


def is_supported_name(name: str) -> bool:
    """Whether a folder walk should pick this file up."""
    return extension_format(name) is not None


def detect(head: bytes, name: str | None = None, content_type: str | None = None) -> str:
    """The format name of an input whose first bytes are ``head``."""
    # 1. strong signatures in the content
    if head.startswith(b"WARC/") or (head.startswith(b"\x1f\x8b") and _gz_is_warc(head)):
        return "warc"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if _HTML_START.match(stripped):
        return "html"
    if stripped.startswith(b"<") and _FEED_ROOT.search(stripped[:4096]):
        return "feed"
    if _LISTING.match(stripped):
        return "reddit"
    # 2. what the name or the server says
    by_name = extension_format(name)
    if by_name in ("json", None) and stripped[:1] in (b"{", b"["):
        return _json_kind(stripped)
    if by_name:
        return by_name
    ctype = (content_type or "").lower()
    if "html" in ctype:
        return "html"
    if "rss" in ctype or "atom" in ctype or ctype.endswith("/xml"):
        return "feed"
    if "markdown" in ctype:
        return "markdown"
    # 3. weak hints in the content
    if stripped.startswith(b"<") and _HTML_ANY.search(stripped[:4096]):
        return "html"
    if _MD_HINT.match(stripped):
        return "markdown"
    return "text"


def _gz_is_warc(head: bytes) -> bool:
    import zlib
    try:
        inner = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except zlib.error:
        return False
    return inner.startswith(b"WARC/")


def _json_kind(head: bytes) -> str:
    """``reddit``, ``jsonl`` or ``json`` for content that starts like JSON."""
    if head.startswith(b"["):
        return "reddit" if _LISTING.match(head) else "json"
    first, sep, rest = head.partition(b"\n")
    if sep and rest.lstrip().startswith(b"{"):
        try:
            json.loads(first)
            return "jsonl"
        except ValueError:
            pass
    return "json"
