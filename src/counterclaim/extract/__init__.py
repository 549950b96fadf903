"""Extraction: documents in, claim records out. ``Extractor`` is the entry point."""
from counterclaim.extract.pipeline import Extractor

__all__ = ["Extractor"]
