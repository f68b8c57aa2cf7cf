"""Repeatable creates (api-version 2023-08-01): Repeatability-Request-ID + Repeatability-First-Sent."""

from __future__ import annotations

import email.utils
import json
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from acs_identity._capabilities import load_capabilities
from acs_identity.emulator import Emulator, EmulatorOptions
from acs_identity.emulator._repeatability import Repeatability, parse_imf_fixdate
from acs_identity.emulator._service import Result
from acs_identity.emulator._store import MemoryStore, SqliteStore, Store

from .helpers import Api, error_of

REPEATABLE = "2023-08-01"
CAPS = load_capabilities()
OTHERS = [v for v in sorted(CAPS.versions) if not CAPS.versions[v].has("repeatability")]


def _first_sent(offset: float = 0.0) -> str:
    return email.utils.formatdate(time.time() + offset, usegmt=True)


def _create(
    api: Api,
    request_id: str | None,
    first_sent: str | None,
    body: dict[str, Any] | None = None,
    version: str = REPEATABLE,
) -> httpx.Response:
    headers: dict[str, str] = {}
    if request_id is not None:
        headers["Repeatability-Request-ID"] = request_id
    if first_sent is not None:
        headers["Repeatability-First-Sent"] = first_sent
    return api.request("POST", "/identities", json=body or {}, headers=headers, api_version=version)


def _count(api: Api) -> int:
    return int(api.client.get("/_emulator/info").json()["identities"])


def test_the_version_declares_it() -> None:
    assert CAPS.versions[REPEATABLE].has("repeatability")


def test_a_repeat_returns_the_first_answer(api: Api) -> None:
    request_id, first_sent = str(uuid.uuid4()), _first_sent()
    body = {"createTokenWithScopes": ["chat"], "expiresInMinutes": 60}
    before = _count(api)
    first = _create(api, request_id, first_sent, body)
    assert first.status_code == 201
    assert first.headers["Repeatability-Result"] == "accepted"
    again = _create(api, request_id, first_sent, body)
    assert again.status_code == 201
    assert again.headers["Repeatability-Result"] == "accepted"
    assert again.json() == first.json()  # same identity, same token
    assert _count(api) == before + 1


def test_without_the_headers_every_create_is_new(api: Api) -> None:
    first, second = _create(api, None, None), _create(api, None, None)
    assert first.json()["identity"]["id"] != second.json()["identity"]["id"]
    assert "Repeatability-Result" not in first.headers


def test_a_repeated_client_error_is_replayed(api: Api) -> None:
    request_id, first_sent = str(uuid.uuid4()), _first_sent()
    body = {"createTokenWithScopes": ["chat"], "expiresInMinutes": 5}
    first = _create(api, request_id, first_sent, body)
    assert first.status_code == 400 and first.headers["Repeatability-Result"] == "accepted"
    again = _create(api, request_id, first_sent, body)
    assert (again.status_code, again.json()) == (400, first.json())


@pytest.mark.parametrize(
    "change",
    [
        {"body": {"createTokenWithScopes": ["voip"]}},
        {"first_sent": "later"},
    ],
)
def test_the_same_id_for_another_request_is_rejected(api: Api, change: dict[str, Any]) -> None:
    request_id, first_sent = str(uuid.uuid4()), _first_sent(-10)
    assert _create(api, request_id, first_sent, {"createTokenWithScopes": ["chat"]}).status_code == 201
    body = change.get("body", {"createTokenWithScopes": ["chat"]})
    sent = _first_sent() if "first_sent" in change else first_sent
    before = _count(api)
    response = _create(api, request_id, sent, body)
    assert response.status_code == 400
    assert response.headers["Repeatability-Result"] == "rejected"
    assert error_of(response)["target"] == "Repeatability-Request-ID"
    assert _count(api) == before


@pytest.mark.parametrize(
    ("request_id", "first_sent", "target"),
    [
        ("not-a-uuid", "now", "Repeatability-Request-ID"),
        ("uuid", None, "Repeatability-First-Sent"),
        ("uuid", "2023-09-10T20:39:30Z", "Repeatability-First-Sent"),
        ("uuid", "Sun, 10 Sep 2023 20:39:30 +0000", "Repeatability-First-Sent"),
        ("uuid", "Sun, 32 Sep 2023 20:39:30 GMT", "Repeatability-First-Sent"),
        ("uuid", "", "Repeatability-First-Sent"),
    ],
)
def test_malformed_headers(api: Api, request_id: str, first_sent: str | None, target: str) -> None:
    rid = str(uuid.uuid4()) if request_id == "uuid" else request_id
    sent = _first_sent() if first_sent == "now" else first_sent
    before = _count(api)
    response = _create(api, rid, sent)
    assert response.status_code == 400
    assert response.headers["Repeatability-Result"] == "rejected"
    assert error_of(response)["target"] == target
    assert _count(api) == before


@pytest.mark.parametrize("offset", [-3600.0, 3600.0])
def test_first_sent_outside_the_window(api: Api, offset: float) -> None:
    response = _create(api, str(uuid.uuid4()), _first_sent(offset))
    assert response.status_code == 412
    assert response.headers["Repeatability-Result"] == "rejected"
    assert error_of(response)["code"] == "PreconditionFailed"


def test_the_window_is_an_option() -> None:
    options = EmulatorOptions(https=False, port=0, repeatability_window=7200)
    with Emulator.from_options(options) as emulator, httpx.Client(base_url=emulator.endpoint) as client:
        assert _create(Api(client), str(uuid.uuid4()), _first_sent(-3600)).status_code == 201
    assert "--repeatability-window" in options.to_argv()
    with pytest.raises(ValueError, match="--repeatability-window"):
        EmulatorOptions(repeatability_window=0)


