"""Import time of a package in fresh interpreters: wall time of `python -c 'import X'` minus that of
`python -c pass`, and the cumulative time `python -X importtime` reports for X."""

from __future__ import annotations

import compileall
import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from .measure import rotations


def ensure_bytecode(modules: list[str]) -> None:
    """Compile the packages' bytecode (as pip does on install). Without it, and with PYTHONDONTWRITEBYTECODE
    set, an editable install would be compiled from source on every import."""
    for module in modules:
        spec = importlib.util.find_spec(module.split(".")[0])
        if spec is not None and spec.submodule_search_locations:
            for location in spec.submodule_search_locations:
                compileall.compile_dir(location, quiet=1)
    # acs_identity imports the generated package at import time.
    generated = importlib.util.find_spec("acs_identity_generated")
    if generated is not None and generated.submodule_search_locations:
        for location in generated.submodule_search_locations:
            compileall.compile_dir(location, quiet=1)


def _wall(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=_env())
    return time.perf_counter() - start


def _importtime(module: str) -> float:
    """Cumulative microseconds of `import module` as -X importtime reports it, in seconds."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        check=True,
        env=_env(),
        capture_output=True,
        text=True,
    )
    for line in reversed(done.stderr.splitlines()):
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)\s*$", line)
        if match and match.group(3) == module:
            return int(match.group(2)) / 1e6
    raise RuntimeError(f"no importtime line for {module}")


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHONPROFILE")}


def measure_imports(modules: dict[str, str], repetitions: int) -> dict[str, Any]:
    """{label: {wall_ms (median, baseline subtracted), importtime_ms (median), ...}} for {label: module}."""
    ensure_bytecode(list(modules.values()))
    codes = {"baseline": "pass"} | {label: f"import {module}" for label, module in modules.items()}
    for code in codes.values():  # warm the OS file cache
        _wall(code)
    walls: dict[str, list[float]] = {label: [] for label in codes}
    cumulative: dict[str, list[float]] = {label: [] for label in modules}
    for order in rotations(list(codes), repetitions):
        for label in order:
            walls[label].append(_wall(codes[label]))
            if label in modules:
                cumulative[label].append(_importtime(modules[label]))
    baseline = statistics.median(walls["baseline"])
    result: dict[str, Any] = {
        "baseline_ms": 1000 * baseline,
        "repetitions": repetitions,
        "python": sys.executable,
        "where": str(Path.cwd()),
    }
    for label, module in modules.items():
        result[label] = {
            "module": module,
            "wall_ms": 1000 * (statistics.median(walls[label]) - baseline),
            "importtime_ms": 1000 * statistics.median(cumulative[label]),
            "wall_samples_ms": [1000 * w for w in walls[label]],
            "importtime_samples_ms": [1000 * c for c in cumulative[label]],
        }
    return result
