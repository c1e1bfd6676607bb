"""Pytest fixtures for the Stripe stand-in; import them into a conftest or a test module (or list this module in
`pytest_plugins`)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe

from shop.payments.stripe_api import make_client
from tests.stripe_standin import StripeStandIn

STRIPE_TEST_SECRET_KEY = "sk_test_standin"
STRIPE_TEST_WEBHOOK_SECRET = "whsec_standin"


@pytest.fixture
def stripe_standin() -> Iterator[StripeStandIn]:
    """A fresh stand-in per test on its own port; `.base_url` goes into STRIPE_API_BASE / make_client."""
    standin = StripeStandIn().start()
    try:
        yield standin
    finally:
        standin.stop()


@pytest.fixture
def stripe_client(stripe_standin: StripeStandIn) -> stripe.StripeClient:
    """The real library pointed at the stand-in, without retries so each failure shows on the first call."""
    return make_client(STRIPE_TEST_SECRET_KEY, stripe_standin.base_url, max_network_retries=0, timeout=5)
