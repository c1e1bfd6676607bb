"""One SMTP conversation per message, with a timeout on every step.

Flask-Mail composes the message but opens `smtplib.SMTP` without a timeout: a relay that accepts the connection
and never answers would hold the caller forever. Here every connect, read and write gives up after MAIL_TIMEOUT
seconds, and the outbox retries later.
"""

from __future__ import annotations

import smtplib
import time

from flask import current_app
from flask_mail import BadHeaderError, Message, sanitize_address, sanitize_addresses


def send(message: Message) -> None:
    config = current_app.config
    if message.has_bad_headers():
        raise BadHeaderError("header injection refused")
    if message.date is None:
        message.date = time.time()
    timeout = float(config.get("MAIL_TIMEOUT", 10))
    smtp_class = smtplib.SMTP_SSL if config.get("MAIL_USE_SSL") else smtplib.SMTP
    with smtp_class(config["MAIL_SERVER"], int(config["MAIL_PORT"]), timeout=timeout) as host:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            host.starttls()
        if config.get("MAIL_USERNAME") and config.get("MAIL_PASSWORD"):
            host.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        host.sendmail(
            sanitize_address(message.sender),
            list(sanitize_addresses(message.send_to)),
            message.as_bytes(),
            message.mail_options,
            message.rcpt_options,
        )
