"""Meaning-preserving rewrites of an annotated set, to hold extraction invariant to layout and wording.

The same text laid out another way (every line its own paragraph, an HTML page of ``<p>``, ``<li>``
or ``<br>``, CRLF line ends, non-breaking spaces), with other dashes, or with other speech verbs
must give the same claims. Each variant writes a complete gold folder (documents and
``gold.jsonl``) that ``counterclaim eval`` scores like the original; gold changes only where the
rewrite changes the words a ``quote_contains`` names.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from typing import Callable

from counterclaim.eval.score import read_gold

TOLERANCE = 0.01   #: largest change of figure F1 or claimant accuracy a rewrite may cause
_DASHES = re.compile(r"(?<=\s)[‒–—-](?=\s)")
_NUM_SPACE = re.compile(r"(?<=\d) (?=[^\W\d_]|\()")
#: speech verbs swapped for synonyms of the same tense; the gold's quotes change with them
_VERBS = {"said": "stated", "says": "states", "told reporters": "said to reporters", "announced": "declared",
          # Ukrainian and Russian: "reported" and "stated" swapped, in every person of the past tense
          "повідомив": "заявив", "повідомила": "заявила", "повідомили": "заявили", "заявив": "повідомив",
          "заявила": "повідомила", "заявили": "повідомили", "сообщил": "заявил", "сообщила": "заявила",
          "сообщили": "заявили", "заявил": "сообщил", "заявила": "сообщила", "заявили": "сообщили"}
_VERB_RE = re.compile(r"(?<![\w])(%s)(?![\w])" % "|".join(map(re.escape, sorted(_VERBS, key=len, reverse=True))))


def _lines_to_paragraphs(text: str) -> str:
    return re.sub(r"\n+", "\n\n", text)


def _page(body: str, title: str) -> str:
    """A page around the body; its <title> is the site's, so no line of the text is taken for it."""
    title = "The Daily Page"
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>%s</title></head>\n"
            "<body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>\n<article>\n%s\n</article>\n"
            "<footer>© The publisher</footer></body></html>\n" % (html.escape(title), body))


def _paragraphs(text: str) -> list[list[str]]:
    return [[l for l in p.split("\n") if l.strip()] for p in re.split(r"\n\s*\n", text) if p.strip()]


def _html_p(text: str) -> str:
    lines = [l for p in _paragraphs(text) for l in p]
    return _page("\n".join("<p>%s</p>" % html.escape(l) for l in lines), lines[0] if lines else "")


def _html_li(text: str) -> str:
    out = []
    for p in _paragraphs(text):
        head = p[0] if p[0].rstrip().endswith(":") and len(p) > 1 else None
        items = p[1:] if head else p
        if head:
            out.append("<p>%s</p>" % html.escape(head))
        if len(items) > 1:
            out.append("<ul>\n%s\n</ul>" % "\n".join("  <li>%s</li>" % html.escape(l) for l in items))
        else:
            out.extend("<p>%s</p>" % html.escape(l) for l in items)
    first = _paragraphs(text)[0][0] if text.strip() else ""
    return _page("\n".join(out), first)


def _html_br(text: str) -> str:
    paras = _paragraphs(text)
    body = "\n".join("<p>%s</p>" % "<br>\n".join(html.escape(l) for l in p) for p in paras)
    return _page(body, paras[0][0] if paras else "")


def _verbs(text: str) -> str:
    """One pass, so that a swapped verb is not swapped back."""
    return _VERB_RE.sub(lambda m: _VERBS[m.group(1)], text)


#: name -> (rewrite of a plain-text document, whether it turns it into an HTML page, rewrite of a quote)
VARIANTS: dict[str, tuple[Callable[[str], str], bool, Callable[[str], str]]] = {
    "paragraphs": (_lines_to_paragraphs, False, lambda q: q),
    "crlf": (lambda t: t.replace("\n", "\r\n"), False, lambda q: q),
    "nbsp": (lambda t: _NUM_SPACE.sub("\u00a0", t), False, lambda q: q),
    "dash-en": (lambda t: _DASHES.sub("–", t), False, lambda q: _DASHES.sub("–", q)),
    "dash-hyphen": (lambda t: _DASHES.sub("-", t), False, lambda q: _DASHES.sub("-", q)),
    "verbs": (_verbs, False, _verbs),
    "html-p": (_html_p, True, lambda q: q),
    "html-li": (_html_li, True, lambda q: q),
    "html-br": (_html_br, True, lambda q: q),
}


def write_variant(gold_dir, name: str, out_dir) -> Path:
    """Write variant ``name`` of the gold folder into ``out_dir``; documents that are not plain text
    (pages, threads) are rewritten only by the variants that keep their format."""
    rewrite, to_html, requote = VARIANTS[name]
    src, out = Path(gold_dir), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for g in read_gold(str(src)):
        g = json.loads(json.dumps(g))
        path = src / g["file"]
        plain = g.get("format", "text") == "text"
        if plain:
            text = path.read_text(encoding="utf-8")
            new = rewrite(text)
            if to_html:
                g["file"] = Path(g["file"]).stem + ".html"
                g["format"] = "html"
            (out / g["file"]).write_text(new, encoding="utf-8", newline="")
            for c in g.get("claims", []):
                if c.get("quote_contains"):
                    c["quote_contains"] = requote(c["quote_contains"])
        else:
            shutil.copyfile(path, out / g["file"])
        lines.append(json.dumps(g, ensure_ascii=False))
    (out / "gold.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out
