"""Reddit comments JSON: one Document per thread, Parts with exact offsets."""
import json
from pathlib import Path

import pytest

from counterclaim.errors import IngestError
from counterclaim.ingest import read_inputs
from counterclaim.records import normalise_text
from counterclaim.settings import Settings

FIX = Path(__file__).parent / "fixtures" / "ingest"


def thread():
    [doc] = list(read_inputs([str(FIX / "thread.json")], Settings()))
    return doc


def test_one_document_per_thread_with_metadata():
    doc = thread()
    assert doc.format == "reddit"
    assert doc.title == "General Staff: 1,250 Russian soldiers lost in the past day & 8 tanks"
    assert doc.author == "front_watch"
    assert doc.published == "2025-03-06"
    assert doc.url == "https://www.reddit.com/r/UkraineConflict/comments/1abc9zz/general_staff_1250/"
    assert doc.source == "r/UkraineConflict"


def test_tree_order_more_stubs_and_removed_bodies_skipped():
    doc = thread()
    assert [p.id for p in doc.parts] == ["t3_1abc9zz", "t1_c1", "t1_c2", "t1_c3", "t1_c5", "t1_c6"]
    assert [p.depth for p in doc.parts] == [0, 0, 1, 2, 1, 0]
    assert [p.parent for p in doc.parts] == [None, "t3_1abc9zz", "t1_c1", "t1_c2", "t1_c4", "t3_1abc9zz"]
    assert [p.kind for p in doc.parts] == ["post"] + ["comment"] * 5
    assert "[removed]" not in doc.text


def test_authors_dates_permalinks():
    parts = {p.id: p for p in thread().parts}
    assert parts["t1_c2"].author is None            # "[deleted]"
    assert parts["t1_c3"].author == "Cafe\u0301_analyst"  # user names are kept as given
    assert parts["t1_c1"].published == "2025-03-06T09:00:00Z"
    assert parts["t1_c5"].url == "https://www.reddit.com/r/UkraineConflict/comments/1abc9zz/general_staff_1250/c5/"


def test_offsets_point_at_each_comment_body():
    doc = thread()
    raw = json.loads((FIX / "thread.json").read_text())
    bodies = {}
    stack = list(raw[1]["data"]["children"])
    while stack:
        c = stack.pop()
        if c["kind"] != "t1":
            continue
        bodies["t1_" + c["data"]["id"]] = c["data"]["body"]
        if c["data"]["replies"]:
            stack.extend(c["data"]["replies"]["data"]["children"])
    import html as h
    for p in doc.parts[1:]:
        assert doc.text[p.start:p.end] == normalise_text(h.unescape(bodies[p.id]))
    # entities unescaped, NFC applied, trailing newlines gone
    assert doc.text[doc.parts[2].start:doc.parts[2].end] == "Source: https://example.org/report?id=1&lang=en"
    assert doc.text[doc.parts[3].start:doc.parts[3].end].startswith("Café talk aside, ≈ 1.2k")
    post = doc.parts[0]
    assert doc.text[post.start:post.end] == (
        "General Staff: 1,250 Russian soldiers lost in the past day & 8 tanks\n\n"
        "Numbers from this morning's update.\nKilled and wounded combined > as usual.")
    # pieces are separated by exactly one blank line
    for a, b in zip(doc.parts, doc.parts[1:]):
        assert doc.text[a.end:b.start] == "\n\n"
    assert doc.parts[-1].end == len(doc.text)


def test_truncated_json():
    [err] = list(read_inputs([str(FIX / "truncated.json")], Settings()))
    assert isinstance(err, IngestError)
    assert "truncated.json: truncated JSON" in str(err) and "line 23" in str(err)


def test_json_that_is_not_a_thread(tmp_path):
    p = tmp_path / "other.json"
    p.write_text('[{"kind": "Listing", "data": {"children": [{"kind": "t5", "data": {}}]}}]')
    [err] = list(read_inputs([str(p)], Settings()))
    assert isinstance(err, IngestError) and "not a Reddit comments page" in str(err)


def test_link_post_keeps_its_link_as_text(tmp_path):
    post = {"kind": "t3", "data": {"id": "x1", "title": "Report", "selftext": "", "is_self": False,
                                   "url": "https://news.example/a", "author": "u", "created_utc": 0,
                                   "permalink": "/r/a/comments/x1/report/"}}
    p = tmp_path / "link.json"
    p.write_text(json.dumps([{"kind": "Listing", "data": {"children": [post]}},
                             {"kind": "Listing", "data": {"children": []}}]))
    [doc] = list(read_inputs([str(p)], Settings()))
    assert doc.text == "Report\n\nhttps://news.example/a"
    assert doc.published == "1970-01-01" and doc.parts[0].end == len(doc.text)


