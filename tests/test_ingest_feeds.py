"""RSS and Atom feeds: one Document per entry."""
from pathlib import Path

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def read(*paths, settings=None):
    return list(read_inputs([str(p) for p in paths], settings or Settings()))


def test_rss_entries():
    a, b = read(FIX / "feed.rss")
    assert (a.format, a.source, a.parent) == ("feed", "Frontline Wire", "https://frontlinewire.example/")
    assert a.title == "Ukraine says it downed 41 of 63 drones overnight"
    assert a.url == "https://frontlinewire.example/2025/02/10/drones"
    assert a.author == "Wire Staff"
    assert a.published == "2025-02-10"
    assert a.text == ("Ukraine's air force said on Monday it had shot down 41 of 63 drones launched by "
                      "Russia overnight.\n\nAnother 22 were \"locationally lost\", it said.")
    # full content preferred over the summary; scripts dropped; the date the outlet wrote (-03:00)
    assert b.text.startswith("Russia's Defence Ministry said on Sunday its forces had captured")
    assert "alert" not in b.text and "Ukraine's General Staff did not confirm" in b.text
    assert b.published == "2025-02-09"
    assert b.author is None


def test_atom_entry():
    [doc] = read(FIX / "feed.atom")
    assert doc.title == "Visually confirmed losses pass 3,800 tanks"
    assert doc.text == "Our count of visually confirmed Russian tank losses passed 3,800 this week."
    assert (doc.author, doc.published, doc.source) == ("A. Analyst", "2025-04-01", "OSINT Notes")
    assert doc.url == "https://osintnotes.example/posts/tanks-3800"


def test_feed_without_entries():
    [err] = read(FIX / "empty.rss")
    assert isinstance(err, IngestError)
    assert str(err) == "%s: no entries in the feed" % (FIX / "empty.rss")


def test_broken_xml_feed(tmp_path):
    p = tmp_path / "broken.rss"
    p.write_text('<?xml version="1.0"?>\n<rss version="2.0"><chan')
    [err] = read(p)
    assert isinstance(err, IngestError) and "broken.rss: " in str(err)


def test_settings_apply_to_every_entry():
    docs = read(FIX / "feed.rss", settings=Settings(published="2025-01-01", source="mine"))
    assert {(d.published, d.source) for d in docs} == {("2025-01-01", "mine")}


def test_feed_in_a_declared_legacy_encoding(tmp_path):
    p = tmp_path / "cp.rss"
    p.write_bytes('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel><title>Стрічка'
                  '</title><item><title>Збито 12 дронів</title><description>Повітряні сили: збито 12 дронів.'
                  '</description></item></channel></rss>'.encode("cp1251"))
    [doc] = read(p)
    assert (doc.title, doc.text, doc.source) == ("Збито 12 дронів", "Повітряні сили: збито 12 дронів.", "Стрічка")


def test_feed_with_invalid_utf8(tmp_path):
    p = tmp_path / "bad.rss"
    p.write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T \xff</title></channel></rss>')
    [err] = read(p)
    assert isinstance(err, IngestError) and "invalid UTF-8 at byte 58 (byte 0xff)" in str(err)


def test_title_only_entry_keeps_its_title_as_text(tmp_path):
    p = tmp_path / "headlines.rss"
    p.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Heads</title>'
                 "<item><title>Kyiv: 14 drones downed overnight</title><link>https://h.example/1</link></item>"
                 "<item><link>https://h.example/2</link></item></channel></rss>")
    doc, err = read(p)
    assert (doc.text, doc.title, doc.url) == ("Kyiv: 14 drones downed overnight",) * 2 + ("https://h.example/1",)
    assert str(err) == "%s: entry 2 has no title, content or summary" % p


def _atom(tag, value):
    return ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
            '<entry><title>Drones</title><%s>%s</%s><summary>Kyiv said on Monday that 5 drones were downed '
            'yesterday.</summary></entry></feed>' % (tag, value, tag))


@pytest.mark.parametrize("tag, value, day", [
    ("updated", "99999-99-99", None),       # feedparser alone would say 9999-12-01
    ("published", "0000-00-00", None),      # and year -1 here
    ("published", "9999-12-31T23:59:59-05:00", "9999-12-31"),
    ("updated", "Fri, 31 Dec 9999 23:59:59 -1200", "9999-12-31"),
])
def test_nonsense_and_far_dates_are_no_traceback(tmp_path, extractor, tag, value, day):
    p = tmp_path / "f.atom"
    p.write_text(_atom(tag, value))
    [doc] = read(p)
    assert doc.published == day
    claims = extractor.extract(doc)  # calendar arithmetic at year 9999 used to raise OverflowError
    assert claims and all(c.quote for c in claims)


def test_external_entities_and_entity_bombs_are_inert(tmp_path):
    """A feed declaring an external entity (a local file) and a billion-laughs expansion: neither is
    expanded, the reader ends at once, and the entries are read."""
    levels = ['<!ENTITY a "%s">' % ("a" * 60)]
    for prev, name in zip("abcde", "bcdef"):
        levels.append('<!ENTITY %s "%s">' % (name, ("&%s;" % prev) * 16))
    p = tmp_path / "bomb.rss"
    p.write_text('<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n%s\n]>\n'
                 '<rss version="2.0"><channel><title>Feed</title>'
                 '<item><title>One &xxe;</title><description>Officials said 12 tanks were lost. &xxe; &f;'
                 '</description></item><item><title>Two</title><description>The ministry said 30 drones were '
                 'downed.</description></item></channel></rss>' % "\n".join(levels))
    a, b = read(p)
    assert "root:" not in a.text + a.title and len(a.text) < 200
    assert a.text.startswith("Officials said 12 tanks were lost.") and b.text.startswith("The ministry said 30")
