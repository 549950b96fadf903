"""Corpus-scale extraction: the same single-document extraction over many documents, to Parquet.

Two engines write the same output (``parquet.py`` holds its schema):

- ``local.py``: one process, streaming; for small jobs and as the reference;
- ``spark.py``: Apache Spark, documents read and extracted on executors.

Output directory::

    OUT/documents/published_month=YYYY-MM|unknown/*.parquet   one row per document (+ its claim records)
    OUT/claims/published_month=YYYY-MM|unknown/*.parquet      one row per claim, typed columns
    OUT/summary.json                                           documents, claims, errors, time
"""
from counterclaim.corpus.parquet import read_parquet_dir
from counterclaim.corpus.summary import RunSummary

__all__ = ["read_parquet_dir", "RunSummary"]
