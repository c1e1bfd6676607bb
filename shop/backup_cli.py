"""`flask shop backup` and `flask shop restore`: thin commands over shop/backup.py."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app

from shop.backup import BackupError, Locations, make_backup, restore_backup


def _locations() -> Locations:
    config = current_app.config
    return Locations(
        database_url=config["SQLALCHEMY_DATABASE_URI"],
        ebook_dir=Path(config["EBOOK_STORAGE_DIR"]),
        media_dir=Path(config["MEDIA_DIR"]),
    )


@click.command("backup")
@click.argument("parent", type=click.Path(file_okay=False, path_type=Path))
def backup_command(parent: Path) -> None:
    """Write a backup (database, e-books, media, SHA-256 manifest) into a new directory under PARENT."""
    try:
        target = make_backup(_locations(), parent)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target}")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(backup: Path, yes: bool) -> None:
    """Check BACKUP's checksums, then replace the database and restore the e-book and media files."""
    from shop.extensions import db

    if not yes:
        click.confirm(f"Replace the database {db.engine.url.render_as_string()} with {backup}?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds a lock while pg_restore replaces the tables
    try:
        counts = restore_backup(_locations(), backup)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    _forget_cached_pages()
    click.echo(
        f"Restored the database and {counts['ebooks']} e-book file(s), {counts['media']} media file(s)."
    )


def _forget_cached_pages() -> None:
    """The restored content version may be lower than the cache's: move past it so no old page is served."""
    from shop.extensions import db
    from shop.public.content_version import jump_after_restore

    jump_after_restore(db.session)
    db.session.commit()
