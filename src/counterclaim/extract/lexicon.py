"""Loading of the per-language lexicon files in ``vocab/<lang>/``: read once, checked, cached.

Lexicons are data, not code, so that a Ukrainian or Russian folder can be added
beside ``en`` without touching the stages.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from counterclaim.errors import VocabError

VOCAB_DIR = Path(__file__).with_name("vocab")


@lru_cache(maxsize=None)
def load(lang: str, name: str) -> dict:
    """The parsed ``vocab/<lang>/<name>.json``; VocabError naming the file when absent or malformed."""
    path = VOCAB_DIR / lang / (name + ".json")
    if not path.is_file():
        raise VocabError("no %s lexicon for language %r" % (name, lang), path=str(path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as e:
        raise VocabError("invalid JSON: %s" % e, path=str(path)) from None
    if not isinstance(data, dict):
        raise VocabError("expected a JSON object at the top", path=str(path))
    return data


def load_or_english(lang: str, name: str) -> tuple[dict, str]:
    """``vocab/<lang>/<name>.json``, or English's when the language has none yet; with its path
    (for error messages)."""
    if not (VOCAB_DIR / lang / (name + ".json")).is_file():
        lang = "en"
    return load(lang, name), str(VOCAB_DIR / lang / (name + ".json"))


def require(data: dict, key: str, typ: type, lang: str, name: str):
    """``data[key]`` checked to be a ``typ``; VocabError names the file and entry otherwise."""
    value = data.get(key)
    if not isinstance(value, typ):
        raise VocabError("entry %r must be a %s" % (key, typ.__name__), path=str(VOCAB_DIR / lang / (name + ".json")))
    return value
