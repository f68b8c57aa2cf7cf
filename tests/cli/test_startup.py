"""`acs-identity --version` and `--help` start without the heavy imports: commands load when they run.

What is imported is checked, not how long it takes (CI machines are noisy); scripts/measure figures are in
the README.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "httpx",
    "azure.core",
    "aiohttp",
    "uvicorn",
    "rich",
    "ssl",
    "acs_identity._client",
    "acs_identity.emulator",
)
COMMAND_MODULES = ("_cmd_identity", "_cmd_teams", "_cmd_bulk", "_cmd_emulator", "_cmd_quickstart")


def _modules_after(args: list[str]) -> set[str]:
    code = (
        "import contextlib, io, json, sys\n"
        "from acs_identity.cli import run\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = run({args!r})\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    status, modules = json.loads(result.stdout)
    assert status == 0
    return set(modules)


def test_version_imports_no_command_and_nothing_heavy() -> None:
    modules = _modules_after(["--version"])
    assert "click" in modules
    assert not [m for m in modules if m.startswith(HEAVY)]
    assert not [m for m in modules if m.rsplit(".", 1)[-1] in COMMAND_MODULES]


@pytest.mark.parametrize("args", [["user", "--help"], ["token", "decode", "--help"]])
def test_a_command_loads_only_its_own_module(args: list[str]) -> None:
    modules = _modules_after(args)
    loaded = {m.rsplit(".", 1)[-1] for m in modules if m.startswith("acs_identity.cli._cmd_")}
    assert loaded == {"_cmd_identity"}
    assert "uvicorn" not in modules
