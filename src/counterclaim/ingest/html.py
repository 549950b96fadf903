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
from counterclaim.ingest.language import language_of

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_HTML_LANG = re.compile(r"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_MONTHS = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.I)
_TABLE_RULE = re.compile(r"\|[\s|:-]*\|")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n{3,}")
_HEADER_LINES = 12   #: a dateline sits among the first lines of the page's text
_SHORT_PAGE = 2000   #: characters; a bot check or error page says little more than that
_EMPTY_ANCHOR = re.compile(r"<a\b[^>]*>\s*</a>", re.I)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?\b", re.I)
_META_DATES = [re.compile(p, re.I | re.S) for p in (
    r"<meta[^>]+(?:property|name)\s*=\s*[\"'](?:article:published_time|og:published_time|og:article:published_time)[\"'][^>]*content\s*=\s*[\"']([^\"']+)",
    r"<meta[^>]+content\s*=\s*[\"']([^\"']+)[\"'][^>]*(?:property|name)\s*=\s*[\"']article:published_time[\"']",
    r"[\"']datePublished[\"']\s*:\s*[\"']([^\"']+)",
    r"<meta[^>]+itemprop\s*=\s*[\"']datePublished[\"'][^>]*content\s*=\s*[\"']([^\"']+)",
    r"<time[^>]+itemprop\s*=\s*[\"']datePublished[\"'][^>]*datetime\s*=\s*[\"']([^\"']+)",
    r"<meta[^>]+name\s*=\s*[\"'](?:dc\.date(?:\.issued)?|dcterms\.issued|date|pubdate|publishdate|parsely-pub-date)[\"'][^>]*content\s*=\s*[\"']([^\"']+)",
)]

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
    # an empty anchor (<a tabindex="-1"></a>) makes trafilatura drop the text that follows it
    markup = _EMPTY_ANCHOR.sub("", markup)
    extracted = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                            include_tables=True, include_images=False, include_links=False,
                                            prune_xpath=["//noscript", "//nav", "//footer"],
                                            date_extraction_params=_DATE_PARAMS)
    title = _clean(getattr(extracted, "title", None))
    m = _HTML_LANG.search(markup[:4096])
    declared = m.group(1).lower() if m else None
    body = getattr(extracted, "body", None) if extracted is not None else None
    if body is not None:
        lines = _tree_lines(body)
    else:
        raw = (getattr(extracted, "text", None) or "") if extracted is not None else ""
        lines = [line.strip() for line in normalise_text(raw).split("\n") if line.strip()]
    lang = language_of("\n".join(lines), settings, declared)
    if lines and title and _plain_line(lines[0]) == title:
        lines = lines[1:]  # the headline is the title, not a paragraph of the article
    lines, dateline = _without_dateline(lines, lang)
    blocks = _blocks(lines)
    if not blocks or not any(re.search(r"\w", b) for b in blocks):
        raise IngestError("no article text found in the HTML page", origin)
    if _not_an_article(title, blocks, lang):
        raise IngestError("no article text: the page is a bot check or an error page (%r)" % (title or blocks[0])[:80], origin)
    published = published_meta(markup) or dateline or _headline_dateline(markup, title, lang)
    if published is None:
        guess = _iso_date(getattr(extracted, "date", None))
        # htmldate falls back to dates it finds in the headline ("losses from 24.02.22 to …"): a date
        # the article merely mentions is not when it was published
        if guess and not _mentions_day(guess, (title or "") + "\n" + "\n".join(blocks)):
            published = guess
    return Document(
        text="\n\n".join(blocks), title=title, url=getattr(extracted, "url", None) or url,
        author=clean_author(getattr(extracted, "author", None)),
        published=published, format=fmt,
        source=_clean(getattr(extracted, "sitename", None)), path=origin, lang=lang)


def _tree_lines(body) -> list[str]:
    """Lines of trafilatura's XML body, marked as the text output marks them: "- " before a list item,
    "| " cells for a table row; a line break inside a paragraph starts a line of its own."""
    out: list[str] = []

    def text_of(el) -> list[str]:
        parts = [el.text or ""]
        for child in el:
            if child.tag == "lb":
                parts.append("\n")
            elif child.tag not in ("list", "table"):
                parts.append("".join(text_of(child)))
            parts.append(child.tail or "")
        return parts

    def walk(el) -> None:
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "list":
                for item in child.iter("item"):
                    own = "".join(text_of(item))
                    for line in own.split("\n"):
                        if line.strip():
                            out.append("- " + _SPACES.sub(" ", line).strip())
            elif tag == "table":
                for row in child.iter("row"):
                    cells = [_SPACES.sub(" ", "".join(text_of(c))).strip() for c in row.iter("cell")]
                    if any(cells):
                        out.append("| " + " | ".join(cells) + " |")
            elif tag in ("p", "head", "quote", "code", "item", "cell", "hi", "ref", "del"):
                for line in "".join(text_of(child)).split("\n"):
                    line = _SPACES.sub(" ", line).strip()
                    if line:
                        out.append(line)
                walk_nested(child)
            else:
                walk(child)

    def walk_nested(el) -> None:
        for child in el:
            if child.tag in ("list", "table"):
                walk([child])

    walk(body)
    return [normalise_text(x) for x in out]


