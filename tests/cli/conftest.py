"""Fixtures for the command-line tests: one in-process emulator per module, and two runners of the command line
with one result type: in a subprocess (`run_cli`, `python -m acs_identity.cli`) and in this process (`run_here`,
through the public `acs_identity.cli.run`, without the ~0.4 s of CPU each fresh interpreter costs)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

ENV_NAME = "AZURE_COMMUNICATION_CONNECTION_STRING"


def cli_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "acs_identity.cli", *args]


def cli_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in (ENV_NAME, "ACS_IDENTITY_DEBUG")}
    env["PYTHONUNBUFFERED"] = "1"
    env["COLUMNS"] = "200"
    env.update(extra or {})
    return env


def run_cli(
    *args: str, env: dict[str, str] | None = None, input: str | None = None, timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli_command(*args), capture_output=True, text=True, env=cli_env(env), input=input, timeout=timeout
    )


def run_here(
    *args: str, env: dict[str, str] | None = None, input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """`run_cli` in this process: the same environment (cli_env's, for the call), stdin, captured stdout and
    stderr, and the exit code `acs_identity.cli.run` returns (what `acs-identity` exits with)."""
    from acs_identity.cli import run

    wanted = cli_env(env)
    saved = {name: os.environ.get(name) for name in {*os.environ, *wanted}}
    out, err, stdin = io.StringIO(), io.StringIO(), sys.stdin
    try:
        for name in saved:
            if name not in wanted:
                del os.environ[name]
            elif os.environ.get(name) != wanted[name]:
                os.environ[name] = wanted[name]
        sys.stdin = io.StringIO(input or "")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = run(list(args))
    finally:
        sys.stdin = stdin
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            elif os.environ.get(name) != value:
                os.environ[name] = value
    return subprocess.CompletedProcess(cli_command(*args), code, out.getvalue(), err.getvalue())


def ok_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_line_error(
    result: subprocess.CompletedProcess[str], fragment: str, secrets: Sequence[str] = ()
) -> str:
    """Non-zero exit, exactly one stderr line naming the problem, nothing on stdout, no secret anywhere."""
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    for secret in secrets:
        assert secret not in result.stderr
        assert secret not in result.stdout
    return lines[0]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Any]:
    pytest.importorskip("uvicorn")
    from acs_identity.emulator import Emulator

    with Emulator() as emu:
        yield emu


@pytest.fixture(scope="module")
def access_key(emulator: Any) -> str:
    return str(emulator.connection_string.split("accesskey=", 1)[1])


@pytest.fixture(scope="module")
def conn(emulator: Any) -> list[str]:
    """The connection flag pair for the module's emulator."""
    return ["--connection-string", emulator.connection_string]
