"""Shipping: carriers and tracking links, the to-ship queue, packing slips and address labels."""
