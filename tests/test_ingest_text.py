"""Plain text and the bad-input errors every reader shares (through read_inputs / read_path)."""
import io
import sys
from pathlib import Path

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs, read_path
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def one(path, settings=None, expand_dirs=True):
    items = list(read_inputs([str(path)], settings or Settings(), expand_dirs=expand_dirs))
    assert len(items) == 1, items
    return items[0]


def test_headline_byline_and_text_kept_whole():
    doc = one(FIX / "headline.txt")
    assert doc.format == "text"
    assert doc.title == "Kremlin says 25 Ukrainian drones downed over Bryansk"
    assert doc.author == "Ivan Petrenko"
    # CRLF and trailing blanks are normalised, the headline stays in the text
    assert "\r" not in doc.text and doc.text.startswith(doc.title + "\n\nBy Ivan Petrenko\n\n")
    assert "said on Sunday.\n\nThe ministry" in doc.text
    assert doc.path == str(FIX / "headline.txt")


def test_no_title_when_first_line_is_a_sentence(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("The ministry said 40 drones were shot down.\n\nNo one was hurt.\n")
    assert one(p).title is None


def test_settings_override_published_and_source():
    doc = one(FIX / "headline.txt", Settings(published="2025-03-09", source="Wire"))
    assert (doc.published, doc.source) == ("2025-03-09", "Wire")


def test_missing_file():
    err = one("/nonexistent/dir/file.txt")
    assert isinstance(err, IngestError)
    assert str(err) == "/nonexistent/dir/file.txt: no such file"


def test_directory_refused_without_expansion(tmp_path):
    err = one(tmp_path, expand_dirs=False)
    assert isinstance(err, IngestError) and str(err) == "%s: is a directory" % tmp_path


@pytest.mark.parametrize("content, reason", [(b"", "empty file (0 bytes)"),
                                             (b"  \n\t\r\n  \n", "empty file (only whitespace)")])
def test_empty_files(tmp_path, content, reason):
    p = tmp_path / "e.txt"
    p.write_bytes(content)
    err = one(p)
    assert isinstance(err, IngestError) and str(err) == "%s: %s" % (p, reason)


def test_binary_file(tmp_path):
    p = tmp_path / "b.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    err = one(p)
    assert isinstance(err, IngestError)
    assert "binary file (NUL byte at byte 8)" in str(err)


def test_invalid_utf8_names_the_byte(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("Kyiv said 12 were killed in Kramatorsk. ".encode() + "Caf\xe9".encode("latin-1"))
    err = one(p)
    assert isinstance(err, IngestError)
    assert str(err) == "%s: invalid UTF-8 at byte 43 (byte 0xe9)" % p


def test_utf8_bom_and_utf16_are_read(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(b"\xef\xbb\xbfHello 5 tanks")
    assert one(p).text == "Hello 5 tanks"
    q = tmp_path / "u16.txt"
    q.write_bytes("Привіт 5 tanks".encode("utf-16"))
    assert one(q).text == "Привіт 5 tanks"


def test_too_large_is_refused_without_reading(tmp_path):
    p = tmp_path / "big.txt"
    with open(p, "wb") as f:  # sparse: 50 MB on paper, nothing on disk, never read
        f.truncate(50 * 1024 * 1024)
    err = one(p)
    assert isinstance(err, IngestError)
    assert str(err) == ("%s: too large: 50.0 MB (52428800 bytes) exceeds the limit of 10.0 MB "
                        "(10485760 bytes, max_document_bytes)" % p)


def test_bad_input_does_not_stop_the_others(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    items = list(read_inputs([str(empty), "/missing.txt", str(FIX / "headline.txt")], Settings()))
    assert [type(i).__name__ for i in items] == ["IngestError", "IngestError", "Document"]


def test_read_path_raises_for_a_whole_bad_input(tmp_path):
    with pytest.raises(IngestError, match="is a directory"):
        list(read_path(str(tmp_path), Settings()))


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Kyiv said 3 were hurt.\n")))
    doc = one("-")
    assert doc.text == "Kyiv said 3 were hurt." and doc.path == "<stdin>"


def test_stdin_too_large(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 5000)))
    err = one("-", Settings(max_document_bytes=1000))
    assert isinstance(err, IngestError) and str(err).startswith("<stdin>: too large")


def test_compressed_and_pdf_inputs_get_a_useful_reason(tmp_path):
    import gzip
    cases = {"notes.txt.gz": (gzip.compress(b"hello"), "gzip-compressed"),
             "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
             "pages.zip": (b"PK\x03\x04\x14\x00\x00\x00", "a ZIP archive")}
    for name, (data, why) in cases.items():
        p = tmp_path / name
        p.write_bytes(data)
        err = one(p)
        assert isinstance(err, IngestError) and str(err).startswith("%s: cannot read: the file is %s" % (p, why))
    t = tmp_path / "bzh.txt"
    t.write_text("BZh is how this note starts; 5 tanks.")
    assert one(t).text.startswith("BZh")
