"""Creates that are retried through throttling, server errors and connections dropped before or after the
service acted leave exactly one identity per intended user when the api-version makes create idempotent
(custom ids on 2025-03-02-preview, repeatability on 2023-08-01), and orphans otherwise."""

from __future__ import annotations

import email.utils
import uuid
from collections.abc import Callable, Iterator

import httpx
import pytest

from acs_identity.emulator import Emulator

from .helpers import hmac_headers

USERS = 150
FAULTS = "429=0.05,503=0.05,drop=0.02,drop-after=0.05,retry-after=0,seed=11"


@pytest.fixture
def faulty() -> Iterator[Emulator]:
    with Emulator(faults=FAULTS) as emulator:
        yield emulator


def _create_with_retries(
    client: httpx.Client, version: str, body: dict[str, object], headers: dict[str, str]
) -> tuple[str, int]:
    """The identity id, and how many attempts it took; retried at once on 429/5xx and transport errors."""
    for attempt in range(1, 50):
        request = client.build_request("POST", "/identities", params={"api-version": version}, json=body)
        request.headers.update(headers)
        request.headers.update(hmac_headers("POST", request.url, request.content))
        try:
            response = client.send(request)
        except httpx.TransportError:
            continue
        if response.status_code in (429, 500, 503):
            continue
        assert response.status_code == 201, response.text
        return str(response.json()["identity"]["id"]), attempt
    raise AssertionError("no answer after 49 attempts")


def _provision(
    emulator: Emulator, version: str, per_user: Callable[[int], tuple[dict[str, object], dict[str, str]]]
) -> tuple[set[str], int, int]:
    """(ids answered, total attempts, identities the emulator holds) after creating USERS users."""
    ids: set[str] = set()
    attempts = 0
    with httpx.Client(base_url=emulator.endpoint) as client:
        for index in range(USERS):
            body, headers = per_user(index)
            identity_id, tries = _create_with_retries(client, version, body, headers)
            ids.add(identity_id)
            attempts += tries
        held = int(client.get("/_emulator/info").json()["identities"])
    return ids, attempts, held


def test_custom_ids_make_it_exactly_once(faulty: Emulator) -> None:
    ids, attempts, held = _provision(faulty, "2025-03-02-preview", lambda i: ({"customId": f"user-{i}"}, {}))
    assert attempts > USERS  # the faults did bite
    assert len(ids) == USERS and held == USERS


def test_repeatability_makes_it_exactly_once(faulty: Emulator) -> None:
    def per_user(index: int) -> tuple[dict[str, object], dict[str, str]]:
        del index
        return {}, {
            "Repeatability-Request-ID": str(uuid.uuid4()),
            "Repeatability-First-Sent": email.utils.formatdate(usegmt=True),
        }

    # One request id and first-sent per user, identical across that user's retries.
    fixed = [per_user(i) for i in range(USERS)]
    ids, attempts, held = _provision(faulty, "2023-08-01", lambda i: fixed[i])
    assert attempts > USERS
    assert len(ids) == USERS and held == USERS


def test_without_either_a_retried_create_can_leave_an_orphan(faulty: Emulator) -> None:
    ids, _, held = _provision(faulty, "2026-09-23", lambda i: ({}, {}))
    assert len(ids) == USERS
    assert held > USERS  # the drops after the service acted left identities nobody was told of
