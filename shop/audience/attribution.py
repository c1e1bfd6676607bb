"""Which visit led to an order: carried in the cart session from the first add to the cart, stored on the order.

The public pages have no session and the shop keeps nothing in the reader's browser (no cookie, no web storage),
so the source is read at the moment the reader adds to the cart, which is when the cart session begins:

- beacon.js fills two hidden fields of the add-to-cart form when it is submitted: `a_page`, the page that brought
  the reader (the current page when it came from another site or carries utm_* tags, otherwise the page of ours
  they came from, i.e. `document.referrer`, so a press review or interview linking to the book page is credited),
  and `a_ref`, the other site's address (`document.referrer`) when there is one;
- without JavaScript the POST's own Referer header (the page holding the form) stands in for `a_page`.

This sees one step back, not the whole visit: a reader who wanders through three of our pages before buying is
credited to the last one before the buying page. First touch wins within a cart: later adds keep the source.
Readers who send DNT or GPC are neither counted nor attributed.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, after_this_request, request, session

from shop.audience import sources, visitors
from shop.audience.beacon import count
from shop.audience.models import PATH_LENGTH, OrderSource
from shop.extensions import db
from shop.orders.models import Order

SESSION_KEY = "source"


def _same_site_page(url: str) -> str:
    """Path and query of a URL of our own site; '' for anything else."""
    text = sources.clean(url, 2000)
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.netloc and (parts.hostname or "").lower() not in (
        sources.own_host(),
        request.host.split(":")[0],
    ):
        return ""
    return parts.path + (f"?{parts.query}" if parts.query else "")


def source_of_add_request() -> dict[str, str]:
    """Landing page (without its language prefix), referring domain and campaign of the current add-to-cart."""
    page = _same_site_page(request.form.get("a_page") or request.headers.get("Referer", ""))
    found = sources.public_page(page)
    utm_source, utm_medium, utm_campaign = sources.campaign_of_url(page)
    return {
        "landing": found[1][:PATH_LENGTH] if found else "",
        "lang": found[0] if found else "",
        "referrer": sources.referrer_domain(request.form.get("a_ref")),
        "utm_source": utm_source,
        "utm_medium": utm_medium,
        "utm_campaign": utm_campaign,
    }


def remember_add_to_cart() -> None:
    """Called by the add-to-cart view: count the funnel's cart step and keep the first source in the session."""
    if visitors.declines_tracking(request):
        return
    source = source_of_add_request()
    due = count(
        request, "cart", source["landing"], source["lang"],
        sources.Source(source["referrer"], source["utm_source"], source["utm_medium"], source["utm_campaign"]),
    )  # fmt: skip
    if due is not None:

        @after_this_request
        def flush_after_answering(response: Response) -> Response:
            response.call_on_close(due.flush_quietly)
            return response

    if SESSION_KEY not in session and (source["landing"] or source["referrer"]):
        session[SESSION_KEY] = {k: v for k, v in source.items() if v and k != "lang"}


def attach_source(order: Order) -> None:
    """Store the cart's source on a new order (checkout.service.create_order); nothing when there is none."""
    found = session.get(SESSION_KEY)
    if not isinstance(found, dict):
        return
    db.session.add(
        OrderSource(
            order=order,
            landing=sources.clean(found.get("landing"), PATH_LENGTH),
            referrer=sources.clean(found.get("referrer")),
            utm_source=sources.clean(found.get("utm_source")),
            utm_medium=sources.clean(found.get("utm_medium")),
            utm_campaign=sources.clean(found.get("utm_campaign")),
        )
    )
