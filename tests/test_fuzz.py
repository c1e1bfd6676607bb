"""Fuzz every endpoint of `app.url_map` with bad values: no answer may be a 5xx, and no bad value may get past the
parsing to the safety net (it would be a 400, but a bug to fix in shop.core.parsing).

For each role (anonymous, author, publisher), every rule and method gets: each CORPUS value (all of them from the
role the endpoint is for, a sample from the others, which are refused or run the same code) in every query argument
we read and in every form field (all fields at once, and the form kept valid but for the broken fields), each
field of the endpoint's own forms broken alone, invalid UTF-8 percent-escapes, JSON, text and multipart bodies;
every path parameter gets huge ids or the path corpus. Forms are found on the rendered pages (lxml) and in the
form classes. CSRF stays disabled, as in every test: refused tokens would stop requests before the code under
test. The run prints its size: 69 rules x 24 values x 3 roles, 5,102 requests, under a minute per database.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections import defaultdict
from typing import Any
from urllib.parse import quote, urlsplit

import lxml.html
import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule
from wtforms.fields.core import UnboundField

from tests import fuzz_world
from tests.backoffice.conftest import login
from tests.delivery.conftest import book  # noqa: F401 - the book with e-book masters, as a fixture

CORPUS = [
    "²", "a\x00b", "١٢", "𝟙𝟚", "9" * 5000, "99999999999", "-99999999999", "-1", "0", "1e40", "inf", "1.5", "\x00",
    "\r\nX", "/\r\nX", "\x1b[31m", "\u202e", "x" * 10_000, "9999-12-31", "2024-02-30", "Foo Bar, foo-bar",
    "../../etc/passwd", "", "%ff",
]  # fmt: skip
FIELD_CORPUS = ["²", "9" * 5000, "99999999999", "-1", "1e40", "inf", "a\x00b", "\r\nX", "x" * 10_000, "9999-12-31",
                "Foo Bar, foo-bar"]  # fmt: skip
BAD_UTF8 = "q=%ff%fe&page=%c0%af&tag=%ed%a0%80&next=%ff&quantity=%00&email=%ff"
PATH_STRINGS = ["a%00b", "%ff", "x" * 10_000, "²", "a%0d%0ab", "..%2f..", "%2e%2e"]
PATH_INTS = ["99999999999999999999", "2147483648", "0"]
ARG_NAMES = ["page", "tag", "categorie", "q", "status", "format", "from", "to", "sort", "next", "session_id",
             "commentaire", "sent", "lang"]  # fmt: skip
# Fields left valid when the others are broken, so that requests get past the first check.
KEEP = {"confirm", "action", "decision", "token", "terms", "waiver", "csrf_token"}
ALLOWED_503 = {"checkout.pay", "downloads.download"}  # payment service down / copy being stamped: by design
ROLES = ["anonymous", "author", "publisher"]


def _form_class_fields() -> set[str]:
    from flask_wtf import FlaskForm
    from wtforms import Form

    import shop.models  # noqa: F401 - every module with a form is imported by create_app already

    names: set[str] = set()
    classes = [*FlaskForm.__subclasses__(), *Form.__subclasses__()]
    for cls in classes:
        names |= {name for name, value in vars(cls).items() if isinstance(value, UnboundField)}
    return names - {"Meta"}


class Fuzzer:
    def __init__(self, app: Flask, world: fuzz_world.World) -> None:
        self.app, self.world = app, world
        self.failures: list[str] = []
        self.requests = 0
        self.log: list[logging.LogRecord] = []
        self.forms: dict[str, set[str]] = defaultdict(set)  # form action path -> field names seen on pages
        self.all_fields = _form_class_fields() | set(world.form)

    # -- sending

    def send(self, client: FlaskClient, rule: Rule, method: str, url: str, role: str, what: str,
             **kw: Any) -> Any:  # fmt: skip
        before = len(self.log)
        self.requests += 1
        try:  # an exception while streaming a response (the CSV export) escapes the error handlers
            response = client.open(url, method=method, **kw)
            response.close()  # send_file responses hold their file open until closed
        except Exception as exc:  # any exception is a finding, reported with the others
            self.failures.append(f"{exc!r:.160} ({role} {method} {rule.endpoint} {what})")
            return None
        status = response.status_code
        if status >= 500 and not (status == 503 and rule.endpoint in ALLOWED_503):
            self.failures.append(f"{status} {role} {method} {rule.endpoint} {what} {url[:80]!r}")
        for record in self.log[before:]:
            self.failures.append(f"{record.getMessage()[:160]} ({role} {method} {rule.endpoint} {what})")
        if rule.endpoint == "accounts.logout" and role != "anonymous":
            login(client, self.world.users[role])
        return response

    # -- URLs

    def _value(self, rule: Rule, arg: str) -> str:
        if arg in self.world.ids:
            return str(self.world.ids[arg])
        return self.world.strings.get(rule.endpoint, self.world.strings[arg])

    def url(self, rule: Rule, **changes: str) -> str:
        values = {arg: quote(self._value(rule, arg), safe="") for arg in rule.arguments} | changes
        return re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: values[m[1]], rule.rule)

    def path_variants(self, rule: Rule) -> list[tuple[str, str]]:
        variants = []
        for arg in rule.arguments:
            bad = PATH_INTS if arg in self.world.ids else PATH_STRINGS
            variants += [(f"path {arg}={value[:12]!r}", self.url(rule, **{arg: value})) for value in bad]
        return variants

    # -- forms

    def learn_forms(self, url: str, html: str) -> None:
        try:
            document = lxml.html.fromstring(html)
        except (ValueError, lxml.etree.ParserError):
            return
        for form in document.iter("form"):
            action = urlsplit(form.get("action") or url).path
            self.forms[action] |= {
                el.get("name") for el in form.iter("input", "textarea", "select") if el.get("name")
            }

    def valid_form(self, rule: Rule) -> dict[str, str]:
        data = dict(self.world.form)
        if rule.endpoint in self.world.comment_targets:
            data["token"] = fuzz_world.comment_token(self.world.comment_targets[rule.endpoint])
        return data

    # -- one rule, one role

    def run(self, client: FlaskClient, rule: Rule, role: str) -> None:
        url = self.url(rule)
        # Each endpoint gets the whole corpus from the role it is for (the others are refused before any parsing,
        # or run the same code): a sample of values for the other roles keeps the run under a minute.
        full = role == owner(rule)
        corpus = CORPUS if full else CORPUS[:2]
        for method in sorted(rule.methods & {"GET", "POST"}):
            valid = self.valid_form(rule) if method == "POST" else {}
            first = self.send(client, rule, method, url, role, "valid", data=valid)
            if method == "GET" and first is not None and first.mimetype == "text/html":
                self.learn_forms(url, first.get_data(as_text=True))
            for value in corpus:
                if method == "GET":
                    args = {name: value for name in [*ARG_NAMES, *rule.arguments]}
                    self.send(client, rule, method, url, role, f"args={value[:12]!r}", query_string=args)
                else:
                    everything = {name: value for name in self.all_fields}
                    self.send(client, rule, method, url, role, f"all={value[:12]!r}", data=everything)
                    broken = {k: (v if k in KEEP else value) for k, v in valid.items()}
                    self.send(client, rule, method, url, role, f"form={value[:12]!r}", data=broken)
            self.send(client, rule, method, f"{url}?{BAD_UTF8}", role, "bad UTF-8 args")
            if method == "POST" and full:
                self._bodies(client, rule, url, role, valid)
        for what, bad_url in self.path_variants(rule) if full else []:
            self.send(client, rule, sorted(rule.methods & {"GET", "POST"})[0], bad_url, role, what)

    def _bodies(self, client: FlaskClient, rule: Rule, url: str, role: str, valid: dict[str, str]) -> None:
        send = self.send
        send(client, rule, "POST", url, role, "json", json={k: [1e308, None, {"a": "\x00"}] for k in valid})
        send(client, rule, "POST", url, role, "text", data="\x00" * 100, content_type="text/plain")
        send(client, rule, "POST", url, role, "bad UTF-8 body", data=BAD_UTF8.encode(),
             content_type="application/x-www-form-urlencoded")  # fmt: skip
        files = {
            "file": (io.BytesIO(b"PK\x03\x04" + b"\x00" * 64), "a\x00.epub"),
            "logo": (io.BytesIO(b"GIF8"), "x"),
        }
        send(
            client,
            rule,
            "POST",
            url,
            role,
            "multipart",
            data={**valid, **files},
            content_type="multipart/form-data",
        )
        own_fields = self.forms.get(urlsplit(url).path, set()) - KEEP
        for name in sorted(own_fields):  # each of the page's own fields broken alone, the rest valid
            for value in FIELD_CORPUS:
                send(client, rule, "POST", url, role, f"{name}={value[:12]!r}", data={**valid, name: value})


@pytest.fixture
def app_overrides() -> dict[str, Any]:
    # 500s are observed as responses; throttling would only hide the code behind a 429.
    # No login slow-down either: the fuzzer's thousands of wrong logins would each wait a second.
    return {"PROPAGATE_EXCEPTIONS": False, "RATELIMIT_ENABLED": False, "LOGIN_SLOWDOWN_SECONDS": 0}


def test_no_bad_value_causes_a_server_error(app: Flask, db: Any, book: Any) -> None:  # noqa: F811
    world = fuzz_world.build(app, book)
    fuzzer = Fuzzer(app, world)
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: fuzzer.log.append(record) if _is_failure(record) else None  # type: ignore[method-assign]
    app.logger.addHandler(handler)
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static"]
    # GET pages first, so that the POST endpoints know their forms' fields.
    rules.sort(key=lambda r: ("POST" in r.methods and "GET" not in r.methods, r.rule))
    start = time.monotonic()
    try:
        for role in ROLES:
            client = app.test_client()
            if role != "anonymous":
                login(client, world.users[role])
            for rule in rules:
                fuzzer.run(client, rule, role)
    finally:
        app.logger.removeHandler(handler)
    print(f"\nfuzz: {len(rules)} rules x {len(CORPUS)} values x {len(ROLES)} roles = {fuzzer.requests} requests "
          f"in {time.monotonic() - start:.0f} s")  # fmt: skip
    assert fuzzer.requests > 5000
    assert not fuzzer.failures, "\n".join(sorted(set(fuzzer.failures))[:40])


def owner(rule: Rule) -> str:
    area = rule.endpoint.split(".")[0]
    return {"dashboard": "publisher", "authors_area": "author"}.get(area, "anonymous")


def _is_failure(record: logging.LogRecord) -> bool:
    return record.getMessage().startswith(("Bad input reached", "Unhandled error"))
