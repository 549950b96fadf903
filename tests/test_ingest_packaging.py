"""What the package declares: a pip older than 24 installs justext without lxml_html_clean."""
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def _names(reqs):
    return {r.split(">")[0].split("=")[0].split("<")[0].split("[")[0].strip().lower().replace("-", "_")
            for r in reqs}


def test_lxml_html_clean_is_a_direct_dependency():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    assert "lxml_html_clean" in _names(project["dependencies"])


def test_hypothesis_is_a_test_extra():
    project = tomllib.loads(PYPROJECT.read_text())["project"]
    assert "hypothesis" in _names(project["optional-dependencies"]["test"])
