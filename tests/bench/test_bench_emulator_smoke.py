"""scripts/bench_emulator.py: one short run per load shape prints the throughput and the server's CPU per
request, with every request answered 200."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # starts emulators in processes of their own

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("processes", [1, 2])
def test_bench_emulator_reports_server_cpu_per_request(processes: int) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "bench_emulator.py",
            "--identities",
            "40",
            "--seconds",
            "0.5",
            "--warmup",
            "0.2",
            "--concurrency",
            "4",
            "--processes",
            str(processes),
        ],
        cwd=ROOT / "scripts",
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    throughput = re.search(r"([\d,]+) req/s \((\d+) ok, (\d+) failed", done.stdout)
    assert throughput is not None, done.stdout
    assert int(throughput.group(2)) > 0 and throughput.group(3) == "0"
    assert f"{processes} load process(es)" in done.stdout
    assert re.search(r"server CPU per request: [\d,]+ us", done.stdout), done.stdout
