"""The bulk engine's pieces that need no service: failure classification, Retry-After, lost-response counting."""

from __future__ import annotations

import httpx
import pytest

from acs_identity._errors import error_from_response
from acs_identity._retry import RETRY_STATUSES, RetryPolicy
from acs_identity.cli._bulk import CountingTransport, DuplicateIdentity, classify

FATAL = frozenset({400, 403, 404})


def _error(status: int, code: str, headers: dict[str, str] | None = None) -> Exception:
    response = httpx.Response(
        status,
        json={"error": {"code": code, "message": f"{code} happened"}},
        headers=headers or {},
        request=httpx.Request("POST", "http://x/identities"),
    )
    return error_from_response(response)


def test_throttling_is_retried_after_the_services_delay() -> None:
    failure = classify(_error(429, "TooManyRequests", {"Retry-After": "2"}), fatal_statuses=FATAL)
    assert failure.retryable and not failure.fatal
    assert failure.retry_after == 2.0
    assert failure.reason == "429 TooManyRequests"


def test_retry_after_as_http_date_and_garbage() -> None:
    dated = classify(
        _error(503, "Busy", {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), fatal_statuses=FATAL
    )
    assert dated.retryable and dated.retry_after == 0.0  # in the past: no wait
    garbage = classify(_error(503, "Busy", {"Retry-After": "soon"}), fatal_statuses=FATAL)
    assert garbage.retryable and garbage.retry_after is None
    huge = classify(_error(429, "Slow", {"Retry-After": "99999"}), fatal_statuses=FATAL)
    assert huge.retry_after == 60.0


def test_retry_after_ms_is_read_as_the_client_reads_it() -> None:
    failure = classify(_error(429, "TooManyRequests", {"retry-after-ms": "250"}), fatal_statuses=FATAL)
    assert failure.retry_after == 0.25
    both = classify(
        _error(503, "Busy", {"x-ms-retry-after-ms": "1500", "Retry-After": "9"}), fatal_statuses=FATAL
    )
    assert both.retry_after == 1.5


def test_the_cli_retries_exactly_what_the_client_retries() -> None:
    for status in range(400, 600):
        response = httpx.Response(status, request=httpx.Request("POST", "http://x/identities"))
        client_retries = RetryPolicy().delay_after_response(response, 1) is not None
        failure = classify(_error(status, "Code"), fatal_statuses=frozenset())
        assert failure.retryable == client_retries == (status in RETRY_STATUSES), status
    assert 408 in RETRY_STATUSES  # as azure-core's RetryPolicy


def test_bad_credentials_stop_the_run_but_a_foreign_identity_does_not() -> None:
    assert classify(_error(401, "Denied"), fatal_statuses=FATAL).fatal
    foreign = classify(_error(401, "IdentityNotOwned"), fatal_statuses=FATAL)
    assert not foreign.fatal and not foreign.retryable


def test_bad_request_is_fatal_for_create_only() -> None:
    assert classify(_error(400, "ValidationError"), fatal_statuses=FATAL).fatal
    assert not classify(_error(400, "InvalidIdentity"), fatal_statuses=frozenset({403})).fatal


def test_transport_errors_and_duplicates_are_retried() -> None:
    assert classify(httpx.ConnectError("refused"), fatal_statuses=FATAL).reason == "connect failed"
    assert classify(httpx.ReadError("reset"), fatal_statuses=FATAL).reason == "connection lost"
    assert classify(DuplicateIdentity("8:acs:x"), fatal_statuses=FATAL).retryable


class _Scripted(httpx.AsyncBaseTransport):
    def __init__(self, outcomes: list[Exception | int]) -> None:
        self.outcomes = outcomes
        self.closed = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return httpx.Response(outcome, request=request)

    async def aclose(self) -> None:
        self.closed = True


async def test_counting_transport_counts_lost_creations_only() -> None:
    inner = _Scripted(
        [httpx.ReadError("reset"), httpx.ConnectError("refused"), httpx.ReadError("reset"), 429, 201]
    )
    transport = CountingTransport(inner)
    create = httpx.Request("POST", "http://x/identities?api-version=1")
    revoke = httpx.Request("POST", "http://x/identities/u/:revokeAccessTokens?api-version=1")
    for request in (create, create, revoke):
        with pytest.raises(httpx.TransportError):
            await transport.handle_async_request(request)
    assert (await transport.handle_async_request(create)).status_code == 429
    assert (await transport.handle_async_request(create)).status_code == 201
    assert transport.lost_creations == 1  # a refused connection never reached the service
    assert transport.connection_errors == {"connection lost": 2, "connect failed": 1}
    assert transport.statuses == {429: 1}
    await transport.aclose()
    assert inner.closed