def test_hostile_nesting(tmp_path):
    p = tmp_path / "deep.json"
    p.write_text("[" * 100000 + "]" * 100000)
    [err] = list(read_inputs([str(p)], Settings()))
    assert isinstance(err, IngestError) and str(err) == "%s: JSON nested too deeply to read" % p


def test_offsets_hold_for_awkward_bodies(tmp_path):
    import random

    from counterclaim.ingest import reddit
    rnd = random.Random(7)
    alphabet = ["a", "Z", "5", " ", "\t", "\n", "\r\n", "\r", "e\u0301", "\u0301", "\u00a0", "&amp;", "&gt;",
                "\u2028", "ё", "😀", "  \n", "\n\n\n"]

    def body():
        return "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))

    def comment(i, depth, parent):
        kids = [comment("%s_%d" % (i, k), depth + 1, "t1_%s" % i) for k in range(rnd.randint(0, 2))] if depth < 3 else []
        return {"kind": "t1", "data": {"id": str(i), "author": "u%s" % i, "parent_id": parent, "depth": depth,
                                       "body": body(), "created_utc": 1700000000 + depth,
                                       "replies": {"kind": "Listing", "data": {"children": kids}} if kids else ""}}

    post = {"kind": "t3", "data": {"id": "p", "title": body() + "title", "selftext": body(), "is_self": True,
                                   "author": "op", "created_utc": 1700000000}}
    obj = [{"kind": "Listing", "data": {"children": [post]}},
           {"kind": "Listing", "data": {"children": [comment(n, 0, "t3_p") for n in range(6)]}}]
    doc = reddit.thread(obj, Settings(), "x.json")
    bodies = {}
    stack = list(obj[1]["data"]["children"])
    while stack:
        c = stack.pop()["data"]
        bodies["t1_" + c["id"]] = c["body"]
        if c["replies"]:
            stack.extend(c["replies"]["data"]["children"])
    import html as h
    expected = [i for i, b in bodies.items() if normalise_text(h.unescape(b)).strip()]
    assert sorted(p.id for p in doc.parts[1:]) == sorted(expected)
    for p in doc.parts[1:]:
        assert doc.text[p.start:p.end] == normalise_text(h.unescape(bodies[p.id]))


def _set(raw, where, key, value):
    """The fixture thread with one field of the post (``where`` None) or a comment changed."""
    if where is None:
        raw[0]["data"]["children"][0]["data"][key] = value
    else:
        raw[1]["data"]["children"][0]["data"][key] = value
    return raw


@pytest.mark.parametrize("where, key, value, reason", [
    (None, "title", 7, 'post: "title" must be a string, got number'),
    (None, "selftext", ["a"], 'post: "selftext" must be a string, got list'),
    (None, "permalink", {"x": 1}, 'post: "permalink" must be a string, got object'),
    (None, "url", True, 'post: "url" must be a string, got boolean'),
    (None, "subreddit", 5, 'post: "subreddit" must be a string, got number'),
    ("comment", "body", 12, '"body" must be a string, got number'),
    ("comment", "permalink", 3.5, '"permalink" must be a string, got number'),
    ("comment", "depth", "deep", '"depth" must be a whole number, got str'),
    ("comment", "parent_id", [1], '"parent_id" must be a string, got list'),
])
def test_wrong_field_types_name_the_file_and_the_field(tmp_path, where, key, value, reason):
    raw = json.loads((FIX / "thread.json").read_text())
    if key == "subreddit":
        raw[0]["data"]["children"][0]["data"].pop("subreddit_name_prefixed", None)
    p = tmp_path / "t.json"
    p.write_text(json.dumps(_set(raw, where, key, value)))
    [err] = list(read_inputs([str(p)], Settings()))
    assert isinstance(err, IngestError)
    assert str(err).startswith("%s: not a Reddit comments page as Reddit writes it: " % p)
    assert reason in str(err) and "could not be read" not in str(err)


def test_post_data_not_an_object(tmp_path):
    raw = json.loads((FIX / "thread.json").read_text())
    raw[0]["data"]["children"][0]["data"] = "gone"
    p = tmp_path / "t.json"
    p.write_text(json.dumps(raw))
    [err] = list(read_inputs([str(p)], Settings()))
    assert isinstance(err, IngestError) and '"data" must be an object, got str' in str(err)


def test_far_future_and_odd_timestamps_are_no_date(tmp_path):
    raw = json.loads((FIX / "thread.json").read_text())
    raw[0]["data"]["children"][0]["data"]["created_utc"] = 1e300
    raw[1]["data"]["children"][0]["data"]["created_utc"] = "soon"
    p = tmp_path / "t.json"
    p.write_text(json.dumps(raw))
    [doc] = list(read_inputs([str(p)], Settings()))
    assert doc.published is None and doc.parts[1].published is None
