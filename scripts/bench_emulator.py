"""Throughput of the emulator's issueAccessToken: the server runs in its own process(es), so it and the load
generator do not share a GIL; the load is bench.py's capacity load (raw HTTP/1.1 keep-alive connections, one
request in flight on each, every request HMAC-signed as a client signs it).

    python scripts/bench_emulator.py --identities 5000     # the default configuration, fresh signatures, 10 s
    python scripts/bench_emulator.py --http --token-mode canned --seconds 5 --processes 2

The emulator is started by scripts/_bench/server.py with `python -m acs_identity.emulator` and the flags of an
EmulatorOptions: the defaults of `acs-identity emulator` unless a flag here says otherwise. The primary figure
is the server's CPU per request, over the measured window only (not the identities' creation): it does not
depend on what else the machine runs, where requests/s do.
"""

from __future__ import annotations

import argparse
import asyncio
import os

from _bench.capacity import Target, create_identities, run_issue_load
from _bench.server import EmulatorProcess

from acs_identity.emulator import EmulatorOptions


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
    parser.add_argument(
        "--warmup", type=float, default=1.0, help="seconds of load before the measured window"
    )
    parser.add_argument(
        "--concurrency", type=int, default=64, help="connections (in flight) per load process"
    )
    parser.add_argument("--processes", type=int, default=1, help="load-generating processes")
    args = parser.parse_args()
    options = defaults.replace(
        https=not args.http,
        token_mode=args.token_mode,
        signing_threads=args.signing_threads,
        workers=args.workers,
    )
    with EmulatorProcess(options) as server:
        ids = asyncio.run(create_identities(Target.of(server), args.identities, args.concurrency))
        r = run_issue_load(server, ids, args.concurrency, args.seconds, args.warmup, args.processes)
    mode = (
        f"{'http' if args.http else 'https'}, token_mode={args.token_mode}, identities={args.identities}, "
        f"signing_threads={args.signing_threads}, workers={args.workers}"
    )
    print(
        f"issueAccessToken ({mode}): {r['requests_per_s']:,.0f} req/s "
        f"({r['ok']} ok, {r['failed']} failed in {r['seconds']:.1f} s; {r['load_processes']} load process(es) "
        f"x {args.concurrency} connections; {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f})"
    )
    if r["ok"]:
        print(
            f"server CPU per request: {r['server_cpu_ms_per_request'] * 1000:,.0f} us -> "
            f"{r['server_cpu_bound_requests_per_s']:,.0f} req/s per fully available core "
            f"(independent of what else the machine runs); server used {r['server_cpu_utilisation']:.2f} "
            f"cores; load generator CPU per request: {r['load_generator_cpu_ms_per_request'] * 1000:,.0f} us"
        )


if __name__ == "__main__":
    main()
