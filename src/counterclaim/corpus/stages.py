"""The two per-item steps of a corpus run, shared by both engines so they cannot drift apart.

1. ``read_unit``: one input (a file, a URL, or a file's bytes fetched by Spark) to documents,
   through ``counterclaim.ingest.read_inputs``; anything that goes wrong becomes an
   ``IngestError`` for that input or record, never an exception that would end the run;
2. ``extract_document``: one document to its claims with the library's single-document
   ``Extractor.extract``; an unexpected failure is that document's error, not the job's.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from typing import Callable, Iterator, Optional, Union

from counterclaim.errors import CounterclaimError, ExtractError, IngestError
from counterclaim.records import Claim, Document
from counterclaim.settings import Settings

ExtractFn = Callable[[Document], list[Claim]]
ExtractorFactory = Callable[[Settings], ExtractFn]


def default_extractor(settings: Settings) -> ExtractFn:
    """The library's extractor (spaCy loaded once here); what every real run uses."""
    from counterclaim.extract import Extractor
    return Extractor(settings).extract


def _read_inputs(inputs: list[str], settings: Settings):
    from counterclaim.ingest import read_inputs
    return read_inputs(inputs, settings)


def read_unit(path: str, settings: Settings, content: Optional[bytes] = None,
              ) -> Iterator[Union[Document, IngestError]]:
    """Documents of one input, or an ``IngestError`` per part that failed.

    With ``content`` (the bytes Spark read from a Hadoop-compatible URI) the bytes are put
    in a temporary file with the same name so that format detection sees the same thing,
    and each document's ``path`` is set back to the URI.
    """
    if content is None:
        yield from _guarded(path, settings, path)
        return
    name = os.path.basename(path.rstrip("/")) or "input"
    with tempfile.TemporaryDirectory(prefix="counterclaim-") as tmp:
        local = os.path.join(tmp, name)
        with open(local, "wb") as f:
            f.write(content)
        for item in _guarded(local, settings, path):
            if isinstance(item, Document) and item.path == local:
                item = replace(item, path=path)
            yield item


def _guarded(path: str, settings: Settings, shown: str) -> Iterator[Union[Document, IngestError]]:
    """``read_inputs([path])`` where no exception escapes and no document is oversized."""
    limit = settings.max_document_bytes
    try:
        for item in _read_inputs([path], settings):
            if isinstance(item, IngestError):
                if shown != path:
                    item = IngestError(item.reason, shown)
                yield item
            elif limit and len(item.text.encode("utf-8")) > limit:
                yield IngestError("document of %d bytes is larger than max_document_bytes (%d)"
                                  % (len(item.text.encode("utf-8")), limit), item.url or shown)
            else:
                yield item
    except CounterclaimError as e:
        yield IngestError(e.reason, shown)
    except Exception as e:  # a reader bug or a malformed record the reader did not catch
        yield IngestError("%s: %s" % (type(e).__name__, e), shown)


def extract_document(extract: ExtractFn, doc: Document) -> Union[list[Claim], ExtractError]:
    """The document's claims, or the ``ExtractError`` that says why there are none."""
    try:
        return list(extract(doc))
    except CounterclaimError as e:
        return ExtractError(e.reason, error_location(doc))
    except Exception as e:  # never let one document end a corpus run
        return ExtractError("%s: %s" % (type(e).__name__, e), error_location(doc))


def error_location(doc: Document) -> str:
    """How a document is named in an error: its file (and URL inside a container), else its id."""
    if doc.path and doc.url and doc.url != doc.path:
        return "%s (%s)" % (doc.path, doc.url)
    return doc.path or doc.url or doc.doc_id
