"""make_cacheable never lets a proxy share a response that belongs to one visitor (issue 11, finding 12)."""

from __future__ import annotations

from flask import Response, session

from shop.public.caching import make_cacheable


def test_a_plain_page_is_public(app) -> None:
    with app.test_request_context("/fr/"):
        response = make_cacheable(Response("page"))
    assert response.cache_control.public and response.headers["ETag"]


def test_a_response_that_sets_a_cookie_is_not_public(app) -> None:
    with app.test_request_context("/fr/"):
        response = Response("page")
        response.set_cookie("choice", "1")
        response = make_cacheable(response)
    assert not response.cache_control.public and response.cache_control.max_age is None


def test_a_response_that_uses_the_session_is_not_public(app) -> None:
    with app.test_request_context("/fr/"):
        session["cart"] = [1]
        response = make_cacheable(Response("page"))
    assert not response.cache_control.public


def test_a_response_that_only_reads_the_session_is_not_public(app) -> None:
    """Reading the session adds `Vary: Cookie` after the hooks: the page may depend on who asks."""
    with app.test_request_context("/fr/"):
        session.get("cart")
        response = make_cacheable(Response("page"))
    assert not response.cache_control.public
