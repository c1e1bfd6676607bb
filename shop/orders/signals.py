"""Hook points between the order lifecycle and delivery (outbox, download links, invoices).

Receivers run synchronously inside the caller's transaction, so whatever they write (outbox rows, grants, an
invoice number) commits or rolls back together with the status change that caused it.
Each is sent once per real transition, never for a same-state no-op.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# sender: the Order; kwargs: actor
order_paid = _signals.signal("order-paid")
# sender: the Order; kwargs: actor, amount_cents, lines (list of (OrderLine, quantity)), full (bool)
order_refunded = _signals.signal("order-refunded")
# sender: the Order; kwargs: actor
order_shipped = _signals.signal("order-shipped")
# sender: the Order; kwargs: actor, reason
order_canceled = _signals.signal("order-canceled")
