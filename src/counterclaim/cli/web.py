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
@click.option("--create", is_flag=True, help="Start an empty ledger when none exists at --db (else that is an error).")
def serve(db, host, port, read_only, max_upload, create):
    """Browse claims, disputes, claimants, quantities and timelines in a browser (http://HOST:PORT/)."""
    import uvicorn

    from counterclaim.web.app import LOCAL_HOSTS, create_app

    settings = Settings.from_env(db=db)
    hosts = LOCAL_HOSTS if host in ("127.0.0.1", "localhost", "::1") else ["*"]
    app = create_app(settings.db, read_only=read_only, max_upload_bytes=max_upload, settings=settings,
                     allowed_hosts=hosts, create=create)
    _check_port(host, port)
    click.echo("counterclaim: serving %s on http://%s:%d/%s" % (settings.db, host, port,
                                                                  " (read-only)" if read_only else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def _check_port(host: str, port: int) -> None:
    """Fail before saying where it serves when the address cannot be bound (in use, not ours)."""
    import socket

    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as e:
            raise click.ClickException("cannot serve on %s:%d: %s (another server there? try --port)"
                                       % (host, port, e.strerror or e)) from None
