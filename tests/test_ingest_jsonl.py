"""JSON Lines of documents (and plain JSON documents): bad lines are errors, the rest still read."""
from pathlib import Path

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def read(path, settings=None):
    return list(read_inputs([str(path)], settings or Settings()))


def test_good_and_bad_lines():
    items = read(FIX / "docs.jsonl")
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["Document", "Document", "IngestError", "IngestError", "IngestError", "Document"]
    a, b, e3, e4, e6, g = items
    assert (a.text, a.url, a.published, a.title, a.source, a.format) == (
        "The governor said 7 people were killed in the strike on Sumy.", "https://a.example/1", "2025-04-13",
        "Sumy strike", "Wire A", "jsonl")
    assert b.published == "2025-04-14"  # a date-time keeps its own (local) date
    p = FIX / "docs.jsonl"
    assert str(e3).startswith("%s: line 3: truncated JSON" % p)
    assert str(e4) == '%s: line 4: missing "text" string' % p
    assert str(e6) == "%s: line 6: \"published\" is not an ISO date: '14 April'" % p
    assert g.author == "Desk"


def test_invalid_utf8_line_names_line_and_byte(tmp_path):
    p = tmp_path / "u.jsonl"
    p.write_bytes(b'{"text": "ok one"}\n{"text": "bad \xff"}\n{"text": "ok two"}\n')
    items = read(p)
    assert [getattr(i, "text", None) for i in items] == ["ok one", None, "ok two"]
    assert str(items[1]) == "%s: line 2: invalid UTF-8 at byte 33 (byte 0xff)" % p


def test_overlong_line_skipped_without_reading_it(tmp_path):
    p = tmp_path / "long.jsonl"
    p.write_text('{"text": "first"}\n{"text": "%s"}\n{"text": "third"}\n' % ("x" * 5000))
    items = read(p, Settings(max_document_bytes=1000))
    assert [getattr(i, "text", None) for i in items] == ["first", None, "third"]
    assert "line 2: too large" in str(items[1])


def test_file_that_is_not_documents_is_one_error(tmp_path):
    p = tmp_path / "other.jsonl"
    p.write_text("\n".join('{"id": %d}' % i for i in range(50)) + "\n")
    [err] = read(p)
    assert isinstance(err, IngestError)
    assert "not JSON Lines of documents: the first 5 lines all failed" in str(err)


def test_large_collection_is_not_capped_as_a_whole(tmp_path):
    p = tmp_path / "many.jsonl"
    p.write_text("".join('{"text": "Document number %d says 5 tanks."}\n' % i for i in range(200)))
    docs = read(p, Settings(max_document_bytes=2000))  # the file is ~7 KB, each line far below
    assert len(docs) == 200 and all(d.format == "jsonl" for d in docs)


