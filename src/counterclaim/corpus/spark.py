"""``--engine spark``: the corpus run on Apache Spark, same output as ``local.py``.

1. list the inputs on the driver: local files (folders walked) become paths that executors
   open themselves; other Hadoop-compatible URIs (``hdfs://``, ``s3a://``, ``gs://``, …)
   go through Spark's ``binaryFile`` source, so executors read their bytes;
2. read (executors, ``mapInArrow``): each input to documents with ``stages.read_unit``,
   the library's readers; a failure is a row of its own (``error_*`` columns);
3. spread the documents over ``partitions`` tasks by ``doc_id`` (a WARC file of ten
   thousand pages does not stay on one core);
4. extract (executors, ``mapInArrow``, one Arrow batch of documents at a time): the
   library's single-document ``Extractor.extract`` per document, the spaCy pipeline loaded
   once per Python worker (``_EXTRACTORS``, a module-level cache that lives as long as the
   reused worker);
5. write documents and claims as Parquet partitioned by ``published_month`` (the result
   is persisted between the two writes, so extraction runs once);
6. summary: counts and the first errors, collected on the driver, printed and written.
"""
from __future__ import annotations

import functools
import json
import os
import sys
import time
from typing import Iterator, Optional
from urllib.parse import urlparse

import pyarrow as pa

from counterclaim.corpus import parquet as pq_
from counterclaim.corpus.stages import ExtractorFactory, default_extractor, extract_document, read_unit
from counterclaim.corpus.summary import MAX_LISTED, SUMMARY_FILE, RunSummary
from counterclaim.errors import CounterclaimError, IngestError
from counterclaim.records import Document
from counterclaim.settings import Settings

_s = pa.string()
ERROR_FIELDS = [("error_path", _s), ("error_stage", _s), ("error_reason", _s)]
UNIT_SCHEMA = pa.schema([("path", _s), ("content", pa.binary())])
READ_SCHEMA = pa.schema([("doc_id", _s), ("doc_json", _s)] + ERROR_FIELDS)
RESULT_SCHEMA = pa.schema(list(pq_.with_month_schema(pq_.DOCUMENT_SCHEMA))
                          + [("claims", pa.list_(pa.struct(list(pq_.CLAIM_SCHEMA))))] + ERROR_FIELDS)

#: extraction functions of this Python worker, by (factory, settings): spaCy loads once per worker
_EXTRACTORS: dict = {}

#: JVM options under a local[…] master (driver = executor, on the cores the Python workers need)
LOCAL_JAVA_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
#: cap of one Arrow batch sent to a Python worker: whole files read through binaryFile (a WARC
#: file of a crawl is about 1 GB) then travel one per batch, not ``batch_size`` at once
ARROW_BATCH_BYTES = 64 * 1024 * 1024
#: extraction tasks per core: small tasks keep both cores busy to the end (workers are reused)
PARTITIONS_PER_CORE = 8
_FETCHED_SCHEMES = ("http", "https")


# ---- driver: session ------------------------------------------------------------------

def is_local_master(master: Optional[str]) -> bool:
    """True for ``local``, ``local[N]``, ``local[*]``: everything runs on this machine."""
    return bool(master) and master.startswith("local")


def submitted_master() -> Optional[str]:
    """None under ``spark-submit`` (its ``--master`` and conf apply), else ``local[*]``."""
    if os.environ.get("PYSPARK_GATEWAY_PORT"):
        return None
    return "local[*]"


def spark_session(master: Optional[str] = "local[2]", app_name: str = "counterclaim corpus",
                  conf: Optional[dict] = None):
    """A SparkSession; under ``spark-submit`` (``master=None``) the one it configured.

    For a ``local[…]`` master the known traps of a single machine are set: the workers run
    this very interpreter, the driver binds to 127.0.0.1, no web UI, few shuffle partitions,
    a JVM that leaves the CPU to the Python workers. ``conf`` overrides any of these.
    """
    from pyspark.sql import SparkSession

    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    builder = SparkSession.builder.appName(app_name)
    settings = {"spark.ui.showConsoleProgress": "false",
                "spark.python.worker.reuse": "true",
                "spark.sql.execution.arrow.pyspark.enabled": "true"}
    if master is not None:
        builder = builder.master(master)
    if is_local_master(master):
        os.environ["PYSPARK_PYTHON"] = sys.executable
        os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        settings.update({"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1",
                         "spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "8",
                         "spark.default.parallelism": str(_local_cores(master))})
        # the JVM shares the cores with the Python workers here: C1-only JIT and the serial
        # collector halve its CPU (about 15 s of CPU for class loading and compiling otherwise)
        settings["spark.driver.extraJavaOptions"] = LOCAL_JAVA_OPTIONS
    # on a cluster the executors' Python is the cluster's business (spark.pyspark.python,
    # PYSPARK_PYTHON there): this machine's interpreter path means nothing on another node
    settings.update(conf or {})
    for k, v in settings.items():
        builder = builder.config(k, v)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _local_cores(master: str) -> int:
    inner = master[len("local"):].strip("[]").split(",")[0]
    if inner in ("", "*"):
        return os.cpu_count() or 1
    return max(int(inner), 1)


