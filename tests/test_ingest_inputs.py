"""read_inputs: folders, globs, expansion switch, order, settings applied everywhere."""
import shutil
from pathlib import Path

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.records import Document
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def tree(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    shutil.copy(FIX / "headline.txt", tmp_path / "a.txt")
    shutil.copy(FIX / "article.html", tmp_path / "sub" / "b.html")
    shutil.copy(FIX / "feed.rss", tmp_path / "sub" / "deeper" / "c.rss")
    (tmp_path / "sub" / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / ".hidden" / "x.txt").write_text("secret 5")
    (tmp_path / "sub" / "empty.txt").write_bytes(b"")
    return tmp_path


def test_folder_recursive_supported_files_only(tmp_path):
    root = tree(tmp_path)
    items = list(read_inputs([str(root)], Settings()))
    docs = [i for i in items if isinstance(i, Document)]
    errs = [i for i in items if isinstance(i, IngestError)]
    assert [Path(d.path).name for d in docs] == ["a.txt", "b.html", "c.rss", "c.rss"]
    assert [str(e) for e in errs] == ["%s: empty file (0 bytes)" % (root / "sub" / "empty.txt")]


def test_folder_refused_when_not_expanding(tmp_path):
    [err] = list(read_inputs([str(tree(tmp_path))], Settings(), expand_dirs=False))
    assert str(err) == "%s: is a directory" % tmp_path


def test_glob(tmp_path):
    root = tree(tmp_path)
    items = list(read_inputs([str(root / "**" / "*.html"), str(root / "*.nothing")], Settings()))
    assert isinstance(items[0], Document) and items[0].format == "html"
    assert str(items[1]) == "%s: no files match this pattern" % (root / "*.nothing")


def test_empty_folder(tmp_path):
    (tmp_path / "only.png").write_bytes(b"\x00")
    [err] = list(read_inputs([str(tmp_path)], Settings()))
    assert str(err) == "%s: no supported files in this folder" % tmp_path


def test_published_and_source_override_every_format(tmp_path):
    root = tree(tmp_path)
    s = Settings(published="2024-12-31", source="batch")
    docs = [i for i in read_inputs([str(root), str(FIX / "thread.json"), str(FIX / "docs.jsonl")], s)
            if isinstance(i, Document)]
    assert len(docs) == 8
    assert {(d.published, d.source) for d in docs} == {("2024-12-31", "batch")}


def test_read_inputs_is_lazy(tmp_path):
    gen = read_inputs(["/does/not/exist.txt", str(FIX / "headline.txt")], Settings())
    first = next(gen)
    assert isinstance(first, IngestError)
    assert isinstance(next(gen), Document)


def test_reader_crash_becomes_an_error(tmp_path, monkeypatch):
    from counterclaim.ingest import _READERS

    def boom(data, settings, origin):
        raise RuntimeError("parser exploded")
        yield  # pragma: no cover

    monkeypatch.setitem(_READERS, "text", boom)
    items = list(read_inputs([str(FIX / "headline.txt"), str(FIX / "article.html")], Settings()))
    assert str(items[0]) == "%s: could not be read (RuntimeError: parser exploded)" % (FIX / "headline.txt")
    assert isinstance(items[1], Document)


def test_format_modules_take_a_path_bytes_or_stream():
    import io

    from counterclaim.ingest import jsonl, reddit, text
    s = Settings()
    path = FIX / "thread.json"
    by_path = list(reddit.read(path, s))
    by_bytes = list(reddit.read(path.read_bytes(), s, str(path)))
    by_stream = list(reddit.read(io.BytesIO(path.read_bytes()), s, str(path)))
    assert by_path == by_bytes == by_stream and by_path[0].path == str(path)
    assert len([d for d in jsonl.read(FIX / "docs.jsonl", s) if isinstance(d, Document)]) == 3
    big = FIX / "headline.txt"
    try:
        list(text.read(big, Settings(max_document_bytes=10)))
    except IngestError as e:
        assert "too large" in str(e) and str(e).startswith(str(big))
    else:
        raise AssertionError("size cap not applied")


def test_named_pipe_is_read_as_a_stream(tmp_path):
    import os
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def writer():
        with open(fifo, "wb") as f:
            f.write(b'{"text": "Piped 1"}\n{"text": "Piped 2"}\n')

    t = threading.Thread(target=writer)
    t.start()
    items = list(read_inputs([str(fifo)], Settings()))
    t.join(5)
    assert [d.text for d in items] == ["Piped 1", "Piped 2"] and items[0].path == str(fifo)


def test_read_data_detects_and_applies_settings():
    from counterclaim.ingest import read_data

    [doc] = list(read_data((FIX / "article.html").read_bytes(), Settings(source="up"), "upload.html"))
    assert (doc.format, doc.source, doc.path) == ("html", "up", "upload.html")
    docs = list(read_data((FIX / "docs.jsonl").read_bytes(), Settings(), "x.jsonl"))
    assert len([d for d in docs if isinstance(d, Document)]) == 3
    try:
        list(read_data(b"x" * 100, Settings(max_document_bytes=10), "big.txt"))
    except IngestError as e:
        assert str(e).startswith("big.txt: too large: 100 bytes")
    else:
        raise AssertionError("size cap not applied")