def _not_an_article(title: str | None, blocks: list[str], lang: str) -> bool:
    """A short page that speaks of bots, captchas or errors is what a server sent instead of the article."""
    from counterclaim.errors import VocabError
    from counterclaim.extract import lexicon

    text = "\n".join([title or ""] + blocks)
    if len(text) > _SHORT_PAGE:
        return False
    try:
        cues = lexicon.load(lang, "cues").get("not_article") or []
    except VocabError:
        return False   # a language without cues: nothing to judge by
    low = text.lower()
    return any(c in low for c in cues)


def _blocks(lines: list[str]) -> list[str]:
    """Paragraphs of trafilatura's text, with the structure it marks kept: the items of a list (or the
    rows of a table) stay lines of one paragraph, headed by the line before them when it ends with a
    colon, so that a heading's context reaches every item whatever the page's markup."""
    blocks: list[list[str]] = []
    prev_kind = ""
    for raw in lines:
        kind = "row" if raw.startswith("|") else "item" if raw.startswith(("- ", "* ")) else ""
        line = _plain_line(raw)
        if not line:
            continue
        if kind and (kind == prev_kind or (blocks and blocks[-1][-1].endswith(":"))):
            blocks[-1].append(line)
        else:
            blocks.append([line])
        prev_kind = kind
    return ["\n".join(b) for b in blocks]


def _without_dateline(lines: list[str], lang: str) -> tuple[list[str], str | None]:
    """The page's visible dateline ("posted / 01 May 2023 / 08:06", "Published 3 June 2024, 10:15") read
    from the short lines before the article body and removed from it: the day the page was published,
    never a date the body mentions."""
    from counterclaim.extract import dates as dates_mod

    words = dates_mod.dateline_words(lang)
    found, keep = None, []
    for i, line in enumerate(lines):
        if i >= _HEADER_LINES or len(line.split()) > 8 or line.startswith(("- ", "* ", "|")):
            keep.append(line)
            continue
        rest = words.sub(" ", line)
        if not _CLOCK.sub(" ", rest).strip(" ,.|·•-–—:"):
            continue   # "posted", "08:06", "Updated:"
        day = dates_mod.absolute_day(rest, lang)
        said = words.search(line)
        if day is None and said is not None:
            day = dates_mod.absolute_day(line[said.end():], lang)   # "Ministry of Defence, posted 14 July 2024"
        if day is not None:
            found = found or day
            continue
        keep.append(line)
    return keep, found


def _headline_dateline(markup: str, title: str | None, lang: str) -> str | None:
    """The dateline under the page's headline when the extracted article left it out: the short lines
    after the first line of the page's visible text that is part of its title."""
    import lxml.html

    if not title:
        return None
    try:
        root = lxml.html.document_fromstring(markup)
    except Exception:  # lxml raises several kinds on junk
        return None
    body = root.find("body")
    if body is None:
        return None
    for el in list(body.iter("script", "style", "noscript", "nav")):
        el.drop_tree()
    for el in body.iter():
        if isinstance(el.tag, str) and el.tag in _BLOCKS | {"br"}:
            el.tail = "\n" + (el.tail or "")
    lines = [_SPACES.sub(" ", x).strip() for x in body.text_content().split("\n")]
    lines = [x for x in lines if x]
    start = next((i for i, x in enumerate(lines) if len(x) >= 20 and x in title), None)
    if start is None:
        return None
    return _without_dateline(lines[start + 1:start + 1 + _HEADER_LINES], lang)[1]


def published_meta(markup: str) -> str | None:
    """The publication day a page declares in its metadata (Open Graph, schema.org, Dublin Core,
    ``<time itemprop=datePublished>``), in that order; None when it declares none."""
    head = markup[:200_000]
    for rx in _META_DATES:
        m = rx.search(head)
        if m and _iso_date(m.group(1).strip()):
            return _iso_date(m.group(1).strip())
    return None


def _mentions_day(iso: str, text: str) -> bool:
    y, mo, d = iso[:4], iso[5:7], iso[8:10]
    forms = (r"\b0?%d[./-]0?%d[./-](?:%s|%s)\b" % (int(d), int(mo), y, y[2:]), r"\b%s-%s-%s\b" % (y, mo, d))
    return any(re.search(f, text) for f in forms)


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
