"""The delivery rates editor in the dashboard: zones, their countries, prices per parcel and delivery times."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from shop.checkout.pricing import DARCOS_MINIMUM_CENTS, DARCOS_THRESHOLD_CENTS, PricingRuleError
from shop.dashboard.views import bp
from shop.extensions import db
from shop.shipping import rates
from shop.shipping.rates_form import ZoneForm
from shop.shipping.rates_model import ShippingZone

# The cart and the terms of sale show the estimate too: app-wide template globals, registered with the dashboard.
bp.add_app_template_global(rates.delivery_estimate, "delivery_estimate")


def _page(
    form: ZoneForm, zone: ShippingZone | None = None, error: str | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "dashboard/shipping_rates.html", zones=rates.zones(), defaults=rates.active_rates() if not rates.zones() else [],
        form=form, zone=zone, error=error, threshold=DARCOS_THRESHOLD_CENTS, minimum=DARCOS_MINIMUM_CENTS,
    ), status  # fmt: skip


@bp.get("/livraison/tarifs")
def shipping_rates() -> ResponseReturnValue:
    form = ZoneForm(formdata=None)
    form.position.data = len(rates.zones()) or len(rates.active_rates())  # a new zone comes last unless moved
    return _page(form)


@bp.post("/livraison/tarifs")
def add_zone() -> ResponseReturnValue:
    return _save(ZoneForm(), None)


@bp.get("/livraison/tarifs/<int:zone_id>")
def zone_editor(zone_id: int) -> ResponseReturnValue:
    zone = db.session.get(ShippingZone, zone_id) or abort(404)
    form = ZoneForm(formdata=None)
    form.fill(zone)
    return _page(form, zone)


@bp.post("/livraison/tarifs/<int:zone_id>")
def edit_zone(zone_id: int) -> ResponseReturnValue:
    return _save(ZoneForm(), db.session.get(ShippingZone, zone_id) or abort(404))


def _save(form: ZoneForm, zone: ShippingZone | None) -> ResponseReturnValue:
    if not form.validate():
        return _page(form, zone, status=422)
    try:
        rates.save_zone(zone, form.value())
    except rates.ZoneError as exc:
        db.session.rollback()
        getattr(form, exc.field).errors = [str(exc.label)]
        return _page(form, zone, status=422)
    except PricingRuleError as exc:
        db.session.rollback()
        return _page(form, zone, error=_("Refused: %(rule)s", rule=str(exc.label)), status=422)
    db.session.commit()
    flash(_("Delivery zone saved; the cart offers it at once."), "info")
    return redirect(url_for("dashboard.shipping_rates"), code=303)
