"""Linking commands: series import, compare, check, links — each a few lines over ``counterclaim.link``."""
from __future__ import annotations

import json

import click

from counterclaim.settings import Settings


def register(group: click.Group) -> None:
    group.add_command(series)
    group.add_command(compare)
    group.add_command(check)
    group.add_command(links)


def _db_option(f):
    return click.option("--db", default=None, metavar="PATH",
                        help="Ledger file (default: $COUNTERCLAIM_DB, else ./counterclaim.db).")(f)


def _db(db):
    return Settings.from_env(db=db).db


@click.group()
def series():
    """Independent loss series (General Staff daily totals, Oryx confirmed losses)."""


@series.command("import")
@click.argument("kind", type=click.Choice(["genstaff", "oryx"]))
@click.argument("path", type=click.Path())
@_db_option
def series_import(kind, path, db):
    """Import PATH (the dataset's folder or one of its files) as the series KIND."""
    from counterclaim.ledger import Ledger
    from counterclaim.series.genstaff import import_genstaff
    from counterclaim.link import track
    from counterclaim.series.oryx import import_oryx

    with Ledger(_db(db)) as led:
        counts = (import_genstaff if kind == "genstaff" else import_oryx)(led, path)
        track.refresh_ratios(led)          # the claimants' ratios to the series, stored anew
        for name, n in counts.items():
            row = led.series_info(name)
            click.echo("%s: %d points from %s (licence: %s)" % (name, n, row["source"], row["licence"]))


@click.command()
@_db_option
@click.option("--metric", help="Only this metric, or a family without the dot (equipment).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--chart", type=click.Path(dir_okay=False), help="Also write a PNG of --metric over time here.")
@click.option("--side", "subject_side", default="RU", show_default=True, help="Whose losses the chart shows.")
def compare(db, metric, fmt, chart, subject_side):
    """Claims against the independent series: the series' value on each claim's date and the difference."""
    from counterclaim.ledger import Ledger
    from counterclaim.link.compare import report

    if chart and (not metric or "." not in metric):
        raise click.UsageError("--chart needs one --metric (e.g. equipment.tanks)")
    with Ledger(_db(db), readonly=True) as led:
        if not led.has_series():
            click.echo("counterclaim: no series in %s yet (run `counterclaim series import genstaff|oryx PATH`)"
                       % led.path, err=True)
        rep = report(led, metric)
        if fmt == "json":
            click.echo(json.dumps(rep.to_dict(), ensure_ascii=False, indent=1))
        else:
            _print_table(rep)
        if chart:
            from counterclaim.link.chart import chart_data, render
            data = chart_data(led, metric, subject_side)
            render(data, chart)
            click.echo("chart: %s (%d series, %d claimants)" % (chart, len(data.series), len(data.claims)), err=True)


def _print_table(rep) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="claims against independent series")
    for col in ("date", "claimant", "metric", "side", "claim", "series", "series value", "difference", "÷ oryx"):
        t.add_column(col, justify="right" if col in ("claim", "series value", "difference", "÷ oryx") else "left")
    for c in rep.comparisons:
        for s in c.series:
            t.add_row(c.date, c.claimant, c.metric + (" (day)" if c.increment else ""), c.subject_side, c.value,
                      s.series, format(s.value, ","), "%+d" % s.difference,
                      "%.2f" % c.oryx_ratio if c.oryx_ratio and s.series == "genstaff" else "")
    console = Console()
    console.print(t)
    for m, pts in rep.ratios.items():
        first, last = pts[0], pts[-1]
        console.print("%s: General Staff / Oryx %.2f on %s, %.2f on %s (%d samples)"
                      % (m, first.ratio, first.date, last.ratio, last.date, len(pts)))
    for name, src in rep.sources.items():
        console.print("series %s: %s — licence %s" % (name, src["source"], src["licence"]), highlight=False)


@click.command()
@_db_option
@click.option("--relink", is_flag=True, help="Link and check every document again first (a ledger filled "
                                             "without linking).")
def check(db, relink):
    """List the consistency findings and the contradictions of a ledger, and drops in the General Staff series."""
    from counterclaim.ledger import Ledger
    from counterclaim.link.consistency import series_drops
    from counterclaim.service import relink as relink_all

    with Ledger(_db(db), readonly=not relink) as led:
        if relink:
            relink_all(led)
        n = 0
        for f in led.findings():
            click.echo("%s: %s  [%s]" % (f.kind, f.message, " ".join(f.claim_ids)))
            n += 1
        for r in led.relations_of_type("contradicts"):
            click.echo("contradicts: %s  [%s %s]" % (r.reason, r.src, r.dst))
            n += 1
        for f in series_drops(led):
            click.echo("%s: %s" % (f.kind, f.message))
            n += 1
        if not n:
            click.echo("no findings and no contradictions")


@click.command()
@click.argument("claim_id")
@_db_option
def links(claim_id, db):
    """One claim's relations (ID may be the start of a claim id)."""
    from counterclaim.ledger import Ledger
    from counterclaim.link.values import show

    with Ledger(_db(db), readonly=True) as led:
        cid = claim_id if led.claim_row(claim_id) else led.resolve_id(claim_id)
        me = led.claim(cid)
        click.echo("%s  %s %s  (%s, %s)" % (cid, me.metric or me.kind, show(me.value) if me.value else "",
                                            me.claimant.key or me.claimant.text or "?", me.stated_on or "?"))
        rels = led.relations_of(cid)
        if not rels:
            click.echo("  no relations")
        for r in rels:
            other = led.claim(r.dst if r.src == cid else r.src)
            arrow = "->" if r.src == cid else "<-"
            click.echo("  %s %s %s  %s" % (r.type, arrow, other.claim_id if other else "?", r.reason))
            if other is not None:
                click.echo("      %r" % other.quote[:160])
        for f in led.findings(cid):
            click.echo("  finding %s: %s" % (f.kind, f.message))
