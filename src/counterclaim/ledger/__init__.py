"""The claim ledger: one SQLite file of documents, claims, relations, findings and series.

``Ledger`` (store.py) is the only holder of a connection; ``ClaimFilter`` (query.py)
describes what to list; export.py writes and reads JSON Lines, CSV and Parquet;
ingest.py runs read -> extract -> store.
"""
from counterclaim.ledger.query import ClaimFilter
from counterclaim.ledger.store import Ledger

__all__ = ["Ledger", "ClaimFilter"]
