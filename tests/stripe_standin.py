"""A local stand-in for the part of Stripe's HTTP API the shop uses, served on 127.0.0.1 in a background thread.

The real `stripe` library talks to it through `make_client(..., api_base=standin.base_url)`. It answers with
objects shaped like Stripe's (checkout.session, item, refund, list, error), validates parameters the way Stripe
does for the checks that matter to us, honours Idempotency-Key, and records every request so that tests can
assert what was sent. Helpers play Stripe's other side: the buyer paying, failures, and webhook events.
"""

from __future__ import annotations

import copy
import json
import secrets
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from shop.payments.stripe_api import STRIPE_API_VERSION
from tests import stripe_objects as objects
from tests.stripe_objects import StripeHTTPError

Response = tuple[int, dict[str, Any]]


def decode_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Stripe's form encoding (a[b][0][c]=v) back to nested dicts; lists come back as lists. Values stay str."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        head, _, rest = key.partition("[")
        parts = [head, *rest.rstrip("]").split("][")] if rest else [head]
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value

    def listify(value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        if value and all(k.isdigit() for k in value):
            return [listify(value[k]) for k in sorted(value, key=int)]
        return {k: listify(v) for k, v in value.items()}

    return listify(root)


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    params: dict[str, Any]

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


@dataclass
class _Failure:
    status: int | str  # an HTTP status, "drop" (closed before Stripe acts) or "lost" (acted, answer lost)
    error_type: str
    message: str


class StripeStandIn:
    def __init__(self) -> None:
        self.base_url = ""
        self._lock = threading.RLock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # --- lifecycle -------------------------------------------------------------------------------------------

    def start(self) -> StripeStandIn:
        handler = type("Handler", (_Handler,), {"standin": self})
        server = self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base_url = f"http://127.0.0.1:{server.server_port}"
        # A short poll interval: shutdown() waits for it, once per test.
        serve = lambda: server.serve_forever(poll_interval=0.02)  # noqa: E731
        self._thread = threading.Thread(target=serve, name="stripe-standin", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def reset(self) -> None:
        with self._lock:
            self.requests: list[RecordedRequest] = []
            self.sessions: dict[str, dict[str, Any]] = {}
            self.refunds: dict[str, dict[str, Any]] = {}
            self.payment_intents: dict[str, dict[str, Any]] = {}
            self._idempotent: dict[str, tuple[str, str, dict[str, Any], Response]] = {}
            self._failures: list[_Failure] = []

    # --- what tests look at ----------------------------------------------------------------------------------

    def calls(self, method: str | None = None, path: str | None = None) -> list[RecordedRequest]:
        return [r for r in self.requests if method in (None, r.method) and path in (None, r.path)]

    def last(self, method: str | None = None, path: str | None = None) -> RecordedRequest:
        found = self.calls(method, path)
        assert found, f"no {method or ''} {path or ''} request reached the Stripe stand-in"
        return found[-1]

    # --- playing Stripe's other side ---------------------------------------------------------------------------

    def fail_next(
        self,
        status: int | str = 500,
        times: int = 1,
        error_type: str = "api_error",
        message: str = "An unknown error occurred",
    ) -> None:
        """Answer the next `times` requests with an error: an HTTP status with Stripe's error JSON, "drop" to
        close the connection before Stripe acts, or "lost" to act (and remember the idempotency key) but never
        answer, the case idempotency keys exist for."""
        with self._lock:
            self._failures.extend(_Failure(status, error_type, message) for _ in range(times))

    def complete_session(
        self,
        session_id: str,
        payment_status: str = "paid",
        *,
        email: str | None = None,
        name: str = "Zoé Lectrice",
        address: dict[str, str | None] | None = None,
    ) -> dict[str, Any]:
        """What Stripe does once the buyer has gone through its page. "unpaid" is a delayed method (SEPA...)."""
        with self._lock:
            session = self._session(session_id)
            if session["status"] != "open":
                raise AssertionError(f"session {session_id} is {session['status']}, not open")
            intent = objects.payment_intent_for(session)
            self.payment_intents[intent["id"]] = intent
            objects.complete(session, payment_status, intent["id"], email, name, address)
            return copy.deepcopy(objects.public(session))

    def expire_session(self, session_id: str) -> dict[str, Any]:
        """What happens when expires_at passes without payment."""
        with self._lock:
            session = self._session(session_id)
            session.update(status="expired", url=None)
            return copy.deepcopy(objects.public(session))

    def success_redirect_url(self, session_id: str) -> str:
        """Where Stripe sends the buyer back: success_url with {CHECKOUT_SESSION_ID} substituted."""
        return str(self._session(session_id)["success_url"]).replace("{CHECKOUT_SESSION_ID}", session_id)

    def event_for(self, session_id: str, type: str = "checkout.session.completed") -> dict[str, Any]:
        return objects.event(
            type, copy.deepcopy(objects.public(self._session(session_id))), STRIPE_API_VERSION
        )

    def charge_for(self, session_id: str) -> dict[str, Any]:
        return objects.charge(self._intent_of(session_id))

    def charge_refunded_event(self, session_id: str, amount_refunded: int | None = None) -> dict[str, Any]:
        """charge.refunded as after a dashboard refund; amount_refunded is cumulative (defaults to all of it)."""
        intent = self._intent_of(session_id)
        total = intent["amount"] if amount_refunded is None else amount_refunded
        with self._lock:
            intent["amount_refunded"] = max(intent["amount_refunded"], total)
        return objects.event(
            "charge.refunded", objects.charge(intent, amount_refunded=total), STRIPE_API_VERSION
        )

    def dispute_created_event(self, session_id: str, reason: str = "fraudulent") -> dict[str, Any]:
        dispute = objects.dispute(self._intent_of(session_id), reason)
        return objects.event("charge.dispute.created", dispute, STRIPE_API_VERSION)

    def _session(self, session_id: str) -> dict[str, Any]:
        if session_id not in self.sessions:
            raise KeyError(f"the Stripe stand-in has no session {session_id}")
        return self.sessions[session_id]

    def _intent_of(self, session_id: str) -> dict[str, Any]:
        intent_id = self._session(session_id).get("payment_intent")
        if not intent_id:
            raise AssertionError(f"session {session_id} has not been paid: call complete_session first")
        return self.payment_intents[intent_id]

    # --- the HTTP side ---------------------------------------------------------------------------------------

    def handle(
        self, method: str, path: str, headers: dict[str, str], params: dict[str, Any]
    ) -> Response | str:
        """A (status, JSON body) pair, or "drop" to close the connection without answering."""
        with self._lock:
            request = RecordedRequest(method, path, headers, params)
            self.requests.append(request)
            failure = self._failures.pop(0) if self._failures else None
            if failure is None:
                return copy.deepcopy(self._respond(request))
            if isinstance(failure.status, int):
                return failure.status, objects.error(failure.error_type, failure.message)
            if failure.status == "lost":
                self._respond(request)  # Stripe acts; the answer never arrives
            return "drop"

    def _respond(self, request: RecordedRequest) -> Response:
        key = request.header("Idempotency-Key") if request.method == "POST" else None
        signature = (request.method, request.path, request.params)
        if key and key in self._idempotent:
            *first, response = self._idempotent[key]
            if tuple(first) != signature:
                return 400, objects.error(
                    "idempotency_error",
                    "Keys for idempotent requests can only be used with the same parameters they were first used "
                    f"with. Try using a key other than '{key}' if you meant to execute a different request.",
                )
            return response
        try:
            response = 200, self.route(*signature)
        except StripeHTTPError as exc:
            response = exc.status, exc.body
        # Like Stripe, only a request that got past validation is remembered under its key.
        if key and response[0] < 400:
            self._idempotent[key] = (*signature, copy.deepcopy(response))
        return response

    def route(self, method: str, path: str, params: dict[str, Any]) -> dict[str, Any]:
        parts = path.strip("/").split("/")
        if parts[:3] == ["v1", "checkout", "sessions"]:
            if len(parts) == 3 and method == "POST":
                session = objects.new_session(params, self.base_url)
                self.sessions[session["id"]] = session
                return objects.public(session)
            if len(parts) >= 4:
                if parts[3] not in self.sessions:
                    raise StripeHTTPError.missing("checkout.session", parts[3], "session", status=404)
                session = self.sessions[parts[3]]
                if len(parts) == 4 and method == "GET":
                    return objects.public(session)
                if parts[4:] == ["line_items"] and method == "GET":
                    return objects.line_items_page(session, params, path)
                if parts[4:] == ["expire"] and method == "POST":
                    if session["status"] != "open":
                        raise StripeHTTPError.invalid(
                            f'Only Checkout Sessions with a status in ["open"] can be expired. This Checkout '
                            f'Session has a status of "{session["status"]}".'
                        )
                    session.update(status="expired", url=None)
                    return objects.public(session)
        if parts[:2] == ["v1", "refunds"]:
            if len(parts) == 2 and method == "POST":
                refund = objects.new_refund(params, self.payment_intents)
                self.refunds[refund["id"]] = refund
                return refund
            if len(parts) == 3 and method == "GET":
                if parts[2] not in self.refunds:
                    raise StripeHTTPError.missing("refund", parts[2], "id", status=404)
                return self.refunds[parts[2]]
        raise StripeHTTPError(
            404, objects.error("invalid_request_error", f"Unrecognized request URL ({method}: {path}).")
        )


class _Handler(BaseHTTPRequestHandler):
    standin: StripeStandIn

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else ""
        params = decode_form(parse_qsl(body if method == "POST" else url.query, keep_blank_values=True))
        outcome = self.standin.handle(method, url.path, dict(self.headers.items()), params)
        if isinstance(outcome, str):
            self.close_connection = True
            return
        status, payload = outcome
        data = json.dumps(payload, indent=2).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_{secrets.token_hex(7)}")
        self.send_header("Stripe-Version", self.headers.get("Stripe-Version") or STRIPE_API_VERSION)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep pytest output clean
