"""The Spark engine against the local reference: same documents, same claims, same failures."""
from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from counterclaim.corpus.local import run_local
from counterclaim.corpus.parquet import iter_claim_rows, read_parquet_dir
from counterclaim.corpus.synthetic import make_corpus, write_bad_inputs
from counterclaim.records import Document
from counterclaim.settings import Settings

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install counterclaim[spark])")
pytest.importorskip("counterclaim.ingest", reason="the readers (counterclaim.ingest) are not there yet")


def _java_ok() -> bool:
    if not shutil.which("java"):
        return False
    try:
        return subprocess.run(["java", "-version"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


pytestmark = [pytest.mark.spark,
              pytest.mark.skipif(not _java_ok(), reason="no Java runtime: Spark needs Java 17 "
                                 "(Debian: apt-get install openjdk-17-jre-headless; ./run setup does it)")]


@pytest.fixture(scope="module")
def spark():
    from counterclaim.corpus.spark import spark_session
    session = spark_session("local[2]", app_name="counterclaim tests")
    yield session
    session.stop()


def stand_in_factory():
    """One claim per sentence with a number; no spaCy. Nested, so cloudpickle ships it by value."""
    import re

    from counterclaim.records import Actor, Claim, Subject, Value, make_claim_id

    sentence = re.compile(r"[^.!?\n]*\d[^.!?\n]*[.!?]?")
    number = re.compile(r"\d[\d,]*")

    def factory(settings):
        def extract(doc):
            if "EXPLODE" in doc.text:
                raise RuntimeError("stand-in failure")
            out = []
            for m in sentence.finditer(doc.text):
                n = int(number.search(m.group()).group().replace(",", "") or 0)
                span = (m.start(), m.end())
                out.append(Claim(claim_id=make_claim_id(doc.doc_id, span, None, "event"), doc_id=doc.doc_id,
                                 kind="assertion", claimant=Actor("author", "author", None), subject=Subject(),
                                 metric="event", value=Value(n, n, "exact", str(n)), location=None, period=None,
                                 stated_on=doc.published, quote=m.group(), span=span))
            return out
        return extract
    return factory


def _result(out):
    """({doc_id: document dict without path}, {claim_id: record}) of an output folder."""
    docs, claims = {}, {}
    for doc, cs in read_parquet_dir(out):
        d = doc.to_dict()
        d.pop("path")
        assert doc.doc_id not in docs
        docs[doc.doc_id] = d
        for c in cs:
            assert c.claim_id not in claims
            claims[c.claim_id] = c.to_dict()
    return docs, claims


def _same_runs(local, spark_summary, out_local, out_spark):
    docs_l, claims_l = _result(out_local)
    docs_s, claims_s = _result(out_spark)
    assert docs_s.keys() == docs_l.keys()
    assert docs_s == docs_l
    assert claims_s.keys() == claims_l.keys()
    assert claims_s == claims_l
    rows_l = {r["claim_id"]: r for r in iter_claim_rows(out_local)}
    rows_s = {r["claim_id"]: r for r in iter_claim_rows(out_spark)}
    assert rows_s == rows_l
    for key in ("documents", "claims", "errors", "months", "errors_by_stage"):
        assert getattr(spark_summary, key) == getattr(local, key), key
    assert sorted((e["path"], e["stage"], e["reason"]) for e in spark_summary.error_list) == \
        sorted((e["path"], e["stage"], e["reason"]) for e in local.error_list)


def test_spark_plumbing_matches_local_with_failures(spark, tmp_path):
    make_corpus(tmp_path / "in", n_documents=150)
    write_bad_inputs(tmp_path / "in" / "bad", big_bytes=20 * 1024 * 1024)
    (tmp_path / "in" / "bad" / "explode.txt").write_text("This page makes the extractor EXPLODE with 3 figures.\n")
    inputs = [str(tmp_path / "in"), str(tmp_path / "nope.jsonl")]
    local = run_local(inputs, tmp_path / "local", Settings(), extractor=stand_in_factory())
    from counterclaim.corpus.spark import run_spark
    summary = run_spark(inputs, str(tmp_path / "spark"), Settings(), extractor=stand_in_factory(), spark=spark)
    assert local.errors >= 8 and summary.documents == local.documents > 150
    assert summary.errors_by_stage == {"read": local.errors - 1, "extract": 1}
    _same_runs(local, summary, tmp_path / "local", tmp_path / "spark")
    written = json.loads((tmp_path / "spark" / "summary.json").read_text())
    assert written["engine"] == "spark" and written["documents"] == summary.documents
    assert sorted(p.name for p in (tmp_path / "spark" / "documents").iterdir() if p.is_dir()) == \
        sorted("published_month=" + m for m in local.months)


def test_hadoop_uri_route_reads_the_same_documents(spark, tmp_path):
    """Inputs given as URIs (hdfs://, s3a://…) are read by Spark's binaryFile source."""
    from counterclaim.corpus.spark import _units_frame, split_inputs
    from counterclaim.corpus.stages import read_unit

    make_corpus(tmp_path / "in", n_documents=40)
    direct, hadoop = split_inputs(["hdfs://nn:8020/crawl/", str(tmp_path / "in"), "https://x.example/a.html"],
                                  local_master=True)
    assert hadoop == ["hdfs://nn:8020/crawl/"] and direct[-1] == "https://x.example/a.html"
    assert split_inputs(["/data/x.warc"], local_master=False) == ([], ["/data/x.warc"])
    # a path with no scheme under a cluster master goes to binaryFile (here: the local file system)
    units = _units_frame(spark, [str(tmp_path / "in" / "warc"), str(tmp_path / "in" / "html")],
                         local_master=False).collect()
    on_disk = sorted("file:" + str(p) for sub in ("warc", "html") for p in (tmp_path / "in" / sub).iterdir())
    assert sorted(u["path"] for u in units) == on_disk and len(on_disk) > 5
    assert all(u["content"] for u in units)
    settings = Settings()

    def items(path, content=None):
        out = []
        for it in read_unit(path, settings, content):
            if isinstance(it, Document):
                d = it.to_dict()
                out.append(("doc", d.pop("path"), d))
            else:
                out.append(("error", it.path, it.reason))
        return out

    for u in units:
        local_path = u["path"][len("file:"):]
        via_bytes, direct_docs = items(u["path"], bytes(u["content"])), items(local_path)
        assert len(via_bytes) == len(direct_docs) > 0
        for a, b in zip(via_bytes, direct_docs):
            assert (a[0], a[2]) == (b[0], b[2])
            assert a[1] == u["path"] and b[1] == local_path


@pytest.mark.slow
def test_spark_local2_matches_local_engine_on_2000_documents(spark, tmp_path):
    """The done-when of issue 7: same claim ids and records from both engines, real extractor."""
    pytest.importorskip("counterclaim.extract.pipeline", reason="the extractor is not there yet")
    counts = make_corpus(tmp_path / "in", n_documents=2000)
    assert sum(counts.values()) >= 2000 and counts["warc"] > 0
    settings = Settings()
    local = run_local([str(tmp_path / "in")], tmp_path / "local", settings)
    from counterclaim.corpus.spark import run_spark
    summary = run_spark([str(tmp_path / "in")], str(tmp_path / "spark"), settings, spark=spark)
    assert local.errors == 0, local.error_list[:5]
    assert local.documents >= 2000 and local.claims > local.documents
    _same_runs(local, summary, tmp_path / "local", tmp_path / "spark")


def test_corpus_extract_command_on_spark(spark, tmp_path):
    """The command's Spark path, with the real extractor, reusing the running session."""
    pytest.importorskip("counterclaim.extract.pipeline", reason="the extractor is not there yet")
    from click.testing import CliRunner

    from counterclaim.cli import main

    make_corpus(tmp_path / "in", n_documents=30)
    res = CliRunner().invoke(main, ["corpus", "extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"),
                                    "--engine", "spark", "--master", "local[2]", "--partitions", "3"])
    assert res.exit_code == 0, res.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["engine"] == "spark" and summary["documents"] == 30 and summary["errors"] == 0
    assert summary["master"] == "local[2]" and summary["startup_seconds"] == 0.0
    assert "spark: 30 documents, %d claims, 0 errors" % summary["claims"] in res.output
    assert sum(len(c) for _, c in read_parquet_dir(tmp_path / "out")) == summary["claims"] > 30
    assert not spark.sparkContext._jsc.sc().isStopped()  # a session the command did not start stays up


def test_summary_through_hadoop_file_system(spark, tmp_path):
    """Outputs on HDFS or S3 get their summary.json through Hadoop's FileSystem API."""
    from counterclaim.corpus.spark import _write_summary
    from counterclaim.corpus.summary import RunSummary

    s = RunSummary(engine="spark", out="x", documents=3, claims=7)
    s.add_error("hdfs://nn/a.warc", "read", "record 2 at byte 10: malformed record (bad header)")
    (tmp_path / "o").mkdir()
    _write_summary(s, "file:" + str(tmp_path / "o"), spark)  # not file://: the Hadoop route
    got = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert (got["documents"], got["claims"], got["errors"]) == (3, 7, 1)
    assert got["error_list"][0]["reason"].startswith("record 2")
