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


def echo_sheet_report(report, headers_by_field: dict) -> None:
    for problem in report.problems:
        column = headers_by_field.get(problem.field, problem.field) or "-"
        click.echo(f"line {problem.line}: {column}: {problem.message}")
    for dup in report.duplicates:
        click.echo(f"line {dup.line}: probable duplicate of {dup.organisation_name} "
                   f"(#{dup.organisation_id}, score {dup.score:.2f})")
    click.echo(f"{report.rows} rows: {report.valid} valid, {report.bad_lines} with errors, "
               f"{len(report.duplicates)} probable duplicates")
    click.echo("imported the valid rows" if report.committed else
               "dry run: nothing was written (add --commit to import the valid rows)")


def _sheet_command(kind: str):
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--commit", is_flag=True, help="Import the valid rows (default: a dry run).")
    @click.option("--map", "overrides", multiple=True, metavar="HEADER=FIELD",
                  help="Map a column by its header to a field (repeatable).")
    @with_appcontext
    def command(path, commit, overrides):
        from supplierlink.db import get_session
        from supplierlink.imports.spreadsheet import run_sheet
        from supplierlink.imports.tables import (
            KINDS,
            TableError,
            auto_mapping,
            missing_fields,
            read_table,
        )

        try:
            headers, rows = read_table(path.read_bytes(), path.name)
        except TableError as exc:
            raise click.ClickException(str(exc)) from None
        mapping = auto_mapping(kind, headers)
        fields = {f.key for f in KINDS[kind]}
        for override in overrides:
            header, _, key = override.partition("=")
            if header not in headers or (key and key not in fields):
                raise click.ClickException(f"cannot map {override!r}: fields are "
                                           f"{', '.join(sorted(fields))}")
            mapping[headers.index(header)] = key or None
        for index, key in mapping.items():
            click.echo(f"column {headers[index]!r} -> {key or '(ignored)'}")
        if missing := missing_fields(kind, mapping):
            raise click.ClickException(f"no column for: {', '.join(missing)}")
        session = get_session()
        try:
            report = run_sheet(session, kind, rows, mapping, commit=commit)
            session.commit()
        except Exception:
            session.rollback()
            raise
        echo_sheet_report(report, {k: headers[i] for i, k in mapping.items() if k})

    command.__doc__ = (f"Check a CSV or XLSX file of {kind} (a dry run), or import its valid "
                       f"rows with --commit.")
    return import_group.command(kind)(command)


for _kind in ("suppliers", "certificates", "requirements"):
    _sheet_command(_kind)
