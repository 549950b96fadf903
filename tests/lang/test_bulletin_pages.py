"""The real General Staff bulletin pages of 2023 (../shared/data/gs-bulletin-pages-2023) with their
bulletin written in Ukrainian or Russian, as the Ukrainian-language pages of the same sites and the
outlets that republish them in Russian print it (genitive labels, "од"/"ед.", "осіб ліквідовано"/"человек
ликвидировано", "опубліковано"): the page's markup, dates and numbers stay real, only the list's words
change. Scored against the independent daily series like the English pages."""
import re

import pytest
from pathlib import Path

from counterclaim.errors import CounterclaimError
from counterclaim.eval import bulletins
from counterclaim.extract.pipeline import Extractor
from counterclaim.ingest import read_path
from counterclaim.settings import Settings

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
PAGES = SHARED / "gs-bulletin-pages-2023" / "pages"
SERIES = SHARED / "petroivaniuk-ua-general-staff"
ENGLISH_LABELS = ["personnel", "tanks", "APV", "artillery systems", "MLRS", "anti-aircraft warfare systems",
                  "Anti-aircraft warfare systems", "aircraft", "helicopters", "UAV operational-tactical level",
                  "cruise missiles", "warships / boats", "submarines", "vehicles and fuel tanks", "special equipment"]
WORDING = {
    "uk": {"labels": ["особового складу", "танків", "бойових броньованих машин", "артилерійських систем", "РСЗВ",
                      "засоби ППО", "засоби ППО", "літаків", "гелікоптерів", "БпЛА оперативно-тактичного рівня",
                           "крилаті ракети", "кораблі / катери", "підводні човни", "автомобільної техніки та автоцистерн",
                           "спеціальна техніка"],
           "heading": "Загальні бойові втрати противника з \\1 по \\2 орієнтовно склали:",
           "title": "Загальні бойові втрати противника з \\1 по \\2", "posted": "опубліковано",
           "persons": "близько \\1\\2 осіб ліквідовано", "updated": "Дані уточнюються.",
           "months": ["січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
                      "жовтня", "листопада", "грудня"]},
    "ru": {"labels": ["личного состава", "танков", "боевых бронированных машин", "артиллерийских систем", "РСЗО",
                      "средств ПВО", "средств ПВО", "самолетов", "вертолетов", "БПЛА оперативно-тактического уровня",
                      "крылатых ракет", "кораблей / катеров", "подводных лодок", "автомобильной техники и автоцистерн",
                      "специальной техники"],
           "heading": "Общие боевые потери противника с \\1 по \\2 ориентировочно составили:",
           "title": "Общие боевые потери противника с \\1 по \\2", "posted": "опубликовано",
           "persons": "около \\1\\2 человек ликвидировано", "updated": "Данные уточняются.",
           "months": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                      "октября", "ноября", "декабря"]},
}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def rewrite(markup: str, lang: str) -> str:
    """The page with its bulletin's words in ``lang``."""
    w = WORDING[lang]
    out = markup.replace('<html lang="en">', '<html lang="%s">' % lang).replace("posted", w["posted"])
    out = re.sub(r"(?i)(?:The )?total combat losses of the enemy from (\S+) to (\S+?) were approximately:", w["heading"], out)
    out = re.sub(r"(?i)total combat losses of the enemy from (\S+) to (\S+)", w["title"], out)
    for en, label in sorted(zip(ENGLISH_LABELS, w["labels"]), key=lambda p: -len(p[0])):
        out = re.sub(r"(?<=[>\n])(\s*)%s(?=\s*[‒–—-])" % re.escape(en), r"\g<1>%s" % label, out)
    out = re.sub(r"about (\d[\d\s]*)(\s*\(\+\d+\))?\s*persons were liquidated", w["persons"], out)
    for en, month in zip(MONTHS, w["months"]):
        out = re.sub(r"(\d{1,2}) %s (\d{4})" % en, r"\1 %s \2" % month, out)
    return out.replace("Data are being updated.", w["updated"])


def score(lang: str, tmp_path) -> bulletins.BulletinReport:
    """Every page rewritten in ``lang``, read, extracted and scored against the series."""
    series = bulletins.load_series(SERIES)
    extractor = Extractor(Settings())
    results = []
    for path in sorted(PAGES.glob("*.html")):
        day = re.search(r"\d{4}-\d{2}-\d{2}", path.name).group(0)
        page = tmp_path / path.name
        page.write_text(rewrite(path.read_text(encoding="utf-8"), lang), encoding="utf-8")
        try:
            docs = [d for d in read_path(str(page), Settings()) if not isinstance(d, Exception)]
        except CounterclaimError:
            continue                      # the bot-check pages stay refused
        if not docs:
            continue
        assert docs[0].lang == lang, path.name
        results.append(bulletins.score_page(page, extractor.extract(docs[0]), docs[0].text, day, series))
    return bulletins.BulletinReport(results)


@pytest.mark.slow
@pytest.mark.skipif(not PAGES.is_dir() or not SERIES.is_dir(), reason="../shared data not present")
@pytest.mark.parametrize("lang", sorted(WORDING))
def test_bulletin_pages_in_the_language_against_the_series(tmp_path, lang):
    report = score(lang, tmp_path)
    assert len(report.pages) >= 130
    assert report.recall >= bulletins.FLOOR and report.precision >= bulletins.FLOOR, report.summary()
    assert report.field_accuracy >= 0.99, report.summary()
