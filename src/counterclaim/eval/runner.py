"""Runs the extractor over a gold folder and scores it (``counterclaim eval``)."""
from __future__ import annotations

from typing import Optional

from counterclaim.errors import CounterclaimError
from counterclaim.eval.score import Report, score
from counterclaim.settings import Settings


def run(gold_dir: str, only: Optional[list[str]] = None, extractor=None) -> Report:
    """Extract every gold document (with its gold ``published`` date) and score the claims."""
    from counterclaim.extract import Extractor
    from counterclaim.ingest import read_path
    extractor = extractor or Extractor(Settings())

    def predict(path: str, published: Optional[str]) -> list[dict]:
        settings = Settings.from_env(published=published)
        out = []
        for doc in read_path(path, settings):
            if isinstance(doc, CounterclaimError):
                raise doc
            if published:
                doc = doc.with_published(published)
            out += [c.to_dict() for c in extractor.extract(doc)]
        return out

    return score(gold_dir, predict, only=only)
