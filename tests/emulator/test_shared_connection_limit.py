"""serve()'s worker processes share one count of open connections, so --max-connections bounds the server as
a whole. Shown deterministically with two emulators in this process (two ports) given one shared counter:
the kernel, not the test, would pick the process of a connection on a shared socket."""

from __future__ import annotations

import multiprocessing
import socket
from collections.abc import Iterator

import pytest

from acs_identity.emulator import Emulator, EmulatorOptions, Limits

_INFO = b"GET /_emulator/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


@pytest.fixture
def pair() -> Iterator[tuple[Emulator, Emulator]]:
    counter = multiprocessing.get_context("spawn").Value("i", 0)
    options = EmulatorOptions(https=False, port=0, limits=Limits(max_connections=4))
    first = Emulator.from_options(options, open_connections=counter).start()
    try:
        second = Emulator.from_options(options, open_connections=counter).start()
        try:
            yield first, second
        finally:
            second.stop()
    finally:
        first.stop()


def _head(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data


def _served(emu: Emulator) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", emu.port), timeout=30)
    sock.sendall(_INFO)
    assert _head(sock).startswith(b"HTTP/1.1 200 ")  # answered: the server counts it
    return sock


def test_the_limit_counts_the_connections_of_both(pair: tuple[Emulator, Emulator]) -> None:
    first, second = pair
    held = [_served(first), _served(first), _served(second), _served(second)]
    try:
        for emu in pair:  # each has 2 of its own, under 4; together they have 4
            with socket.create_connection(("127.0.0.1", emu.port), timeout=30) as extra:
                assert _head(extra).startswith(b"HTTP/1.1 503 ")
    finally:
        for sock in held:
            sock.close()
