"""Settings from the environment (optionally a .env file), per the interface contract in ARCHITECTURE.md."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any

TRUE_VALUES = {"1", "true", "yes", "on"}


class ConfigError(RuntimeError):
    """The app must not start: the message names every missing or invalid setting."""


def _bool(value: str | None, default: bool = False) -> bool:
    return default if value is None else value.strip().lower() in TRUE_VALUES


def _count(value: str | None, name: str) -> int:
    try:
        number = int((value or "0").strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if number < 0:
        raise ConfigError(f"{name} must be 0 or more, not {value!r}")
    return number


def _instance_secret_key(instance_path: Path) -> str:
    """A key generated once per instance folder, so development sessions survive restarts."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


# gunicorn's "worker failed to boot" status: its arbiter stops instead of respawning workers that cannot start;
# for `flask` and any other caller it is simply a failure.
CONFIG_ERROR_EXIT_STATUS = 3


def settings_or_exit(instance_path: Path) -> dict[str, Any]:
    """load_settings for the process that starts the app: a refusal is one clear line on stderr, not a traceback."""
    try:
        return load_settings(instance_path)
    except ConfigError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        raise SystemExit(CONFIG_ERROR_EXIT_STATUS) from None


def load_settings(instance_path: Path, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Read every setting; production refuses to start without its secrets."""
    env = dict(os.environ if env is None else env)
    shop_env = env.get("SHOP_ENV", "development").strip().lower()
    production = shop_env == "production"
    if production:
        missing = [
            name
            for name in (
                "SECRET_KEY",
                "DATABASE_URL",
                "STRIPE_SECRET_KEY",
                "STRIPE_WEBHOOK_SECRET",
                "SHOP_BASE_URL",
                # Without a server, mail would go nowhere while the outbox reports it sent.
                "MAIL_SERVER",
                "MAIL_DEFAULT_SENDER",
            )
            if not env.get(name)
        ]
        if missing:
            raise ConfigError("SHOP_ENV=production needs these settings: " + ", ".join(missing))
    database_url = env.get("DATABASE_URL") or f"sqlite:///{instance_path / 'shop.sqlite3'}"
    # Heroku-style URLs say postgres://; SQLAlchemy wants the psycopg 3 driver named.
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    mail_server = env.get("MAIL_SERVER") or None
    settings: dict[str, Any] = {
        "SHOP_ENV": shop_env,
        "SECRET_KEY": env.get("SECRET_KEY") or _instance_secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SHOP_BASE_URL": env.get("SHOP_BASE_URL", "http://127.0.0.1:5000").rstrip("/"),
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY") or None,
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET") or None,
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE") or None,
        "MAIL_SERVER": mail_server,
        "MAIL_PORT": int(env.get("MAIL_PORT", "587" if mail_server else "25")),
        "MAIL_USE_TLS": _bool(env.get("MAIL_USE_TLS"), default=bool(mail_server)),
        "MAIL_USERNAME": env.get("MAIL_USERNAME") or None,
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD") or None,
        "MAIL_TIMEOUT": float(
            env.get("MAIL_TIMEOUT", "10")
        ),  # seconds, for every step of an SMTP conversation
        "OUTBOX_LEASE_SECONDS": int(env.get("OUTBOX_LEASE_SECONDS", "120")),
        "MAIL_DEFAULT_SENDER": env.get(
            "MAIL_DEFAULT_SENDER", "Le Community Management <livre@diateino.example>"
        ),
        "EBOOK_STORAGE_DIR": env.get("EBOOK_STORAGE_DIR") or str(instance_path / "ebooks"),
        "MEDIA_DIR": env.get("MEDIA_DIR") or str(instance_path / "media"),
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Explicit: Flask-Limiter otherwise inherits `enabled` from the last app it was bound to.
        "RATELIMIT_ENABLED": _bool(env.get("RATELIMIT_ENABLED"), default=True),
        "RATELIMIT_HEADERS_ENABLED": False,
        # How many reverse proxies stand in front of the app (nginx: 1). Their X-Forwarded-For/-Proto/-Host are
        # believed for that many hops; with 0 they are ignored, since anyone can send those headers.
        "TRUSTED_PROXIES": _count(env.get("TRUSTED_PROXIES"), "TRUSTED_PROXIES"),
        # Seconds each login attempt waits once an account has had many failures from anywhere (never a lockout).
        "LOGIN_SLOWDOWN_SECONDS": float(env.get("LOGIN_SLOWDOWN_SECONDS", "1")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "MAX_CONTENT_LENGTH": 210 * 1024 * 1024,
        "BABEL_DEFAULT_LOCALE": "fr",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Paris",
        "WTF_CSRF_TIME_LIMIT": None,
        "PUBLIC_MAX_AGE": int(env.get("PUBLIC_MAX_AGE", "300")),
        "PAGE_CACHE": _bool(env.get("PAGE_CACHE"), default=True),
        "CACHE_URL": env.get("CACHE_URL") or None,
        "MAX_PRINT_QUANTITY": int(env.get("MAX_PRINT_QUANTITY", "20")),
        # Hoarding limits (shop.checkout.limits): unpaid orders and print copies they hold, per client address and
        # per e-mail address; and how often one address may press the pay button.
        "CHECKOUT_MAX_OPEN_ORDERS": _count(
            env.get("CHECKOUT_MAX_OPEN_ORDERS", "3"), "CHECKOUT_MAX_OPEN_ORDERS"
        ),
        "CHECKOUT_MAX_RESERVED_COPIES": _count(
            env.get("CHECKOUT_MAX_RESERVED_COPIES", env.get("MAX_PRINT_QUANTITY", "20")),
            "CHECKOUT_MAX_RESERVED_COPIES",
        ),
        "CHECKOUT_RATE_LIMIT": env.get("CHECKOUT_RATE_LIMIT", "10 per 10 minutes;40 per day"),
        # Zip-bomb caps for EPUB masters, checked on the inflated bytes, not on what the archive declares.
        "EPUB_MAX_ENTRIES": int(env.get("EPUB_MAX_ENTRIES", "5000")),
        "EPUB_MAX_ENTRY_BYTES": int(env.get("EPUB_MAX_ENTRY_BYTES", str(100 * 1024 * 1024))),
        "EPUB_MAX_UNCOMPRESSED_BYTES": int(env.get("EPUB_MAX_UNCOMPRESSED_BYTES", str(400 * 1024 * 1024))),
        "X_ACCEL_REDIRECT_PREFIX": env.get("X_ACCEL_REDIRECT_PREFIX") or None,
        "CHECKOUT_EXPIRY_MINUTES": 30,  # Stripe's shortest Checkout Session lifetime
        "WAIVER_VERSION": "2026-11",
        # Mailing list: the version of the consent wording (bump it when the wording changes), the sign-up limit
        # per address of origin, the sending pace and the size of each queuing batch.
        "MAILING_CONSENT_VERSION": "2026-11",
        "MAILING_SIGNUP_RATE_LIMIT": env.get("MAILING_SIGNUP_RATE_LIMIT", "10 per hour"),
        "MAILING_PER_MINUTE": int(env.get("MAILING_PER_MINUTE", "60")),
        "MAILING_BATCH_SIZE": int(env.get("MAILING_BATCH_SIZE", "200")),
        # Review copies' e-book links: validity in days and downloads per format.
        "REVIEW_COPY_DOWNLOAD_DAYS": int(env.get("REVIEW_COPY_DOWNLOAD_DAYS", "60")),
        "REVIEW_COPY_DOWNLOAD_LIMIT": int(env.get("REVIEW_COPY_DOWNLOAD_LIMIT", "3")),
        # Days after approval before the one reminder to a journalist who has not downloaded the copy.
        "REVIEW_COPY_REMINDER_DAYS": int(env.get("REVIEW_COPY_REMINDER_DAYS", "7")),
        # Cookie-less audience counting (shop.audience): on unless AUDIENCE_ENABLED=0.
        "AUDIENCE_ENABLED": _bool(env.get("AUDIENCE_ENABLED"), default=True),
        "AUDIENCE_RAW_RETENTION_DAYS": _count(
            env.get("AUDIENCE_RAW_RETENTION_DAYS", "30"), "AUDIENCE_RAW_RETENTION_DAYS"
        ),
        "AUDIENCE_FLUSH_HITS": max(_count(env.get("AUDIENCE_FLUSH_HITS", "200"), "AUDIENCE_FLUSH_HITS"), 1),
        "AUDIENCE_FLUSH_SECONDS": _count(env.get("AUDIENCE_FLUSH_SECONDS", "10"), "AUDIENCE_FLUSH_SECONDS"),
        "AUDIENCE_BEACON_RATE_LIMIT": env.get("AUDIENCE_BEACON_RATE_LIMIT", "120 per minute"),
        "AUDIENCE_GEOIP_DATABASE": env.get("AUDIENCE_GEOIP_DATABASE")
        or None,  # a MaxMind .mmdb file; off when unset
    }
    return settings