def test_blank_only_jsonl(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text("\n\n   \n")
    [err] = read(p)
    assert isinstance(err, IngestError) and "empty file" in str(err)


def test_json_document_and_list(tmp_path):
    one = tmp_path / "one.json"
    one.write_text('{"text": "Kyiv said 4 were hurt.", "title": "T", "published": "2025-01-02"}')
    [doc] = read(one)
    assert (doc.text, doc.title, doc.published, doc.format) == ("Kyiv said 4 were hurt.", "T", "2025-01-02", "json")
    many = tmp_path / "many.json"
    many.write_text('[{"text": "a 1"}, {"txt": "b"}, {"text": "c 3"}]')
    items = read(many)
    assert [getattr(i, "text", None) for i in items] == ["a 1", None, "c 3"]
    assert str(items[1]) == '%s: item 1: missing "text" string' % many


def test_exported_documents_round_trip(tmp_path):
    import json

    from counterclaim.ingest import read_inputs as ri
    [thread] = list(ri([str(FIX / "thread.json")], Settings()))
    p = tmp_path / "export.jsonl"
    bad = dict(thread.to_dict(), parts=[dict(thread.parts[0].to_dict(), end=10 ** 6)])
    p.write_text(json.dumps(thread.to_dict()) + "\n" + json.dumps(bad) + "\n")
    again, err = read(p)
    assert again.text == thread.text and again.parts == thread.parts and again.doc_id == thread.doc_id
    assert str(err) == "%s: line 2: part 't3_1abc9zz' has offsets outside the text" % p


HOSTILE_LINES = {
    "long number": '{"text": "x", "n": %s}' % ("9" * 5000),
    "deep brackets": '{"text": "x", "n": %s}' % ("[" * 200 + "]" * 200),
    "very deep brackets": "[" * 5000 + "]" * 5000,
    "lone surrogate": '{"text": "bad \\ud800 here"}',
}


@pytest.mark.parametrize("name", sorted(HOSTILE_LINES))
def test_hostile_line_is_one_error_and_the_rest_are_read(tmp_path, name):
    p = tmp_path / "h.jsonl"
    bad = HOSTILE_LINES[name]
    p.write_text('{"text": "one 1"}\n%s\n{"text": "two 2"}\n%s\n{"text": "three 3"}\n' % (bad, bad))
    items = read(p)
    assert [getattr(i, "text", None) for i in items] == ["one 1", None, "two 2", None, "three 3"]
    for err, line in ((items[1], 2), (items[3], 4)):
        assert isinstance(err, IngestError)
        assert str(err).startswith("%s: line %d: " % (p, line))
        assert "could not be read" not in str(err)


def test_hostile_line_messages(tmp_path):
    p = tmp_path / "m.jsonl"
    p.write_text('{"text": "ok 1"}\n' + "\n".join(HOSTILE_LINES[k] for k in
                                                  ("long number", "deep brackets", "lone surrogate")) + "\n")
    _, num, deep, sur = read(p)
    assert "number in the JSON is too long" in str(num)
    assert "nested too deeply" in str(deep)
    assert "lone surrogate (\\ud800)" in str(sur)


@pytest.mark.parametrize("line, reason", [
    ('{"text": "a 1", "title": 5}', '"title" must be a string, got int'),
    ('{"text": ["a"]}', '"text" must be a string, got list'),
    ('{"text": "a 1", "published": {"y": 1}}', '"published" must be a string, got dict'),
    ('{"text": "a 1", "parts": {"x": 1}}', '"parts" must be a list of objects'),
    ('{"text": "a 1", "parts": [{"id": 1, "start": 0, "end": 1}]}', 'part 0: "id" must be a string, got int'),
    ('{"text": "a 1", "parts": [{"id": "p", "start": "0", "end": 1}]}', 'part 0: "start" must be an integer'),
    ('{"text": "a 1", "parts": [{"id": "p", "start": 0, "end": 1, "depth": 1e999}]}',
     'part 0: "depth" must be an integer, got float'),
])
def test_wrong_field_types_are_clear_errors(tmp_path, line, reason):
    p = tmp_path / "t.jsonl"
    p.write_text('{"text": "ok 1"}\n%s\n{"text": "ok 2"}\n' % line)
    first, err, last = read(p)
    assert (first.text, last.text) == ("ok 1", "ok 2")
    assert isinstance(err, IngestError) and str(err).startswith("%s: line 2: " % p)
    assert reason in str(err)
    assert "TypeError" not in str(err)


@pytest.mark.parametrize("published", ["9999-12-31T23:59:59Z", "9999-12-31", "0001-01-01"])
def test_calendar_edge_published_extracts_without_overflow(tmp_path, extractor, published):
    p = tmp_path / "far.jsonl"
    p.write_text('{"text": "Kyiv said on Monday that 5 drones were downed yesterday.", "published": "%s"}\n'
                 % published)
    [doc] = read(p)
    assert doc.published == published[:10]
    assert extractor.extract(doc)  # no OverflowError from the calendar arithmetic
