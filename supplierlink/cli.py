"""The ``supplierlink`` command: thin wrappers over the services (each command is one commit)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from supplierlink.db import get_session
from supplierlink.errors import ServiceError


@contextmanager
def transaction():
    session = get_session()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise


def _fail_on_service_error(exc: ServiceError) -> None:
    for field, messages in exc.errors.items():
        for message in messages:
            click.echo(f"error: {field}: {message}", err=True)
    raise SystemExit(1)


@click.group("db")
def db_group():
    """Apply or revert the database migrations."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
@with_appcontext
def db_upgrade(revision):
    from supplierlink import migrate

    migrate.upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision):
    from supplierlink import migrate

    migrate.downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"database at {revision}")


@click.command("import-taxonomy")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scheme", default="UNSPSC", show_default=True, help="UNSPSC, GSIN, CPC, HS…")
@with_appcontext
def import_taxonomy_command(path, scheme):
    """Import a category taxonomy CSV (code, level, title_en, title_es, title_pt, parent_code)."""
    from supplierlink.catalogue.services import import_taxonomy

    try:
        with transaction() as session:
            report = import_taxonomy(session, path, scheme=scheme)
    except ServiceError as exc:
        _fail_on_service_error(exc)
    click.echo(f"{scheme}: {report.inserted} inserted, {report.updated} updated")


@click.command("import-standards")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_standards_command(path):
    """Import a standards catalogue CSV (name, aliases, implies, supersedes, equivalent…)."""
    from supplierlink.catalogue.services import import_standards

    with transaction() as session:
        report = import_standards(session, path)
    click.echo(f"standards: {report.inserted} inserted, {report.updated} updated")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when organisations already exist.")
@click.option("--scale", type=click.IntRange(1), default=None, metavar="N",
              help="Then add SMEs (bulk inserts) until there are N, and open requirements "
                   "until there are N/10 (or --requirements), and rank them (for load tests).")
@click.option("--requirements", type=click.IntRange(1), default=None,
              help="With --scale: how many requirements there should be.")
@with_appcontext
def demo_command(if_empty, scale, requirements):
    """Load the deterministic demo scenario (a Chilean and Peruvian mining cluster)."""
    from supplierlink.demo import DEMO_PASSWORD, demo_logins, load_demo

    with transaction() as session:
        loaded = load_demo(session, if_empty=if_empty)
    click.echo("demo data loaded" if loaded else "database already has data: demo not loaded")
    if scale:
        from supplierlink.demo_scale import scale_demo

        with transaction() as session:
            report = scale_demo(session, scale, requirements or max(1, scale // 10),
                                progress=lambda message: click.echo(f"  {message}", err=True))
        click.echo(f"scaled: {report.smes_added} SMEs and {report.requirements_added} "
                   f"requirements added, {report.ranked} open requirements ranked")
    click.echo(f"demo logins (password for all: {DEMO_PASSWORD}):")
    for role, email in demo_logins():
        click.echo(f"  {role:<22} {email}")


@click.command("create-admin")
@click.argument("email")
@click.argument("name")
@click.password_option()
@with_appcontext
def create_admin_command(email, name, password):
    """Create a platform administrator."""
    from supplierlink.auth.services import create_user

    try:
        with transaction() as session:
            create_user(session, email, name, password, is_admin=True)
    except ServiceError as exc:
        _fail_on_service_error(exc)
    click.echo(f"administrator {email} created")


@click.group("eval")
def eval_group():
    """Measure the matching engine on real data."""


@eval_group.command("awards")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--cutoff", required=True, type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Awards before this date are history; those on or after it are queries.")
@click.option("--k", default=10, show_default=True, type=click.IntRange(1, 1000))
def eval_awards_command(path, cutoff, k):
    """Award prediction on an OCDS file: recall@k, MRR and coverage, next to two baselines.

    Progress goes to standard error; the last line of standard output is one JSON object.
    """
    import json

    from matching.evaluation import evaluate_awards

    def log(message):
        click.echo(message, err=True)

    result = evaluate_awards(path, cutoff.date(), k=k, log=log)
    click.echo(json.dumps(result))


@click.command("rank")
@with_appcontext
def rank_command():
    """Re-rank every open requirement and store the results."""
    from supplierlink.matches.services import rank_all_open

    with transaction() as session:
        count = rank_all_open(session)
    click.echo(f"{count} open requirements ranked")


@click.command("learn-ranking")
@click.option("--min-requirements", default=20, show_default=True, type=click.IntRange(2),
              help="Labelled requirements needed before the default weights are replaced.")
@with_appcontext
def learn_ranking_command(min_requirements):
    """Learn the ranking from awards, shortlists and thumbs up; re-rank open requirements."""
    from supplierlink.matches.learning import learn_ranking_model
    from supplierlink.matches.services import open_requirements

    with transaction() as session:
        outcome = learn_ranking_model(session, min_requirements)
        ranked = len(open_requirements(session)) if outcome.model else 0
    if outcome.model is None:
        click.echo(f"not enough outcomes yet: {outcome.labelled} labelled requirements, at "
                   f"least {outcome.needed} needed; the default weights stay")
        return
    top = sorted(outcome.model.weights.items(), key=lambda item: -item[1])[:5]
    click.echo(f"ranking model {outcome.model.id} learned from {outcome.labelled} labelled "
               f"requirements; {ranked} open requirements re-ranked")
    click.echo("heaviest features: " + ", ".join(f"{name} {w:.3f}" for name, w in top))


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
@with_appcontext
def worker_command(burst):
    """Run the queued jobs (re-ranking, imports, exports, e-mail); needs REDIS_URL."""
    from supplierlink.jobs import run_worker

    try:
        run_worker(current_app._get_current_object(), burst=burst)
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("notify")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as on this day (default: today).")
@with_appcontext
def notify_command(on):
    """The daily notices: new-requirement digests, certificate expiry, milestones."""
    from supplierlink.notifications.daily import run_daily

    with transaction() as session:
        report = run_daily(session, on.date() if on else None)
    click.echo(f"digests: {report.digests}, certificate warnings: {report.expiry_warnings}, "
               f"milestone reminders: {report.milestones}")


@click.command("reindex-directory")
@with_appcontext
def reindex_directory_command():
    """Rewrite every SME's search document (after a bulk import or a catalogue change)."""
    from supplierlink.directory.documents import rebuild_directory

    with transaction() as session:
        count = rebuild_directory(session)
    click.echo(f"{count} suppliers indexed")


def register_commands(app) -> None:
    from supplierlink.backup.cli import export_command, restore_command
    from supplierlink.clusters.cli import clusters_group
    from supplierlink.imports.cli import import_group

    for command in (import_group, export_command, restore_command, clusters_group):
        app.cli.add_command(command)
    for command in (db_group, import_taxonomy_command, import_standards_command, demo_command,
                    create_admin_command, eval_group, rank_command, learn_ranking_command,
                    worker_command, notify_command, reindex_directory_command):
        app.cli.add_command(command)


def _create_app():
    from supplierlink import create_app

    return create_app()


main = FlaskGroup(create_app=_create_app, help="SupplierLink command line.")
