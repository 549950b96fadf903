"""counterclaim: turn war and conflict reporting into a ledger of who claimed what.

The library is the product; the CLI (``counterclaim``) and the web UI are thin layers on it.
"""
from counterclaim.errors import CounterclaimError
from counterclaim.records import Claim, Document

__version__ = "0.1.0"
__all__ = ["Claim", "Document", "CounterclaimError", "__version__"]
