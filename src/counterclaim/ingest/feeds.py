"""RSS and Atom feeds (feedparser): each entry is its own Document.

The entry's full content is preferred over its summary; either is HTML turned
into plain text. An entry without any text keeps its title as text (headline
feeds still carry claims). A feed without entries is an error, not silence.
"""
from __future__ import annotations

import email.utils
import re
from datetime import date, datetime
from typing import Iterator

from counterclaim.errors import IngestError
from counterclaim.ingest.html import fragment_text
from counterclaim.ingest.opening import decode_text, load_bytes, origin_of
from counterclaim.records import Document, normalise_text
from counterclaim.ingest.language import language_of


_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")


def read(src, settings, origin: str | None = None) -> Iterator[Document | IngestError]:
    """One Document per entry of an RSS/Atom feed (path, bytes or binary stream)."""
    import feedparser

    origin = origin_of(src, origin)
    data = load_bytes(src, settings, origin)
    m = _XML_ENCODING.match(data[:200])
    # refuse empty, binary and undecodable input with the shared wording
    decode_text(data, origin, encoding=m.group(1).decode("ascii") if m else None)
    parsed = feedparser.parse(data)
    feed = parsed.get("feed") or {}
    entries = parsed.get("entries") or []
    if not entries:
        if parsed.get("bozo") and not feed.get("title"):
            raise IngestError("not a valid RSS/Atom feed: %s" % _reason(parsed.get("bozo_exception")), origin)
        raise IngestError("no entries in the feed", origin)
    site = (feed.get("title") or "").strip() or None
    parent = feed.get("link") or origin
    declared = (feed.get("language") or "").split("-")[0].lower() or None
    for n, entry in enumerate(entries, 1):
        title = normalise_text(entry.get("title") or "").strip() or None
        text = entry_text(entry) or title
        if not text:
            yield IngestError("entry %d has no title, content or summary" % n, origin)
            continue
        yield Document(text=text, title=title, url=entry.get("link") or None,
                       author=(entry.get("author") or "").strip() or None, published=entry_date(entry),
                       format="feed", source=site, parent=parent, path=origin,
                       lang=language_of(text, settings, declared))


def entry_text(entry) -> str:
    """Plain text of an entry's content (or summary), '' when it has none."""
    for item in list(entry.get("content") or []) + [entry.get("summary_detail")]:
        if not item or not (item.get("value") or "").strip():
            continue
        value = item["value"]
        if "html" in (item.get("type") or "text/html"):
            return fragment_text(value)
        return normalise_text(value)
    return normalise_text(entry.get("summary") or "")


def entry_date(entry) -> str | None:
    """The entry's publication (else update) date as YYYY-MM-DD, in the feed's own time zone.

    feedparser's ``*_parsed`` values are in UTC, which moves a late-evening item to the
    next day; the date the outlet wrote is read from the raw value first.
    """
    for key in ("published", "updated", "created"):
        raw = (entry.get(key) or "").strip()
        if raw:
            local = _local_date(raw)
            if local:
                return local
        day = _parsed_date(entry.get(key + "_parsed"), raw)
        if day:
            return day
    return None


def _parsed_date(t, raw: str) -> str | None:
    """feedparser's reading of ``raw`` when it is a real day whose year ``raw`` itself shows.

    feedparser clamps nonsense (``99999-99-99`` becomes 9999-12-01, ``0000-00-00`` year -1).
    """
    try:
        day = date(t.tm_year, t.tm_mon, t.tm_mday)
    except (AttributeError, TypeError, ValueError, OverflowError):
        return None
    if not re.search(r"(?<!\d)%d(?!\d)" % day.year, raw):
        return None
    return day.isoformat()


def _local_date(raw: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    try:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).date().isoformat()
    except (ValueError, OverflowError):
        return None


def _reason(exc) -> str:
    msg = str(exc or "unreadable XML").strip()
    return msg.splitlines()[0] if msg else "unreadable XML"
