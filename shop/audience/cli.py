"""`flask shop audience rollup`: fold complete days of raw hits into daily aggregates, then apply the retention."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from shop.extensions import db

audience_cli = AppGroup("audience", help="Cookie-less audience statistics.")


@audience_cli.command("rollup")
@click.option(
    "--retention-days", type=click.IntRange(min=0), help="Default: AUDIENCE_RAW_RETENTION_DAYS (30)."
)
def rollup_command(retention_days: int | None) -> None:
    """Aggregate raw hits per day, delete raw hits past the retention and the salts of past days."""
    from shop.audience.rollup import roll_up
    from shop.audience.visitors import today

    days = current_app.config["AUDIENCE_RAW_RETENTION_DAYS"] if retention_days is None else retention_days
    report = roll_up(today(), days)
    db.session.commit()
    rolled = ", ".join(d.isoformat() for d in report.days) or "none"
    click.echo(f"Days rolled up: {rolled}.")
    click.echo(
        f"Raw hits older than {days} days deleted: {report.raw_deleted}; past salts deleted: {report.salts_deleted}."
    )
