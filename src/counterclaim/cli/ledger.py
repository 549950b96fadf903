"""Ledger commands: ingest, reextract, claims, show, export, import-claims, demo.

Each is a few lines over ``counterclaim.service`` (what stores, links and checks) or
``counterclaim.ledger`` (what reads); library errors become one
``counterclaim: error: …`` line through the group in ``cli/__init__.py``.
"""
from __future__ import annotations

import sys

import click

from counterclaim.cli.options import iso_date

from counterclaim.settings import Settings


def _db_option(f):
    return click.option("--db", default=None, metavar="PATH",
                        help="Ledger file (default: $COUNTERCLAIM_DB, else ./counterclaim.db).")(f)


def _db(db):
    return Settings.from_env(db=db).db


def _filter_options(f):
    """The filters of ``claims`` and ``export``, in one place."""
    opts = [
        click.option("--metric", help="Metric, or a family without the dot (equipment)."),
        click.option("--claimant", help="Claimant key (ua.general_staff), or any part of any of its names "
                                      "(case-insensitive: Syniehubov finds Governor Oleh Syniehubov)."),
        click.option("--side", help="Claimant's side (UA, RU…)."),
        click.option("--subject-side", help="Whose losses or actions the figure counts (UA, RU…)."),
        click.option("--location", help="Region key (UA-14), country code (UA) or place name."),
        click.option("--kind", type=click.Choice(["reported", "assertion", "speculation", "opinion",
                                                  "recommendation", "question"])),
        click.option("--from", "date_from", callback=iso_date, help="Stated on or after this date."),
        click.option("--to", "date_to", callback=iso_date, help="Stated on or before this date (any precision)."),
        click.option("--search", help="Full-text search in quotes (words ANDed, word* a prefix)."),
        click.option("--min", "min_value", type=int, help="Smallest value."),
        click.option("--max", "max_value", type=int, help="Largest value."),
        click.option("--doc", "doc_id", metavar="DOC_ID", help="Only the claims of this document (d_…)."),
    ]
    for o in reversed(opts):
        f = o(f)
    return f


def _make_filter(kw):
    from counterclaim.ledger import ClaimFilter
    keys = ("metric", "claimant", "side", "subject_side", "location", "kind", "date_from", "date_to", "search",
            "min_value", "max_value", "doc_id")
    return ClaimFilter(**{k: kw.pop(k) for k in keys})


