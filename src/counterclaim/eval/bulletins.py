"""Real General Staff bulletin pages checked against an independently scraped daily series.

A bulletin page states, for every kind of loss, the cumulative total since 2022-02-24 and the day's
increment "(+N)". The PetroIvaniuk dataset holds the same days' totals, so each page can be scored
without hand-made gold: every total must come out with the series' value, every stated increment
with the difference of two consecutive days, each with the bulletin's claimant, subject, qualifier,
statement date and period. Where page and series disagree and the series' value appears nowhere on
the page, the page is what the bulletin said: the day is listed, not counted against the extractor.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from counterclaim.errors import CounterclaimError
from counterclaim.records import Claim
from counterclaim.series import genstaff

WAR_START = "2022-02-24"
FLOOR = 0.99   #: recall and precision a real bulletin set must reach (issue 10)
#: counts the bulletin lists on a line of their own though their metric is another line's
#: ("warships / boats ‒ 18", "submarines ‒ 1": both equipment.ships); checked as a metric of their own
SUBCOUNTS = {"submarines": "equipment.ships+submarines"}
_DAY_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Expected:
    metric: str
    kind: str          #: ``total`` or ``increment``
    value: int


@dataclass
class PageResult:
    path: str
    day: Optional[str]
    error: Optional[str] = None                      #: why the page gave no document (captcha, not an article)
    expected: int = 0
    found: int = 0
    predicted: int = 0
    false: list = field(default_factory=list)        #: (metric, kind, value, quote) of claims matching nothing
    missed: list = field(default_factory=list)       #: Expected items not extracted
    field_errors: list = field(default_factory=list)  #: (metric, kind, field, got, wanted)
    disagreements: list = field(default_factory=list)  #: (metric, kind, page value, series value)
    unchecked: int = 0                               #: claims of metrics the series does not hold that day


@dataclass
class BulletinReport:
    pages: list[PageResult]

    @property
    def expected(self) -> int:
        return sum(p.expected for p in self.pages)

    @property
    def found(self) -> int:
        return sum(p.found for p in self.pages)

    @property
    def false(self) -> int:
        return sum(len(p.false) for p in self.pages)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def precision(self) -> float:
        n = self.found + self.false
        return self.found / n if n else 1.0

    @property
    def field_accuracy(self) -> float:
        n = self.found
        return 1.0 - sum(len(p.field_errors) for p in self.pages) / n if n else 1.0

    def summary(self) -> dict:
        return {"pages": len(self.pages), "not_articles": sum(1 for p in self.pages if p.error),
                "expected": self.expected, "found": self.found, "false": self.false,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4),
                "field_accuracy": round(self.field_accuracy, 4),
                "disagreement_days": sorted({p.day for p in self.pages if p.disagreements and p.day}),
                "unchecked": sum(p.unchecked for p in self.pages)}


def load_series(series_dir) -> dict[str, dict[str, int]]:
    """day -> metric -> cumulative value, from the dataset's personnel and equipment files."""
    out: dict[str, dict[str, int]] = {}
    for f in genstaff.files_in(Path(series_dir)):
        kind = genstaff.kind_of(f)
        if kind == "correction":
            continue
        for p in genstaff.read_file(f):
            out.setdefault(p.date, {})[p.metric] = p.value
        if kind == "equipment":
            for row in genstaff.iter_json_array(f):
                for name, metric in SUBCOUNTS.items():
                    if isinstance(row.get(name), int):
                        out.setdefault(row["date"], {})[metric] = row[name]
    return out


