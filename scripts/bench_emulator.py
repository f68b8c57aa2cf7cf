"""Throughput of the emulator's issueAccessToken: the server runs in its own process, so it and the load
generator do not share a GIL; the load comes from aiohttp with HMAC-signed requests.

    python scripts/bench_emulator.py                       # HTTP, signed tokens, 10 s, 64 concurrent requests
    python scripts/bench_emulator.py --https --token-mode canned --seconds 5 --processes 2
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import email.utils
import json
import multiprocessing
import os
import re
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

from acs_identity import _signing
from acs_identity.emulator import DEV_ACCESS_KEY

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


def _start_server(args: argparse.Namespace, cert_out: str | None) -> tuple[subprocess.Popen[str], str]:
    code = (
        "import sys; from acs_identity.emulator import serve; "
        f"serve(https={args.https!r}, port=0, token_mode={args.token_mode!r}, cert_out={cert_out!r}, "
        f"signing_threads={args.signing_threads}, workers={args.workers}, "
        "print_fn=lambda s: print(s, flush=True))"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        match = re.search(r"endpoint=(\S+?)/;", line)
        if match:
            return proc, match.group(1)
    raise RuntimeError("the emulator did not start")


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


def _process_tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _process_tree(int(child)))]


def _cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) of the server and its worker processes; None off Linux."""
    total = 0.0
    try:
        for member in _process_tree(pid):
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None
    return total


def _load_process(
    endpoint: str, cafile: str | None, seconds: float, concurrency: int, identities: int
) -> tuple[int, int]:
    return asyncio.run(_load(endpoint, cafile, seconds, concurrency, identities))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--https", action="store_true")
    parser.add_argument("--token-mode", choices=("sign", "canned"), default="sign")
    parser.add_argument("--signing-threads", type=int, default=0, help="emulator's RSA signing thread pool")
    parser.add_argument("--workers", type=int, default=1, help="emulator processes (shared SQLite store)")
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
    cert_out = os.path.join(os.getcwd(), ".bench-emulator-cert.pem") if args.https else None
    proc, endpoint = _start_server(args, cert_out)
    try:
        cpu_before = _cpu_seconds(proc.pid)
        start = time.perf_counter()
        with multiprocessing.get_context("spawn").Pool(args.processes) as pool:
            results = pool.starmap(
                _load_process,
                [(endpoint, cert_out, args.seconds, args.concurrency, args.identities)] * args.processes,
            )
        elapsed = time.perf_counter() - start
        cpu_after = _cpu_seconds(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
        if cert_out and os.path.exists(cert_out):
            os.remove(cert_out)
    ok = sum(r[0] for r in results)
    failed = sum(r[1] for r in results)
    mode = (
        f"{'https' if args.https else 'http'}, token_mode={args.token_mode}, identities={args.identities}, "
        f"signing_threads={args.signing_threads}, workers={args.workers}"
    )
    print(
        f"issueAccessToken ({mode}): {ok / args.seconds:,.0f} req/s "
        f"({ok} ok, {failed} failed in {args.seconds:g} s; {args.processes} load process(es) x "
        f"{args.concurrency} in flight; wall {elapsed:.1f} s; {os.cpu_count()} CPUs; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    if cpu_before is not None and cpu_after is not None and ok:
        per_request = (cpu_after - cpu_before) / (ok + failed)
        print(
            f"server CPU per request: {per_request * 1e6:,.0f} us -> {1 / per_request:,.0f} req/s per fully "
            "available core (independent of what else the machine runs)"
        )


if __name__ == "__main__":
    main()
