"""Migration 0019 writes the starting delivery zones and version 1 of each legal page, as the code showed them."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from shop import create_app
from shop.checkout.pricing import DEFAULT_SHIPPING_RATES
from shop.extensions import db
from shop.settings.legal_defaults import DEFAULT_TEXTS
from shop.settings.models import LegalVersion
from shop.shipping.rates import active_rates
from shop.shipping.rates_model import ShippingZone
from tests.conftest import base_overrides


def test_upgrade_writes_the_starting_zones_and_legal_texts(tmp_path: Path) -> None:
    from flask_migrate import upgrade

    app = create_app(base_overrides(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", tmp_path))
    with app.app_context():
        upgrade()
        zones = db.session.scalars(sa.select(ShippingZone).order_by(ShippingZone.position)).all()
        assert [(z.code, z.country_codes, z.fee_cents, z.min_days, z.max_days) for z in zones] == [
            (r["code"], r["countries"], r["fee_cents"], r["min_days"], r["max_days"])
            for r in DEFAULT_SHIPPING_RATES
        ]
        assert [r.code for r in active_rates()] == ["fr", "eu", "ch"]
        versions = db.session.scalars(sa.select(LegalVersion)).all()
        assert {(v.page, v.number, v.body_fr, v.body_en) for v in versions} == {
            (page, 1, texts["fr"], texts["en"]) for page, texts in DEFAULT_TEXTS.items()
        }
        db.session.remove()
        db.engine.dispose()
