"""10,000-user bulk runs (pytest -m slow); the same scenarios run standalone via tests/cli/bulk_10k.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from .bulk_10k import FAULTS, scenario_killed, scenario_straight

pytest.importorskip("uvicorn")

COUNT = 10_000


@pytest.mark.slow
def test_bulk_10k_clean(tmp_path: Path) -> None:
    result = scenario_straight("clean", COUNT, tmp_path, None, 16)
    assert result.distinct_ids == COUNT == result.lines


@pytest.mark.slow
def test_bulk_10k_with_faults(tmp_path: Path) -> None:
    result = scenario_straight("faults", COUNT, tmp_path, FAULTS, 16)
    assert result.distinct_ids == COUNT == result.lines
    assert sum(result.reports[-1]["failedAttempts"].values()) > 0


@pytest.mark.slow
def test_bulk_10k_killed_at_halfway_then_rerun(tmp_path: Path) -> None:
    result = scenario_killed(COUNT, tmp_path, FAULTS, 16)
    assert result.distinct_ids == COUNT == result.lines
    assert result.reports[-1]["existing"] >= COUNT // 2
