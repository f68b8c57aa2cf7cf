"""bulk create / revoke / delete end to end, including faults, SIGKILL and Ctrl+C followed by a rerun."""

from __future__ import annotations

import json
import signal
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import assert_one_line_error, cli_command, cli_env, ok_json, run_cli

pytest.importorskip("uvicorn")


@pytest.fixture(scope="module")
def faulty() -> Iterator[Any]:
    """5% 429 (short Retry-After), 5% 503, 1% dropped connections; seeded so the fault sequence repeats."""
    from acs_identity.emulator import Emulator, FaultConfig

    faults = FaultConfig.parse("429=0.05,503=0.05,drop=0.01,retry-after=0.2,seed=11")
    with Emulator(faults=faults) as emu:
        yield emu


@pytest.fixture(scope="module")
def fast() -> Iterator[Any]:
    """Canned tokens: the resume tests exercise the journal, not the token signer."""
    from acs_identity.emulator import Emulator

    with Emulator(token_mode="canned") as emu:
        yield emu


def ids_in(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text().splitlines()]


def bulk_create(emu: Any, out: Path, count: int, *extra: str) -> list[str]:
    return [
        "bulk", "create", "--count", str(count), "--scope", "chat,voip", "--out", str(out),
        "--connection-string", emu.connection_string, *extra,
    ]  # fmt: skip


def test_bulk_lifecycle_with_faults(faulty: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    report = ok_json(run_cli(*bulk_create(faulty, out, 300, "--concurrency", "24", "--expires-in", "2h")))
    ids = ids_in(out)
    assert len(ids) == 300 == len(set(ids))
    assert report["created"] == 300 and report["complete"] is True
    assert sum(report["failedAttempts"].values()) > 0  # the faults happened and were absorbed
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert all(set(line) == {"id", "token", "expiresOn"} for line in lines)
    assert all(faulty.is_token_valid(line["token"]) for line in lines[:20])

    revoked = ok_json(
        run_cli("bulk", "revoke", "--in", str(out), "--connection-string", faulty.connection_string)
    )
    assert revoked["doneNow"] == {"revoked": 300} and revoked["complete"] is True
    assert not any(faulty.is_token_valid(line["token"]) for line in lines[:20])

    deleted = ok_json(
        run_cli("bulk", "delete", "--in", str(out), "--connection-string", faulty.connection_string)
    )
    assert deleted["doneNow"] == {"deleted": 300}
    again = ok_json(
        run_cli("bulk", "delete", "--in", str(out), "--connection-string", faulty.connection_string)
    )
    assert again["doneBefore"] == 300 and again["doneNow"] == {}
    assert len((tmp_path / "users.jsonl.delete-progress").read_text().splitlines()) == 300


def test_bulk_delete_treats_missing_users_as_done(fast: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    ok_json(run_cli(*bulk_create(fast, out, 5)))
    first = ids_in(out)[0]
    ok_json(run_cli("user", "delete", "--user", first, "--connection-string", fast.connection_string))
    report = ok_json(
        run_cli("bulk", "delete", "--in", str(out), "--connection-string", fast.connection_string)
    )
    assert report["doneNow"] == {"deleted": 4, "not found": 1}


def test_bulk_create_is_a_no_op_when_complete_and_repairs_a_torn_line(fast: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    ok_json(run_cli(*bulk_create(fast, out, 10)))
    before = ids_in(out)
    again = ok_json(run_cli(*bulk_create(fast, out, 10)))
    assert again["created"] == 0 and ids_in(out) == before
    with out.open("a") as handle:
        handle.write('{"id": "8:acs:half-writ')
    repaired = ok_json(run_cli(*bulk_create(fast, out, 12)))
    assert repaired["existing"] == 10 and repaired["created"] == 2
    ids = ids_in(out)
    assert ids[:10] == before and len(ids) == 12 == len(set(ids))


def test_bulk_create_refuses_bad_input(fast: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    assert_one_line_error(
        run_cli(*bulk_create(fast, out, 5, "--expires-in", "30m")), "--expires-in must be between"
    )
    assert_one_line_error(
        run_cli(*bulk_create(fast, tmp_path / "no" / "x.jsonl", 5)), "directory does not exist"
    )
    out.write_text('{"id": "a"}\nnot json\n{"id": "b"}\n')
    assert_one_line_error(run_cli(*bulk_create(fast, out, 5)), "line 2 is not a JSON object")


def test_bulk_create_stops_on_bad_credentials(fast: Any, tmp_path: Path) -> None:
    wrong = fast.connection_string.split("accesskey=")[0] + "accesskey=d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZw=="
    out = tmp_path / "users.jsonl"
    result = run_cli(
        "bulk", "create", "--count", "50", "--scope", "chat", "--out", str(out), "--connection-string", wrong
    )
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["created"] == 0 and "refused the credentials" in report["stoppedBecause"]
    assert "d3Jvbmcta2V5" not in result.stderr + result.stdout
    assert result.stderr.strip().splitlines()[-1].startswith("acs-identity: error: bulk create is incomplete")


def _start_and_stop_midway(
    command: list[str], count: int, stop_at: int, sig: signal.Signals
) -> tuple[int, str, str]:
    """Run a bulk create with progress lines on stderr; send `sig` once it reports >= stop_at created."""
    process = subprocess.Popen(
        cli_command(*command, "--progress", "lines"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    assert process.stderr is not None
    for line in process.stderr:
        if line.startswith("progress: creating "):
            done = int(line.split()[-1].split("/")[0])
            if done >= stop_at:
                process.send_signal(sig)
                break
    else:
        pytest.fail(f"bulk create ended before reaching {stop_at}: rc={process.wait()}")
    stdout, stderr = process.communicate(timeout=60)
    return process.returncode, stdout, stderr


def test_bulk_create_resumes_after_sigkill(fast: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    command = bulk_create(fast, out, 2000)
    returncode, _, _ = _start_and_stop_midway(command, 2000, 500, signal.SIGKILL)
    assert returncode == -signal.SIGKILL
    survivors = len(out.read_bytes().split(b"\n")) - 1
    assert 500 <= survivors < 2000
    report = ok_json(run_cli(*command))
    ids = ids_in(out)
    assert len(ids) == 2000 == len(set(ids))
    assert report["existing"] == survivors and report["created"] == 2000 - survivors


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_bulk_create_resumes_after_ctrl_c_or_sigterm(fast: Any, tmp_path: Path, sig: signal.Signals) -> None:
    out = tmp_path / "users.jsonl"
    command = bulk_create(fast, out, 600)
    returncode, stdout, stderr = _start_and_stop_midway(command, 600, 150, sig)
    assert returncode == 130
    assert json.loads(stdout)["interrupted"] is True
    assert (
        stderr.strip().splitlines()[-1]
        == "acs-identity: error: interrupted; rerun the same command to resume"
    )
    report = ok_json(run_cli(*command))
    ids = ids_in(out)
    assert len(ids) == 600 == len(set(ids))
    assert report["existing"] >= 150


def test_bulk_delete_reports_a_foreign_id_and_finishes_the_rest(fast: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    ok_json(run_cli(*bulk_create(fast, out, 3)))
    with out.open("a") as handle:
        handle.write(json.dumps({"id": f"8:acs:{uuid.uuid4()}_{uuid.uuid4()}"}) + "\n")
    result = run_cli("bulk", "delete", "--in", str(out), "--connection-string", fast.connection_string)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["doneNow"] == {"deleted": 3}
    assert report["failed"] == {"401 IdentityNotOwned": 1}
    assert report["remaining"] == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "acs-identity: error: bulk delete is incomplete; rerun the same command to finish"
    )
