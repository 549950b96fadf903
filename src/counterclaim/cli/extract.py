"""``counterclaim extract`` and ``counterclaim eval``: claims of files, and their score against gold."""
from __future__ import annotations

import json
import os
from pathlib import Path
import sys

import click

from counterclaim.cli.options import iso_date
from counterclaim.errors import CounterclaimError
from counterclaim.settings import Settings


def _table(claims, out) -> None:
    from rich.console import Console
    from rich.table import Table
    t = Table(show_lines=False)
    for col in ("kind", "claimant", "metric", "value", "subject", "where", "stated", "quote"):
        t.add_column(col, overflow="fold")
    for c in claims:
        v = c.value
        t.add_row(c.kind, c.claimant.key or c.claimant.text or "", c.metric or "",
                  "" if v is None else ("%d" % v.low if v.low == v.high else "%d–%d" % (v.low, v.high)) + ("" if v.qualifier == "exact" else " (%s)" % v.qualifier),
                  c.subject.side or "", (c.location.key or c.location.text) if c.location else "", c.stated_on or "",
                  c.quote[:90] + ("…" if len(c.quote) > 90 else ""))
    Console(file=out, width=200).print(t)


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", callback=iso_date, help="Publication date YYYY-MM-DD; overrides the file's own.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table"]), default="jsonl", show_default=True)
@click.option("--lang", default=None, help="Language when the input does not say (default en).")
def extract_cmd(paths, published, fmt, lang):
    """Print the claims of PATH… (text, HTML, Reddit JSON; '-' for stdin) as claim records."""
    from counterclaim.extract import Extractor
    from counterclaim.ingest import read_inputs
    settings = Settings.from_env(published=published, lang=lang)
    extractor = Extractor(settings)
    failed = 0

    def documents():
        nonlocal failed
        for item in read_inputs(list(paths), settings, expand_dirs=False):
            if isinstance(item, CounterclaimError):
                failed += 1
                click.echo("counterclaim: error: %s" % item, err=True)
                continue
            yield item

    for doc, claims in extractor.extract_many(documents()):
        if fmt == "table":
            _table(claims, sys.stdout)
        else:
            for c in claims:
                sys.stdout.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    if failed:
        sys.exit(1)


