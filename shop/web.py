"""Wiring of blueprints, template helpers, error pages and CLI; called once by the factory."""

from __future__ import annotations

from flask import Flask

from shop.core import errors, headers, parsing, proxies, templating
from shop.core.i18n import select_locale

__all__ = ["register", "select_locale"]


def register(app: Flask) -> None:
    parsing.register(app)
    import shop.models  # noqa: F401 - the whole schema must be known to Alembic and relationships
    from shop import cli
    from shop.accounts.loader import register_user_loader
    from shop.accounts.views import bp as accounts_bp
    from shop.audience import beacon, dashboard_views  # noqa: F401 - audience pages join the dashboard
    from shop.checkout import order_pages  # noqa: F401 - its routes join the checkout blueprint
    from shop.checkout.views import bp as checkout_bp
    from shop.core.health import bp as health_bp
    from shop.core.media import bp as media_bp
    from shop.dashboard import (  # noqa: F401 - routes join the dashboard
        book_editor,
        catalogue,
        export,
        exports_views,
        order_actions,
        settings_views,
        shipping_views,
    )
    from shop.dashboard.views import bp as dashboard_bp
    from shop.downloads import fulfilment
    from shop.downloads import views as downloads_views
    from shop.editorial import author_comments, author_interviews  # noqa: F401 - their routes join the authors area
    from shop.editorial.author_views import bp as authors_bp
    from shop.events import manage as events_manage  # noqa: F401 - its routes join the authors area
    from shop.events import views as events
    from shop.invoices.views import bp as invoices_bp
    from shop.mailing import dashboard as mailing_dashboard  # noqa: F401 - its routes join the dashboard
    from shop.mailing import labels as mailing
    from shop.orders import publisher_mail
    from shop.outbox import delivery
    from shop.outbox.mailbox import bp as mailbox_bp
    from shop.payments import fees
    from shop.payments.webhooks import bp as webhooks_bp
    from shop.press import dashboard as press_dashboard  # noqa: F401 - its routes join the dashboard
    from shop.press import views as press_area
    from shop.public import caching, legal, page_cache, press, seo  # noqa: F401 - their routes join the public blueprint
    from shop.public.views import bp as public_bp
    from shop.public.views import root_bp
    from shop.reading import help as reading_help  # noqa: F401 - its route joins the public blueprint
    from shop.reading import register as register_reading
    from shop.reading import views as reading_views  # noqa: F401 - its routes join the checkout blueprint
    from shop.settings import legal_views, views  # noqa: F401 - their routes join the dashboard
    from shop.shipping import rates_views  # noqa: F401 - its routes join the dashboard

    app.register_blueprint(health_bp)
    app.register_blueprint(media_bp)
    app.register_blueprint(root_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(checkout_bp)
    app.register_blueprint(webhooks_bp)
    app.register_blueprint(downloads_views.bp)
    app.register_blueprint(downloads_views.lang_bp)
    app.register_blueprint(invoices_bp)
    app.register_blueprint(mailbox_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(authors_bp)
    beacon.register(app)
    fulfilment.register(app)
    delivery.register(app)
    fees.register(app)
    publisher_mail.register(app)
    mailing.register(app)
    events.register(app)
    press_area.register(app)
    register_reading(app)
    register_user_loader()
    caching.register(app)
    page_cache.register(app)
    templating.register(app)
    errors.register(app)
    proxies.register(app)
    headers.register(app)
    cli.register(app)
