"""One error hierarchy: each stage raises its own kind, the CLI turns any of them into one line."""
from __future__ import annotations


class CounterclaimError(Exception):
    """Base of every error the library raises on purpose; ``str()`` is the line shown to a person."""

    def __init__(self, message: str, path: str | None = None):
        self.path = path
        self.reason = message
        super().__init__("%s: %s" % (path, message) if path else message)


class IngestError(CounterclaimError):
    """An input could not be read: missing, unreadable, wrong format, too large, refused URL."""


class ExtractError(CounterclaimError):
    """Extraction could not run (model missing, bad vocabulary file)."""


class VocabError(ExtractError):
    """A lexicon data file is malformed; names the file and the entry."""


class LedgerError(CounterclaimError):
    """The SQLite ledger could not be opened, migrated or queried."""


class LedgerUnavailable(LedgerError):
    """The ledger cannot be written now (full disk, another writer's lock, read-only file, I/O error).

    No later write of the same run can succeed either, so a run stops at the first one;
    ``remedy`` says what a person can do about it.
    """

    def __init__(self, message: str, path: str | None = None, remedy: str = ""):
        super().__init__(message, path=path)
        self.remedy = remedy


class SeriesError(CounterclaimError):
    """An independent series file could not be imported."""


class EvalError(CounterclaimError):
    """A gold folder is missing or malformed."""