@click.command("eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@click.option("-q", "--quiet", is_flag=True, help="Do not list the misses, only the figures.")
@click.option("-v", "--verbose", is_flag=True, hidden=True, help="List the misses (the default).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False), help="Also write the report as JSON.")
@click.option("--gate", is_flag=True, help="Exit 1 when a pinned floor is not reached.")
@click.option("--only", multiple=True, help="Score just this file (repeatable).")
@click.option("--variants", is_flag=True,
              help="Also score every meaning-preserving rewrite of the set (layout, HTML, dashes, verbs) and "
                   "the gap of each to the original; with --gate, exit 1 past 0.01.")
def eval_cmd(gold_dir, quiet, verbose, json_out, gate, only, variants):
    """Score extraction against GOLD_DIR/gold.jsonl (the rules of shared/eval/README.md)."""
    from counterclaim.eval import gate as gate_mod
    from counterclaim.eval.runner import run
    if variants:
        _eval_variants(gold_dir, gate)
        return
    res = run(gold_dir, only=list(only) or None).to_dict(verbose=True)
    misses = res.pop("misses")
    if not quiet:
        for m in misses:
            click.echo("   " + m)
    if json_out:
        with open(json_out, "w", encoding="utf-8") as fh:
            json.dump(res, fh, indent=1)
    f = res["figure"]
    click.echo(json.dumps(res))
    click.echo("figure F1 %.3f (P %.3f R %.3f, tp %d fp %d fn %d; metric+value only F1 %.3f); claimant acc %s; "
               "statements recall %s kind acc %s; errors %d"
               % (f["f1"], f["precision"], f["recall"], f["tp"], f["fp"], f["fn"], f["loose_f1"],
                  res["fields"].get("claimant"), res["statements"]["recall"], res["statements"]["kind_acc"], len(res["errors"])))
    click.echo("fields: " + ", ".join("%s %.3f (n=%d)" % (k, v, res["fields_n"][k]) for k, v in res["fields"].items()))
    if gate:
        below = gate_mod.check(res)
        for line in below:
            click.echo("gate: " + line, err=True)
        if below:
            sys.exit(1)


def _eval_variants(gold_dir, gate) -> None:
    import tempfile

    from counterclaim.eval import variants as variants_mod
    from counterclaim.eval.runner import run
    from counterclaim.extract import Extractor

    extractor = Extractor()
    base = run(gold_dir, extractor=extractor).to_dict()
    click.echo("original: figure F1 %.3f claimant %s" % (base["figure"]["f1"], base["fields"].get("claimant")))
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in variants_mod.VARIANTS:
            out = variants_mod.write_variant(gold_dir, name, Path(tmp) / name)
            res = run(str(out), extractor=extractor).to_dict()
            df = res["figure"]["f1"] - base["figure"]["f1"]
            dc = (res["fields"].get("claimant") or 0) - (base["fields"].get("claimant") or 0)
            bad = abs(df) > variants_mod.TOLERANCE or abs(dc) > variants_mod.TOLERANCE
            failed += [name] if bad else []
            click.echo("%-12s figure F1 %.3f (%+.3f) claimant %s (%+.3f)%s"
                       % (name, res["figure"]["f1"], df, res["fields"].get("claimant"), dc, "  OUTSIDE 0.01" if bad else ""))
    if gate and failed:
        click.echo("gate: variants outside the tolerance: " + ", ".join(failed), err=True)
        sys.exit(1)


@click.command("eval-bulletins")
@click.argument("pages_dir", type=click.Path(exists=True))
@click.option("--series", "series_dir", required=True, type=click.Path(exists=True),
              help="Folder of the General Staff daily series (PetroIvaniuk's JSON files).")
@click.option("--lists", is_flag=True, help="PAGES_DIR is one file of many days' loss lists (a date line, then its items).")
@click.option("-q", "--quiet", is_flag=True, help="Only the figures, not each miss.")
@click.option("--gate", is_flag=True, help="Exit 1 when recall or precision is below 0.99.")
def eval_bulletins_cmd(pages_dir, series_dir, lists, quiet, gate):
    """Score real bulletin pages (named with their day), or a file of daily loss lists, against the
    daily series: every total and every "(+N)" increment, with claimant, subject, qualifier,
    statement date and period."""
    from counterclaim.eval import bulletins
    if lists != os.path.isfile(pages_dir):
        raise click.UsageError("--lists takes one file of lists; without it PAGES_DIR is a folder of pages")
    report = bulletins.run_lists(pages_dir, series_dir) if lists else bulletins.run(pages_dir, series_dir)
    if not quiet:
        for p in report.pages:
            if p.error:
                click.echo("   not an article: %s" % p.error)
            for e in p.missed:
                click.echo("   missed %s: %s %s %d" % (p.day, e.metric, e.kind, e.value))
            for metric, kind, value, quote in p.false:
                click.echo("   false %s: %s %s %d in %r" % (p.day, metric, kind, value, quote))
            for metric, kind, field, got, wanted in p.field_errors:
                click.echo("   field %s: %s %s %s %r, wanted %r" % (p.day, metric, kind, field, got, wanted))
            for metric, kind, page, series in p.disagreements:
                click.echo("   page and series differ %s: %s %s page %d, series %d" % (p.day, metric, kind, page, series))
    click.echo(json.dumps(report.summary()))
    if gate and (report.recall < bulletins.FLOOR or report.precision < bulletins.FLOOR):
        click.echo("gate: recall %.4f precision %.4f, floor %.2f" % (report.recall, report.precision, bulletins.FLOOR), err=True)
        sys.exit(1)


def register(group: click.Group) -> None:
    group.add_command(extract_cmd)
    group.add_command(eval_cmd)
    group.add_command(eval_bulletins_cmd)
