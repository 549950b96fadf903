"""HTML article pages: main text only, metadata from the page."""
from pathlib import Path

from counterclaim.errors import IngestError
from counterclaim.ingest import html, read_inputs
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def read(path, settings=None):
    return list(read_inputs([str(path)], settings or Settings()))


def test_article_text_without_boilerplate():
    [doc] = read(FIX / "article.html")
    assert doc.format == "html"
    assert doc.text.startswith("Russian drones struck two districts of Kharkiv overnight")
    assert "independently verified." in doc.text
    # paragraphs are separated by blank lines
    assert doc.text.count("\n\n") == 3
    for boilerplate in ("cookie", "Accept", "Subscribe", "Related articles", "power plant hit",
                        "Read more", "mobilisation law", "Harbour Street", "Copyright", "analytics"):
        assert boilerplate not in doc.text, boilerplate


def test_article_metadata():
    [doc] = read(FIX / "article.html")
    assert doc.title == "Governor says drone attack on Kharkiv injured 12"
    assert not doc.text.startswith(doc.title)  # the headline is metadata, not a paragraph
    assert doc.author == "Maria Kovalenko"
    assert doc.published == "2025-03-07"       # JSON-LD datePublished, local date, not dateModified
    assert doc.url == "https://northernherald.example/news/2025/03/kharkiv-drones"
    assert doc.source == "The Northern Herald"
    assert doc.lang == "en"


def test_source_setting_wins_over_site_name():
    [doc] = read(FIX / "article.html", Settings(source="herald", published="2025-03-08"))
    assert (doc.source, doc.published) == ("herald", "2025-03-08")


def test_html_without_article_text():
    for name in ("nobody.html", "headless.html"):
        [err] = read(FIX / name)
        assert isinstance(err, IngestError)
        assert str(err) == "%s: no article text found in the HTML page" % (FIX / name)


def test_declared_charset_is_used(tmp_path):
    body = ("<html><head><meta charset='windows-1251'><title>Т</title></head><body><article>"
            + "<p>Міністерство оборони повідомило про 12 збитих дронів над областю вночі.</p>" * 3
            + "</article></body></html>")
    p = tmp_path / "cp1251.html"
    p.write_bytes(body.encode("cp1251"))
    [doc] = read(p)
    assert "Міністерство оборони повідомило" in doc.text


def test_invalid_utf8_html(tmp_path):
    p = tmp_path / "bad.html"
    p.write_bytes(b"<html><body><p>Kyiv \xff said</p></body></html>")
    [err] = read(p)
    assert isinstance(err, IngestError) and "invalid UTF-8 at byte 20 (byte 0xff)" in str(err)


def test_author_cleanup():
    assert html.clean_author("Olha Marchenko; November") == "Olha Marchenko"
    assert html.clean_author("A. Smith; B. Jones") == "A. Smith; B. Jones"
    assert html.clean_author("2024-11-20") is None


def test_fragment_text_paragraphs_and_scripts():
    t = html.fragment_text("<p>One <b>two</b></p><script>alert(1)</script><p>Three<br>four &amp; five</p>")
    assert t == "One two\n\nThree\nfour & five"


def test_lists_and_tables_without_markup(tmp_path):
    p = tmp_path / "t.html"
    p.write_text("<html><head><title>Losses table</title></head><body><article><h1>Losses table</h1>"
                 "<p>The General Staff published its figures on Sunday, listing the losses it says Russia "
                 "has suffered since the invasion began.</p><ul><li>Personnel: about 800,000</li>"
                 "<li>Tanks: 9,700</li></ul><table><tr><th>Item</th><th>Count</th></tr>"
                 "<tr><td>Artillery</td><td>21,000</td></tr></table></article></body></html>")
    [doc] = read(p)
    # a list's items stay lines of one paragraph, a table's rows another (issue 10: structure kept)
    assert doc.text.split("\n\n")[1:] == ["Personnel: about 800,000\nTanks: 9,700", "Item | Count\nArtillery | 21,000"]


def test_a_date_mentioned_in_the_text_is_not_the_publication_date(tmp_path):
    body = "<p>" + "The offensive of 12 March 2021 failed, officials said in a long statement today. " * 3 + "</p>"
    p = tmp_path / "d.html"
    p.write_text("<html><head><title>T</title></head><body><article><h1>T</h1>%s</article></body></html>" % body)
    [doc] = read(p)
    assert doc.published is None
    q = tmp_path / "byline.html"
    q.write_text("<html><head><title>T</title></head><body><article><h1>T</h1><p class='byline'>By X | "
                 "November 20, 2024, 2:32 pm</p>%s</article></body></html>" % body)
    [doc] = read(q)
    assert doc.published == "2024-11-20"
