"""scripts/bench.py in its quick mode: one command produces results.json, results.md and chart.png with
every figure (sync, async at each level, imports, emulator capacity, bulk provisioning) and the targets."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

# The quick benchmark takes a minute or more: a long run (CI's `pytest -m slow`), not the default run.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CONTENDERS_SYNC = {"ours", "ours (azure-core path)", "official", "floor (httpx)"}
CONTENDERS_ASYNC = {
    "ours",
    "ours (httpx transport)",
    "ours (azure-core path)",
    "official",
    "official (CA path)",
    "floor (httpx)",
    "floor (httpx+aiohttp)",
}


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and math.isfinite(value) and value > 0


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("azure.communication.identity")
    pytest.importorskip("matplotlib")
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "bench.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


def test_quick_run_writes_every_figure(quick_run: Path) -> None:
    results = json.loads((quick_run / "results.json").read_text())
    assert results["mode"] == "quick"
    assert results["machine"]["nproc"] >= 1 and results["machine"]["python"]
    for operation in ("create_user_and_token", "get_token"):
        table = results["sync"]["operations"][operation]
        assert set(table) == CONTENDERS_SYNC
        for row in table.values():
            assert _positive(row["cpu_ms_per_call"]) and _positive(row["calls_per_s"])
            assert row["server_cpu_ms_per_call"] >= 0
    assert set(results["async"]["levels"]) == {"1", "8", "32", "128"}
    for table in results["async"]["levels"].values():
        assert set(table) == CONTENDERS_ASYNC
        for row in table.values():
            assert _positive(row["calls_per_s"]) and _positive(row["cpu_ms_per_call"])
    for label in (
        "ours",
        "official",
        "ours: the client",
        "official: the client",
        "ours: the aio client",
        "official: the aio client",
    ):
        assert _positive(results["imports"][label]["importtime_ms"])
    capacity = results["capacity"]
    assert _positive(capacity["requests_per_s"]) and capacity["failed"] == 0
    bulk = results["bulk"]
    assert bulk["exit_code"] == 0 and bulk["distinct_ids"] == bulk["count"]
    targets = {row["target"]: row for row in results["targets"]}
    assert len(targets) == 10  # 2 x 2 sync, async, 3 imports (package, sync and aio client), capacity, bulk
    assert all(row["value"] is not None for row in targets.values())


def test_quick_run_writes_the_table_and_the_chart(quick_run: Path) -> None:
    table = (quick_run / "results.md").read_text()
    for heading in ("## Targets", "## Sync", "## Async", "## Import time", "## Emulator capacity", "## Bulk"):
        assert heading in table
    assert (quick_run / "chart.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
