"""The documented exit codes (acs_identity.cli.EXIT_CODES): 2 for what was typed wrong, 1 for a failed operation.

In-process through `run`, against the module's loopback emulator where a service is needed.
"""

from __future__ import annotations

from typing import Any

import pytest

from acs_identity.cli import EXIT_CODES, run
from acs_identity.cli._output import emit

from .conftest import ENV_NAME

# {"alg":"RS256"}.{"exp":1}.signature: well-formed enough to decode, so --verify's own check is reached.
_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjF9.c2ln"


@pytest.fixture(autouse=True)
def _no_environment_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_NAME, raising=False)


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("acs-identity: error: "), err
    return lines[0]


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["frobnicate"], "No such command"),
        (["token", "issue"], "Missing option '--scope'"),
        (
            ["token", "issue", "--scope", "chat.join", "--api-version", "2022-10-01", "--emulator"],
            "scope 'chat.join' requires api-version 2023-10-01",
        ),
        (["token", "issue", "--scope", "chat", "--expires-in", "soon", "--emulator"], "--expires-in"),
        (
            ["token", "issue", "--scope", "chat", "--expires-in", "30m", "--emulator"],
            "must be between 1:00:00 and 1 day",
        ),
        (["user", "create"], "no connection configured"),
        (
            ["user", "create", "--connection-string", "endpoint=https://x/"],
            "connection string lacks accesskey",
        ),
        (["user", "delete", "--user", " ", "--emulator"], "--user is empty"),
        (["token", "decode", _JWT, "--verify"], "--verify needs --jwks-url"),
        (["user", "create", "--api-version", "1999-01-01"], "'1999-01-01' is not one of"),
    ],
)
def test_usage_errors_exit_2(args: list[str], fragment: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(args) == 2
    assert fragment in _one_line_error(capsys)


def test_a_service_error_exits_1(emulator: Any, conn: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    missing = "8:acs:00000000-0000-0000-0000-000000000000_00000000-0000-0000-0000-000000000000"
    assert run(["user", "delete", "--user", missing, *conn]) == 1
    assert "the service refused the request" in _one_line_error(capsys)


def test_bad_input_data_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["token", "decode", "not-a-token"]) == 1
    assert "not a JWT" in _one_line_error(capsys)


def test_help_documents_the_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--help"]) == 0
    out = capsys.readouterr().out
    assert "Exit codes:" in out
    for code in EXIT_CODES:
        assert f"  {code} " in out
    assert set(EXIT_CODES) == {0, 1, 2, 130}


def test_table_output_spells_booleans_as_json_does(capsys: pytest.CaptureFixture[str]) -> None:
    emit({"id": "8:acs:x", "deleted": True, "expired": False, "note": None}, "table")
    out = capsys.readouterr().out
    assert "true" in out and "false" in out
    assert "True" not in out and "False" not in out and "None" not in out
