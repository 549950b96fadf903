"""WARC crawl files: HTML responses only, record by record, bad records named and skipped."""
import io
import re

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.settings import Settings

warcio = pytest.importorskip("warcio")
from warcio.statusandheaders import StatusAndHeaders  # noqa: E402
from warcio.warcwriter import WARCWriter  # noqa: E402


def page(title, body, head=""):
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>%s</title>%s</head><body>"
            "<nav><a href='/'>Home</a> <a href='/sub'>Subscribe now</a></nav><article><h1>%s</h1><p>%s</p>"
            "<p>Officials gave no further details, the statement said.</p></article>"
            "<footer>Copyright Example News</footer></body></html>" % (title, head, title, body)).encode()


PAGE_A = page("Kyiv says 30 drones downed", "Ukraine's air force said it shot down 30 drones over the Kyiv "
              "region on Saturday night.", "<meta property='article:published_time' content='2025-02-28T21:00:00+02:00'>")
PAGE_B = page("Moscow reports repelled attack", "Russia's Defence Ministry said its forces repelled four "
              "attacks near Kupiansk and destroyed two armoured vehicles.")

RECORDS = [
    ("warcinfo", None, "application/warc-fields", b"software: test\r\n", "2025-03-01T10:00:00Z"),
    ("request", "https://news.example/a", "application/http; msgtype=request",
     b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n", "2025-03-01T10:00:01Z"),
    ("response", "https://news.example/a", "text/html; charset=utf-8", PAGE_A, "2025-03-01T10:00:01Z"),
    ("response", "https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n\x00\x00", "2025-03-01T10:00:02Z"),
    ("response", "https://news.example/b", "text/html", PAGE_B, "2025-03-02T08:30:00Z"),
]


def build(records, gz=False) -> bytes:
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    for kind, uri, ctype, payload, date in records:
        if kind == "response":
            http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            rec = w.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=http,
                                       warc_headers_dict={"WARC-Date": date})
        else:
            rec = w.create_warc_record(uri, kind, payload=io.BytesIO(payload), warc_content_type=ctype,
                                       warc_headers_dict={"WARC-Date": date})
        w.write_record(rec)
    return buf.getvalue()


def read(path, settings=None):
    return list(read_inputs([str(path)], settings or Settings()))


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_responses_become_documents(tmp_path, name, gz):
    p = tmp_path / name
    p.write_bytes(build(RECORDS, gz))
    a, b = read(p)
    assert (a.format, a.url, a.title, a.published) == (
        "warc", "https://news.example/a", "Kyiv says 30 drones downed", "2025-02-28")  # page metadata
    assert a.text.startswith("Ukraine's air force said it shot down 30 drones")
    assert "Subscribe" not in a.text and "Copyright" not in a.text
    assert (b.url, b.published) == ("https://news.example/b", "2025-03-02")  # WARC-Date fallback
    assert a.path == str(p)


def test_only_non_html_records(tmp_path):
    p = tmp_path / "nohtml.warc.gz"
    p.write_bytes(build([RECORDS[0], RECORDS[1], RECORDS[3]], gz=True))
    [err] = read(p)
    assert isinstance(err, IngestError)
    assert str(err) == "%s: no HTML response records in the WARC (3 records, all skipped)" % p


def test_malformed_record_is_named_and_the_rest_continue(tmp_path):
    data = build(RECORDS)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", data)]
    at = starts[3]  # before the image record
    p = tmp_path / "bad.warc"
    p.write_bytes(data[:at] + b"THIS IS NOT A WARC HEADER\r\n\r\n" + data[at:])
    items = read(p)
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "Document"]
    assert str(items[1]).startswith("%s: record 4 at byte %d: malformed record" % (p, at))
    assert items[2].url == "https://news.example/b"


def test_corrupt_gzip_member_is_skipped(tmp_path):
    data = build(RECORDS, gz=True)
    starts = [m.start() for m in re.finditer(rb"\x1f\x8b\x08", data)]
    s = starts[2]  # the first HTML response
    p = tmp_path / "bad.warc.gz"
    p.write_bytes(data[:s + 20] + b"\x00" * 40 + data[s + 60:])
    items = read(p)
    assert [type(i).__name__ for i in items] == ["IngestError", "Document"]
    assert "record 3 at byte %d: malformed record" % s in str(items[0])
    assert items[1].url == "https://news.example/b"


def test_record_without_article_text(tmp_path):
    empty = b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>"
    p = tmp_path / "e.warc"
    p.write_bytes(build([("response", "https://news.example/e", "text/html", empty, "2025-03-01T00:00:00Z"),
                         RECORDS[4]]))
    err, doc = read(p)
    assert str(err) == ("%s: record 1 at byte 0: https://news.example/e: no article text found in the HTML page" % p)
    assert doc.url == "https://news.example/b"


