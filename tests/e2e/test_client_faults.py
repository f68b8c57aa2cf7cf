"""Our client's retries against the emulator's injected faults (seeded, so the run repeats exactly)."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError

from acs_identity import CommunicationIdentityClient
from acs_identity.aio import CommunicationIdentityClient as AsyncCommunicationIdentityClient
from acs_identity.emulator import Emulator, FaultConfig

FLAKY = FaultConfig(throttle=0.25, unavailable=0.15, retry_after=0.01, seed=3)


def test_sync_client_rides_out_throttling_and_outages() -> None:
    with Emulator(faults=FLAKY) as emu:
        client = CommunicationIdentityClient.from_connection_string(
            emu.connection_string, retry_total=8, retry_backoff_factor=0.01
        )
        with client:
            users = [client.create_user() for _ in range(10)]
            tokens = [client.get_token(user, ["chat"]) for user in users]
        assert all(emu.is_token_valid(token.token) for token in tokens)


async def test_async_client_rides_out_throttling_and_outages() -> None:
    with Emulator(faults=FLAKY) as emu:
        async with AsyncCommunicationIdentityClient.from_connection_string(
            emu.connection_string, retry_total=8, retry_backoff_factor=0.01
        ) as client:
            users = [await client.create_user() for _ in range(10)]
            assert len({user.raw_id for user in users}) == 10


def test_client_gives_up_on_persistent_errors() -> None:
    with Emulator(faults=FaultConfig(internal_error=1.0)) as emu:
        client = CommunicationIdentityClient.from_connection_string(
            emu.connection_string, retry_total=2, retry_backoff_factor=0.01
        )
        with client, pytest.raises(HttpResponseError) as info:
            client.create_user()
        assert info.value.status_code == 500