# ---- driver: listing -------------------------------------------------------------------

def split_inputs(inputs: list[str], local_master: bool) -> tuple[list[str], list[str]]:
    """(units the executors open themselves, URIs for Spark's binaryFile source).

    Paths without a scheme are local files under a ``local[…]`` master and paths of the
    cluster's default file system otherwise; ``file:`` URIs are always opened directly
    (on a cluster every executor must see them, e.g. on a shared mount).
    """
    direct, hadoop = [], []
    for raw in inputs:
        scheme = urlparse(str(raw)).scheme.lower()
        if len(scheme) == 1:  # a Windows drive letter, not a scheme
            scheme = ""
        if scheme in _FETCHED_SCHEMES:
            direct.append(str(raw))
        elif scheme == "file" or (scheme == "" and local_master):
            direct.extend(list_local(_local_path(str(raw))))
        else:
            hadoop.append(str(raw))
    return direct, hadoop


def _local_path(raw: str) -> str:
    if raw.startswith("file:"):
        p = urlparse(raw)
        return p.path or raw[len("file:"):]
    return raw


def list_local(path: str) -> list[str]:
    """A file, or the files of a folder that a folder walk of the readers picks up (sorted).

    A missing path stays as it is: it becomes a read error on an executor, like any bad input.
    """
    from counterclaim.ingest.detect import is_supported_name

    if not os.path.isdir(path):
        return [path]
    found = []
    for dirpath, dirnames, filenames in os.walk(path):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(os.path.join(dirpath, f) for f in sorted(filenames)
                     if not f.startswith(".") and is_supported_name(f))
    return found or [path]  # an executor then reports "no supported files in this folder"


def _units_frame(spark, inputs: list[str], local_master: bool):
    from pyspark.sql import functions as F

    direct, hadoop = split_inputs(inputs, local_master)
    schema = "path string, content binary"
    parallelism = spark.sparkContext.defaultParallelism
    frames = []
    if direct:  # a local relation, not a Python RDD: no extra Python workers just to hold paths
        frames.append(spark.createDataFrame([(p, None) for p in direct], schema)
                      .repartition(max(1, min(len(direct), parallelism * 4))))
    if hadoop:
        raw = (spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(hadoop)
               .select(F.col("path"), F.col("content")))
        frames.append(raw)
    if not frames:
        return spark.createDataFrame([], schema)
    return functools.reduce(lambda a, b: a.unionByName(b), frames)


# ---- executors: read and extract ------------------------------------------------------------

def _error(path: Optional[str], stage: str, reason: str) -> dict:
    return {"error_path": path, "error_stage": stage, "error_reason": reason}


