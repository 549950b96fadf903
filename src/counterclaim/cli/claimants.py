"""``counterclaim claimants``: every claimant's track record, as the web's /claimants shows it."""
from __future__ import annotations

import json

import click

from counterclaim.settings import Settings


def register(group: click.Group) -> None:
    group.add_command(claimants_cmd)


@click.command("claimants")
@click.option("--db", default=None, metavar="PATH", help="Ledger file (default: $COUNTERCLAIM_DB, else ./counterclaim.db).")
@click.option("--claimant", metavar="TEXT", help="Only claimants one of whose names or keys contains TEXT "
                                                 "(case-insensitive: Syniehubov finds Governor Oleh Syniehubov).")
@click.option("--sort", default="-claims", show_default=True,
              help="name, claims, metrics, first, last, repeated, corroborated, contradicted, revised, genstaff, "
                   "oryx (ratios to the series); prefix - for descending.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many (0: all).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def claimants_cmd(db, claimant, sort, limit, fmt):
    """Claimants with their track records: claims, metrics, first and last date, how many of their claims
    others re-reported, corroborated or contradicted, how many they revised, and their ratio to the series."""
    from counterclaim.ledger import Ledger
    from counterclaim.link import track

    if sort.lstrip("-") not in track.SORTS:
        raise click.BadParameter("expected one of %s (prefix - for descending)" % ", ".join(track.SORTS),
                                 param_hint="--sort")
    with Ledger(Settings.from_env(db=db).db, readonly=True) as led:
        records = track.sort_records(track.matching(track.track_records(led), claimant), sort)
    shown = records[:limit] if limit else records
    if fmt == "json":
        click.echo(json.dumps([t.to_dict() for t in shown], ensure_ascii=False, indent=1))
        return
    if not shown:
        click.echo("No claimant%s." % (" matches %r" % claimant if claimant else " in this ledger yet"))
        return
    from counterclaim.cli.terminal import console
    out = console()
    out.print(table(shown, "%d of %d claimants" % (len(shown), len(records)) if len(shown) < len(records)
                    else "%d claimants" % len(records)))


def _ratio(t, series: str) -> str:
    r = t.ratio(series)
    return "%.2f (n=%d)" % (r.median, r.n) if r else ""


def table(records, title: str):
    from rich.table import Table
    from rich.text import Text

    from counterclaim.cli.terminal import clean

    t = Table(title=title, header_style="bold")
    cols = [("claimant", "left"), ("claims", "right"), ("metrics", "right"), ("first", "left"),
            ("last", "left"), ("re-reported", "right"), ("corroborated", "right"), ("contradicted", "right"),
            ("revised", "right"), ("÷ genstaff", "right"), ("÷ oryx", "right")]
    for name, justify in cols:
        t.add_column(name, justify=justify, no_wrap=name != "claimant", max_width=34 if name == "claimant" else None,
                     overflow="fold")
    for r in records:
        t.add_row(Text(clean(r.name)), str(r.claims), str(r.metrics), r.first or "",
                  r.last or "", str(r.repeated), str(r.corroborated), str(r.contradicted), str(r.revised),
                  _ratio(r, "genstaff"), _ratio(r, "oryx"))
    return t
