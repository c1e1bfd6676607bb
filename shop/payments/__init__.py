"""Payments: the gateway interface, the Stripe adapter (the only code importing stripe), test mode, webhooks."""