def expected_items(day: str, series: dict, text: str) -> list[Expected]:
    """What the page of ``day`` must state: every total the series holds, and the increment of each
    whose figure the page follows with "(+N)"."""
    today = series.get(day) or {}
    prev_day = (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()
    before = series.get(prev_day) or {}
    out = []
    for metric, value in sorted(today.items()):
        out.append(Expected(metric, "total", value))
        if metric in before and _states_increment(text, value):
            out.append(Expected(metric, "increment", value - before[metric]))
    return out


def _states_increment(text: str, total: int) -> bool:
    digits = r"[\s,.\u00a0\u202f]?".join(str(total))
    return re.search(r"(?<!\d)%s(?!\d)[^\n(]{0,12}\(\s*\+" % digits, text) is not None


def _on_page(text: str, value: int) -> bool:
    digits = r"[\s,.\u00a0\u202f]?".join(str(value))
    return re.search(r"(?<![\d+])%s(?!\d)" % digits, text) is not None


def _kind_of(claim: Claim, day: str) -> Optional[str]:
    p = claim.period
    if p is None:
        return None
    if p.start == WAR_START:
        return "total"
    if p.start == day and p.end == day:
        return "increment"
    return None


def score_page(path: Path, claims: list[Claim], text: str, day: str, series: dict,
               qualifier: Optional[str] = "approx") -> PageResult:
    res = PageResult(path=str(path), day=day)
    wanted = expected_items(day, series, text)
    res.expected = len(wanted)
    known = {m.split("+")[0] for m in series.get(day, {})}
    figures = [c for c in claims if c.value is not None]
    res.predicted = len(figures)
    open_items = list(wanted)
    for c in figures:
        kind = _kind_of(c, day)
        hit = next((e for e in open_items if e.metric.split("+")[0] == c.metric and e.kind == kind
                    and e.value == c.value.low and c.value.high == c.value.low), None)
        if hit is not None:
            open_items.remove(hit)
            res.found += 1
            _check_fields(res, c, hit, day, qualifier)
            continue
        if c.metric not in known:
            res.unchecked += 1
            continue
        twin = next((e for e in open_items if e.metric.split("+")[0] == c.metric and e.kind == kind), None)
        if twin is not None and not _on_page(c.quote, twin.value if kind == "total" else abs(twin.value)):
            # the page's own line says another number than the series: the page is the bulletin
            open_items.remove(twin)
            res.expected -= 1
            res.disagreements.append((c.metric, kind, c.value.low, twin.value))
            continue
        if kind == "increment" and any(d[0] == c.metric and d[1] == "total" for d in res.disagreements):
            res.unchecked += 1   # the page's total is not the series': the series cannot check its "(+N)"
            continue
        res.false.append((c.metric, kind, c.value.low, c.quote))
    res.missed = open_items
    return res


def _check_fields(res: PageResult, c: Claim, e: Expected, day: str, qualifier: Optional[str] = "approx") -> None:
    """The fields a bulletin's claim must have; ``qualifier`` None where the format states it per line."""
    wanted = {"claimant": "ua.general_staff", "subject": "RU", "qualifier": qualifier, "stated_on": day,
              "period.start": WAR_START if e.kind == "total" else day, "period.end": day}
    got = {"claimant": c.claimant.key if c.claimant else None, "subject": c.subject.side if c.subject else None,
           "qualifier": c.value.qualifier, "stated_on": c.stated_on,
           "period.start": c.period.start if c.period else None, "period.end": c.period.end if c.period else None}
    for k, v in wanted.items():
        if v is not None and got[k] != v:
            res.field_errors.append((e.metric, e.kind, k, got[k], v))


def run(pages_dir, series_dir, extractor=None) -> BulletinReport:
    """Extract every page of a folder and score it against the series (pages named with their day)."""
    from counterclaim.extract import Extractor
    from counterclaim.ingest import read_path
    from counterclaim.settings import Settings

    extractor = extractor or Extractor(Settings())
    series = load_series(series_dir)
    results = []
    for path in sorted(p for p in Path(pages_dir).rglob("*") if p.suffix.lower() in (".html", ".htm")):
        m = _DAY_IN_NAME.search(path.name)
        day = m.group(1) if m else None
        try:
            docs = list(read_path(str(path), Settings()))
        except CounterclaimError as e:
            docs = [e]
        bad = [d for d in docs if isinstance(d, CounterclaimError)]
        if bad or not docs:
            results.append(PageResult(path=str(path), day=day, error=str(bad[0]) if bad else "no document"))
            continue
        doc = docs[0]
        claims = extractor.extract(doc)
        day = day or doc.published
        if day is None:
            results.append(PageResult(path=str(path), day=None, error="no date in the file name or the page"))
            continue
        results.append(score_page(path, claims, doc.text, day, series))
    return BulletinReport(results)


def run_lists(path, series_dir, extractor=None) -> BulletinReport:
    """A file of many days' loss lists (a date line, then "Танки — 3580 (+6)" lines), read as one
    document as a user would ingest it; each day's block is scored against the series like a page.
    A claim belongs to the block its span falls in, and must be stated on that block's day."""
    from counterclaim.extract import Extractor
    from counterclaim.extract.dates import absolute_day
    from counterclaim.ingest import read_path
    from counterclaim.settings import Settings

    extractor = extractor or Extractor(Settings())
    series = load_series(series_dir)
    docs = list(read_path(str(path), Settings()))
    bad = [d for d in docs if isinstance(d, CounterclaimError)]
    if bad or not docs:
        raise CounterclaimError("could not read the lists: %s" % (bad[0] if bad else "no document"), path=str(path))
    doc = docs[0]
    claims = extractor.extract(doc)
    starts = []                                   # (offset, day) of each date line
    offset = 0
    for line in doc.text.split("\n"):
        day = absolute_day(line.strip(), doc.lang) if 0 < len(line.strip()) <= 40 else None
        if day:
            starts.append((offset, day))
        offset += len(line) + 1
    results = []
    for i, (start, day) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(doc.text)
        block = [c for c in claims if start <= c.span[0] < end]
        # a republished list says "близько" on some lines only: the qualifier is the line's, not checked here
        results.append(score_page(Path("%s#%s" % (path, day)), block, doc.text[start:end], day, series, qualifier=None))
    return BulletinReport(results)
