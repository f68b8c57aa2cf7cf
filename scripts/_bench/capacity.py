"""The emulator's capacity: issueAccessToken requests per second served, with a load generator cheap
enough not to be the bottleneck (raw HTTP/1.1 on asyncio protocols, keep-alive, one request in flight per
connection; each request HMAC-signed, the signature renewed as x-ms-date changes each second)."""

from __future__ import annotations

import asyncio
import base64
import json
import re
import ssl
import time
from email.utils import formatdate
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from acs_identity import _signing

from .contenders import API_VERSION
from .server import EmulatorProcess

_CONTENT_LENGTH = re.compile(rb"\r\ncontent-length:\s*(\d+)", re.IGNORECASE)


class _Requests:
    """The request bytes for one identity, re-signed when the second (and so x-ms-date) changes."""

    def __init__(self, key: bytes, host: str, path: str, body: bytes) -> None:
        self._key, self._host, self._path, self._body = key, host, path, body
        self._second = -1
        self._bytes = b""

    def current(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            date = formatdate(now, usegmt=True)
            body_hash = _signing.content_hash(self._body)
            message = _signing.string_to_sign("POST", self._path, date, self._host, body_hash)
            head = (
                f"POST {self._path} HTTP/1.1\r\nHost: {self._host}\r\nx-ms-date: {date}\r\n"
                f"x-ms-content-sha256: {body_hash}\r\nAuthorization: {_signing.authorization(self._key, message)}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(self._body)}\r\n\r\n"
            )
            self._bytes, self._second = head.encode("ascii") + self._body, now
        return self._bytes


class _Connection(asyncio.Protocol):
    def __init__(self, requests: _Requests, stats: dict[str, int], running: list[bool]) -> None:
        self._requests, self._stats, self._running = requests, stats, running
        self._buffer = bytearray()
        self._transport: asyncio.Transport | None = None
        self.closed = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        transport.write(self._requests.current())

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
            key = "ok" if buffer[9:12] == b"200" else "failed"
            self._stats[key] += 1
            del buffer[:total]
            assert self._transport is not None
            if self._running[0]:
                self._transport.write(self._requests.current())
            else:
                self._transport.close()
                return

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed.done():
            self.closed.set_result(None)


def _make_user(server: EmulatorProcess, key: bytes, context: ssl.SSLContext) -> str:
    host = urlsplit(server.endpoint).netloc
    path = f"/identities?api-version={API_VERSION}"
    date = formatdate(usegmt=True)
    body_hash = _signing.content_hash(b"")
    message = _signing.string_to_sign("POST", path, date, host, body_hash)
    headers = {
        "x-ms-date": date,
        "x-ms-content-sha256": body_hash,
        "authorization": _signing.authorization(key, message),
    }
    response = httpx.post(server.endpoint + path, headers=headers, content=b"", verify=context)
    response.raise_for_status()
    user = response.json()["identity"]["id"]
    assert isinstance(user, str)
    return user


async def _load(server: EmulatorProcess, connections: int, seconds: float, warmup: float) -> dict[str, Any]:
    parts = dict(p.split("=", 1) for p in server.connection_string.strip(";").split(";"))
    key = base64.b64decode(parts["accesskey"])
    split = urlsplit(server.endpoint)
    context = ssl.create_default_context(cafile=server.cert_path)
    user = await asyncio.to_thread(_make_user, server, key, context)
    path = f"/identities/{quote(user, safe='')}/:issueAccessToken?api-version={API_VERSION}"
    body = json.dumps({"scopes": ["chat", "voip"]}).encode()
    requests = _Requests(key, split.netloc, path, body)
    stats = {"ok": 0, "failed": 0}
    running = [True]
    loop = asyncio.get_running_loop()
    protocols: list[_Connection] = []
    for _ in range(connections):
        _, protocol = await loop.create_connection(
            lambda: _Connection(requests, stats, running),
            "127.0.0.1",
            split.port or 443,
            ssl=context,
            server_hostname=split.hostname,
        )
        protocols.append(protocol)
    await asyncio.sleep(warmup)
    ok0, failed0 = stats["ok"], stats["failed"]
    server_cpu, cpu, wall = server.cpu(), time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    ok, failed = stats["ok"] - ok0, stats["failed"] - failed0
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    server_cpu = server.cpu() - server_cpu
    running[0] = False
    await asyncio.wait_for(asyncio.gather(*(p.closed for p in protocols)), 30)
    return {
        "requests_per_s": ok / wall,
        "ok": ok,
        "failed": failed,
        "seconds": wall,
        "connections": connections,
        "server_cpu_ms_per_request": 1000 * server_cpu / max(ok, 1),
        "server_cpu_utilisation": server_cpu / wall,
        "load_generator_cpu_ms_per_request": 1000 * cpu / max(ok, 1),
        # What one server core could serve if the load generator cost nothing.
        "server_cpu_bound_requests_per_s": ok / server_cpu if server_cpu else None,
    }


def measure_capacity(
    token_mode: str, connections: int, seconds: float, warmup: float, signing_threads: int = 0
) -> dict[str, Any]:
    with EmulatorProcess(token_mode, signing_threads=signing_threads) as server:
        result = asyncio.run(_load(server, connections, seconds, warmup))
    result["token_mode"] = token_mode
    result["signing_threads"] = signing_threads
    result["transport"] = "https (TLS on loopback)"
    return result