def _progress():
    """A rich progress bar on stderr counting documents, claims and errors."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
    from counterclaim.cli.terminal import console
    return Progress(SpinnerColumn(), TextColumn("{task.description}"),
                    TextColumn("[bold]{task.fields[docs]}[/] documents · [bold]{task.fields[claims]}[/] claims · "
                               "[bold]{task.fields[skipped]}[/] already stored · [bold red]{task.fields[errors]}[/] errors"),
                    TimeElapsedColumn(), console=console(stderr=True), transient=False)


def _run_with_progress(label, fn, db=None):
    """Run ``fn(on_progress, on_error)`` under a progress bar; error lines go to stderr as they happen.

    Ctrl-C ends it with one line saying what this run stored (kept: each document is its own
    transaction) and how to finish, and exit status 130.
    """
    seen = []
    with _progress() as bar:
        task = bar.add_task(label, docs=0, claims=0, skipped=0, errors=0, total=None)

        def on_progress(s):
            seen[:] = [s]
            bar.update(task, docs=s.added, claims=s.claims, skipped=s.skipped, errors=len(s.errors))

        def on_error(line):
            bar.console.print("counterclaim: error: " + line, markup=False, highlight=False, soft_wrap=True)

        try:
            stats = fn(on_progress, on_error)
        except KeyboardInterrupt:
            bar.stop()
            _interrupted(seen[0] if seen else None, db)
        on_progress(stats)
    return stats


def _interrupted(stats, db):
    at = " at %s" % stats.current if stats is not None and stats.current else ""
    if stats is None:
        kept = "nothing was stored yet"
    else:
        kept = "%d document%s stored by this run (%d claims) and %d already there are kept" % (
            stats.added, "" if stats.added == 1 else "s", stats.claims, stats.skipped)
    click.echo("counterclaim: interrupted%s: %s%s; the document under way was not stored. Rerun the same "
               "command to finish (what is stored is skipped)." % (at, kept, " in %s" % db if db else ""), err=True)
    sys.exit(130)


def _finish(stats, db):
    click.echo("%s -> %s" % (stats.summary(), db))
    if stats.errors:
        sys.exit(1)


def _extractor(settings):
    from counterclaim.extract import Extractor
    return Extractor(settings)


@click.command("ingest")
@click.argument("inputs", nargs=-1)
@_db_option
@click.option("--published", callback=iso_date, help="Publication date that overrides what the inputs say.")
@click.option("--source", help="Source name stored with the documents.")
@click.option("--allow-private", is_flag=True, default=None, help="Allow URLs on loopback/private addresses.")
@click.option("--parquet", "parquet_dir", metavar="DIR", help="Load the output of `counterclaim corpus extract`.")
def ingest_cmd(inputs, db, published, source, allow_private, parquet_dir):
    """Read, extract and store INPUT… (files, folders, globs, URLs, '-'); a rerun adds nothing twice."""
    from counterclaim import service as run
    from counterclaim.ledger import Ledger
    if not inputs and not parquet_dir:
        raise click.UsageError("give at least one INPUT, or --parquet DIR")
    settings = Settings.from_env(db=db, published=published, source=source, allow_private=allow_private)
    runs = []
    with Ledger(settings.db) as led:
        if parquet_dir:
            runs.append(_run_with_progress("loading", lambda p, e: run.ingest_parquet(
                led, parquet_dir, on_progress=p, on_error=e), settings.db))
        if inputs:
            from counterclaim.ingest import read_inputs
            extractor = _extractor(settings)
            runs.append(_run_with_progress("ingesting", lambda p, e: run.ingest(
                led, read_inputs(list(inputs), settings), extractor, on_progress=p, on_error=e), settings.db))
    for stats in runs:
        click.echo("%s -> %s" % (stats.summary(), settings.db))
    if any(stats.errors for stats in runs):
        sys.exit(1)


@click.command("reextract")
@_db_option
@click.option("--all", "everything", is_flag=True, help="Redo every document, not only those of another extractor version.")
def reextract_cmd(db, everything):
    """Recompute claims of stored documents from their stored text (sources are not re-read)."""
    from counterclaim import service as run
    from counterclaim.ledger import Ledger
    settings = Settings.from_env(db=db)
    with Ledger(settings.db, create=False) as led:
        extractor = _extractor(settings)
        stats = _run_with_progress("re-extracting", lambda p, e: run.reextract(
            led, extractor, everything=everything, on_progress=p, on_error=e), settings.db)
    _finish(stats, settings.db)


def _empty_message(led, flt):
    total = led.count()
    if total == 0:
        return "This ledger has no claims yet: run `counterclaim ingest FILE…` or `counterclaim demo`."
    return "No claims match these filters (%d claims in the ledger)." % total


@click.command("claims")
@_db_option
@_filter_options
@click.option("--sort", default=None, help="stated_on, value, confidence, metric, claimant, kind, location, doc, "
                                           "ingested; prefix - to reverse. Default: newest stated first (with "
                                           "--search: newest stored first).")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many (0: all).")
@click.option("--offset", type=int, default=0, help="Skip this many first.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
def claims_cmd(db, sort, limit, offset, fmt, **filters):
    """List claims of the ledger, filtered and sorted."""
    from counterclaim.ledger import Ledger
    flt = _make_filter(filters)
    with Ledger(_db(db), readonly=True) as led:
        claims = led.claims(flt, sort=sort, limit=limit or None, offset=offset)
        if fmt == "jsonl":
            import json
            for c in claims:
                sys.stdout.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
            return
        if fmt == "csv":
            from counterclaim.ledger.export import write_csv
            write_csv(((c, None, {}) for c in claims), sys.stdout)
            return
        from counterclaim.cli.terminal import claims_table, console
        shown = list(claims)
        if not shown:
            click.echo(_empty_message(led, flt))
            return
        total = led.count(flt)
        title = "%d of %d claims" % (len(shown), total) if total > len(shown) else "%d claims" % total
        out = console()
        out.print(claims_table(shown, title=title, width=out.width))


@click.command("show")
@click.argument("ident")
@_db_option
def show_cmd(ident, db):
    """Show a document (d_…) with its claims highlighted, or one claim (c_…) in its context; a prefix will do."""
    from counterclaim.cli import terminal as view
    from counterclaim.ledger import Ledger
    with Ledger(_db(db), readonly=True) as led:
        full = led.resolve_id(ident)
        if full.startswith("d_"):
            out = view.console()
            out.print(view.document_view(led.document_row(full), led.claims_of(full), width=out.width))
            return
        claim = led.claim(full)
        row = led.claim_row(full)
        doc = led.document_row(claim.doc_id)
        view.console().print(view.claim_view(claim, row, doc, led.relations_of(full), list(led.findings(full))))


@click.command("export")
@click.argument("out")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("--with-text", is_flag=True, help="Carry each document's text (once), so import-claims restores it.")
@_filter_options
def export_cmd(out, db, fmt, with_text, **filters):
    """Write the ledger's claims (one row per claim) to OUT ('-' for stdout, jsonl/csv)."""
    from counterclaim.ledger import Ledger
    from counterclaim.ledger.export import export_claims
    with Ledger(_db(db), readonly=True) as led:
        n = export_claims(led, out, fmt, _make_filter(filters), with_text=with_text)
    click.echo("%d claims written to %s" % (n, out), err=True)


