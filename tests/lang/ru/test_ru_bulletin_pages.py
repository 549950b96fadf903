"""Real 2023 bulletin pages with their bulletin in a Russian-language republisher's wording (see tests/lang/bulletin_pages.py),
gated like the English pages: recall and precision 0.99, checked fields right."""
import pytest

from counterclaim.eval import bulletins
from tests.lang.bulletin_pages import PAGES, SERIES, score


@pytest.mark.slow
@pytest.mark.skipif(not PAGES.is_dir() or not SERIES.is_dir(), reason="../shared data not present")
def test_russian_bulletin_pages_against_the_series(tmp_path):
    report = score("ru", tmp_path)
    assert len(report.pages) >= 130
    assert report.recall >= bulletins.FLOOR and report.precision >= bulletins.FLOOR, report.summary()
    assert report.field_accuracy >= 0.99, report.summary()
