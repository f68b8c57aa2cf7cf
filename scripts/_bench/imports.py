"""Import time in fresh interpreters: wall time of `python -c '<code>'` minus that of `python -c pass`, and
the import time `python -X importtime` accounts to it (sum of its top-level imports, minus `pass`'s)."""

from __future__ import annotations

import compileall
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from typing import Any

from .measure import rotations

_TOP_LEVEL = re.compile(r"import time:\s+\d+ \|\s+(\d+) \| (\S.*)$")


def ensure_bytecode(packages: list[str]) -> None:
    """Compile the packages' bytecode as pip does on install: with PYTHONDONTWRITEBYTECODE set, an editable
    install would otherwise be compiled from source on every import."""
    for package in packages:
        spec = importlib.util.find_spec(package)
        for location in (spec.submodule_search_locations or []) if spec else []:
            compileall.compile_dir(location, quiet=1)


def _env() -> dict[str, str]:
    return dict(os.environ)


def _wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())
    return time.perf_counter() - start


def _importtime(code: str) -> float:
    """Seconds of imports -X importtime reports for `code` (its top-level entries, nested ones included)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        check=True,
        env=_env(),
        capture_output=True,
        text=True,
    )
    return sum(int(m.group(1)) for m in map(_TOP_LEVEL.match, done.stderr.splitlines()) if m) / 1e6


def measure_imports(codes: dict[str, str], repetitions: int) -> dict[str, Any]:
    """{label: {wall_ms, importtime_ms (medians, `python -c pass` subtracted), samples}} for {label: code}."""
    ensure_bytecode(["acs_identity", "acs_identity_generated", "azure.communication.identity"])
    every = {"baseline": "pass"} | codes
    for code in every.values():  # warm the OS file cache
        _wall(code)
    walls: dict[str, list[float]] = {label: [] for label in every}
    totals: dict[str, list[float]] = {label: [] for label in every}
    for order in rotations(list(every), repetitions):
        for label in order:
            walls[label].append(_wall(every[label]))
            totals[label].append(_importtime(every[label]))
    base_wall, base_total = statistics.median(walls["baseline"]), statistics.median(totals["baseline"])
    result: dict[str, Any] = {"baseline_ms": 1000 * base_wall, "repetitions": repetitions}
    for label, code in codes.items():
        result[label] = {
            "code": code,
            "wall_ms": 1000 * (statistics.median(walls[label]) - base_wall),
            "importtime_ms": 1000 * (statistics.median(totals[label]) - base_total),
            "wall_samples_ms": [1000 * w for w in walls[label]],
        }
    return result
