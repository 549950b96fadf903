"""The ``counterclaim`` command: a thin layer over the library.

Each command group lives in its own module and registers itself on ``main``;
library errors (CounterclaimError) become one line on stderr and exit status 1, and
Ctrl-C one line and exit status 130 (every write is a transaction: none is left half done).
"""
from __future__ import annotations

import importlib
import sys

import click

from counterclaim.errors import CounterclaimError

#: modules that add commands to ``main`` (each defines ``register(group)``)
COMMAND_MODULES = ("extract", "ledger", "link", "web", "corpus", "claimants")


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except CounterclaimError as e:
            click.echo("counterclaim: error: %s" % e, err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("counterclaim: interrupted; every write finished before it is kept, the one under way "
                       "is undone", err=True)
            sys.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="counterclaim")
def main():
    """Turn war and conflict reporting into a ledger of who claimed what."""


def _register():
    for name in COMMAND_MODULES:
        try:
            mod = importlib.import_module("counterclaim.cli." + name)
        except ModuleNotFoundError as e:
            if e.name == "counterclaim.cli." + name:
                continue  # command group not built yet
            raise
        mod.register(main)


_register()