@pytest.mark.parametrize("version", OTHERS)
def test_other_versions_ignore_the_headers(api: Api, version: str) -> None:
    request_id, first_sent = str(uuid.uuid4()), _first_sent()
    first = _create(api, request_id, first_sent, version=version)
    second = _create(api, request_id, first_sent, version=version)
    assert first.status_code == second.status_code == 201
    assert "Repeatability-Result" not in first.headers
    assert first.json()["identity"]["id"] != second.json()["identity"]["id"]


def test_parse_imf_fixdate() -> None:
    assert parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT") == 784111777.0
    assert parse_imf_fixdate("Sunday, 06-Nov-94 08:49:37 GMT") is None
    assert parse_imf_fixdate("Sun, 06 Nov 1994 25:49:37 GMT") is None


# --- the mechanism, with an injected clock ----------------------------------------------------------------


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "r.db")
    yield made
    made.close()


def _headers(request_id: str, first_sent: float) -> dict[bytes, bytes]:
    return {
        b"repeatability-request-id": request_id.encode(),
        b"repeatability-first-sent": email.utils.formatdate(first_sent, usegmt=True).encode(),
    }


def test_records_expire_with_the_window(store: Store) -> None:
    now = [1_700_000_000.0]
    repeatability = Repeatability(store, 60.0, clock=lambda: now[0])
    calls: list[int] = []

    def execute() -> Result:
        calls.append(1)
        return Result(201, {"n": len(calls)})

    request = ("POST", b"/identities", b"api-version=2023-08-01", b"{}")
    request_id = str(uuid.uuid4())
    first = repeatability.run(_headers(request_id, now[0]), request, execute)
    now[0] += 59
    assert repeatability.run(_headers(request_id, now[0] - 59), request, execute).body == first.body
    assert len(calls) == 1
    now[0] += 2  # the first-sent is now outside the window: 412, never a second execution
    with pytest.raises(Exception, match="outside") as caught:
        repeatability.run(_headers(request_id, now[0] - 61), request, execute)
    assert getattr(caught.value, "status", None) == 412
    assert len(calls) == 1
    # The record is forgotten with its window: the id sent again as a new request is executed anew,
    # where within the window it would be refused as a different request.
    assert repeatability.run(_headers(request_id, now[0]), request, execute).body == {"n": 2}


def test_server_errors_are_not_kept(store: Store) -> None:
    from acs_identity.emulator._errors import ApiError

    repeatability = Repeatability(store, 60.0, clock=lambda: 1_700_000_000.0)
    request = ("POST", b"/identities", b"", b"{}")
    headers = _headers(str(uuid.uuid4()), 1_700_000_000.0)
    attempts: list[int] = []

    def flaky() -> Result:
        attempts.append(1)
        if len(attempts) == 1:
            raise ApiError(503, "ServiceUnavailable", "try again")
        return Result(201, {"ok": True})

    with pytest.raises(ApiError):
        repeatability.run(headers, request, flaky)
    assert repeatability.run(headers, request, flaky).body == {"ok": True}
    assert len(attempts) == 2


def test_a_request_still_in_progress_is_a_conflict(store: Store) -> None:
    from acs_identity.emulator._errors import ApiError

    repeatability = Repeatability(store, 60.0, clock=lambda: 1_700_000_000.0)
    request = ("POST", b"/identities", b"", b"{}")
    headers = _headers(str(uuid.uuid4()), 1_700_000_000.0)
    seen: list[int] = []

    def reentrant() -> Result:
        # While the first is executing, a second arrives (as from another worker on the same file).
        with pytest.raises(ApiError) as caught:
            repeatability.run(headers, request, reentrant)
        seen.append(caught.value.status)
        return Result(201, {"ok": True})

    assert repeatability.run(headers, request, reentrant).status == 201
    assert seen == [409]


def test_concurrent_repeats_execute_once(tmp_path: Path) -> None:
    """Threads with their own SQLite connection to one file (as worker processes have) race one request id:
    one executes, the others get its answer or 409 while it runs, never a second execution."""
    path = tmp_path / "shared.db"
    SqliteStore(path).close()
    request_id = str(uuid.uuid4())
    executions: list[int] = []
    outcomes: list[int] = []
    barrier = threading.Barrier(8)
    lock = threading.Lock()

    def worker() -> None:
        from acs_identity.emulator._errors import ApiError

        store = SqliteStore(path)
        repeatability = Repeatability(store, 60.0, clock=lambda: 1_700_000_000.0)

        def execute() -> Result:
            with lock:
                executions.append(1)
            return Result(201, {"id": "one"})

        barrier.wait()
        try:
            result = repeatability.run(
                _headers(request_id, 1_700_000_000.0), ("POST", b"/identities", b"", b"{}"), execute
            )
            outcomes.append(result.status)
        except ApiError as error:
            outcomes.append(error.status)
        finally:
            store.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert executions == [1]
    assert len(outcomes) == 8 and set(outcomes) <= {201, 409} and 201 in outcomes


def test_replays_survive_a_restart(tmp_path: Path) -> None:
    data = tmp_path / "emu.db"
    request_id, first_sent = str(uuid.uuid4()), _first_sent()
    with Emulator(data_path=data) as emulator, httpx.Client(base_url=emulator.endpoint) as client:
        first = _create(Api(client), request_id, first_sent)
    with Emulator(data_path=data) as emulator, httpx.Client(base_url=emulator.endpoint) as client:
        api = Api(client)
        again = _create(api, request_id, first_sent)
        assert again.headers["Repeatability-Result"] == "accepted"
        assert json.loads(again.content) == json.loads(first.content)
        assert _count(api) == 1
