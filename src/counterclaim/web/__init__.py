"""The web UI and JSON API over a ledger (``counterclaim serve``): see ``app.create_app``."""
from __future__ import annotations

__all__ = ["create_app"]


def create_app(*args, **kwargs):
    """Import Starlette only when the web UI is wanted."""
    from counterclaim.web.app import create_app as _create
    return _create(*args, **kwargs)
