"""Geometry of the timeline chart, computed on the server and drawn by an SVG template.

Claims are points (a vertical bar for a range), one colour per claimant; imported series
are lines. Every label reaches the page through Jinja2's autoescape; tooltips are SVG
``<title>`` elements, so they work without JavaScript.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Iterable, Optional

WIDTH, HEIGHT = 960, 420
LEFT, RIGHT, TOP, BOTTOM = 78, 20, 16, 40
PALETTE = 10          #: colour classes ``c0`` … ``c9`` in the stylesheet
MAX_SERIES_POINTS = 1500


def parse_date(value: Optional[str]) -> Optional[dt.date]:
    """An ISO date at any precision (``2025``, ``2025-04``, ``2025-04-26``, a date-time) or None."""
    if not value or not isinstance(value, str):
        return None
    v = value.strip()[:10]
    try:
        if len(v) == 4:
            return dt.date(int(v), 1, 1)
        if len(v) == 7:
            return dt.date(int(v[:4]), int(v[5:7]), 1)
        return dt.date.fromisoformat(v)
    except ValueError:
        return None


@dataclass
class Point:
    x: float
    y: float
    y_low: float
    y_high: float
    colour: int
    claim_id: str
    label: str          #: tooltip text (escaped by the template)
    date: str
    value: int


#: hover marks per series line at most (about one per 4 px of a 960 px chart)
MAX_MARKS = 240


@dataclass
class Line:
    name: str
    colour: int
    points: list[tuple[float, float, str, int]]   #: x, y, date, value

    @property
    def path(self) -> str:
        return " ".join("%.1f,%.1f" % (x, y) for x, y, _, _ in self.points)

    @property
    def marks(self) -> list[tuple[float, float, str, int]]:
        """The points that get a hover mark with their date and value: all of them up to ``MAX_MARKS``,
        else every k-th and the last (the line itself draws every point; 1,500 days of a series as
        marks weighed 700 KB of a page at a few pixels apart)."""
        if len(self.points) <= MAX_MARKS:
            return self.points
        step = -(-len(self.points) // MAX_MARKS)
        marks = self.points[::step]
        return marks if marks[-1] is self.points[-1] else marks + [self.points[-1]]


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    points: list[Point] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[int, str, str]] = field(default_factory=list)   #: colour, label, "claims"|"series"
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    left: int = LEFT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    right: int = WIDTH - RIGHT

    hidden: int = 0          #: claims not drawn: a value of 0 or less on a log scale
    outside: int = 0         #: claims outside the date range shown
    d0: Optional[dt.date] = None   #: the dates the x axis spans
    d1: Optional[dt.date] = None

    @property
    def empty(self) -> bool:
        return not self.points and not self.lines


def _nice_step(span: float, target: int = 6) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def fmt_number(v: float) -> str:
    return "{:,}".format(int(round(v)))


def fmt_tick(v: float) -> str:
    """An axis label: round thousands and millions short (940k, 1.25M), anything else in full."""
    n = int(round(v))
    if abs(n) >= 1_000_000 and n % 10_000 == 0:
        return ("%.2f" % (n / 1e6)).rstrip("0").rstrip(".") + "M"
    if abs(n) >= 100_000 and n % 1000 == 0:
        return "%dk" % (n // 1000)
    return fmt_number(n)


def colour_map(claimants: Iterable[Optional[str]]) -> dict[str, int]:
    """A colour class per claimant, in order of first appearance (shared by several charts of a page)."""
    out: dict[str, int] = {}
    for who in claimants:
        out.setdefault(who or "unknown", len(out) % PALETTE)
    return out


def build(claims: Iterable[dict], series: dict[str, list[tuple[str, int]]], log: bool = False,
          date_range: Optional[tuple[dt.date, dt.date]] = None, fit: bool = False,
          colours: Optional[dict[str, int]] = None) -> Chart:
    """A chart from claim rows (``claim_id, date, low, high, claimant, quote``) and series points.

    ``log`` draws values on a log10 scale; a value of 0 or less has no place on it and is left
    out (``Chart.hidden`` counts the claims). ``date_range`` (first, last day) zooms: claims and
    points outside it are left out (``Chart.outside`` counts the claims). ``fit``: when every value
    lies well above zero (running totals near a million), the value axis spans them rather than
    starting at zero, so that a gap of a few thousand shows. ``colours`` (claimant -> colour class,
    see ``colour_map``) keeps a claimant's colour the same on every chart of a page; series then
    take colours from the end of the palette.
    """
    chart = Chart()
    rows = []
    for c in claims:
        d = parse_date(c.get("date"))
        if d is None or c.get("low") is None:
            continue
        if date_range and not date_range[0] <= d <= date_range[1]:
            chart.outside += 1
            continue
        if log and (c.get("high") if c.get("high") is not None else c["low"]) <= 0:
            chart.hidden += 1
            continue
        rows.append((d, c))
    lines_in = {}
    for name, pts in series.items():
        parsed = sorted((d, v) for d, v in ((parse_date(s), v) for s, v in pts) if d is not None and v is not None
                        and not (log and v <= 0) and not (date_range and not date_range[0] <= d <= date_range[1]))
        if len(parsed) > MAX_SERIES_POINTS:          # keep the shape, drop density
            step = len(parsed) / MAX_SERIES_POINTS
            parsed = [parsed[int(i * step)] for i in range(MAX_SERIES_POINTS)] + [parsed[-1]]
        if parsed:
            lines_in[name] = parsed
    dates = [d for d, _ in rows] + [d for pts in lines_in.values() for d, _ in pts]
    values = ([c["low"] for _, c in rows] + [c.get("high") if c.get("high") is not None else c["low"] for _, c in rows]
              + [v for pts in lines_in.values() for _, v in pts])
    if not dates:
        return chart
    d0, d1 = date_range if date_range else (min(dates), max(dates))
    if d0 == d1:
        d0, d1 = d0 - dt.timedelta(days=15), d1 + dt.timedelta(days=15)
    chart.d0, chart.d1 = d0, d1
    vmax = max(max(values), 1)
    vmin = min(0, min(values))
    if fit and min(values) > 0 and min(values) > 0.5 * vmax:
        vmin = min(values)          # values close together far from zero: the axis spans them, not zero
    if log:
        vbot, vtop, step = 0.0, float(max(1, math.ceil(math.log10(vmax)))), 1.0
    else:
        step = _nice_step((vmax - vmin) or vmax)
        vtop = math.ceil(vmax / step) * step
        vbot = math.floor(vmin / step) * step if vmin != 0 else 0
        if vtop == vbot:
            vtop += step
    span_days = (d1 - d0).days
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top

    def x_of(d: dt.date) -> float:
        return chart.left + plot_w * (d - d0).days / span_days

    def y_of(v: float, scaled: bool = False) -> float:
        if log and not scaled:
            v = math.log10(max(v, 1))
        return chart.bottom - plot_h * (v - vbot) / ((vtop - vbot) or 1)

    shared = colours is not None
    colours = dict(colours or {})
    seen: set[str] = set()
    for d, c in rows:
        who = c.get("claimant") or "unknown"
        if who not in colours:
            colours[who] = len(colours) % PALETTE
        if who not in seen:
            seen.add(who)
            chart.legend.append((colours[who], who, "claims"))
        low = c["low"]
        high = c.get("high") if c.get("high") is not None else low
        mid = (low + high) / 2
        value_text = fmt_number(low) if low == high else "%s–%s" % (fmt_number(low), fmt_number(high))
        quote = c.get("quote") or ""
        label = "%s · %s · %s: %s" % (who, d.isoformat(), value_text, quote if len(quote) <= 120 else quote[:119] + "…")
        chart.points.append(Point(x_of(d), y_of(mid), y_of(low), y_of(high), colours[who], c["claim_id"],
                                  label, d.isoformat(), int(mid)))
    for i, (name, pts) in enumerate(sorted(lines_in.items())):
        colour = (len(colours) + i) % PALETTE if not shared else (PALETTE - 1 - i) % PALETTE
        chart.legend.append((colour, name, "series"))
        chart.lines.append(Line(name, colour, [(x_of(d), y_of(v), d.isoformat(), v) for d, v in pts]))
    v = vbot
    while v <= vtop + step / 2:
        chart.y_ticks.append((y_of(v, scaled=True), fmt_tick(10 ** v if log else v)))
        v += step
    chart.x_ticks = _date_ticks(d0, d1, x_of)
    return chart


def _date_ticks(d0: dt.date, d1: dt.date, x_of) -> list[tuple[float, str]]:
    days = (d1 - d0).days
    if days <= 62:                                   # a short span: a tick every few days
        every = next(n for n in (1, 2, 7, 14) if days / n <= 10)
        return [(x_of(d0 + dt.timedelta(days=i)), (d0 + dt.timedelta(days=i)).isoformat())
                for i in range(0, days + 1, every)]
    months = (d1.year - d0.year) * 12 + d1.month - d0.month
    every = next(m for m in (1, 2, 3, 6, 12, 24, 60, 120) if months / m <= 8)
    out = []
    y, m = d0.year, d0.month
    while True:
        m += 1
        if m > 12:
            y, m = y + 1, 1
        d = dt.date(y, m, 1)
        if d > d1:
            break
        if ((y * 12 + m - 1) % every) == 0:
            out.append((x_of(d), d.strftime("%Y") if every >= 12 else d.strftime("%Y-%m")))
    if not out:
        out = [(x_of(d0), d0.isoformat()), (x_of(d1), d1.isoformat())]
    return out
