"""One metric over time as a PNG: each claimant's claims as points, each independent series as a line.

``chart_data`` gathers what is plotted (so a test can check the numbers, not the pixels);
``render`` draws it with matplotlib's Agg backend (no display) and returns what it drew,
read back from the axes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from counterclaim.ledger import Ledger
from counterclaim.link.keys import QuantityKey, as_of, quantity_key
from counterclaim.link.values import claimant_name

#: most points drawn per series line (a daily series over years is thinned evenly, its last point kept)
MAX_LINE_POINTS = 2000


@dataclass
class ChartData:
    metric: str
    subject_side: Optional[str]
    series: dict[str, list[tuple[str, int]]] = field(default_factory=dict)            #: name -> (date, value)
    claims: dict[str, list[tuple[str, int, str]]] = field(default_factory=dict)       #: claimant -> (date, value, id)
    credits: dict[str, str] = field(default_factory=dict)                             #: series -> licence, shown

    def to_dict(self) -> dict:
        return {"metric": self.metric, "subject_side": self.subject_side,
                "series": {k: [list(p) for p in v] for k, v in self.series.items()},
                "claims": {k: [list(p) for p in v] for k, v in self.claims.items()}}


def chart_data(ledger: Ledger, metric: str, subject_side: Optional[str] = None, running_totals_only: bool = True,
               date_from: Optional[str] = None, date_to: Optional[str] = None) -> ChartData:
    """The series lines and claim points of one metric (of one side, when given).

    ``running_totals_only`` keeps the claims that count the same thing as the series (totals
    since the invasion, nationwide); otherwise every claim of the metric is a point.
    """
    data = ChartData(metric, subject_side)
    for r in ledger.series_lines(metric, subject_side, date_from, date_to):
        data.series.setdefault(r["series"], []).append((r["date"], r["value"]))
    for name, licence in ledger.series_licences().items():
        if name in data.series:
            data.credits[name] = licence or "licence not recorded"
    for name, pts in data.series.items():
        if len(pts) > MAX_LINE_POINTS:
            step = len(pts) / (MAX_LINE_POINTS - 1)
            data.series[name] = [pts[int(i * step)] for i in range(MAX_LINE_POINTS - 1)] + [pts[-1]]
    for c, stored_key in ledger.valued_claims(metric, subject_side):
        key = QuantityKey.parse(stored_key) if stored_key else quantity_key(c)
        if running_totals_only and (key is None or key.period != "war" or key.location not in ("*", "UA", "RU")):
            continue
        d = as_of(c)
        if d is None or (date_from and d.isoformat() < date_from) or (date_to and d.isoformat() > date_to):
            continue
        v = c.value.low if c.value.low == c.value.high else (c.value.low + c.value.high) // 2
        data.claims.setdefault(claimant_name(c), []).append((d.isoformat(), v, c.claim_id))
    return data


def render(data: ChartData, path: str) -> dict[str, list[tuple[str, int]]]:
    """Write the PNG; return {label: [(date, value)]} as read back from the drawn artists."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure
    from datetime import date

    fig = Figure(figsize=(10, 5.5), dpi=100)
    ax = fig.add_subplot()
    colours = ["C%d" % i for i in range(10)]  # one colour per line or claimant, never shared
    for i, (name, pts) in enumerate(sorted(data.series.items())):
        ax.plot([date.fromisoformat(d) for d, _ in pts], [v for _, v in pts], label="%s (series)" % name,
                linewidth=1.2, color=colours[i % 10])
    markers = "osD^v<>Pp*hX"
    for i, (who, pts) in enumerate(sorted(data.claims.items())):
        ax.scatter([date.fromisoformat(d) for d, _, _ in pts], [v for _, v, _ in pts], label=who,
                   marker=markers[i % len(markers)], s=36, zorder=3, color=colours[(len(data.series) + i) % 10],
                   edgecolors="black", linewidths=0.5)
    ax.set_title("%s%s over time" % (data.metric, " of " + data.subject_side if data.subject_side else ""))
    ax.set_ylabel(data.metric)
    ax.grid(True, alpha=0.3)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    if data.series or data.claims:
        ax.legend(loc="upper left", fontsize=8)
    else:
        ax.text(0.5, 0.5, "nothing to plot", transform=ax.transAxes, ha="center")
    fig.autofmt_xdate()
    if data.credits:
        fig.text(0.01, 0.005, "Series: " + "; ".join("%s — %s" % kv for kv in sorted(data.credits.items())),
                 fontsize=6, color="0.35", ha="left", va="bottom")
    fig.savefig(path, format="png")
    drawn: dict[str, list[tuple[str, int]]] = {}
    for line in ax.get_lines():
        xs = mdates.num2date(mdates.date2num(line.get_xdata()))
        drawn[line.get_label()] = [(x.date().isoformat(), int(y)) for x, y in zip(xs, line.get_ydata())]
    for coll in ax.collections:
        drawn[coll.get_label()] = [(mdates.num2date(x).date().isoformat(), int(y)) for x, y in coll.get_offsets()]
    return drawn
