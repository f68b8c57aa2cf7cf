"""The emulator's capacity: issueAccessToken requests per second served, with a load generator cheap
enough not to be the bottleneck (raw HTTP/1.1 on asyncio protocols over TLS, keep-alive, one request in
flight per connection, each request HMAC-signed).

The emulator reuses a token asked for again within the same second (same identity, scopes and expiry), so
the load spreads over a pool of identities: with one identity, most requests would skip the RSA signature
that real traffic (many users) costs. Both figures are reported; the distinct-identities one is the target.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import ssl
import time
from collections.abc import Callable, Iterator
from email.utils import formatdate
from typing import Any
from urllib.parse import quote, urlsplit

from acs_identity import _signing
from acs_identity.emulator import EmulatorOptions

from .contenders import API_VERSION
from .server import EmulatorProcess

_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)
_TOKEN_BODY = json.dumps({"scopes": ["chat", "voip"]}).encode()


class _Signer:
    def __init__(self, key: bytes, host: str) -> None:
        self._key, self._host = key, host
        self._second, self._date = -1, ""

    def request(self, path: str, body: bytes, body_hash: str) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._second, self._date = now, formatdate(now, usegmt=True)
        message = _signing.string_to_sign("POST", path, self._date, self._host, body_hash)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self._host}\r\nx-ms-date: {self._date}\r\n"
            f"x-ms-content-sha256: {body_hash}\r\nAuthorization: {_signing.authorization(self._key, message)}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        return head.encode("ascii") + body


class _Connection(asyncio.Protocol):
    """One keep-alive connection: sends next_request() whenever the previous response is complete."""

    def __init__(
        self, next_request: Callable[[], bytes | None], on_response: Callable[[bytes, bytes], None]
    ) -> None:
        self._next_request, self._on_response = next_request, on_response
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport

    def send_next(self) -> None:
        assert self._transport is not None
        request = self._next_request()
        if request is None:
            self._transport.close()
        else:
            self._transport.write(request)

    def data_received(self, data: bytes) -> None:
        buffer = self._buffer
        buffer += data
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            match = _CONTENT_LENGTH.search(buffer, 0, end + 2)
            total = end + 4 + (int(match.group(1)) if match else 0)
            if len(buffer) < total:
                return
            self._on_response(bytes(buffer[9:12]), bytes(buffer[end + 4 : total]))
            del buffer[:total]
            self.send_next()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)


async def _drive(
    server: EmulatorProcess,
    connections: int,
    next_request: Callable[[], bytes | None],
    on_response: Callable[[bytes, bytes], None],
) -> list[_Connection]:
    split = urlsplit(server.endpoint)
    context = ssl.create_default_context(cafile=server.cert_path)
    loop = asyncio.get_running_loop()
    protocols: list[_Connection] = []
    for _ in range(connections):
        _, protocol = await loop.create_connection(
            lambda: _Connection(next_request, on_response),
            "127.0.0.1",
            split.port or 443,
            ssl=context,
            server_hostname=split.hostname,
        )
        protocols.append(protocol)
    for protocol in protocols:
        protocol.send_next()
    return protocols


async def _create_identities(
    server: EmulatorProcess, signer: _Signer, count: int, connections: int
) -> list[str]:
    path = f"/identities?api-version={API_VERSION}"
    empty_hash = _signing.content_hash(b"")
    ids: list[str] = []
    sent = 0

    def next_request() -> bytes | None:
        nonlocal sent
        if sent >= count:
            return None
        sent += 1
        return signer.request(path, b"", empty_hash)

    def on_response(status: bytes, body: bytes) -> None:
        if status != b"201":
            raise RuntimeError(f"creating identities: HTTP {status.decode()}")
        ids.append(json.loads(body)["identity"]["id"])

    protocols = await _drive(server, min(connections, count), next_request, on_response)
    await asyncio.wait_for(asyncio.gather(*(p.closed for p in protocols)), 120)
    return ids


async def _issue(
    server: EmulatorProcess, signer: _Signer, ids: list[str], connections: int, seconds: float, warmup: float
) -> dict[str, Any]:
    paths: Iterator[str] = itertools.cycle(
        [f"/identities/{quote(i, safe='')}/:issueAccessToken?api-version={API_VERSION}" for i in ids]
    )
    body_hash = _signing.content_hash(_TOKEN_BODY)
    stats = {"ok": 0, "failed": 0}
    running = True

    def next_request() -> bytes | None:
        return signer.request(next(paths), _TOKEN_BODY, body_hash) if running else None

    def on_response(status: bytes, body: bytes) -> None:
        stats["ok" if status == b"200" else "failed"] += 1

    protocols = await _drive(server, connections, next_request, on_response)
    await asyncio.sleep(warmup)
    ok0, failed0 = stats["ok"], stats["failed"]
    server_cpu, cpu, wall = server.cpu(), time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    ok, failed = stats["ok"] - ok0, stats["failed"] - failed0
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    server_cpu = server.cpu() - server_cpu
    running = False
    await asyncio.wait_for(asyncio.gather(*(p.closed for p in protocols)), 30)
    return {
        "requests_per_s": ok / wall,
        "ok": ok,
        "failed": failed,
        "seconds": wall,
        "identities": len(ids),
        "server_cpu_ms_per_request": 1000 * server_cpu / max(ok, 1),
        "server_cpu_utilisation": server_cpu / wall,
        "load_generator_cpu_ms_per_request": 1000 * cpu / max(ok, 1),
        # What the server's CPU would allow if the load generator cost nothing.
        "server_cpu_bound_requests_per_s": ok / server_cpu if server_cpu else None,
    }


async def _load(
    server: EmulatorProcess, connections: int, seconds: float, warmup: float, identities: int
) -> dict[str, Any]:
    parts = dict(p.split("=", 1) for p in server.connection_string.strip(";").split(";"))
    signer = _Signer(base64.b64decode(parts["accesskey"]), urlsplit(server.endpoint).netloc)
    ids = await _create_identities(server, signer, identities, connections)
    distinct = await _issue(server, signer, ids, connections, seconds, warmup)
    same = await _issue(server, signer, ids[:1], connections, seconds / 2, warmup / 2)
    return distinct | {"connections": connections, "one_identity": same}


def measure_capacity(
    token_mode: str,
    connections: int,
    seconds: float,
    warmup: float,
    identities: int,
    options: EmulatorOptions | None = None,
) -> dict[str, Any]:
    """Capacity of the emulator started with `options` (default: the default configuration of
    `acs-identity emulator`) in token_mode."""
    with EmulatorProcess(options, token_mode=token_mode) as server:
        result = asyncio.run(_load(server, connections, seconds, warmup, identities))
    result["token_mode"] = token_mode
    result["signing_threads"] = server.options.signing_threads
    result["workers"] = server.options.workers
    result["transport"] = "https (TLS on loopback)"
    return result
