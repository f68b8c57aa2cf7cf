"""Error mapping to azure-core exceptions, and the retry policy: which outcomes are retried, how long we
wait (Retry-After honoured, backoff capped), and that every attempt is signed afresh."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formatdate

import httpx
import pytest
import respx
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    ResourceExistsError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)

from acs_identity._retry import RetryPolicy, parse_retry_after

from .conftest import (
    CREDENTIAL_KINDS,
    ENDPOINT,
    MODES,
    USER_ID,
    USER_PATH,
    Client,
    Clock,
    SleepRecorder,
    assert_hmac_signed,
    invoke,
)

CREATED = httpx.Response(201, json={"identity": {"id": USER_ID}})


def _error(status: int, code: str, message: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message}}, headers=headers)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, HttpResponseError),
        (401, ClientAuthenticationError),
        (403, HttpResponseError),
        (404, ResourceNotFoundError),
        (409, ResourceExistsError),
        (429, HttpResponseError),
        (500, HttpResponseError),
    ],
)
async def test_error_mapping(
    status: int,
    exception: type[HttpResponseError],
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
) -> None:
    respx_mock.delete(f"{ENDPOINT}{USER_PATH}").mock(
        return_value=_error(
            status, "SomeCode", "what went wrong", **{"x-ms-request-id": "req-1", "MS-CV": "cv-2"}
        )
    )
    client = make_client("connection_string", mode, retry_total=0)

    with pytest.raises(exception) as caught:
        await invoke(client, "delete_user", USER_ID)

    exc = caught.value
    assert type(exc) is exception
    assert exc.status_code == status
    assert exc.error is not None
    assert exc.error.code == "SomeCode"
    assert exc.error.message == "what went wrong"
    text = str(exc)
    assert "SomeCode" in text and "what went wrong" in text and f"Status: {status}" in text
    assert "x-ms-request-id: req-1" in text and "ms-cv: cv-2" in text
    assert "x-ms-client-request-id: " in text  # ours, when the service does not echo it
    assert exc.response is not None
    assert exc.response.headers["x-ms-request-id"] == "req-1"  # type: ignore[attr-defined]
    assert "authorization" not in repr(vars(exc)).lower()


@pytest.mark.parametrize("mode", MODES)
async def test_error_without_json_body(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    respx_mock.post(f"{ENDPOINT}/identities").mock(return_value=httpx.Response(502, text="Bad gateway"))
    client = make_client("connection_string", mode, retry_total=0)
    with pytest.raises(HttpResponseError) as caught:
        await invoke(client, "create_user")
    assert caught.value.status_code == 502
    assert caught.value.error is None
    assert "Bad Gateway" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
async def test_unexpected_success_body_is_a_decode_error(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    respx_mock.post(f"{ENDPOINT}/identities").mock(return_value=httpx.Response(201, json={"nope": 1}))
    client = make_client("connection_string", mode)
    with pytest.raises(DecodeError, match="unexpected response body for create_user"):
        await invoke(client, "create_user")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
async def test_retried_statuses_are_resigned_with_a_new_date(
    status: int,
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    clock: Clock,
    no_sleep: SleepRecorder,
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[_error(status, "Busy", "try later"), _error(status, "Busy", "try later"), CREATED]
    )
    client = make_client("key_credential", mode)

    user = await invoke(client, "create_user")

    assert user.raw_id == USER_ID
    assert route.call_count == 3
    requests = [call.request for call in route.calls]
    dates = [r.headers["x-ms-date"] for r in requests]
    assert len(set(dates)) == 3
    signatures = {r.headers["authorization"] for r in requests}
    assert len(signatures) == 3
    for request in requests:
        assert_hmac_signed(request)
    # One client request id per call, kept across its attempts.
    assert len({r.headers["x-ms-client-request-id"] for r in requests}) == 1
    # Exponential backoff with +-20% jitter: 0.8 s, then 1.6 s.
    assert len(no_sleep.delays) == 2
    assert 0.64 <= no_sleep.delays[0] <= 0.96
    assert 1.28 <= no_sleep.delays[1] <= 1.92


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 501])
async def test_other_statuses_are_not_retried(
    status: int,
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    no_sleep: SleepRecorder,
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(return_value=_error(status, "No", "no"))
    client = make_client("connection_string", mode)
    with pytest.raises(HttpResponseError):
        await invoke(client, "create_user")
    assert route.call_count == 1
    assert no_sleep.delays == []


@pytest.mark.parametrize("mode", MODES)
async def test_retries_are_bounded(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter, no_sleep: SleepRecorder
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(return_value=_error(503, "Busy", "busy"))
    client = make_client("connection_string", mode, retry_total=2)
    with pytest.raises(HttpResponseError) as caught:
        await invoke(client, "create_user")
    assert caught.value.status_code == 503
    assert route.call_count == 3
    assert len(no_sleep.delays) == 2


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "0"}, 0.0),
        ({"Retry-After": "3600"}, 60.0),  # capped at retry_backoff_max
        ({"retry-after-ms": "250"}, 0.25),
        ({"x-ms-retry-after-ms": "1500"}, 1.5),
    ],
)
async def test_retry_after_is_honoured(
    headers: dict[str, str],
    expected: float,
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    no_sleep: SleepRecorder,
) -> None:
    respx_mock.post(f"{ENDPOINT}/identities").mock(
        side_effect=[_error(429, "Throttled", "slow down", **headers), CREATED]
    )
    client = make_client("connection_string", mode)
    await invoke(client, "create_user")
    assert no_sleep.delays == [expected]


def test_retry_after_http_date() -> None:
    now = 1_700_000_000.0
    headers = httpx.Headers({"Retry-After": formatdate(now + 12, usegmt=True)})
    assert parse_retry_after(headers, now=now) == 12.0
    past = httpx.Headers({"Retry-After": formatdate(now - 12, usegmt=True)})
    assert parse_retry_after(past, now=now) == 0.0
    assert parse_retry_after(httpx.Headers({"Retry-After": "soon"}), now=now) is None
    assert parse_retry_after(httpx.Headers(), now=now) is None


def test_backoff_is_capped() -> None:
    policy = RetryPolicy(total=20, backoff_factor=1.0, backoff_max=5.0)
    assert policy.backoff(10) == 5.0


@pytest.mark.parametrize(
    "bad", [{"total": -1}, {"total": 1.5}, {"backoff_factor": -1.0}, {"backoff_max": "60"}]
)
def test_retry_options_are_checked(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="retry_"):
        RetryPolicy(**bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("kind", CREDENTIAL_KINDS)
@pytest.mark.parametrize(
    "error",
    [
        httpx.ConnectError("connection refused"),
        httpx.ConnectTimeout("connect timed out"),
        httpx.ReadError("connection reset by peer"),
        httpx.RemoteProtocolError("server disconnected without sending a response"),
        httpx.ReadTimeout("read timed out"),
    ],
    ids=lambda e: type(e).__name__,
)
async def test_dropped_connections_are_retried_even_for_post_identities(
    error: httpx.TransportError,
    kind: str,
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    no_sleep: SleepRecorder,
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(side_effect=[error, CREATED])
    client = make_client(kind, mode)
    user = await invoke(client, "create_user")
    assert user.raw_id == USER_ID
    assert route.call_count == 2
    assert len(no_sleep.delays) == 1


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("error", "exception"),
    [(httpx.ConnectError("refused"), ServiceRequestError), (httpx.ReadError("reset"), ServiceResponseError)],
)
async def test_transport_errors_after_the_last_retry(
    error: httpx.TransportError,
    exception: type[Exception],
    mode: str,
    make_client: Callable[..., Client],
    respx_mock: respx.MockRouter,
    no_sleep: SleepRecorder,
) -> None:
    route = respx_mock.post(f"{ENDPOINT}/identities").mock(side_effect=error)
    client = make_client("connection_string", mode, retry_total=3)
    with pytest.raises(exception, match="after 4 attempts") as caught:
        await invoke(client, "create_user")
    assert caught.value.__cause__ is error
    assert route.call_count == 4
    assert len(no_sleep.delays) == 3


@pytest.mark.parametrize("mode", MODES)
async def test_unreadable_success_body_is_not_echoed(
    mode: str, make_client: Callable[..., Client], respx_mock: respx.MockRouter
) -> None:
    secret = "issued-token-SECRET-in-a-bad-body"
    respx_mock.post(f"{ENDPOINT}{USER_PATH}/:issueAccessToken").mock(
        return_value=httpx.Response(200, json={"token": secret, "expiresOn": "not a date"})
    )
    client = make_client("connection_string", mode)
    with pytest.raises(DecodeError) as caught:
        await invoke(client, "get_token", USER_ID, ["chat"])
    assert secret not in str(caught.value) and secret not in repr(caught.value)
    assert "unexpected response body for get_token" in str(caught.value)
