"""One day's General Staff loss bulletin as twelve kinds of outlet print it (tests/fixtures/bulletin-sites,
written by its make.py from the PetroIvaniuk series), scored against that series with the machinery of
counterclaim.eval.bulletins. ``tune`` may be looked at miss by miss; ``sealed`` is scored only as a whole.

What the scorer cannot express is done here, on the test side:
- increments it cannot see because they are not written "(+N)" (a prose "1,130 casualties ... over the
  past day", a table's "Past day" column) are added to what the page must state (``extra_increments``);
- an increment worded "over the past day" is, by the claim-record spec, the period D-1..D, while a bulletin's
  "(+N)" is D..D: ``periods`` says per line which the page's words call for ("past_day", "day" or "either");
- the days of 2022-03/04 print "vehicles" and "fuel tanks" on two lines where the series sums them, and the
  days from 2026-05-03 print "ground robotic systems", which the scorer's series leaves out: both become
  sub-counts ("equipment.vehicles+military_auto", "equipment.other+ground_robotic") the way the scorer
  treats submarines; the 2022 prisoner count, which no bulletin page prints, is not expected;
- bulletins._states_increment takes "1" in "РСЗВ ‒ 1 442 (+1)" for a total of 1 followed by "(+": an increment
  is expected here only where the whole total (not a digit group of a larger number) is followed by "(+";
- the pages carry the series' numbers by construction, so a "disagreement" (a claim whose metric has another
  value than the series') is a miss and a false claim here, not a slip of the series.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from counterclaim.errors import CounterclaimError
from counterclaim.eval import bulletins
from counterclaim.ingest import read_path
from counterclaim.settings import Settings

HERE = Path(__file__).resolve().parent / "fixtures" / "bulletin-sites"
SERIES = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "petroivaniuk-ua-general-staff"
MANIFEST = HERE / "manifest.json"
#: first-run figures (README.md) minus 0.01; to be raised as the extractor improves
FLOORS = {"tune": {"recall": 0.7353, "precision": 0.8964}, "sealed": {"recall": 0.706, "precision": 0.9124}}
RAW = {"military auto": "equipment.vehicles+military_auto", "fuel tank": "equipment.vehicles+fuel_tanks",
       "ground robotic systems": "equipment.other+ground_robotic"}

needs_series = pytest.mark.skipif(not SERIES.is_dir(), reason="../shared data not present")


def manifest(half: str | None = None) -> list[dict]:
    docs = json.loads(MANIFEST.read_text(encoding="utf-8"))
    return [d for d in docs if half is None or d["half"] == half]


_SERIES: dict = {}


def series() -> dict:
    """bulletins.load_series, with the two sub-counts and without the prisoners (see the module's doc)."""
    if not _SERIES:
        s = bulletins.load_series(SERIES)
        eq = json.loads((SERIES / "russia_losses_equipment.json").read_text(encoding="utf-8"))
        for row in eq:
            day = s.setdefault(row["date"], {})
            for field, metric in RAW.items():
                if isinstance(row.get(field), int):
                    day[metric] = row[field]
            if "military auto" in row:
                day.pop("equipment.vehicles", None)
        for day in s.values():
            day.pop("personnel.captured", None)
        _SERIES.update(s)
    return _SERIES


def prev(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


@contextlib.contextmanager
def extra_expected(metrics: list[str]):
    """bulletins.expected_items plus the increments of ``metrics`` (stated, but not as "(+N)" right after the
    total), without the increments only the loose "(+" search saw, and without disagreements."""
    original = bulletins.expected_items

    def expected(day, ser, text):
        out = [e for e in original(day, ser, text) if e.kind != "increment" or e.metric in metrics
               or _states_increment_strictly(text, ser[day][e.metric])]
        have = {(e.metric, e.kind) for e in out}
        before = ser.get(prev(day)) or {}
        for m in metrics:
            if (m, "increment") not in have and m in before and m in (ser.get(day) or {}):
                out.append(bulletins.Expected(m, "increment", ser[day][m] - before[m]))
        return out

    on_page = bulletins._on_page
    bulletins.expected_items = expected
    bulletins._on_page = lambda text, value: True     # no "disagreement": the pages hold the series' numbers
    try:
        yield
    finally:
        bulletins.expected_items = original
        bulletins._on_page = on_page


def _states_increment_strictly(text: str, total: int) -> bool:
    group = r"[\s,.\u00a0\u202f]"
    digits = (group + "?").join(str(total))
    return re.search(r"(?<![\d+])(?<!\d%s)%s(?!%s?\d)[^\n(]{0,12}\(\s*\+" % (group, digits, group), text) is not None


def read(doc: dict):
    path = HERE / doc["file"]
    docs = [d for d in read_path(str(path), Settings(published=doc.get("published"))) if not isinstance(d, Exception)]
    return docs[0] if docs else None


def score_doc(doc: dict, extractor) -> bulletins.PageResult:
    """One fixture read as a user would ingest it, extracted and scored against the series."""
    day, ser = doc["day"], series()
    metric_of = {it["key"]: it["metric"] for it in doc["items"]}
    try:
        d = read(doc)
    except CounterclaimError as e:
        return bulletins.PageResult(path=doc["file"], day=day, error=str(e))
    if d is None:
        return bulletins.PageResult(path=doc["file"], day=day, error="no document")
    claims = extractor.extract(d)
    periods = {metric_of[k].split("+")[0]: v for k, v in doc.get("periods", {}).items() if metric_of.get(k)}
    wrong_period = []
    scored = []
    for c in claims:
        p = c.period
        style = periods.get(c.metric) if c.metric else None
        if p is not None and style and p.end == day and p.start in (day, prev(day)):
            if style == "past_day" and p.start == day:
                wrong_period.append(c)
            elif style == "day" and p.start == prev(day):
                wrong_period.append(c)
            if p.start == prev(day):   # scored as the day's increment; the period checked here
                c = replace(c, period=replace(p, start=day))
        scored.append(c)
    extra = [metric_of[k] for k in doc.get("extra_increments", []) if metric_of.get(k)]
    with extra_expected(extra):
        res = bulletins.score_page(Path(doc["file"]), scored, d.text, day, ser, qualifier=doc.get("qualifier"))
    for c in wrong_period:
        if c.value is not None and not any(f[3] == c.quote for f in res.false):
            res.field_errors.append((c.metric, "increment", "period.start", c.period.start,
                                     prev(day) if periods.get(c.metric) == "past_day" else day))
    return res


def score_half(half: str, extractor=None) -> tuple[bulletins.BulletinReport, list[dict]]:
    from counterclaim.extract.pipeline import Extractor
    extractor = extractor or Extractor(Settings())
    docs = manifest(half)
    return bulletins.BulletinReport([score_doc(d, extractor) for d in docs]), docs


# ----------------------------------------------------------------------------------------------- tests
def _digits(n: int) -> str:
    return r"(?<![\d])%s(?!\d)" % r"[\s,.\u00a0\u202f]?".join(str(abs(n)))


@needs_series
def test_every_fixture_names_its_day_and_states_the_series_numbers():
    ser = bulletins.load_series(SERIES)
    raw = {r["date"]: r for r in json.loads((SERIES / "russia_losses_equipment.json").read_text(encoding="utf-8"))}
    docs = manifest()
    files = sorted(p.relative_to(HERE).as_posix() for p in HERE.glob("*/*") if p.is_file())
    assert files == sorted(d["file"] for d in docs)
    for half in ("tune", "sealed"):
        half_docs = [d for d in docs if d["half"] == half]
        assert 20 <= len(half_docs) <= 30
        assert {d["layout"] for d in half_docs} == {d["layout"] for d in docs}, half
    assert not ({d["day"] for d in docs if d["half"] == "tune"} & {d["day"] for d in docs if d["half"] == "sealed"})
    local = series()
    for d in docs:
        m = re.search(r"\d{4}-\d{2}-\d{2}", Path(d["file"]).name)
        assert m and m.group(0) == d["day"], d["file"]
        assert "2022-03-01" <= d["day"] <= "2026-07-31"
        text = (HERE / d["file"]).read_text(encoding="utf-8")
        if d["file"].endswith(".json"):
            text = json.dumps(json.loads(text), ensure_ascii=False)
        today, before = ser[d["day"]], ser.get(prev(d["day"]), {})
        checked = {it["metric"] for it in d["items"] if it["metric"]}
        assert checked == set(local[d["day"]]), d["file"]      # every count the series holds, nothing else
        for it in d["items"]:
            if not it["metric"]:
                continue
            want = local[d["day"]][it["metric"]]
            assert it["total"] == want, (d["file"], it)
            assert re.search(_digits(want), text) or (want <= 10 and d["layout"] == "ki_prose"), (d["file"], it)
            if it["increment"] is not None:
                assert it["increment"] == want - local[prev(d["day"])][it["metric"]], (d["file"], it)
        if "equipment.vehicles" in today:
            assert raw[d["day"]].get("military auto") is None or "equipment.vehicles" not in local[d["day"]]
        assert today.get("personnel.casualties") == local[d["day"]]["personnel.casualties"]
        assert before or d["day"] == "2022-02-25"


def test_the_generator_is_deterministic(tmp_path):
    import importlib.util
    spec = importlib.util.spec_from_file_location("bulletin_sites_make", HERE / "make.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    if not make.SERIES.is_dir():
        pytest.skip("../shared data not present")
    pers, eq = make.load()
    for fname, content, meta in make.build(pers, eq):
        assert (HERE / fname).read_text(encoding="utf-8") == content, fname


@pytest.mark.slow
@needs_series
@pytest.mark.parametrize("half", ["tune", "sealed"])
def test_bulletin_sites_against_the_series(half):
    report, _ = score_half(half)
    s = report.summary()
    assert s["not_articles"] == 0, s
    assert report.recall >= FLOORS[half]["recall"], s
    assert report.precision >= FLOORS[half]["precision"], s
