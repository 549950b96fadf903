"""The readers on the shared sample data (../shared): skipped when it is absent."""
import html as h
import json
from pathlib import Path

import pytest

from counterclaim.ingest import read_inputs
from counterclaim.records import Document, normalise_text
from counterclaim.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
DEV = SHARED / "eval" / "dev"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip("%s is not present" % path)
    return path


def only(path: Path) -> Document:
    [doc] = list(read_inputs([str(path)], Settings()))
    assert isinstance(doc, Document), doc
    return doc


def comment_bodies(raw) -> dict:
    out, stack = {}, list(raw[1]["data"]["children"])
    while stack:
        c = stack.pop()
        if c.get("kind") != "t1":
            continue
        out["t1_" + c["data"]["id"]] = c["data"]
        if isinstance(c["data"].get("replies"), dict):
            stack.extend(c["data"]["replies"]["data"]["children"])
    return out


def check_thread(path: Path):
    doc = only(path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    post = raw[0]["data"]["children"][0]["data"]
    bodies = comment_bodies(raw)
    assert doc.format == "reddit"
    assert doc.title == post["title"] and doc.author == post["author"]
    assert doc.parts[0].id == "t3_" + post["id"] and doc.parts[0].kind == "post"
    assert len(doc.parts) == 1 + len(bodies)
    for p in doc.parts[1:]:
        c = bodies[p.id]
        assert doc.text[p.start:p.end] == normalise_text(h.unescape(c["body"]))
        assert p.author == c["author"] and p.parent == c["parent_id"] and p.depth == c.get("depth", p.depth)
        assert p.published.endswith("Z") and p.url.startswith("https://www.reddit.com/r/")
    return doc


def test_reddit_sample():
    folder = need(SHARED / "data" / "reddit-sample")
    doc = check_thread(next(folder.glob("*.json")))
    assert (doc.title, doc.author, doc.published) == ("Test", "testuser", "2020-07-18")
    assert doc.text == "Test\n\nHello\n\nHi\n\nHello"
    assert [(p.id, p.parent, p.depth) for p in doc.parts] == [
        ("t3_testpost", None, 0), ("t1_testc1", "t3_testpost", 0), ("t1_testc2", "t1_testc1", 1)]


@pytest.mark.parametrize("name", ["thread-kursk-exit.json", "thread-gs-900k.json"])
def test_dev_threads(name):
    doc = check_thread(need(DEV / name))
    published = {"thread-kursk-exit.json": "2025-03-13", "thread-gs-900k.json": "2025-03-21"}[name]
    assert doc.published == published


def test_dev_html_pages():
    kyiv = only(need(DEV / "page-kyivpost-style-2024-11-20.html"))
    assert kyiv.published == "2024-11-20"
    assert kyiv.title == "Russia Says It Downed Five of Six ATACMS Fired at Bryansk Region"
    assert kyiv.author == "Olha Marchenko"
    assert kyiv.url == "https://www.kyivdailypost.example/post/41877"
    assert kyiv.text.startswith("Ukraine fired six US-made ATACMS missiles")
    assert "North Korea has sent around 10,000 troops" in kyiv.text
    for junk in ("842 partners", "cookies", "Related", "record 1,950 troops", "2,356 sq km", "$50 billion",
                 "Subscribe", "UAH/USD", "All rights reserved", "Media ID"):
        assert junk not in kyiv.text, junk

    riga = only(need(DEV / "page-meduza-style-2025-02-24.html"))
    assert (riga.published, riga.author, riga.source) == ("2025-02-24", "Dispatch staff", "The Riga Dispatch")
    assert riga.title == "Three years of war: counting Russia's dead, name by name"
    assert "95,019 Russian military personnel" in riga.text
    for junk in ("This site uses cookies", "Read more", "1,200 obituaries", "6.3% of GDP", "41 graves",
                 "5 euros a month", "Reg. No.", "Learn more"):
        assert junk not in riga.text, junk


def test_dev_text_files_read_whole():
    for path in sorted(need(DEV).glob("*.txt")):
        doc = only(path)
        assert doc.text == normalise_text(path.read_text(encoding="utf-8"))
