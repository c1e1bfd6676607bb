"""Authors and the publisher keep the agenda from the authors' area (/espace-auteur/agenda)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.accounts.models import Role
from shop.editorial.author_views import bp
from shop.events.forms import EventForm
from shop.events.models import Event
from shop.extensions import db


def _editable(event_id: int) -> Event:
    """Authors edit the events they added; the publisher edits every event."""
    event = db.session.get(Event, event_id) or abort(404)
    if current_user.role != Role.PUBLISHER and event.added_by_id != current_user.id:
        abort(403)
    return event


@bp.get("/agenda")
def events() -> ResponseReturnValue:
    rows = db.session.scalars(sa.select(Event).order_by(Event.starts_at.desc())).all()
    return render_template("events/manage.html", events=rows, publisher=current_user.role == Role.PUBLISHER)


@bp.route("/agenda/nouveau", methods=["GET", "POST"])
def new_event() -> ResponseReturnValue:
    form = EventForm()
    if form.validate_on_submit():
        event = Event(added_by_id=current_user.id)
        form.fill(event)
        db.session.add(event)
        db.session.commit()
        flash(_("The event is on the agenda."), "info")
        return redirect(url_for("authors_area.events"), code=303)
    return render_template("events/form.html", form=form, event=None)


@bp.route("/agenda/<int:event_id>", methods=["GET", "POST"])
def edit_event(event_id: int) -> ResponseReturnValue:
    event = _editable(event_id)
    form = EventForm()
    if form.validate_on_submit():
        form.fill(event)
        db.session.commit()
        flash(_("Event saved."), "info")
        return redirect(url_for("authors_area.events"), code=303)
    if not form.is_submitted():
        form.load(event)
    return render_template("events/form.html", form=form, event=event)


@bp.post("/agenda/<int:event_id>/supprimer")
def delete_event(event_id: int) -> ResponseReturnValue:
    db.session.delete(_editable(event_id))
    db.session.commit()
    flash(_("Event deleted."), "info")
    return redirect(url_for("authors_area.events"), code=303)
