"""Delivery: one prepared call POSTed, retried if it may be, within its deadline.

:meth:`Session.call <zyntro_nb.Session.call>` stays the one path for data: the session's
``_send`` hands its prepared call here, and everything that sends (paging, bulk, verify)
goes through that method. :func:`deliver` keeps the session's last exchange and history,
redacts secrets from errors and answers, and asks the retry policy (and, in a bulk, the
shared throttle) whether and when to try again.

Example::

    >>> from zyntro_nb import _delivery
    >>> _delivery.SANDBOX_HEADER
    'x-zyntro-sandbox'
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import TYPE_CHECKING, Any

from ._envelope import read_envelope, request_id_of, transport_error
from ._errors import NotFoundError, RateLimitError, ZyntroError
from ._exchange import Exchange, _scrub, count_rows
from ._outcome import settle
from ._request import PreparedCall
from ._secret import redacted_copy, safe_url
from ._throttle import Stopped
from ._wire import timeouts_within

if TYPE_CHECKING:
    import logging

    from ._catalog.catalog import Endpoint
    from ._retry import RetryPolicy
    from ._session.session import Session
    from ._throttle import Throttle

SANDBOX_HEADER = "x-zyntro-sandbox"
_loggers: list[logging.Logger] = []


def logger() -> logging.Logger:
    """The "zyntro_nb" logger; logging is imported on first use (httpx loads it with the first session)."""
    if not _loggers:
        import logging

        _loggers.append(logging.getLogger("zyntro_nb"))
    return _loggers[0]


def deliver(
    session: Session,
    prepared: PreparedCall,
    policy: RetryPolicy,
    timeout: Any,
    body: dict[str, Any] | None = None,
    throttle: Throttle | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """POST (reads and idempotent writes: with retries) within the policy's deadline; returns the
    success envelope and frame metadata.

    ``throttle`` (bulk calls) is the pace shared with other workers: a 429 here slows them all,
    and a stopping bulk sends nothing more."""
    import httpx  # already loaded by the session's client; a local name for the except clause

    endpoint = prepared.endpoint
    if body is not None:
        prepared = PreparedCall(endpoint, prepared.url, body)
    content = prepared.encode()
    retried = endpoint.retried
    # The session's secrets and any given to this call alone (api_key=…, a webhook's token).
    secrets = tuple(dict.fromkeys(session.config.secrets() + prepared.secrets()))
    # Secrets as bytes, to look for an echo of one in an answer's body without decoding it.
    secret_bytes = tuple(secret.encode("utf-8", "replace") for secret in secrets)
    # What the request shows is the body as encoded — exactly what was sent — with credentials
    # redacted; made when first read (s.last, history), not on every call.
    exchange = Exchange(endpoint.key, safe_url(prepared.url),
                        lambda: _scrub(redacted_copy(json.loads(content)), secrets),
                        redactor=lambda value: _scrub(value, secrets))
    shared = session._shared
    base_timeout = shared.client.timeout if timeout is None else httpx.Timeout(timeout)
    started_call = policy.clock()
    attempt = 0
    last_error: ZyntroError | None = None
    exchange.started = dt.datetime.now(dt.timezone.utc)
    first_start = time.perf_counter()
    while True:
        if throttle is not None and not throttle.acquire():  # the bulk is stopping: send nothing more
            raise Stopped(endpoint.key) if last_error is None else last_error
        remaining = policy.deadline - (policy.clock() - started_call)
        started = time.perf_counter()
        logger().debug("POST %s (attempt %d)", endpoint.key, attempt + 1)
        try:
            response = shared.wire.post(prepared.url, content, timeouts_within(base_timeout, remaining))
            exchange.status_code = response.status_code
            exchange.request_id = request_id_of(response)
            if response.headers.get(SANDBOX_HEADER) and not session.is_sandbox:
                shared.backend = f"sandbox ({session.config.shown_base_url})"
            envelope = read_envelope(response, endpoint.key, endpoint.secret_fields)
            answered = response.content
            if any(secret in answered for secret in secret_bytes):  # echoed in a field of no credential name
                envelope = _scrub(envelope, secrets)
        except httpx.HTTPError as exc:
            error: ZyntroError = transport_error(exc, endpoint.key, endpoint.read_only)
        except ZyntroError as exc:
            error = exc
        else:
            elapsed = time.perf_counter() - started
            exchange.raw_response = envelope
            exchange.error = None  # an earlier attempt's failure is history; the attempts count keeps it
            exchange.elapsed = elapsed
            exchange.attempts = attempt + 1
            exchange.total_elapsed = time.perf_counter() - first_start
            rule = endpoint.rows
            exchange.rows = count_rows(envelope.get("data"), rule.path if rule else None)
            session._remember(exchange)
            logger().debug("%s answered in %.3f s (request id %s)", endpoint.key, elapsed, exchange.request_id)
            return envelope, meta(session, endpoint, envelope, exchange)
        finally:
            if throttle is not None:
                throttle.release()
        exchange.attempts = attempt + 1
        remaining = policy.deadline - (policy.clock() - started_call)
        retry_after = getattr(error, "retry_after", None)
        wait = None
        if policy.should_retry(read_only=retried, attempt=attempt, error=error):
            if policy.waits_too_long(retry_after, remaining):
                error.fix = (
                    f"the server asks to wait {retry_after:g} s, longer than this call may wait "
                    f"({min(policy.retry_after_cap, max(remaining, 0)):g} s left); call again after that"
                )
            else:
                wait = policy.delay(attempt, retry_after)
                if wait >= remaining:
                    error.message += (f" (gave up after {attempt + 1} attempt(s): the call's "
                                      f"{policy.deadline:g} s deadline would pass before the next)")
                    wait = None
        if throttle is not None and isinstance(error, RateLimitError):
            # A 429 pauses every worker; the bulk's shared budget of 429 retries, not this row's, pays.
            pause = policy.delay(attempt, retry_after)
            throttle.penalize(pause)
            wait = 0.0 if (retried and pause < remaining and not policy.waits_too_long(retry_after, remaining)
                           and throttle.may_retry()) else None
        error = session._redacted(explain(settle(error, endpoint, prepared.body), attempt, retried, endpoint),
                                  secrets)
        exchange.error = str(error)
        exchange.raw_response = getattr(error, "response", None)
        exchange.total_elapsed = time.perf_counter() - first_start
        session._remember(exchange)
        last_error = error
        if wait is not None:
            logger().info(
                "retrying %s in %.2f s after: %s (try %d of %d)",
                endpoint.key, wait, error.message, attempt + 2, policy.max_retries + 1,
            )
            if wait:
                policy.sleep(wait)
            attempt += 1
            continue
        error.attempts = attempt + 1  # type: ignore[attr-defined]
        raise error from None


def explain(error: ZyntroError, attempt: int, retried: bool, endpoint: Endpoint | None = None) -> ZyntroError:
    """Say how many attempts a resendable call made (so no fix claims retries that did not happen);
    for an uncatalogued endpoint, "not found" most likely means the name, not a record's ID."""
    if retried and attempt > 0 and "attempt" not in error.message:
        error.message += f" (after {attempt + 1} attempts)"
    if endpoint is not None and not endpoint.catalogued and isinstance(error, NotFoundError):
        error.fix = (f"{endpoint.key} is not in the catalog, so check the module/action name first "
                     "(s.find('words') searches the catalog); if the name is right, check the IDs you passed")
    return error


def meta(session: Session, endpoint: Endpoint, envelope: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
    """The frame metadata (``df.attrs["zyntro"]``) of a successful exchange."""
    return {
        "module": endpoint.module,
        "action": endpoint.action,
        "endpoint": endpoint.key,
        "request_id": exchange.request_id,
        "elapsed": exchange.elapsed,
        "status_code": exchange.status_code,
        "attempts": exchange.attempts,
        "backend": "sandbox" if session.is_sandbox else (
            "REPLAY" if session.is_replay else session.config.shown_base_url),
        "extra": {k: v for k, v in envelope.items() if k not in ("status", "data")},
    }
