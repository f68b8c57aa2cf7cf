"""Fixtures for the emulator's tests: a running emulator and a signed-request helper."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from acs_identity.emulator import Emulator

from .helpers import Api


@pytest.fixture(scope="module")
def emu() -> Iterator[Emulator]:
    with Emulator() as emulator:
        yield emulator


@pytest.fixture
def api(emu: Emulator) -> Iterator[Api]:
    with httpx.Client(base_url=emu.endpoint) as client:
        yield Api(client)
