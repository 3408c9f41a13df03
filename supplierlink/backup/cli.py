"""``supplierlink export FILE`` and ``supplierlink restore FILE``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext


def _uploads() -> Path | None:
    folder = current_app.config.get("UPLOAD_FOLDER")
    return Path(folder) if folder else None


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def export_command(path):
    """Write a complete backup: every table and every uploaded file, with the schema revision."""
    from supplierlink.backup.archive import export_archive
    from supplierlink.db import get_session

    session = get_session()
    try:  # one transaction: a consistent picture of every table
        report = export_archive(session.connection(), path, _uploads())
    finally:
        session.rollback()
    click.echo(f"{path}: {sum(report.tables.values())} rows in {len(report.tables)} tables, "
               f"{report.files} files, migration {report.revision}")


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path):
    """Load a backup into an empty database migrated to the backup's revision."""
    from supplierlink.backup.archive import BackupError, restore_archive
    from supplierlink.db import get_session

    session = get_session()
    try:
        report = restore_archive(session.connection(), path, _uploads())
        session.commit()
    except BackupError as exc:
        session.rollback()
        raise click.ClickException(str(exc)) from None
    except Exception:
        session.rollback()
        raise
    click.echo(f"restored {sum(report.tables.values())} rows and {report.files} files at "
               f"migration {report.revision}")
