"""Markdown flattened to plain text."""
from pathlib import Path

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.ingest.markdown import to_blocks
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def test_front_matter_heading_links_lists_tables():
    [doc] = list(read_inputs([str(FIX / "article.md")], Settings()))
    assert doc.format == "markdown"
    assert (doc.title, doc.published, doc.author) == ("Weekly front summary", "2025-05-02", "Analyst Desk")
    assert doc.text.split("\n\n") == [
        "Front summary, week 18",
        "Ukraine's General Staff said Russian forces lost 8,920 personnel this week, according to the "
        "daily updates (https://mil.example/updates).",
        "Russia claimed the capture of two villages.",
        "Ukraine said it repelled 140 assaults.",
        "Side | Claimed", "UA | 8,920", "raw data 1 2 3"]
    assert "**" not in doc.text and "---" not in doc.text


def test_title_from_first_heading_without_front_matter(tmp_path):
    p = tmp_path / "n.md"
    p.write_text("Intro line.\n\n## Kursk update\n\nText with <span>inline html</span> and ![a map](m.png).\n")
    [doc] = list(read_inputs([str(p)], Settings()))
    assert doc.title == "Kursk update"
    assert doc.text == "Intro line.\n\nKursk update\n\nText with inline html and ."


def test_markup_only_markdown_is_empty(tmp_path):
    p = tmp_path / "e.md"
    p.write_text("---\ntitle: x\n---\n\n![](img.png)\n\n***\n")
    [err] = list(read_inputs([str(p)], Settings()))
    assert isinstance(err, IngestError) and "empty Markdown document" in str(err)


def test_link_whose_text_is_the_url_is_not_repeated():
    blocks, _ = to_blocks("See <https://a.example/x>.")
    assert blocks == ["See https://a.example/x."]
