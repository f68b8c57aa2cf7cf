"""10,000-user bulk runs (pytest -m slow); the same scenarios run standalone via tests/cli/bulk_10k.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from .bulk_10k import FAULTS, scenario_exactly_once, scenario_killed, scenario_straight

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


@pytest.mark.slow
@pytest.mark.parametrize("mechanism", ["custom-id", "repeatability"])
def test_bulk_10k_killed_then_rerun_leaves_exactly_one_identity_per_user(
    tmp_path: Path, mechanism: str
) -> None:
    """The issue's done-when: faults, SIGKILL at >= 5,000 lines, rerun: 10,000 ids, 10,000 identities, 0 orphans."""
    result = scenario_exactly_once(mechanism, COUNT, tmp_path, 16)
    print(result.describe())  # the figures, with pytest -s
    assert COUNT // 2 <= result.survivors < COUNT
    assert result.lines == result.distinct_ids == result.distinct_keys == COUNT
    assert result.service_identities == COUNT  # nothing the first run sent was created twice
    assert result.report["complete"] is True and result.report["possibleOrphans"] == 0
    assert result.report["mechanism"] == ("customId" if mechanism == "custom-id" else "repeatability")
    assert result.report["existing"] == result.survivors
    assert sum(result.report["failedAttempts"].values()) > 0  # the faults happened and were absorbed
