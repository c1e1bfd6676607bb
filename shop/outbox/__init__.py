"""Durable e-mail: rows written with the change that causes them, delivered after commit with retries."""
