"""The claim ledger: one SQLite file of documents, claims, relations, findings and series.

``Ledger`` (store.py) is the only holder of a connection and the only place with SQL:
every query another package needs is one of its methods (reads.py and paging.py for the
web, linking.py for ``counterclaim.link``, series.py for the series); ``ClaimFilter``
(query.py) describes what to list; export.py writes and reads JSON Lines, CSV and
Parquet. It imports nothing above it: what reads, extracts and links documents into it
is ``counterclaim.service``.
"""
from counterclaim.ledger.query import ClaimFilter
from counterclaim.ledger.store import Ledger

__all__ = ["Ledger", "ClaimFilter"]
