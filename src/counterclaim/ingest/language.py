"""The language of a document, when the caller does not say it: read from its text
(``extract.lang.detect``). A declared language (``<html lang>``, a feed's, a JSON field) is used only
when the text is too short or too mixed to tell; ``--lang`` overrides both.
"""
from __future__ import annotations

from typing import Optional

from counterclaim.extract.lang import available
from counterclaim.extract.lang.detect import CONFIDENT, detect


def language_of(text: str, settings, declared: Optional[str] = None) -> str:
    """The language a document is extracted in: ``settings.lang`` when given, else the text's,
    else the declared one, else English."""
    if settings.lang:
        return settings.lang
    code, confidence = detect(text)
    declared = (declared or "").split("-")[0].lower() or None
    if declared in available() and (code is None or confidence < CONFIDENT):
        return declared
    return code or declared or "en"
