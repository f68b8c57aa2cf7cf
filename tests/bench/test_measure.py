"""scripts/_bench/measure.py's sampling: a window too short (or a machine too loaded) for any call to finish
still yields figures, never a ZeroDivisionError."""

from __future__ import annotations

import asyncio
import math
import sys
from pathlib import Path
from typing import Any, cast

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from _bench.measure import Sample, _timed_async  # noqa: E402  (scripts/ is put on sys.path just above)


class _IdleServer:
    def cpu(self) -> float:
        return 0.0


def test_an_empty_sample_has_no_figures_instead_of_dividing_by_zero() -> None:
    empty = Sample(calls=0, client_cpu_s=0.1, wall_s=0.0, server_cpu_s=0.0)
    assert math.isnan(empty.cpu_ms_per_call)
    assert math.isnan(empty.calls_per_s)
    assert math.isnan(empty.server_cpu_ms_per_call)


def test_every_worker_finishes_at_least_one_call_however_short_the_window() -> None:
    calls = 0

    async def call() -> None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)  # a yield to the loop, as a real request makes

    sample = asyncio.run(_timed_async(call, 8, 0.0, cast(Any, _IdleServer())))
    assert sample.calls == calls >= 8
    assert not math.isnan(sample.cpu_ms_per_call) and not math.isnan(sample.calls_per_s)
