"""The `flask shop ...` command group: parse, call an action, commit, say what happened."""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup

from shop.extensions import db

shop_cli = AppGroup("shop", help="Le Community Management shop commands.")
users_cli = AppGroup("users", help="Publisher and author accounts.")
shop_cli.add_command(users_cli)


@shop_cli.command("demo")
@click.option("--force", is_flag=True, help="Allow loading demo accounts in production.")
@click.option("--if-empty", is_flag=True, help="Do nothing when a book is already in the database.")
def demo_command(force: bool, if_empty: bool) -> None:
    """Load the book, its authors, a review, an interview and demo accounts (idempotent)."""
    from shop.catalog.demo import load_demo
    from shop.catalog.models import Book

    if current_app.config["SHOP_ENV"] == "production" and not force:
        raise click.ClickException("Refusing to load demo accounts with SHOP_ENV=production (use --force).")
    if if_empty and db.session.scalar(sa.select(sa.func.count()).select_from(Book)):
        click.echo("A book is already in the database; demo content left alone.")
        return
    report = load_demo()
    db.session.commit()
    click.echo(f"Demo content: {len(report.created)} created, {len(report.kept)} already present.")
    for label in report.created:
        click.echo(f"  + {label}")
    for role, email, password in report.accounts:
        click.echo(f"  {role:<9} {email}  password: {password}")
    if report.accounts:
        click.echo(
            "These passwords are shown only now; `shop users create` or a password reset makes new ones."
        )


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["publisher", "author"]), required=True)
@click.option("--author", "author_slug", help="Slug of the author profile this account edits.")
@click.option("--password", help="Prompted for when omitted in a terminal; generated otherwise.")
def create_user(email: str, role: str, author_slug: str | None, password: str | None) -> None:
    """Create a publisher or author account."""
    from shop.accounts.models import Role, User
    from shop.catalog.models import Author

    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@"):
        raise click.BadParameter(f"{email!r} is not an e-mail address.", param_hint="EMAIL")
    if db.session.scalar(sa.select(User).filter_by(email=email)) is not None:
        raise click.ClickException(f"An account already exists for {email}.")
    author = None
    if author_slug:
        author = db.session.scalar(sa.select(Author).filter_by(slug=author_slug))
        if author is None:
            raise click.BadParameter(f"no author with slug {author_slug!r}.", param_hint="--author")
    generated = False
    if not password:
        if sys.stdin.isatty():
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        else:
            password, generated = secrets.token_urlsafe(12), True
    if len(password or "") < 10:
        raise click.BadParameter("use at least 10 characters.", param_hint="--password")
    user = User(email=email, role=Role(role), author=author)
    user.set_password(password or "")
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} account {email}.")
    if generated:
        click.echo(f"Generated password: {password}")


def register(app: Flask) -> None:
    from shop.audience.cli import audience_cli

    shop_cli.add_command(audience_cli)
    app.cli.add_command(shop_cli)


orders_cli = AppGroup("orders", help="Order maintenance.")
shop_cli.add_command(orders_cli)


@orders_cli.command("expire")
def expire_orders() -> None:
    """Expire unpaid orders whose checkout window closed (asking Stripe first), releasing their copies."""
    from shop.payments.expiry import expire_stale

    report = expire_stale()
    click.echo(f"Expired {len(report.expired)} pending order(s).")
    for number in report.expired:
        click.echo(f"  {number}")
    for label, numbers in (
        ("Paid at Stripe meanwhile, fulfilled", report.paid),
        ("Waiting for a delayed payment, kept", report.waiting),
        ("Stripe unreachable, tried again next run", report.unreachable),
    ):
        if numbers:
            click.echo(f"{label}: {', '.join(numbers)}")
    if report.unreachable:
        sys.exit(1)


outbox_cli = AppGroup("outbox", help="The e-mail outbox.")
shop_cli.add_command(outbox_cli)


@outbox_cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running: the worker. Several may run at once.")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes with --loop.")
def outbox_send(loop: bool, interval: float) -> None:
    """Send due e-mails (and make pending watermarked copies, and fetch Stripe's fees on new payments)."""
    from shop.downloads.copies import stamp_pending
    from shop.outbox.delivery import deliver_due
    from shop.payments.fees import fetch_due

    def one_pass() -> tuple[bool, str]:
        sent, failed = deliver_due()
        stamped = stamp_pending()
        fees = fetch_due()
        report = (
            f"Sent {sent} e-mail(s), {failed} to retry later; {stamped} copy(ies) watermarked; "
            f"{fees} Stripe fee(s) fetched."
        )
        return bool(sent or failed or stamped or fees), report

    _run_passes(one_pass, loop, interval)


def _run_passes(one_pass: Callable[[], tuple[bool, str]], loop: bool, interval: float) -> None:
    """Once, or forever as a worker: a pass reports (did something, what); a worker is quiet when idle."""
    import time

    while True:
        busy, report = one_pass()
        if busy or not loop:
            click.echo(report)
        if not loop:
            return
        time.sleep(interval)


def _register_backup_commands() -> None:
    from shop.backup_cli import backup_command, restore_command

    shop_cli.add_command(backup_command)
    shop_cli.add_command(restore_command)


_register_backup_commands()

mailing_cli = AppGroup("mailing", help="The mailing list.")
shop_cli.add_command(mailing_cli)


@mailing_cli.command("queue")
@click.option("--loop", is_flag=True, help="Keep running: the worker.")
@click.option("--interval", default=60.0, show_default=True, help="Seconds between passes with --loop.")
def mailing_queue(loop: bool, interval: float) -> None:
    """Queue the mailings being sent, batch by batch (resumable), and the reminders for review copies not yet
    downloaded; `shop outbox send` delivers them."""
    from shop.mailing.sending import queue_all
    from shop.press.follow_up import remind_undownloaded

    def one_pass() -> tuple[bool, str]:
        queued = queue_all()
        reminded = remind_undownloaded()
        db.session.commit()
        return bool(queued or reminded), f"Queued {queued} letter(s) and {reminded} review-copy reminder(s)."

    _run_passes(one_pass, loop, interval)
