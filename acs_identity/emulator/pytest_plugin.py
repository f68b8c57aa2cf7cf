"""pytest fixtures for testing code that uses ACS Identity, against the emulator (registered as a pytest11 plugin
by the acs-identity[emulator] extra; nothing starts until a test asks for a fixture).

    def test_signup(acs_client, acs_emulator):
        user, token = acs_client.create_user_and_token(scopes=["chat"])
        assert acs_emulator.is_token_valid(token.token)

Fixtures:
- acs_emulator_session: one HTTPS emulator per test session (per worker under pytest-xdist: each worker
  runs its own on a free port, so workers never see each other's identities).
- acs_emulator: the same emulator, reset after the test (every identity, revocation and assignment the test
  made is forgotten): per-test isolation. Use it (not the session one) to start each test clean.
- acs_connection_string, acs_ca_cert: its connection string and the path of the certificate to trust.
- acs_trust_env: the environment (SSL_CERT_FILE, REQUESTS_CA_BUNDLE) that makes any client trust it; the
  fixture sets it for the test (monkeypatch) and returns it.
- acs_client, acs_async_client: acs_identity's sync and async clients, ready (the async one needs
  pytest-asyncio).
- acs_official_client_kwargs: the keyword arguments that make Microsoft's azure-communication-identity
  trust it: CommunicationIdentityClient.from_connection_string(acs_connection_string, **kwargs).
- acs_mint_entra_token: mints Entra ID test tokens (Emulator.mint_entra_token), e.g. a Teams user's token;
  acs_token_credential: an azure-core TokenCredential the emulator accepts.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from acs_identity import CommunicationIdentityClient
    from acs_identity.aio import CommunicationIdentityClient as AsyncCommunicationIdentityClient

    from ._credentials import EmulatorTokenCredential
    from ._server import Emulator

_async_fixture: Any
try:  # strict mode needs pytest-asyncio's own decorator for an async fixture
    from pytest_asyncio import fixture as _async_fixture
except ImportError:  # pragma: no cover - then another async plugin (anyio) has to run it
    _async_fixture = pytest.fixture


@pytest.fixture(scope="session")
def acs_emulator_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    from ._server import Emulator

    # The certificate lives in the user's cache (stable, shared by xdist workers under a lock), or in the
    # session's temporary directory when the cache is not writable.
    with Emulator(https=True) as emulator:
        yield emulator


@pytest.fixture
def acs_emulator(acs_emulator_session: Emulator) -> Iterator[Emulator]:
    yield acs_emulator_session
    acs_emulator_session.reset()


@pytest.fixture
def acs_connection_string(acs_emulator: Emulator) -> str:
    return acs_emulator.connection_string


@pytest.fixture
def acs_ca_cert(acs_emulator: Emulator) -> str:
    assert acs_emulator.ca_cert_path is not None
    return acs_emulator.ca_cert_path


@pytest.fixture
def acs_trust_env(acs_emulator: Emulator, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    environment = acs_emulator.trust_environment
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return environment


@pytest.fixture
def acs_client(acs_emulator: Emulator, acs_ca_cert: str) -> Iterator[CommunicationIdentityClient]:
    from acs_identity import CommunicationIdentityClient

    with CommunicationIdentityClient.from_connection_string(
        acs_emulator.connection_string, connection_verify=acs_ca_cert
    ) as client:
        yield client


@_async_fixture  # type: ignore[untyped-decorator]
async def acs_async_client(
    acs_emulator: Emulator, acs_ca_cert: str
) -> AsyncIterator[AsyncCommunicationIdentityClient]:
    from acs_identity.aio import CommunicationIdentityClient as AsyncClient

    async with AsyncClient.from_connection_string(
        acs_emulator.connection_string, connection_verify=acs_ca_cert
    ) as client:
        yield client


@pytest.fixture
def acs_official_client_kwargs(acs_ca_cert: str) -> dict[str, Any]:
    # azure-core's transports (requests and aiohttp) take a CA bundle path as connection_verify.
    return {"connection_verify": acs_ca_cert}


@pytest.fixture
def acs_mint_entra_token(acs_emulator: Emulator) -> Callable[..., str]:
    return acs_emulator.mint_entra_token


@pytest.fixture
def acs_token_credential(acs_emulator: Emulator) -> EmulatorTokenCredential:
    return acs_emulator.token_credential()
