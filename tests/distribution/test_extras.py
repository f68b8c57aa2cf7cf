"""Without an extra's dependencies, its part says in one line which extra to install.

A subprocess whose meta-path finder hides the extras' modules stands in for a venv with plain
`pip install .`: find_spec and import both see them as absent.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

# Run before anything else in the child: hide these top-level modules (and their submodules).
_BLOCKER = """
import importlib.abc, sys
class _Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, _Hide())
"""


def _run(hidden: set[str], code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BLOCKER.format(hidden=hidden) + code],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["user", "create"]])
def test_cli_without_its_extra_names_it_in_one_line(args: list[str]) -> None:
    result = _run(
        {"click", "rich"},
        f"import sys; sys.argv = ['acs-identity', *{args!r}]\nfrom acs_identity.cli import main\nmain()",
    )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        "acs-identity: error: the acs-identity command line needs the cli extra (missing: click, rich): "
        "pip install 'acs-identity[cli]'\n"
    )


def test_emulator_without_its_extra_names_it() -> None:
    code = (
        "try:\n"
        "    from acs_identity.emulator import Emulator\n"
        "except ModuleNotFoundError as error:\n"
        "    print(type(error).__name__, error.name, error, sep='|')\n"
        "    print(error.__cause__, error.__context__, sep='|')\n"
    )
    result = _run({"uvicorn"}, code)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first == (
        "MissingExtraError|uvicorn|acs_identity.emulator needs the emulator extra (missing: uvicorn): "
        "pip install 'acs-identity[emulator]'"
    )
    assert second == "None|None"  # nothing chained: the user sees this one message, not uvicorn's


def test_emulator_import_error_is_short_when_uncaught() -> None:
    result = _run({"uvicorn", "cryptography"}, "from acs_identity.emulator import Emulator")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == (
        "acs_identity._extras.MissingExtraError: acs_identity.emulator needs the emulator extra "
        "(missing: uvicorn, cryptography): pip install 'acs-identity[emulator]'"
    )
    assert "During handling" not in result.stderr and "uvicorn/" not in result.stderr


def test_the_client_needs_no_extra() -> None:
    code = (
        "from acs_identity import CommunicationIdentityClient\n"
        "with CommunicationIdentityClient('https://x.communication.azure.com', 'a2V5') as client:\n"
        "    print(type(client).__name__)\n"
    )
    result = _run({"click", "rich", "uvicorn", "cryptography", "starlette", "jwt"}, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "CommunicationIdentityClient\n"
