"""The shop settings form on the dashboard's settings page (/tableau-de-bord/reglages)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from shop.dashboard.settings_views import render_settings
from shop.dashboard.views import bp
from shop.extensions import db
from shop.settings import store
from shop.settings.forms import SettingsForm

# Public pages quote the settings too (the download limits on the expired-link page): an app-wide template global.
bp.add_app_template_global(store.current, "shop_settings")


@bp.post("/reglages/boutique")
def save_settings() -> ResponseReturnValue:
    form = SettingsForm()
    if not form.validate():
        return render_settings(form, status=422)
    store.save(form.value(), current_user.id)
    db.session.commit()
    flash(_("Settings saved; they apply from now on (links already sent keep their limits)."), "info")
    return redirect(url_for("dashboard.settings", _anchor="boutique"), code=303)
