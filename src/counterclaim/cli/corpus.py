"""``counterclaim corpus extract``: corpus-scale extraction to Parquet (local or Spark)."""
from __future__ import annotations

import click

from counterclaim.settings import Settings


@click.group("corpus")
def corpus():
    """Extract claims from whole corpora (WARC, JSON Lines, folders) into Parquet."""


@corpus.command("extract")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, help="Output folder (local path or Hadoop URI for Spark).")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: one process (the reference); spark: Apache Spark.")
@click.option("--master", default=None,
              help="Spark master, e.g. local[2] or spark://host:7077 (default: local[*], or the one "
                   "spark-submit configured).")
@click.option("--partitions", type=int, default=None, help="Spark tasks for extraction (default 8 per core).")
@click.option("--published", default=None, help="Publication date (YYYY-MM-DD) for every document.")
@click.option("--source", default=None, help="Source name stored with every document.")
def extract_cmd(inputs, out, engine, master, partitions, published, source):
    """Read INPUT… (files, folders, WARC, JSONL, URIs), extract claims, write Parquet to --out."""
    if engine == "local" and (master or partitions):
        raise click.UsageError("--master and --partitions are options of --engine spark")
    settings = Settings.from_env(published=published, source=source)
    if engine == "local":
        from counterclaim.corpus.local import run_local
        summary = run_local(list(inputs), out, settings)
    else:
        from counterclaim.corpus.spark import run_spark, submitted_master
        summary = run_spark(list(inputs), out, settings, master=master or submitted_master(),
                            partitions=partitions)
    for line in summary.lines():
        click.echo(line, err=line.startswith(("error", "…")))
    click.echo("summary: %s/summary.json" % summary.out.rstrip("/"))
    if summary.errors and not summary.documents:
        raise SystemExit(1)  # nothing could be extracted: fail; a few bad records in a crawl do not


def register(group: click.Group) -> None:
    group.add_command(corpus)
