"""Option callbacks shared by the command groups."""
from __future__ import annotations

import datetime

import click


def iso_date(ctx, param, value):
    """A real calendar date at the precision given: YYYY, YYYY-MM or YYYY-MM-DD (2025-02-30 is refused)."""
    if value is None:
        return None
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(value) == n:
            try:
                datetime.datetime.strptime(value, fmt)
                return value
            except ValueError:
                break
    raise click.BadParameter("expected a date as YYYY-MM-DD (or YYYY-MM, YYYY), got %r" % value)
