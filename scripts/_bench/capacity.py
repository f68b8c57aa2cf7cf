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
import multiprocessing
import re
import ssl
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Target:
    """Where the load goes (picklable, for load processes): the endpoint, the certificate to trust (None over
    plain HTTP) and the HMAC key."""

    endpoint: str
    cert_path: str | None
    access_key: bytes

    @classmethod
    def of(cls, server: EmulatorProcess) -> Target:
        parts = dict(p.split("=", 1) for p in server.connection_string.strip(";").split(";"))
        https = server.endpoint.startswith("https:")
        return cls(server.endpoint, server.cert_path if https else None, base64.b64decode(parts["accesskey"]))

    def signer(self) -> _Signer:
        return _Signer(self.access_key, urlsplit(self.endpoint).netloc)


async def _connect(
    target: Target,
    connections: int,
    next_request: Callable[[], bytes | None],
    on_response: Callable[[bytes, bytes], None],
) -> list[_Connection]:
    split = urlsplit(target.endpoint)
    context = ssl.create_default_context(cafile=target.cert_path) if target.cert_path else None
    loop = asyncio.get_running_loop()
    protocols: list[_Connection] = []
    for _ in range(connections):
        _, protocol = await loop.create_connection(
            lambda: _Connection(next_request, on_response),
            "127.0.0.1",
            split.port or (443 if context else 80),
            ssl=context,
            server_hostname=split.hostname if context else None,
        )
        protocols.append(protocol)
    return protocols


async def create_identities(target: Target, count: int, connections: int) -> list[str]:
    """`count` new identities (their ids), created over `connections` keep-alive connections."""
    signer = target.signer()
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

    protocols = await _connect(target, min(connections, count), next_request, on_response)
    for protocol in protocols:
        protocol.send_next()
    await asyncio.wait_for(asyncio.gather(*(p.closed for p in protocols)), 120)
    return ids


@dataclass
class LoadResult:
    ok: int
    failed: int
    seconds: float
    cpu: float  # the load generator's own CPU seconds over the window


async def issue_load(
    target: Target,
    ids: list[str],
    connections: int,
    seconds: float,
    warmup: float,
    on_window: Callable[[str], None] = lambda edge: None,
) -> LoadResult:
    """issueAccessToken over `ids` in turn on `connections` connections, one request in flight on each, each
    request HMAC-signed; counted over `seconds` after `warmup`. on_window("connected") runs once every
    connection is up (before any request), then on_window("start") and on_window("end") around the window."""
    signer = target.signer()
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

    protocols = await _connect(target, connections, next_request, on_response)
    on_window("connected")
    for protocol in protocols:
        protocol.send_next()
    await asyncio.sleep(warmup)
    ok0, failed0 = stats["ok"], stats["failed"]
    on_window("start")
    cpu, wall = time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    ok, failed = stats["ok"] - ok0, stats["failed"] - failed0
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    on_window("end")
    running = False
    await asyncio.wait_for(asyncio.gather(*(p.closed for p in protocols)), 30)
    return LoadResult(ok, failed, wall, cpu)


def _load_process(
    target: Target, ids: list[str], connections: int, seconds: float, warmup: float, ready: Any, results: Any
) -> None:
    def on_window(edge: str) -> None:
        if edge == "connected":
            ready.wait()  # every process connected: all start together, and the parent's window with them

    results.put(asyncio.run(issue_load(target, ids, connections, seconds, warmup, on_window)))


def run_issue_load(
    server: EmulatorProcess,
    ids: list[str],
    connections: int,
    seconds: float,
    warmup: float,
    processes: int = 1,
) -> dict[str, Any]:
    """issue_load from `processes` load processes (this one when 1), each over its own share of `ids` (so no
    two ask for one identity's token in the same second), with the server's CPU over the same window."""
    target = Target.of(server)
    processes = max(1, min(processes, len(ids)))
    cpu: dict[str, float] = {}

    def on_window(edge: str) -> None:
        cpu[edge] = server.cpu()

    if processes == 1:
        results = [asyncio.run(issue_load(target, ids, connections, seconds, warmup, on_window))]
    else:
        context = multiprocessing.get_context("spawn")
        ready, queue = context.Barrier(processes + 1), context.Queue()
        shares = [ids[i::processes] for i in range(processes)]
        children = [
            context.Process(
                target=_load_process, args=(target, share, connections, seconds, warmup, ready, queue)
            )
            for share in shares
        ]
        for child in children:
            child.start()
        ready.wait(120)
        time.sleep(warmup)
        on_window("start")
        time.sleep(seconds)
        on_window("end")
        results = [queue.get(timeout=60) for _ in children]
        for child in children:
            child.join()
    ok = sum(r.ok for r in results)
    wall = max(r.seconds for r in results)
    server_cpu = cpu["end"] - cpu["start"]
    return {
        "requests_per_s": ok / wall,
        "ok": ok,
        "failed": sum(r.failed for r in results),
        "seconds": wall,
        "identities": len(ids),
        "load_processes": processes,
        "server_cpu_ms_per_request": 1000 * server_cpu / max(ok, 1),
        "server_cpu_utilisation": server_cpu / wall,
        "load_generator_cpu_ms_per_request": 1000 * sum(r.cpu for r in results) / max(ok, 1),
        # What the server's CPU would allow if the load generator cost nothing.
        "server_cpu_bound_requests_per_s": ok / server_cpu if server_cpu else None,
    }


def measure_capacity(
    token_mode: str,
    connections: int,
    seconds: float,
    warmup: float,
    identities: int,
    options: EmulatorOptions | None = None,
) -> dict[str, Any]:
    """Capacity of the emulator started with `options` (default: the default configuration of
    `acs-identity emulator`) in token_mode: over `identities` distinct identities (the target), and over one."""
    with EmulatorProcess(options, token_mode=token_mode) as server:
        ids = asyncio.run(create_identities(Target.of(server), identities, connections))
        result = run_issue_load(server, ids, connections, seconds, warmup)
        result["one_identity"] = run_issue_load(server, ids[:1], connections, seconds / 2, warmup / 2)
    result["connections"] = connections
    result["token_mode"] = token_mode
    result["signing_threads"] = server.options.signing_threads
    result["workers"] = server.options.workers
    result["transport"] = "https (TLS on loopback)" if server.options.https else "http"
    return result
