"""Login limits per account + address; an attacked account is slowed, not locked; proxies; the Redis store."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import jsonify, request

from tests.backoffice.conftest import PASSWORD

STRANGER = {"REMOTE_ADDR": "203.0.113.7"}
OWNER = {"REMOTE_ADDR": "198.51.100.2"}
REDIS_URI = "redis://127.0.0.1:6379/13"  # a database number of its own: reset() empties only this one


@pytest.fixture
def app_overrides(request) -> dict[str, Any]:
    name = request.node.name
    if name.startswith("test_redis"):
        return {"RATELIMIT_STORAGE_URI": REDIS_URI, "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}"}
    if name.startswith("test_behind_one_proxy"):
        return {"TRUSTED_PROXIES": 1}
    return {}


@pytest.fixture
def sleeps(monkeypatch) -> list[float]:
    calls: list[float] = []
    monkeypatch.setattr("shop.accounts.throttle.time.sleep", calls.append)
    return calls


def _attempt(
    client, email: str, password: str, environ: dict[str, str], headers: dict[str, str] | None = None
):
    return client.post(
        "/compte/connexion",
        data={"email": email, "password": password},
        environ_base=environ,
        headers=headers or {},
    )


def test_a_stranger_cannot_lock_the_owner_out(app, client, db, publisher, sleeps) -> None:
    codes = [_attempt(client, publisher.email, "guess", STRANGER).status_code for _ in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]
    assert _attempt(client, publisher.email, PASSWORD, STRANGER).status_code == 429  # that address is closed
    owner = _attempt(client, publisher.email, PASSWORD, OWNER)
    assert owner.status_code == 302
    assert sleeps == [app.config["LOGIN_SLOWDOWN_SECONDS"]]  # slowed, not refused


def test_successful_logins_do_not_count_against_the_address(client, db, publisher, sleeps) -> None:
    codes = [_attempt(client, publisher.email, PASSWORD, OWNER).status_code for _ in range(12)]
    assert set(codes) == {302} and sleeps == []


def test_forwarded_for_is_ignored_without_trusted_proxies(client, db, publisher, sleeps) -> None:
    for n in range(10):
        _attempt(client, publisher.email, "guess", STRANGER, {"X-Forwarded-For": f"192.0.2.{n}"})
    assert (
        _attempt(client, publisher.email, "guess", STRANGER, {"X-Forwarded-For": "192.0.2.99"}).status_code
        == 429
    )


def test_behind_one_proxy_the_client_address_scheme_and_host_come_from_it(app, client, db, publisher) -> None:
    app.add_url_rule("/_whoami", "whoami", lambda: jsonify(addr=request.remote_addr, url=request.url_root))
    headers = {
        "X-Forwarded-For": "192.0.2.66, 203.0.113.7",  # the first value is the client's own claim: not believed
        "X-Forwarded-Proto": "https",
        "X-Forwarded-Host": "livre.example",
    }
    seen = client.get("/_whoami", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"}).get_json()
    assert seen == {"addr": "203.0.113.7", "url": "https://livre.example/"}


def test_behind_one_proxy_limits_key_on_the_forwarded_address(client, db, publisher, sleeps) -> None:
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    for _ in range(10):
        _attempt(client, publisher.email, "guess", proxy, {"X-Forwarded-For": "203.0.113.7"})
    assert (
        _attempt(client, publisher.email, "guess", proxy, {"X-Forwarded-For": "203.0.113.7"}).status_code
        == 429
    )
    assert (
        _attempt(client, publisher.email, PASSWORD, proxy, {"X-Forwarded-For": "198.51.100.2"}).status_code
        == 302
    )


def test_trusted_proxies_must_be_a_count(tmp_path) -> None:
    from shop.config import ConfigError, load_settings

    assert load_settings(tmp_path, {})["TRUSTED_PROXIES"] == 0
    assert load_settings(tmp_path, {"TRUSTED_PROXIES": "2"})["TRUSTED_PROXIES"] == 2
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        load_settings(tmp_path, {"TRUSTED_PROXIES": "yes"})


def test_redis_storage_limits_logins(app, client, db, publisher, sleeps) -> None:
    """The real Redis on 127.0.0.1:6379 (loopback, which the network guard allows)."""
    import redis

    try:
        redis.Redis.from_url(REDIS_URI, socket_timeout=2).ping()
    except redis.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    codes = [_attempt(client, publisher.email, "guess", STRANGER).status_code for _ in range(11)]
    assert codes[-1] == 429
    keys = redis.Redis.from_url(REDIS_URI).keys(f"*{app.config['RATELIMIT_KEY_PREFIX']}*")
    assert keys, "the limiter wrote nothing to Redis"
