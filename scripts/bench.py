"""Benchmarks of acs-identity side by side with the official azure-communication-identity, in one run.

    python scripts/bench.py                 # full run (~6 min on 2 cores) -> scripts/bench_results/
    python scripts/bench.py --quick --out /tmp/bench   # smoke run (~20 s): every figure, tiny samples

Client figures run against one HTTPS emulator on loopback with canned tokens (so they measure the client),
started in a subprocess so its CPU is separate; its CPU per call is reported beside the client's:
  sync     create_user_and_token and get_token: client CPU per call and calls/s of this client, the official
           package and the raw floor (hand-signed requests on a bare httpx.Client with acs_identity._signing);
  async    create_user_and_token calls/s with 1, 8, 32 and 128 in flight: acs_identity.aio (default transport,
           and on httpx's own pool), the official aio client (default trust, and with a CA path), and bare
           httpx.AsyncClient floors (httpx's transport; httpx-aiohttp's);
  imports  `import acs_identity` vs `import azure.communication.identity` (and the client classes) in fresh
           interpreters, `python -c pass` subtracted.
The emulator as it really runs (signed tokens):
  capacity issueAccessToken requests/s served, cycling over 5,000 identities (and over one, for comparison);
  bulk     `acs-identity bulk create --count 10000` wall time, as a subprocess.
Contenders alternate in rounds (ABCABC...) and medians count. Writes results.json, results.md, chart.png.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import contenders, report
from _bench.bulk import measure_bulk
from _bench.capacity import measure_capacity
from _bench.imports import measure_imports
from _bench.measure import run_async, run_sync
from _bench.server import EmulatorProcess

from acs_identity.emulator import Limits

PHASES = ("sync", "async", "imports", "capacity", "bulk")
PACKAGES = (
    "acs-identity",
    "azure-communication-identity",
    "azure-core",
    "httpx",
    "httpcore",
    "aiohttp",
    "httpx-aiohttp",
    "requests",
    "uvicorn",
    "starlette",
    "cryptography",
)


def _machine() -> dict[str, Any]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "packages": versions,
        "loadavg_start": _loadavg(),
    }


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def _summaries(series: dict[Any, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(key): {name: s.summary() for name, s in table.items()} for key, table in series.items()}


def _print_sync(result: dict[str, Any]) -> None:
    for op, table in result["operations"].items():
        ours = table[report.OURS]
        for name, row in table.items():
            print(
                f"  {op:22} {name:22} {row['cpu_ms_per_call']:7.3f} ms CPU/call {row['calls_per_s']:7.0f} calls/s"
                f"  server {row['server_cpu_ms_per_call']:.3f} ms/call"
                f"  ours/this {ours['cpu_ms_per_call'] / row['cpu_ms_per_call']:.2f}"
            )


def _print_async(result: dict[str, Any]) -> None:
    for level, table in result["levels"].items():
        ours = table[report.OURS]
        for name, row in table.items():
            print(
                f"  {level:>4} in flight {name:22} {row['calls_per_s']:7.0f} calls/s"
                f" {row['cpu_ms_per_call']:7.3f} ms CPU/call  server {row['server_cpu_ms_per_call']:.3f} ms/call"
                f"  ours/this {ours['calls_per_s'] / row['calls_per_s']:.2f}"
            )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: every figure, tiny samples")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "bench_results")
    parser.add_argument("--only", nargs="+", choices=PHASES, default=list(PHASES), help="phases to run")
    parser.add_argument("--rounds", type=int, help="interleaved rounds per scenario")
    parser.add_argument("--sync-calls", type=int, help="calls per sync sample")
    parser.add_argument("--async-seconds", type=float, help="seconds per async sample")
    parser.add_argument(
        "--levels", type=int, nargs="+", default=[1, 8, 32, 128], help="async in-flight levels"
    )
    parser.add_argument("--import-repetitions", type=int, help="fresh interpreters per package")
    parser.add_argument("--capacity-seconds", type=float, help="seconds of load on the emulator")
    parser.add_argument("--capacity-connections", type=int, default=64)
    parser.add_argument("--bulk-count", type=int, help="users for bulk create (default 10000)")
    parser.add_argument("--bulk-concurrency", type=int, help="bulk create --concurrency (default: the CLI's)")
    args = parser.parse_args(argv)
    quick = args.quick
    rounds = args.rounds or (1 if quick else 9)
    sync_calls = args.sync_calls or (10 if quick else 400)
    async_seconds = args.async_seconds or (0.1 if quick else 1.0)
    async_rounds = args.rounds or (1 if quick else 5)
    import_repetitions = args.import_repetitions or (1 if quick else 15)
    capacity_seconds = args.capacity_seconds or (0.5 if quick else 8.0)
    bulk_count = args.bulk_count or (100 if quick else 10000)

    results: dict[str, Any] = {
        "mode": "quick" if quick else "full",
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": shlex.join(["python", "scripts/bench.py", *(sys.argv[1:] if argv is None else argv)]),
        "machine": _machine(),
    }
    began = time.perf_counter()
    print(
        f"machine: {results['machine']['nproc']} CPUs, {results['machine']['cpu_model']}, load {_loadavg()}"
    )

    if "sync" in args.only or "async" in args.only:
        saved_cert_file = os.environ.get("SSL_CERT_FILE")
        # Every contender keeps its pool open across the levels (7 of them at up to 128 connections, plus the
        # official CA-path client's connection per call): more than the emulator's default limit of 1,000.
        # One server process, as the client figures were always measured: the clients keep the other core.
        with EmulatorProcess(token_mode="canned", workers=1, limits=Limits(max_connections=10_000)) as server:
            system_trust = contenders.trust_system_wide(server.cert_path)
            results["server"] = {
                "token_mode": "canned",
                "transport": "https (TLS on loopback)",
                "keep_alive_s": 120,
                "official_aio_verify": "default trust (SSL_CERT_FILE), as against Azure"
                if system_trust
                else "CA path (a new TLS connection per call)",
            }
            if "sync" in args.only:
                print(f"sync: {rounds} rounds x {sync_calls} calls per contender ...")
                series = run_sync(contenders.SYNC_CONTENDERS, server, sync_calls, rounds, 5 if quick else 50)
                results["sync"] = {"rounds": rounds, "calls": sync_calls, "operations": _summaries(series)}
                _print_sync(results["sync"])
            if "async" in args.only:
                print(f"async: {async_rounds} rounds x {async_seconds:g} s per contender and level ...")
                levels = run_async(
                    contenders.ASYNC_CONTENDERS,
                    server,
                    args.levels,
                    async_seconds,
                    async_rounds,
                    1 if quick else 3,
                )
                results["async"] = {
                    "rounds": async_rounds,
                    "seconds": async_seconds,
                    "operation": "create_user_and_token",
                    "levels": _summaries(levels),
                }
                _print_async(results["async"])
        # Later phases (and their subprocesses) get the environment's own trust back.
        if saved_cert_file is None:
            os.environ.pop("SSL_CERT_FILE", None)
        else:
            os.environ["SSL_CERT_FILE"] = saved_cert_file

    if "imports" in args.only:
        print(f"imports: {import_repetitions} fresh interpreters each ...")
        results["imports"] = measure_imports(report.IMPORT_CODES, import_repetitions)
        for label in report.IMPORT_CODES:
            row = results["imports"][label]
            print(
                f"  {row['code']:62} {row['wall_ms']:6.0f} ms wall  {row['importtime_ms']:6.0f} ms importtime"
            )

    if "capacity" in args.only:
        print(
            f"capacity: {capacity_seconds:g} s of issueAccessToken on {args.capacity_connections} connections "
            "(the emulator's default configuration) ..."
        )
        results["capacity"] = measure_capacity(
            "sign", args.capacity_connections, capacity_seconds, 0.3 if quick else 2.0, 200 if quick else 5000
        )
        c = results["capacity"]
        for label, row in (("distinct identities", c), ("one identity", c["one_identity"])):
            print(
                f"  {label:20} {row['requests_per_s']:6.0f} requests/s ({row['failed']} failed), server CPU "
                f"{row['server_cpu_ms_per_request']:.3f} ms/request ({row['server_cpu_utilisation']:.2f} cores)"
            )

    if "bulk" in args.only:
        print(f"bulk: acs-identity bulk create --count {bulk_count} ...")
        results["bulk"] = measure_bulk(bulk_count, args.bulk_concurrency, timeout=60 if quick else 300)
        b = results["bulk"]
        print(
            f"  {b['wall_s']:.1f} s ({b['users_per_s']:.0f} users/s), exit {b['exit_code']}, {b['distinct_ids']} ids"
        )

    results["machine"]["loadavg_end"] = _loadavg()
    results["elapsed_s"] = time.perf_counter() - began
    report.write(results, args.out)
    print()
    for row in results["targets"]:
        status = {True: "met", False: "MISSED", None: "n/a"}[row["met"]]
        value = "n/a" if row["value"] is None else f"{row['value']:.2f}"
        print(
            f"  [{status:6}] {row['target']}: {value} ({row['comparison']} {row['limit']:g}); {row['figure']}"
        )
    print(f"wrote {args.out}/results.json, results.md, chart.png in {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
