"""The corpus Parquet layout: partitioning by month, typed claim columns, streaming read-back."""
from __future__ import annotations

import json

import pyarrow.dataset as ds
import pytest

from counterclaim.corpus import parquet as cp
from counterclaim.corpus.parquet import read_parquet_dir
from counterclaim.errors import IngestError
from counterclaim.records import Actor, Claim, Document, Location, Part, Period, Subject, Value, make_claim_id


def _claim(doc: Document, i: int, value: int | None = 100) -> Claim:
    span = (0, min(len(doc.text), 10 + i))
    return Claim(
        claim_id=make_claim_id(doc.doc_id, span, None, "personnel.killed"), doc_id=doc.doc_id,
        kind="reported", claimant=Actor("Ukraine’s General Staff", "ua.general_staff", "UA"),
        subject=Subject("Russian forces", "RU"), metric="personnel.killed" if value else None,
        value=Value(value, value, "exact", "{:,}".format(value)) if value else None,
        location=Location("Sudzha", "RU-KRS", 12345), period=Period("2025-04-25", "2025-04-26", "overnight"),
        stated_on="2025-04-26", quote=doc.text[span[0]:span[1]], span=span,
        citations=("https://example.org/a",), part_of=None, confidence=0.875)


def _doc(i: int, published: str | None) -> Document:
    text = "Document %d: Ukraine’s General Staff said Russia lost %d soldiers.\n\nSecond paragraph." % (i, i)
    parts = (Part("t3_x", 0, 10, "alice", "2025-04-26T10:00:00", None, "https://r.example/x", "post", 0),) if i % 3 == 0 else ()
    return Document(text=text, title="T%d" % i, url="https://example.org/%d" % i, published=published,
                    format="text", source="test", parts=parts, path="/in/%d.txt" % i)


@pytest.mark.parametrize("published,month", [
    ("2025-04-26", "2025-04"), ("2025-04-26T10:00:00+00:00", "2025-04"), ("2025-11", "2025-11"),
    ("2025", "unknown"), (None, "unknown"), ("", "unknown"), ("2025-13-01", "unknown"), ("April 2025", "unknown"),
])
def test_published_month(published, month):
    assert cp.published_month(published) == month


def test_write_and_read_back_streams_documents_with_their_claims(tmp_path):
    months = ["2025-01-03", "2025-02-10", None, "2025-03-01T00:00:00Z"]
    docs_w = cp.PartitionedWriter(tmp_path / "documents", cp.DOCUMENT_SCHEMA, rows_per_group=7, max_open=2)
    claims_w = cp.PartitionedWriter(tmp_path / "claims", cp.CLAIM_SCHEMA, rows_per_group=5, max_open=2)
    expected = {}
    for i in range(60):
        doc = _doc(i, months[i % len(months)])
        claims = [_claim(doc, k, value=(100 + k) if k % 2 == 0 else None) for k in range(i % 4)]
        row = cp.document_row(doc, claims)
        m = cp.published_month(doc.published)
        docs_w.write(m, row)
        for c, rec in zip(claims, row["claim_records"]):
            claims_w.write(m, cp.claim_row(c, rec))
        expected[doc.doc_id] = (doc, claims)
    docs_w.close()
    claims_w.close()

    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == [
        "published_month=2025-01", "published_month=2025-02", "published_month=2025-03", "published_month=unknown"]
    # max_open=2 forced files to be closed and reopened as new parts: nothing may be lost
    assert len(list((tmp_path / "documents").rglob("*.parquet"))) > 4

    got = {}
    for doc, claims in read_parquet_dir(tmp_path, batch_size=8):
        assert doc.doc_id not in got
        got[doc.doc_id] = (doc, claims)
    assert got.keys() == expected.keys()
    for doc_id, (doc, claims) in expected.items():
        gdoc, gclaims = got[doc_id]
        assert gdoc == doc
        assert [c.to_dict() for c in gclaims] == [c.to_dict() for c in claims]

    rows = list(cp.iter_claim_rows(tmp_path))
    assert len(rows) == sum(len(c) for _, c in expected.values())
    one = next(r for r in rows if r["value_low"] is not None)
    assert isinstance(one["value_low"], int) and one["qualifier"] == "exact"
    assert one["location_geonames"] == 12345 and one["citations"] == ["https://example.org/a"]
    assert json.loads(one["record"])["claim_id"] == one["claim_id"]
    assert one["published_month"] == cp.published_month(expected[one["doc_id"]][0].published)
    # typed columns, readable by any Parquet reader
    schema = ds.dataset(str(tmp_path / "claims"), format="parquet", partitioning="hive").schema
    assert str(schema.field("value_low").type) == "int64"
    assert str(schema.field("confidence").type) == "double"


def test_read_parquet_dir_accepts_the_documents_folder_and_refuses_others(tmp_path):
    w = cp.PartitionedWriter(tmp_path / "documents", cp.DOCUMENT_SCHEMA)
    d = _doc(1, None)
    w.write("unknown", cp.document_row(d, []))
    w.close()
    assert [x[0].doc_id for x in read_parquet_dir(tmp_path / "documents")] == [d.doc_id]
    with pytest.raises(IngestError, match="not a corpus output directory"):
        list(read_parquet_dir(tmp_path / "claims"))


def test_empty_writer_leaves_an_empty_table_folder(tmp_path):
    w = cp.PartitionedWriter(tmp_path / "documents", cp.DOCUMENT_SCHEMA)
    w.close()
    assert list(read_parquet_dir(tmp_path)) == []
