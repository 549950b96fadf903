"""HTML article pages: trafilatura keeps the article and drops the page around it.

Cookie banners, navigation, "related" and "read more" boxes and footers are not
part of what a newsroom claimed, so they must not reach extraction. Metadata
(title, byline, canonical URL, site name, publication date from
``article:published_time``, JSON-LD ``datePublished`` and the like) comes from the
page itself. ``fragment_text`` turns an HTML snippet (a feed entry) into plain text.
"""
from __future__ import annotations

import re
from typing import Iterator

from counterclaim.errors import IngestError
from counterclaim.ingest.opening import decode_text, load_bytes, origin_of
from counterclaim.records import Document, normalise_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_TABLE_RULE = re.compile(r"\|[\s|:-]*\|")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")

#: publication date from metadata, <time>, bylines and the URL only: a date merely mentioned in the
#: article ("the offensive of 12 March 2021") must not become the date it was published
_DATE_PARAMS = {"extensive_search": False, "original_date": True}

#: block elements whose end is a paragraph break in ``fragment_text``
_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
           "table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "dl", "dd", "dt"}


def read(src, settings, origin: str | None = None, *, url: str | None = None,
         charset: str | None = None) -> Iterator[Document]:
    """The Document of an HTML page (path, bytes or binary stream)."""
    origin = origin_of(src, origin)
    yield page(load_bytes(src, settings, origin), settings, origin, url=url, charset=charset)


def page(data: bytes, settings, origin: str, *, url: str | None = None, charset: str | None = None,
         fmt: str = "html") -> Document:
    """One Document from one HTML page's bytes (IngestError when it has no article text)."""
    import trafilatura

    markup = decode_text(data, origin, encoding=charset or declared_charset(data))
    extracted = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, include_images=False, include_links=False,
                                            prune_xpath=["//noscript", "//nav", "//footer"],
                                            date_extraction_params=_DATE_PARAMS)
    raw = (getattr(extracted, "text", None) or "") if extracted is not None else ""
    title = _clean(getattr(extracted, "title", None))
    paras = [p for p in (_plain_line(line) for line in normalise_text(raw).split("\n")) if p]
    if paras and title and paras[0] == title:
        paras = paras[1:]  # the headline is the title, not a paragraph of the article
    if not paras:
        raise IngestError("no article text found in the HTML page", origin)
    text = "\n\n".join(paras)
    m = _HTML_LANG.search(markup[:4096])
    return Document(
        text=text, title=title, url=getattr(extracted, "url", None) or url,
        author=clean_author(getattr(extracted, "author", None)),
        published=_iso_date(getattr(extracted, "date", None)), format=fmt,
        source=_clean(getattr(extracted, "sitename", None)), path=origin,
        lang=m.group(1).lower() if m else settings.lang)


def _plain_line(line: str) -> str:
    """A line of trafilatura's text without its Markdown-ish list and table markup."""
    line = line.strip()
    if line.startswith("|") and line.endswith("|"):
        if _TABLE_RULE.fullmatch(line):
            return ""
        line = line[1:-1].strip()
    elif line.startswith(("- ", "* ")):
        line = line[2:].lstrip()
    return line


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` near its top, if any."""
    m = _META_CHARSET.search(data[:4096])
    return m.group(1).decode("ascii", "replace") if m else None


def clean_author(author: str | None) -> str | None:
    """A byline without the date trafilatura sometimes glues on ("Olha Marchenko; November")."""
    if not author:
        return None
    names = [a.strip() for a in re.split(r"[;|]", author)]
    names = [a for a in names if a and not _MONTHS.fullmatch(a) and not re.search(r"\d", a)]
    return "; ".join(names) or None


def fragment_text(markup: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    import lxml.html

    if "<" not in markup:
        return normalise_text(_unescape(markup))
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # lxml raises several kinds on junk; fall back to the raw text
        return normalise_text(re.sub(r"<[^>]+>", " ", markup))
    for el in list(root.iter("script", "style", "noscript")):
        el.drop_tree()
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "br":
            el.tail = "\n" + (el.tail or "")
        elif tag in _BLOCKS:
            el.tail = "\n\n" + (el.tail or "")
    text = root.text_content()
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return normalise_text(_BLANKS.sub("\n\n", "\n".join(lines)))


def _unescape(s: str) -> str:
    import html
    return html.unescape(s)


def _clean(s: str | None) -> str | None:
    s = (s or "").strip()
    return s or None


def _iso_date(s: str | None) -> str | None:
    return s[:10] if s and re.match(r"\d{4}-\d{2}-\d{2}", s) else None