def read_batches(settings: Settings, batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow step 2: input units to serialised documents (or error rows)."""
    size = max(settings.batch_size, 1)
    rows: list[dict] = []
    for batch in batches:
        paths = batch.column("path").to_pylist()
        contents = batch.column("content")
        for i, path in enumerate(paths):
            content = contents[i].as_py()
            for item in read_unit(path, settings, content):
                if isinstance(item, IngestError):
                    rows.append({"doc_id": None, "doc_json": None, **_error(item.path or path, "read", item.reason)})
                else:
                    rows.append({"doc_id": item.doc_id,
                                 "doc_json": json.dumps(item.to_dict(), ensure_ascii=False),
                                 **_error(None, None, None)})
                if len(rows) >= size:
                    yield pa.RecordBatch.from_pylist(rows, schema=READ_SCHEMA)
                    rows = []
    if rows:
        yield pa.RecordBatch.from_pylist(rows, schema=READ_SCHEMA)


def _extractor(factory: ExtractorFactory, settings: Settings):
    key = (getattr(factory, "__module__", None), getattr(factory, "__qualname__", repr(factory)), settings)
    fn = _EXTRACTORS.get(key)
    if fn is None:
        fn = _EXTRACTORS[key] = factory(settings)
    return fn


def extract_batches(settings: Settings, factory: ExtractorFactory,
                    batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow step 4: documents to result rows (document, its claims; or an error)."""
    extract = None
    empty_doc = {n: None for n in pq_.with_month_schema(pq_.DOCUMENT_SCHEMA).names}
    for batch in batches:
        rows = []
        for r in batch.to_pylist():
            if r["doc_json"] is None:
                rows.append({**empty_doc, "claims": None, **_error(r["error_path"], r["error_stage"],
                                                                   r["error_reason"])})
                continue
            doc = Document.from_dict(json.loads(r["doc_json"]))
            if extract is None:
                extract = _extractor(factory, settings)
            result = extract_document(extract, doc)
            if isinstance(result, CounterclaimError):
                rows.append({**empty_doc, "claims": None, **_error(result.path, "extract", result.reason)})
                continue
            row = pq_.document_row(doc, result)
            row[pq_.PARTITION] = pq_.published_month(doc.published)
            row["claims"] = [pq_.claim_row(c, rec) for c, rec in zip(result, row["claim_records"])]
            rows.append({**row, **_error(None, None, None)})
        yield pa.RecordBatch.from_pylist(rows, schema=RESULT_SCHEMA)


# ---- driver: the run ------------------------------------------------------------------------

def run_spark(inputs: list[str], out: str, settings: Optional[Settings] = None,
              master: Optional[str] = "local[2]", extractor: Optional[ExtractorFactory] = None,
              partitions: Optional[int] = None, spark=None, conf: Optional[dict] = None) -> RunSummary:
    """Extract every document of ``inputs`` into ``out`` on Spark; returns (and writes) the summary.

    ``spark`` (or the active session) is used as is, its start-up not counted; otherwise a
    session is started for ``master`` and stopped at the end. ``extractor`` is as in ``run_local``.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql.pandas.types import from_arrow_schema

    settings = settings or Settings.from_env()
    factory = extractor or default_extractor
    started = time.perf_counter()
    if spark is None:
        from pyspark.sql import SparkSession
        spark = SparkSession.getActiveSession()
    own = spark is None  # a session we start we also stop; one we were given stays
    if own:
        spark = spark_session(master, conf=conf)
    summary = RunSummary(engine="spark", out=str(out), inputs=[str(i) for i in inputs],
                         master=spark.sparkContext.master)
    summary.startup_seconds = time.perf_counter() - started if own else 0.0
    out_uri = _out_uri(str(out), is_local_master(spark.sparkContext.master))
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(max(settings.batch_size, 1)))
    spark.conf.set("spark.sql.execution.arrow.maxBytesPerBatch", str(ARROW_BATCH_BYTES))
    n = partitions or max(spark.sparkContext.defaultParallelism * PARTITIONS_PER_CORE, 1)
    try:
        units = _units_frame(spark, list(inputs), is_local_master(spark.sparkContext.master))
        docs = units.mapInArrow(functools.partial(read_batches, settings), from_arrow_schema(READ_SCHEMA))
        result = (docs.repartition(n, "doc_id")
                  .mapInArrow(functools.partial(extract_batches, settings, factory),
                              from_arrow_schema(RESULT_SCHEMA))
                  .persist(StorageLevel.MEMORY_AND_DISK))
        ok = result.where(F.col("error_reason").isNull())
        doc_cols = pq_.DOCUMENT_SCHEMA.names + [pq_.PARTITION]
        (ok.select(*doc_cols).write.mode("overwrite").partitionBy(pq_.PARTITION)
         .parquet(out_uri + "/" + pq_.DOCUMENTS))
        (ok.select(F.explode("claims").alias("c"), pq_.PARTITION).select("c.*", pq_.PARTITION)
         .write.mode("overwrite").partitionBy(pq_.PARTITION).parquet(out_uri + "/" + pq_.CLAIMS))
        counts = (result.groupBy(pq_.PARTITION, "error_stage")
                  .agg(F.count("*").alias("n"), F.sum("n_claims").alias("c")).collect())
        for r in counts:
            if r["error_stage"] is None:
                summary.months[r[pq_.PARTITION]] = r["n"]
                summary.documents += r["n"]
                summary.claims += r["c"] or 0
            else:
                summary.errors += r["n"]
                summary.errors_by_stage[r["error_stage"]] = r["n"]
        if summary.errors:
            bad = result.where(F.col("error_reason").isNotNull()).select(*[f for f, _ in ERROR_FIELDS])
            summary.error_list = [{"path": r["error_path"], "stage": r["error_stage"], "reason": r["error_reason"]}
                                  for r in bad.limit(MAX_LISTED).collect()]
        result.unpersist()
        summary.seconds = time.perf_counter() - started
        _write_summary(summary, out_uri, spark)
    finally:
        if own:
            spark.stop()
    return summary


def _out_uri(out: str, local_master: bool) -> str:
    """``out`` as Spark must see it: a local folder becomes an absolute ``file:`` URI."""
    scheme = urlparse(out).scheme
    if scheme and len(scheme) > 1:
        return out.rstrip("/")
    if local_master:
        return "file://" + os.path.abspath(out)
    return out.rstrip("/")


def _write_summary(summary: RunSummary, out_uri: str, spark) -> None:
    """summary.json beside the tables: on the local disk, else through Hadoop's file system."""
    if out_uri.startswith("file://"):
        summary.out = out_uri[len("file://"):]
        summary.write()
        return
    jvm = spark.sparkContext._jvm
    path = jvm.org.apache.hadoop.fs.Path(out_uri + "/" + SUMMARY_FILE)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    stream = fs.create(path, True)
    try:
        stream.write(bytearray(json.dumps(summary.to_dict(), indent=2, ensure_ascii=False).encode("utf-8")))
    finally:
        stream.close()
