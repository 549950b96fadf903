"""Format detection from content and name."""
import gzip

import pytest

from counterclaim.ingest.detect import detect, is_supported_name

THREAD = b'[\n  {"kind": "Listing", "data": {"children": [{"kind": "t3", "data": {}}]}}, {}]'


@pytest.mark.parametrize("head, name, ctype, fmt", [
    (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "x.bin", None, "warc"),
    (gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "crawl.warc.gz", None, "warc"),
    (gzip.compress(b"WARC/1.1\r\n"), None, None, "warc"),
    (b"\xef\xbb\xbf<!DOCTYPE html><html><body>x", "page.txt", None, "html"),
    (b"<!-- saved --><html lang=en><p>x", None, None, "html"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel>", None, None, "feed"),
    (b"<?xml version='1.0'?>\n<feed xmlns='http://www.w3.org/2005/Atom'>", "f.xml", None, "feed"),
    (THREAD, "thread.txt", None, "reddit"),
    (b'[{"data": {}, "kind": "Listing"}]', "t.json", None, "json"),
    (b'{"text": "a"}\n{"text": "b"}\n', None, None, "jsonl"),
    (b'{"text": "a"}\n{"text": "b"}\n', "docs.json", None, "jsonl"),
    (b'{"text": "a"}', "doc.json", None, "json"),
    (b'{"text": "a"}\n', "docs.jsonl", None, "jsonl"),
    (b"# Title\n\nText", None, None, "markdown"),
    (b"Title\n\nText", "notes.md", None, "markdown"),
    (b"Just words 5 tanks.", None, None, "text"),
    (b"Just words 5 tanks.", "a.html", None, "html"),
    (b"Just words", None, "text/html; charset=utf-8", "html"),
    (b"<p>fragment</p>", None, None, "html"),
    (b"# not a heading in a text file", "a.txt", None, "text"),
])
def test_detect(head, name, ctype, fmt):
    assert detect(head, name, ctype) == fmt


def test_supported_names():
    assert all(is_supported_name(n) for n in ("a.txt", "b.HTML", "c.warc.gz", "d.jsonl", "e.rss", "f.md"))
    assert not any(is_supported_name(n) for n in ("a.png", "b.pdf", "c.gz", "README"))
