"""The 10,000-user bulk runs: clean, with faults, killed at halfway then rerun, and exactly once.

    python tests/cli/bulk_10k.py                      # the first three scenarios, 10,000 users each
    python tests/cli/bulk_10k.py --scenario faults --count 2000
    python tests/cli/bulk_10k.py --scenario exactly-once-custom-id      # or exactly-once-repeatability

Each scenario starts its own `acs-identity emulator` subprocess (faults: 5% 503, 5% 429 with
Retry-After 1s, 1% dropped connections), runs `acs-identity bulk create` against it and checks that
the output holds exactly COUNT distinct ids. The exactly-once scenarios (custom ids on the preview,
repeatable requests on 2023-08-01) add 2% connections dropped before the service acts and 1% after it
acted, SIGKILL the run once the output holds half the set, rerun it, and check that the emulator holds
exactly COUNT identities too (GET /_emulator/info). It prints one line per scenario with the wall time.
The slow tests in test_bulk_slow.py run the same functions.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FAULTS = "503=0.05,429=0.05,drop=0.01,retry-after=1"
# The faults, plus responses lost after the service acted: what would leave orphans without a key.
EXACTLY_ONCE_FAULTS = "429=0.05,503=0.05,drop=0.02,drop-after=0.01"
EXACTLY_ONCE_VERSIONS = {"custom-id": "2025-03-02-preview", "repeatability": "2023-08-01"}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "acs_identity.cli", *args]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "AZURE_COMMUNICATION_CONNECTION_STRING"}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def emulator_process(faults: str | None = None) -> Generator[str, None, None]:
    """An `acs-identity emulator` subprocess; yields its connection string once it printed it."""
    # Plain http on loopback (the emulator's HTTPS default would need the CA passed to every run).
    args = ["emulator", "--http", "--port", str(_free_port())] + (["--faults", faults] if faults else [])
    process = subprocess.Popen(
        _cli(*args), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=_env()
    )
    try:
        assert process.stdout is not None
        connection_string = ""
        for line in process.stdout:
            if line.startswith("Connection string: "):
                connection_string = line.split(": ", 1)[1].strip()
                break
        if not connection_string:
            raise RuntimeError(f"the emulator did not start (exit {process.wait()})")
        yield connection_string
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def bulk_command(connection_string: str, out: Path, count: int, concurrency: int, *extra: str) -> list[str]:
    return _cli(
        "bulk", "create", "--count", str(count), "--scope", "chat,voip", "--out", str(out),
        "--concurrency", str(concurrency), "--connection-string", connection_string, *extra,
    )  # fmt: skip


def identity_lines(out: Path) -> list[dict[str, Any]]:
    """The output's identities (its bulkRun / bulkSend control lines are the run's bookkeeping)."""
    lines = [json.loads(line) for line in out.read_bytes().split(b"\n")[:-1] if line.strip()]
    return [line for line in lines if "id" in line]


def emulator_identities(connection_string: str) -> int:
    """How many identities the emulator holds (GET /_emulator/info: unauthenticated, never faulted)."""
    endpoint = connection_string.split("endpoint=", 1)[1].split(";", 1)[0].rstrip("/")
    with urllib.request.urlopen(f"{endpoint}/_emulator/info", timeout=30) as response:
        return int(json.load(response)["identities"])


def kill_when_output_holds(command: list[str], out: Path, lines: int) -> int:
    """Start `command`; SIGKILL it once `out` holds `lines` identities. Returns how many survived the kill.

    The run's progress lines on stderr wake the check (no sleeping): each comes after an append."""
    process = subprocess.Popen(
        [*command, "--progress", "lines"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("progress: ") and out.exists() and len(identity_lines(out)) >= lines:
            process.send_signal(signal.SIGKILL)
            break
    process.stderr.close()
    process.wait()
    if process.returncode != -signal.SIGKILL:
        raise AssertionError(f"the first run was not killed (exit {process.returncode})")
    return len(identity_lines(out))


@dataclass
class Result:
    scenario: str
    count: int
    seconds: float
    reports: list[dict[str, Any]]
    distinct_ids: int
    lines: int

    def describe(self) -> str:
        last = self.reports[-1]
        retries = last.get("failedAttempts", {})
        orphans = sum(r.get("possibleOrphans", 0) for r in self.reports)
        runs = " + ".join(f"{r['seconds']:.1f}s" for r in self.reports)
        return (
            f"{self.scenario}: {self.lines} lines, {self.distinct_ids} distinct ids, wall {self.seconds:.1f}s "
            f"(runs: {runs}; {self.count / self.seconds:.0f}/s); last run retries {retries}, possible orphans {orphans}"
        )


def _check(scenario: str, out: Path, count: int, seconds: float, reports: list[dict[str, Any]]) -> Result:
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    result = Result(scenario, count, seconds, reports, len(set(ids)), len(ids))
    if result.lines != count or result.distinct_ids != count:
        raise AssertionError(
            f"{scenario}: expected {count} distinct ids, got {result.lines} lines, {result.distinct_ids} distinct"
        )
    return result


def _run(command: list[str]) -> dict[str, Any]:
    completed = subprocess.run(command, capture_output=True, text=True, env=_env())
    if completed.returncode != 0:
        raise AssertionError(f"bulk create failed ({completed.returncode}): {completed.stderr.strip()}")
    report: dict[str, Any] = json.loads(completed.stdout)
    return report


def scenario_straight(name: str, count: int, workdir: Path, faults: str | None, concurrency: int) -> Result:
    out = workdir / f"{name}.jsonl"
    with emulator_process(faults) as connection_string:
        started = time.monotonic()
        report = _run(bulk_command(connection_string, out, count, concurrency))
        seconds = time.monotonic() - started
    return _check(name, out, count, seconds, [report])


def scenario_killed(count: int, workdir: Path, faults: str | None, concurrency: int) -> Result:
    """SIGKILL the run once it reports half the set created, then rerun the same command."""
    out = workdir / "killed.jsonl"
    with emulator_process(faults) as connection_string:
        command = bulk_command(connection_string, out, count, concurrency)
        started = time.monotonic()
        process = subprocess.Popen(
            [*command, "--progress", "lines"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("progress: creating ") and int(line.split()[-1].split("/")[0]) >= count // 2:
                process.send_signal(signal.SIGKILL)
                break
        process.wait()
        if process.returncode != -signal.SIGKILL:
            raise AssertionError(f"the first run was not killed (exit {process.returncode})")
        killed_after = time.monotonic() - started
        survivors = len(out.read_bytes().split(b"\n")) - 1
        report = _run(command)
        seconds = time.monotonic() - started
    first = {"seconds": killed_after, "created": survivors, "possibleOrphans": 0}
    label = f"killed at {survivors} + rerun" + (" (with faults)" if faults else "")
    return _check(label, out, count, seconds, [first, report])


@dataclass
class ExactlyOnceResult:
    scenario: str
    count: int
    seconds: float
    survivors: int
    report: dict[str, Any]
    distinct_ids: int
    lines: int
    distinct_keys: int
    service_identities: int

    def describe(self) -> str:
        return (
            f"{self.scenario}: killed at {self.survivors} + rerun: {self.lines} lines, {self.distinct_ids} distinct "
            f"ids, {self.service_identities} identities in the emulator, wall {self.seconds:.1f}s; rerun: "
            f"{self.report['existing']} existing + {self.report['created']} created, lost responses "
            f"{self.report.get('lostResponses')}, possible orphans {self.report.get('possibleOrphans')}, "
            f"retries {self.report.get('failedAttempts')}"
        )


def scenario_exactly_once(
    mechanism: str, count: int, workdir: Path, concurrency: int, faults: str = EXACTLY_ONCE_FAULTS
) -> ExactlyOnceResult:
    """Kill -9 at half the set, rerun: the output and the emulator hold exactly `count` identities."""
    out = workdir / f"exactly-once-{mechanism}.jsonl"
    extra = ["--api-version", EXACTLY_ONCE_VERSIONS[mechanism]]
    if mechanism == "custom-id":
        extra += ["--custom-id-prefix", "load-test-user-"]
    with emulator_process(faults) as connection_string:
        command = bulk_command(connection_string, out, count, concurrency, *extra)
        started = time.monotonic()
        survivors = kill_when_output_holds(command, out, count // 2)
        report = _run(command)
        seconds = time.monotonic() - started
        service_identities = emulator_identities(connection_string)
    lines = identity_lines(out)
    key = "customId" if mechanism == "custom-id" else "index"
    return ExactlyOnceResult(
        f"exactly once ({mechanism}, {EXACTLY_ONCE_VERSIONS[mechanism]})",
        count,
        seconds,
        survivors,
        report,
        len({line["id"] for line in lines}),
        len(lines),
        len({line[key] for line in lines}),
        service_identities,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--scenario",
        choices=[
            "clean", "faults", "killed", "killed-faults", "exactly-once-custom-id", "exactly-once-repeatability", "all",
        ],
        default="all",
    )  # fmt: skip
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="acs-bulk-") as tmp:
        workdir = Path(tmp)
        wanted = ["clean", "faults", "killed"] if args.scenario == "all" else [args.scenario]
        for scenario in wanted:
            if scenario.startswith("exactly-once-"):
                once = scenario_exactly_once(
                    scenario.removeprefix("exactly-once-"), args.count, workdir, args.concurrency
                )
                print(once.describe(), flush=True)
                continue
            if scenario == "clean":
                result = scenario_straight("clean", args.count, workdir, None, args.concurrency)
            elif scenario == "faults":
                result = scenario_straight("faults", args.count, workdir, FAULTS, args.concurrency)
            elif scenario == "killed":
                result = scenario_killed(args.count, workdir, None, args.concurrency)
            else:
                result = scenario_killed(args.count, workdir, FAULTS, args.concurrency)
            print(result.describe(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