@click.command("import-claims")
@click.argument("file")
@_db_option
def import_claims_cmd(file, db):
    """Load a jsonl or Parquet export (or `extract` output) into the ledger; documents without text become stubs."""
    from counterclaim.ledger import Ledger
    from counterclaim.service import import_claims
    path = _db(db)
    with Ledger(path) as led:
        res = import_claims(led, file)
    for line in res.errors:
        click.echo("counterclaim: error: " + line, err=True)
    click.echo("%d claims added (%d already there), %d documents added (%d without text) -> %s"
               % (res.claims_added, res.claims_present, res.documents_added, res.stub_documents, path))
    if res.errors:
        sys.exit(1)


@click.command("demo")
@click.option("--db", default=None, metavar="PATH", help="Ledger to (re)build (default ./counterclaim-demo.db).")
def demo_cmd(db):
    """Ingest the bundled examples into a fresh ledger and print their claims and a summary."""
    from counterclaim import service
    from counterclaim.cli import terminal as view
    from counterclaim.ledger import Ledger
    path = db or service.DEFAULT_DEMO_DB
    extractor = _extractor(Settings.from_env())
    stats = _run_with_progress("demo", lambda p, e: service.build_demo(path, extractor, on_progress=p, on_error=e))
    out = view.console()
    with Ledger(path, readonly=True) as led:
        if led.count():
            out.print(view.claims_table(led.claims(sort="stated_on"), title="Claims of the bundled examples",
                                        width=out.width))
        else:
            out.print("No claims were extracted from the examples.")
        s = service.demo_summary(led)
        out.print(view.summary_view(s["counts"], s["by_kind"], s["by_metric"], s["by_relation"], s["findings"]))
    click.echo("%s -> %s" % (stats.summary(), path))
    click.echo("Next: `counterclaim claims --db %s --metric personnel --sort -value`, then "
               "`counterclaim show <id> --db %s` for any id in the first column." % (path, path))
    if stats.errors:
        sys.exit(1)


COMMANDS = (ingest_cmd, reextract_cmd, claims_cmd, show_cmd, export_cmd, import_claims_cmd, demo_cmd)


def register(group: click.Group) -> None:
    for cmd in COMMANDS:
        group.add_command(cmd)