def test_oversized_record(tmp_path):
    p = tmp_path / "big.warc"
    p.write_bytes(build([RECORDS[2], RECORDS[4]]))
    items = read(p, Settings(max_document_bytes=len(PAGE_B) + 1))
    assert [type(i).__name__ for i in items] == ["IngestError", "Document"]
    assert "too large" in str(items[0])


def test_truncated_gzip_warc(tmp_path):
    data = build(RECORDS, gz=True)
    starts = [m.start() for m in re.finditer(rb"\x1f\x8b\x08", data)]
    p = tmp_path / "cut.warc.gz"
    p.write_bytes(data[:starts[4] + 30])  # cut inside the last HTML response
    items = read(p)
    assert [type(i).__name__ for i in items] == ["Document", "IngestError"]
    assert str(items[1]) == ("%s: record 5 at byte %d: truncated or unreadable data at the end of the file "
                             "(30 bytes)" % (p, starts[4]))


@pytest.mark.parametrize("name, gz", [("cut.warc", False), ("cut.warc.gz", True)])
def test_truncated_final_record_is_an_error_not_a_fragment(tmp_path, name, gz):
    p = tmp_path / name
    p.write_bytes(build(RECORDS, gz)[:-40])  # the last 40 bytes of page B's record are gone
    items = read(p)
    assert [type(i).__name__ for i in items] == ["Document", "IngestError"]
    assert items[0].url == "https://news.example/a"
    assert "record 5 at byte " in str(items[1]) and ": truncated: the file ends " in str(items[1])


def test_content_length_past_the_end_is_skipped_and_the_next_record_read(tmp_path, capfd):
    data = build(RECORDS)
    # page A's record claims far more bytes than the file holds: it would swallow every record after it
    cl = re.compile(rb"Content-Length: \d+")
    third = [m for m in cl.finditer(data)][2]
    p = tmp_path / "long.warc"
    p.write_bytes(data[:third.start()] + b"Content-Length: 99999999" + data[third.end():])
    items = read(p)
    assert [type(i).__name__ for i in items] == ["IngestError", "Document"]
    assert "record 3 at byte" in str(items[0]) and "truncated" in str(items[0])
    assert items[1].url == "https://news.example/b"
    assert "WARNING" not in capfd.readouterr().err  # warcio's own warnings stay out of the output


def test_every_other_record_damaged(tmp_path):
    data = build(RECORDS)
    starts = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", data)]
    spans = zip(starts, starts[1:] + [len(data)])
    p = tmp_path / "many.warc"
    p.write_bytes(b"".join(data[a:b].replace(b"WARC/1.0", b"WARC/9.9", 1) if k % 2 else data[a:b]
                           for k, (a, b) in enumerate(spans)))
    items = read(p)
    assert [type(i).__name__ for i in items] == ["IngestError", "Document", "IngestError", "Document"]
    assert [i.url for i in items if not isinstance(i, IngestError)] == ["https://news.example/a",
                                                                          "https://news.example/b"]


def test_unseekable_input_says_what_it_could_not_read():
    from counterclaim.ingest import warc

    class Pipe(io.RawIOBase):
        def __init__(self, data):
            self._b = io.BytesIO(data)

        def readable(self):
            return True

        def readinto(self, b):
            return self._b.readinto(b)

    data = build(RECORDS)
    at = [m.start() for m in re.finditer(rb"WARC/1\.0\r\n", data)][3]
    bad = data[:at] + b"THIS IS NOT A WARC HEADER\r\n\r\n" + data[at:]
    items = list(warc.read(io.BufferedReader(Pipe(bad)), Settings(), "<stdin>"))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "IngestError"]
    assert "records after byte %d not read" % at in str(items[2])


@pytest.mark.parametrize("gz", [False, True])
def test_content_length_too_small_is_an_error_not_a_short_document(tmp_path, gz, capfd):
    """Page A's record says it is 150 bytes shorter than it is: it was read as a fragment of
    itself (a short document), the rest of its data taken for the gap before the next record."""
    import gzip
    parts = []
    for rec in RECORDS:
        data = build([rec])
        if rec[2].startswith("text/html") and rec[1].endswith("/a"):
            m = re.search(rb"Content-Length: (\d+)", data)
            data = data[:m.start()] + b"Content-Length: %d" % (int(m.group(1)) - 150) + data[m.end():]
        parts.append(gzip.compress(data) if gz else data)  # a .warc.gz is one gzip member per record
    p = tmp_path / ("short.warc.gz" if gz else "short.warc")
    p.write_bytes(b"".join(parts))
    items = read(p)
    assert [type(i).__name__ for i in items] == ["IngestError", "Document"], items
    assert "record 3 at byte " in str(items[0])
    assert "is smaller than the record" in str(items[0]) and "skipped" in str(items[0])
    assert items[1].url == "https://news.example/b"
    assert "WARNING" not in capfd.readouterr().err
