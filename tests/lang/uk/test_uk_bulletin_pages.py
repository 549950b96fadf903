"""The real General Staff bulletin pages of 2023 (../shared/data/gs-bulletin-pages-2023), with their
bulletin written in Ukrainian as the Ukrainian-language pages of the same sites print it (genitive
labels, "од", "осіб ліквідовано", "опубліковано"): the page's markup, dates and numbers stay real, only
the words of the list change. Scored day by day against the independent daily series, like the English
pages (issue 11: the same bulletins on other sites and in the primary language)."""
import re
from pathlib import Path

import pytest

from counterclaim.errors import CounterclaimError
from counterclaim.eval import bulletins
from counterclaim.extract.pipeline import Extractor
from counterclaim.ingest import read_path
from counterclaim.settings import Settings

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
PAGES = SHARED / "gs-bulletin-pages-2023" / "pages"
SERIES = SHARED / "petroivaniuk-ua-general-staff"

#: the English list labels of the pages and the General Staff's Ukrainian wording of them
LABELS = [("personnel", "особового складу"), ("tanks", "танків"), ("APV", "бойових броньованих машин"),
          ("artillery systems", "артилерійських систем"), ("MLRS", "РСЗВ"),
          ("anti-aircraft warfare systems", "засоби ППО"), ("Anti-aircraft warfare systems", "засоби ППО"),
          ("aircraft", "літаків"), ("helicopters", "гелікоптерів"),
          ("UAV operational-tactical level", "БпЛА оперативно-тактичного рівня"), ("cruise missiles", "крилаті ракети"),
          ("warships / boats", "кораблі / катери"), ("submarines", "підводні човни"),
          ("vehicles and fuel tanks", "автомобільної техніки та автоцистерн"), ("special equipment", "спеціальна техніка")]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
UK_MONTHS = ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня",
             "листопада", "грудня"]


def ukrainian(markup: str) -> str:
    """The page with its bulletin's words in Ukrainian."""
    out = markup.replace('<html lang="en">', '<html lang="uk">').replace("posted", "опубліковано")
    out = re.sub(r"(?i)(?:The )?total combat losses of the enemy from (\S+) to (\S+?) were approximately:",
                 r"Загальні бойові втрати противника з \1 по \2 орієнтовно склали:", out)
    out = re.sub(r"(?i)total combat losses of the enemy from (\S+) to (\S+)", r"Загальні бойові втрати противника з \1 по \2", out)
    for en, uk in sorted(LABELS, key=lambda p: -len(p[0])):
        out = re.sub(r"(?<=[>\n])(\s*)%s(?=\s*[‒–—-])" % re.escape(en), r"\g<1>%s" % uk, out)
    out = re.sub(r"about (\d[\d\s]*)(\s*\(\+\d+\))?\s*persons were liquidated", r"близько \1\2 осіб ліквідовано", out)
    for en, uk in zip(MONTHS, UK_MONTHS):
        out = re.sub(r"(\d{1,2}) %s (\d{4})" % en, r"\1 %s \2" % uk, out)
    return out.replace("Data are being updated.", "Дані уточнюються.")


@pytest.mark.slow
@pytest.mark.skipif(not PAGES.is_dir() or not SERIES.is_dir(), reason="../shared data not present")
def test_ukrainian_bulletin_pages_against_the_series(tmp_path):
    series = bulletins.load_series(SERIES)
    extractor = Extractor(Settings())
    results = []
    for path in sorted(PAGES.glob("*.html")):
        day = re.search(r"\d{4}-\d{2}-\d{2}", path.name).group(0)
        page = tmp_path / path.name
        page.write_text(ukrainian(path.read_text(encoding="utf-8")), encoding="utf-8")
        try:
            docs = [d for d in read_path(str(page), Settings()) if not isinstance(d, Exception)]
        except CounterclaimError:
            continue                      # the bot-check pages stay refused
        if not docs:
            continue
        doc = docs[0]
        assert doc.lang == "uk", path.name
        results.append(bulletins.score_page(page, extractor.extract(doc), doc.text, day, series))
    report = bulletins.BulletinReport(results)
    assert len(report.pages) >= 130
    assert report.recall >= bulletins.FLOOR and report.precision >= bulletins.FLOOR, report.summary()
    assert report.field_accuracy >= 0.99, report.summary()
