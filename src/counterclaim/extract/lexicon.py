"""Loading of the per-language lexicon files in ``lang/<lang>/``: read once, checked, cached.

Lexicons are data, not code, so that a language is a folder beside ``en``. Entries are written
in dictionary form; ``inflected`` and ``conjugated`` give the forms found in text, by the
language's own grammar (``lang/<code>/__init__.py``).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from counterclaim.errors import VocabError

VOCAB_DIR = Path(__file__).with_name("lang")


@lru_cache(maxsize=None)
def load(lang: str, name: str) -> dict:
    """The parsed ``lang/<lang>/<name>.json``; VocabError naming the file when absent or malformed."""
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


def path_of(lang: str, name: str) -> str:
    """The file of a lexicon, for error messages."""
    return str(VOCAB_DIR / lang / (name + ".json"))


def inflected(lang: str, phrases) -> list[str]:
    """Every form of each phrase found in text ("Курська область" → "Курській області" …)."""
    from counterclaim.extract.lang import get_language
    return get_language(lang).noun_forms(list(phrases))


def inflected_table(lang: str, table: dict) -> dict:
    """``table`` with every form of each key mapped to its value; a key as written wins."""
    from counterclaim.extract.lang import get_language
    L = get_language(lang)
    out: dict = {}
    for k, v in table.items():
        for f in L.noun_forms([k]):
            out.setdefault(f, v)
    out.update(table)
    return out


def conjugated(lang: str, lemmas) -> list[str]:
    """Every form of each verb lemma ("збити" → "збили", "збито" …)."""
    from counterclaim.extract.lang import get_language
    return get_language(lang).verb_forms(list(lemmas))


def require(data: dict, key: str, typ: type, lang: str, name: str):
    """``data[key]`` checked to be a ``typ``; VocabError names the file and entry otherwise."""
    value = data.get(key)
    if not isinstance(value, typ):
        raise VocabError("entry %r must be a %s" % (key, typ.__name__), path=str(VOCAB_DIR / lang / (name + ".json")))
    return value


#: a pattern that matches nothing, for an empty word list
NEVER = r"(?!x)x"


def alternation(phrases) -> str:
    """Phrases as one regex alternation, longest first, any run of spaces between words; a word "*"
    stands for one word and a trailing "*" for any ending ("includ*"). NEVER for no phrases."""
    out = []
    for p in sorted({p for p in phrases if p}, key=len, reverse=True):
        words = []
        for w in p.split():
            if w == "*":
                words.append(r"[\w\-]+")
            elif w.endswith("*") and len(w) > 1:
                words.append(re.escape(w[:-1]) + r"\w*")
            else:
                words.append(re.escape(w))
        out.append(r"\s+".join(words))
    return "|".join(out) or NEVER
