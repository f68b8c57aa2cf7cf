"""Throughput of the emulator's issueAccessToken: the server runs in its own process, so it and the load
generator do not share a GIL; the load comes from aiohttp with HMAC-signed requests.

    python scripts/bench_emulator.py --identities 5000     # the default configuration, fresh signatures, 10 s
    python scripts/bench_emulator.py --http --token-mode canned --seconds 5 --processes 2

The emulator is started by scripts/_bench/server.py with `python -m acs_identity.emulator` and the flags of an
EmulatorOptions: the defaults of `acs-identity emulator` unless a flag here says otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import email.utils
import json
import multiprocessing
import os
import ssl
import time
from urllib.parse import urlsplit

import aiohttp
from _bench.server import EmulatorProcess

from acs_identity import _signing
from acs_identity.emulator import DEV_ACCESS_KEY, EmulatorOptions

API_VERSION = "2026-09-23"
_KEY = base64.b64decode(DEV_ACCESS_KEY)


def _signed_headers(method: str, path: str, host: str, body: bytes, date: str) -> dict[str, str]:
    body_hash = _signing.content_hash(body)
    message = _signing.string_to_sign(method, path, date, host, body_hash)
    return {
        "x-ms-date": date,
        "x-ms-content-sha256": body_hash,
        "Authorization": _signing.authorization(_KEY, message),
        "Content-Type": "application/json",
    }


async def _load(
    endpoint: str, cafile: str | None, seconds: float, concurrency: int, identities: int
) -> tuple[int, int]:
    ssl_context: ssl.SSLContext | bool = ssl.create_default_context(cafile=cafile) if cafile else False
    host = urlsplit(endpoint).netloc
    connector = aiohttp.TCPConnector(limit=concurrency, ssl=ssl_context)
    query = f"?api-version={API_VERSION}"
    async with aiohttp.ClientSession(connector=connector) as session:

        async def create_user() -> str:
            date = email.utils.formatdate(usegmt=True)
            headers = _signed_headers("POST", f"/identities{query}", host, b"", date)
            async with session.post(f"{endpoint}/identities{query}", data=b"", headers=headers) as response:
                return str((await response.json())["identity"]["id"])

        users = await asyncio.gather(*(create_user() for _ in range(identities)))
        paths = [f"/identities/{user}/:issueAccessToken{query}" for user in users]
        body = json.dumps({"scopes": ["chat", "voip"]}).encode()
        deadline = time.perf_counter() + seconds
        ok = failed = sent = 0

        async def worker() -> None:
            nonlocal ok, failed, sent
            while time.perf_counter() < deadline:
                path = paths[sent % len(paths)]
                sent += 1
                headers = _signed_headers("POST", path, host, body, email.utils.formatdate(usegmt=True))
                async with session.post(endpoint + path, data=body, headers=headers) as response:
                    await response.read()
                    if response.status == 200:
                        ok += 1
                    else:
                        failed += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return ok, failed


def _load_process(
    endpoint: str, cafile: str | None, seconds: float, concurrency: int, identities: int
) -> tuple[int, int]:
    return asyncio.run(_load(endpoint, cafile, seconds, concurrency, identities))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    defaults = EmulatorOptions()
    parser.add_argument("--http", action="store_true", help="plain HTTP instead of the default HTTPS")
    parser.add_argument("--token-mode", choices=("sign", "canned"), default=defaults.token_mode)
    parser.add_argument(
        "--signing-threads", type=int, default=defaults.signing_threads, help="emulator's RSA signing threads"
    )
    parser.add_argument(
        "--workers", type=int, default=defaults.workers, help="emulator processes (shared SQLite store)"
    )
    parser.add_argument(
        "--identities",
        type=int,
        default=1,
        help="identities the requests rotate over; the emulator reuses a token asked for again within the "
        "same second (RS256 is deterministic), so use many (e.g. 5000) to measure fresh RSA signatures",
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=64, help="in-flight requests per load process")
    parser.add_argument("--processes", type=int, default=1, help="load-generating processes")
    args = parser.parse_args()
    options = defaults.replace(
        https=not args.http,
        token_mode=args.token_mode,
        signing_threads=args.signing_threads,
        workers=args.workers,
    )
    with EmulatorProcess(options) as server:
        cert = server.cert_path if options.https else None
        cpu_before = server.cpu()
        start = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
            results = pool.starmap(
                _load_process,
                [(server.endpoint, cert, args.seconds, args.concurrency, args.identities)] * args.processes,
            )
        elapsed = time.perf_counter() - start
        cpu_after = server.cpu()
    ok = sum(r[0] for r in results)
    failed = sum(r[1] for r in results)
    mode = (
        f"{'http' if args.http else 'https'}, token_mode={args.token_mode}, identities={args.identities}, "
        f"signing_threads={args.signing_threads}, workers={args.workers}"
    )
    print(
        f"issueAccessToken ({mode}): {ok / args.seconds:,.0f} req/s "
        f"({ok} ok, {failed} failed in {args.seconds:g} s; {args.processes} load process(es) x "
        f"{args.concurrency} in flight; wall {elapsed:.1f} s; {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    if ok:
        per_request = (cpu_after - cpu_before) / (ok + failed)
        print(
            f"server CPU per request: {per_request * 1e6:,.0f} us -> {1 / per_request:,.0f} req/s per fully "
            "available core (independent of what else the machine runs)"
        )


if __name__ == "__main__":
    main()
