"""``counterclaim serve``: the web UI and JSON API over a ledger (``counterclaim.web``)."""
from __future__ import annotations

import click

from counterclaim.settings import Settings


def register(group: click.Group) -> None:
    group.add_command(serve)


@click.command()
@click.option("--db", default=None, help="SQLite ledger file (default: counterclaim.db or COUNTERCLAIM_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; anything but loopback exposes the ledger to the network.")
@click.option("--port", default=8642, show_default=True, type=click.IntRange(0, 65535))
@click.option("--read-only", is_flag=True, help="Turn the upload form off; the ledger is never written.")
@click.option("--max-upload", default=5 * 1024 * 1024, show_default=True, type=click.IntRange(1),
              help="Largest file the upload form accepts, in bytes.")
def serve(db, host, port, read_only, max_upload):
    """Browse claims, documents and timelines in a browser (http://HOST:PORT/)."""
    import uvicorn

    from counterclaim.web.app import LOCAL_HOSTS, create_app

    settings = Settings.from_env(db=db)
    hosts = LOCAL_HOSTS if host in ("127.0.0.1", "localhost", "::1") else ["*"]
    app = create_app(settings.db, read_only=read_only, max_upload_bytes=max_upload, settings=settings,
                     allowed_hosts=hosts)
    click.echo("counterclaim: serving %s on http://%s:%d/%s" % (settings.db, host, port,
                                                                  " (read-only)" if read_only else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
