"""Fault injection produces the configured responses, repeatably with a seed."""

from __future__ import annotations

import httpx
import pytest

from acs_identity.emulator import Emulator, FaultConfig

from .helpers import Api, error_of


def _statuses(config: FaultConfig, count: int) -> list[int]:
    with Emulator(faults=config) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        return [api.request("POST", "/identities").status_code for _ in range(count)]


def test_parse() -> None:
    config = FaultConfig.parse("429=0.05, 503=0.05,500=0,drop=0.01,latency=0.02,retry-after=1.5,seed=7")
    assert config == FaultConfig(
        throttle=0.05, unavailable=0.05, internal_error=0.0, drop=0.01, latency=0.02, retry_after=1.5, seed=7
    )
    assert FaultConfig.parse("") == FaultConfig() and not FaultConfig().enabled


@pytest.mark.parametrize("text", ["418=0.1", "429", "429=lots", "429=0.7,503=0.7", "drop=-1"])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        FaultConfig.parse(text)


@pytest.mark.parametrize(
    ("config", "status", "code"),
    [
        (FaultConfig(internal_error=1.0), 500, "InternalServerError"),
        (FaultConfig(unavailable=1.0), 503, "ServiceUnavailable"),
    ],
)
def test_server_errors(config: FaultConfig, status: int, code: str) -> None:
    with Emulator(faults=config) as emu, httpx.Client(base_url=emu.endpoint) as client:
        response = Api(client).request("POST", "/identities")
        assert response.status_code == status
        assert error_of(response)["code"] == code


def test_throttle_with_fractional_retry_after() -> None:
    with Emulator(faults="429=1,retry-after=0.05") as emu, httpx.Client(base_url=emu.endpoint) as client:
        response = Api(client).request("POST", "/identities")
        assert response.status_code == 429
        assert response.headers["retry-after"] == "0.05"
        assert response.headers["retry-after-ms"] == "50"
        assert error_of(response)["code"] == "TooManyRequests"


def test_drop_closes_the_connection_without_a_response() -> None:
    with Emulator(faults="drop=1") as emu, httpx.Client(base_url=emu.endpoint) as client:
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            Api(client).request("POST", "/identities")
        # The emulator keeps serving other connections; its own routes are never faulted.
        assert client.get("/.well-known/jwks.json").status_code == 200


def test_drop_before_and_after_the_service_acted() -> None:
    for faults, held in (("drop=1", 0), ("drop-after=1", 2)):
        with Emulator(faults=faults) as emu, httpx.Client(base_url=emu.endpoint) as client:
            for _ in range(2):
                with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
                    Api(client).request("POST", "/identities")
            assert client.get("/_emulator/info").json()["identities"] == held
    assert FaultConfig.parse("drop-after=0.25").drop_after == 0.25


def test_seeded_mix_repeats() -> None:
    config = FaultConfig.parse("429=0.3,500=0.2,503=0.2,seed=42")
    first = _statuses(config, 40)
    assert first == _statuses(config, 40)
    assert {201, 429, 500, 503} <= set(first)


def test_latency_still_answers() -> None:
    assert _statuses(FaultConfig(latency=0.01), 2) == [201, 201]
