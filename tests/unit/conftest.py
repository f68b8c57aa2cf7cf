"""Shared fixtures of the client's unit tests: credentials of every kind, a client factory for both the
sync and the async client, and a checker for HMAC signatures."""

from __future__ import annotations

import inspect
import time
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import respx
from azure.core.credentials import AccessToken, AzureKeyCredential

import acs_identity
import acs_identity.aio
from acs_identity import _auth
from acs_identity._signing import authorization, content_hash, string_to_sign

KEY_B64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
KEY_BYTES = b"0123456789abcdef0123456789abcdef"
ENDPOINT = "https://contoso.communication.azure.com"
CONN_STR = f"endpoint={ENDPOINT}/;accesskey={KEY_B64}"
USER_ID = "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
USER_PATH = "/identities/8%3Aacs%3A00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
# Secrets that must never show up in logs, reprs or messages.
ENTRA_TOKEN = "entra-bearer-SECRET-e1f2"
ISSUED_TOKEN = "acs-issued-token-SECRET-a9b8"
EXPIRES_ON = "2026-11-30T10:00:00.1234567+00:00"
EXPIRES_EPOCH = 1796032800

CREDENTIAL_KINDS = ("connection_string", "key_credential", "token_credential")
MODES = ("sync", "async")


class FakeCredential:
    """A synchronous azure-core TokenCredential that counts its fetches."""

    def __init__(self, lifetime: float = 3600) -> None:
        self.scopes: list[tuple[str, ...]] = []
        self.lifetime = lifetime

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(ENTRA_TOKEN, int(time.time() + self.lifetime))


class FakeAsyncCredential:
    """An azure-core AsyncTokenCredential that counts its fetches."""

    def __init__(self, lifetime: float = 3600) -> None:
        self.scopes: list[tuple[str, ...]] = []
        self.lifetime = lifetime

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken(ENTRA_TOKEN, int(time.time() + self.lifetime))

    async def close(self) -> None:
        pass


Client = acs_identity.CommunicationIdentityClient | acs_identity.aio.CommunicationIdentityClient


def fake_credential(mode: str) -> FakeCredential | FakeAsyncCredential:
    """A token credential for the `mode` client, to pass as make_client(..., credential=) and inspect."""
    return FakeCredential() if mode == "sync" else FakeAsyncCredential()


def build_client(kind: str, mode: str, *, credential: Any = None, **options: Any) -> Client:
    """`credential`: the one to use (an AzureKeyCredential, or a token credential), so a test can keep it."""
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    if kind == "connection_string":
        return cls.from_connection_string(CONN_STR, **options)  # type: ignore[no-any-return]
    if kind == "key_credential":
        return cls(ENDPOINT, credential or AzureKeyCredential(KEY_B64), **options)  # type: ignore[no-any-return]
    return cls(ENDPOINT, credential or fake_credential(mode), **options)  # type: ignore[no-any-return]


async def invoke(client: Client, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call `method` on either client; awaits the async one."""
    result = getattr(client, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


async def close(client: Client) -> None:
    result = client.close()
    if inspect.isawaitable(result):
        await result


@dataclass(frozen=True)
class SleepRecorder(acs_identity.RetryPolicy):
    """A retry policy (the default numbers) that records the delays it is asked to wait, and waits not at all."""

    delays: list[float] = field(default_factory=list)

    def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def sleep_async(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def no_sleep() -> SleepRecorder:
    """The retry policy make_client's clients get (unless a test passes its own `retry_policy`)."""
    return SleepRecorder()


@pytest.fixture
async def make_client(no_sleep: SleepRecorder) -> AsyncIterator[Callable[..., Client]]:
    """`make_client(kind, mode, **options)`; every client made is closed after the test. Retries wait on
    the `no_sleep` policy, not at all (a call's retry_* options keep it)."""
    made: list[Client] = []

    def factory(kind: str, mode: str, **options: Any) -> Client:
        options.setdefault("retry_policy", no_sleep)
        client = build_client(kind, mode, **options)
        made.append(client)
        return client

    yield factory
    for client in made:
        await close(client)


def assert_hmac_signed(request: httpx.Request, key: bytes = KEY_BYTES) -> None:
    """The request carries a valid signature over what was actually sent."""
    body_hash = content_hash(request.content)
    assert request.headers["x-ms-content-sha256"] == body_hash
    expected = authorization(
        key,
        string_to_sign(
            request.method,
            request.url.raw_path.decode("ascii"),
            request.headers["x-ms-date"],
            request.headers["host"],
            body_hash,
        ),
    )
    assert request.headers["authorization"] == expected


class Clock:
    """Replaces the x-ms-date clock: a new, distinct date on every reading."""

    def __init__(self) -> None:
        self.readings = 0

    def __call__(self) -> str:
        self.readings += 1
        return f"Mon, 01 Jan 2024 00:00:{self.readings:02d} GMT"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(_auth, "http_date", fake)
    return fake


@pytest.fixture
def respx_mock() -> Iterator[respx.MockRouter]:
    # respx at the transports (tests/conftest.py), so it intercepts whichever the client sends on: httpx's
    # own, or the async client's default aiohttp transport.
    with respx.mock(using="transports") as router:
        yield router


@pytest.fixture(autouse=True)
def no_real_waiting(monkeypatch: pytest.MonkeyPatch) -> None:
    """A unit test never waits for a retry: its clients take a SleepRecorder (`retry_policy=`)."""

    def refuse(self: acs_identity.RetryPolicy, seconds: float) -> None:
        raise AssertionError(f"a unit test's client waited {seconds} s: give it retry_policy=SleepRecorder()")

    async def refuse_async(self: acs_identity.RetryPolicy, seconds: float) -> None:
        refuse(self, seconds)

    monkeypatch.setattr(acs_identity.RetryPolicy, "sleep", refuse)
    monkeypatch.setattr(acs_identity.RetryPolicy, "sleep_async", refuse_async)
