"""``supplierlink import …``: bring outside data in from the command line."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext


@click.group("import")
def import_group():
    """Import organisations and track records from files."""


def echo_summary(summary: dict) -> None:
    click.echo(f"releases read: {summary['releases']}")
    created = summary["created"]
    click.echo(f"created: {created.get('sme', 0)} suppliers, {created.get('lead_firm', 0)} "
               f"lead firms")
    click.echo(f"found by identifier: {summary['known']}; linked by the duplicate finder: "
               f"{summary['linked']}; sent to the duplicate review queue: {summary['review']}")
    click.echo(f"award records added: {summary['awards']}")
    skipped = sorted(summary["skipped"].items())
    click.echo("skipped: " + ("; ".join(f"{count} ({reason})" for reason, count in skipped)
                              or "none"))


@import_group.command("ocds")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@with_appcontext
def import_ocds_command(paths):
    """Import OCDS release or record packages, JSON lines, gzipped or not (files or folders)."""
    from supplierlink.db import get_session
    from supplierlink.imports.ocds import import_releases, read_all

    session = get_session()
    releases = read_all(paths)
    with click.progressbar(length=len(releases), label="importing") as bar:
        last = [0]

        def on_chunk(done, _total):
            session.commit()
            bar.update(done - last[0])
            last[0] = done

        try:
            summary = import_releases(session, releases, on_chunk=on_chunk)
            session.commit()
        except Exception:
            session.rollback()
            raise
    echo_summary(summary.as_dict())
