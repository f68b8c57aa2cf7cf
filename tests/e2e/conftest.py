"""Emulators over HTTP and HTTPS for end-to-end tests of our client and of the official SDK."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from acs_identity.emulator import Emulator


@pytest.fixture(scope="package")
def http_emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture(scope="package")
def https_emu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    cert = tmp_path_factory.mktemp("e2e-tls") / "emulator.pem"
    with Emulator(https=True, cert_out=cert) as emulator:
        yield emulator


@pytest.fixture(params=["http", "https"])
def emu(request: pytest.FixtureRequest) -> Emulator:
    fixture: Emulator = request.getfixturevalue(f"{request.param}_emu")
    return fixture


def verify_of(emu: Emulator) -> bool | str:
    """connection_verify for a client of `emu`: the exported certificate over HTTPS."""
    return emu.ca_cert_path or True
