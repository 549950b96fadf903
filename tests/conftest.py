"""Shared fixtures: the real extractor (loaded once per test session) and the shared folder."""
from __future__ import annotations

from pathlib import Path

import pytest

#: ../shared beside the repository (CI lays it there); tests that need it skip when it is absent
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def extractor():
    from counterclaim.extract import Extractor
    from counterclaim.settings import Settings
    return Extractor(Settings())
