"""The publisher's mailing pages on the dashboard: subscribers (export, erasure), mailings (write, preview, test,
send, follow the counts)."""

from __future__ import annotations

import json

import sqlalchemy as sa
from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.core import parsing
from shop.core.i18n import LANGUAGES
from shop.core.markdown import render_markdown
from shop.dashboard.views import bp
from shop.extensions import db
from shop.mailing import actions, sending
from shop.mailing.models import Mailing, MailingStatus, Subscriber, SubscriberStatus

LIST_LIMIT = 200


@bp.get("/lettre")
def mailing_list() -> ResponseReturnValue:
    query = (parsing.arg_text("q", 254) or "").strip().lower()
    statement = sa.select(Subscriber).order_by(Subscriber.id.desc()).limit(LIST_LIMIT)
    if query:
        statement = statement.where(Subscriber.email.contains(query, autoescape=True))
    totals = dict(
        db.session.execute(sa.select(Subscriber.status, sa.func.count()).group_by(Subscriber.status)).all()
    )
    mailings = db.session.scalars(sa.select(Mailing).order_by(Mailing.id.desc())).all()
    return render_template(
        "mailing/dashboard.html", subscribers=db.session.scalars(statement).all(), query=query, totals=totals,
        statuses=list(SubscriberStatus), mailings=[(m, sending.counts(m)) for m in mailings], languages=LANGUAGES,
    )  # fmt: skip


@bp.get("/lettre/abonnes/<int:subscriber_id>/export")
def export_subscriber(subscriber_id: int) -> ResponseReturnValue:
    subscriber = db.session.get(Subscriber, subscriber_id) or abort(404)
    body = json.dumps(actions.export(subscriber), ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=subscriber-{subscriber.id}.json"},
    )  # fmt: skip


@bp.post("/lettre/abonnes/<int:subscriber_id>/supprimer")
def erase_subscriber(subscriber_id: int) -> ResponseReturnValue:
    actions.erase(db.session.get(Subscriber, subscriber_id) or abort(404))
    db.session.commit()
    flash(_("The subscriber and their data are deleted."), "info")
    return redirect(url_for("dashboard.mailing_list"), code=303)


def _fields() -> tuple[str, str, str] | None:
    subject = (request.form.get("subject") or "").strip()[:200]
    body = (request.form.get("body") or "").strip()[:100_000]
    language = request.form.get("language") or ""
    if not subject or not body or language not in LANGUAGES:
        flash(_("A mailing needs a subject, a text and a language."), "error")
        return None
    return subject, body, language


@bp.post("/lettre/envois")
def create_mailing() -> ResponseReturnValue:
    fields = _fields()
    if fields is None:
        return redirect(url_for("dashboard.mailing_list"), code=303)
    mailing = Mailing(subject=fields[0], body_markdown=fields[1], language=fields[2])
    db.session.add(mailing)
    db.session.commit()
    return redirect(url_for("dashboard.mailing", mailing_id=mailing.id), code=303)


@bp.get("/lettre/envois/<int:mailing_id>")
def mailing(mailing_id: int) -> ResponseReturnValue:
    found = db.session.get(Mailing, mailing_id) or abort(404)
    return render_template(
        "mailing/mailing.html", mailing=found, preview=render_markdown(found.body_markdown),
        counts=sending.counts(found), audience=sending.audience(found.language), languages=LANGUAGES,
    )  # fmt: skip


@bp.post("/lettre/envois/<int:mailing_id>")
def edit_mailing(mailing_id: int) -> ResponseReturnValue:
    found = db.session.get(Mailing, mailing_id) or abort(404)
    if found.status != MailingStatus.DRAFT:
        abort(409)
    fields = _fields()
    if fields is not None:
        found.subject, found.body_markdown, found.language = fields
        db.session.commit()
        flash(_("Mailing saved."), "info")
    return redirect(url_for("dashboard.mailing", mailing_id=mailing_id), code=303)


@bp.post("/lettre/envois/<int:mailing_id>/test")
def test_mailing(mailing_id: int) -> ResponseReturnValue:
    found = db.session.get(Mailing, mailing_id) or abort(404)
    sending.send_test(found, current_user.email)
    db.session.commit()
    flash(_("A test copy is on its way to %(email)s.", email=current_user.email), "info")
    return redirect(url_for("dashboard.mailing", mailing_id=mailing_id), code=303)


@bp.post("/lettre/envois/<int:mailing_id>/envoyer")
def send_mailing(mailing_id: int) -> ResponseReturnValue:
    found = db.session.get(Mailing, mailing_id) or abort(404)
    sending.start(found)
    db.session.commit()
    flash(_("Sending has started; the counts below follow it."), "info")
    return redirect(url_for("dashboard.mailing", mailing_id=mailing_id), code=303)
