"""bulk create exactly once, end to end: the CLI in a subprocess, the emulator in-process with connections dropped
before and after it acts, a SIGKILL mid-run and a rerun; the emulator's own count of identities is the check."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .bulk_10k import emulator_identities, identity_lines, kill_when_output_holds
from .conftest import assert_one_line_error, cli_command, ok_json, run_cli

pytest.importorskip("uvicorn")

PREVIEW = "2025-03-02-preview"
REPEATABLE = "2023-08-01"
COUNT = 200


@pytest.fixture
def lossy() -> Iterator[Any]:
    """Drops before and after the service acts (seeded), canned tokens; one per test so its count is exact."""
    from acs_identity.emulator import Emulator

    with Emulator(faults="drop=0.03,drop-after=0.05,seed=5", token_mode="canned") as emu:
        yield emu


def command(emu: Any, out: Path, count: int, *extra: str) -> list[str]:
    return [
        "bulk", "create", "--count", str(count), "--scope", "chat", "--out", str(out), "--concurrency", "8",
        "--connection-string", emu.connection_string, *extra,
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("api_version", "extra", "key", "mechanism"),
    [
        (PREVIEW, ["--custom-id-prefix", "user-"], "customId", "customId"),
        (REPEATABLE, [], "index", "repeatability"),
    ],
    ids=["custom-ids", "repeatability"],
)
def test_killed_then_rerun_leaves_exactly_one_identity_per_item(
    lossy: Any, tmp_path: Path, api_version: str, extra: list[str], key: str, mechanism: str
) -> None:
    out = tmp_path / "users.jsonl"
    args = command(lossy, out, COUNT, "--api-version", api_version, *extra)
    survivors = kill_when_output_holds(cli_command(*args), out, COUNT // 2)
    assert COUNT // 2 <= survivors < COUNT
    report = ok_json(run_cli(*args))
    lines = identity_lines(out)
    assert len(lines) == len({line["id"] for line in lines}) == len({line[key] for line in lines}) == COUNT
    assert emulator_identities(lossy.connection_string) == COUNT  # no orphan, no duplicate
    assert report["mechanism"] == mechanism and report["possibleOrphans"] == 0
    assert report["existing"] == survivors and report["complete"] is True
    assert report["failedAttempts"].get("connection lost", 0) > 0  # the lost responses happened
    if mechanism == "customId":
        assert sorted(line["customId"] for line in lines) == sorted(f"user-{n}" for n in range(COUNT))
    again = ok_json(run_cli(*args))
    assert again["created"] == 0 and emulator_identities(lossy.connection_string) == COUNT


def test_other_versions_still_report_their_possible_orphans(lossy: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    report = ok_json(run_cli(*command(lossy, out, COUNT, "--api-version", "2023-10-01")))
    made = emulator_identities(lossy.connection_string)
    assert report["mechanism"] == "none" and len(identity_lines(out)) == COUNT
    # Every creation that lost its answer after the service acted is an orphan, and is counted (with those
    # dropped before it acted: from the client's side the two look the same).
    assert 0 < made - COUNT <= report["possibleOrphans"]
    assert json.loads(out.read_text().splitlines()[0]).keys() == {
        "id",
        "token",
        "expiresOn",
    }


def test_custom_ids_from_a_file_are_the_users_own_namespace(tmp_path: Path) -> None:
    from acs_identity.emulator import Emulator

    ids = tmp_path / "ids.txt"
    ids.write_text("".join(f"crm-{n:04}\n" for n in range(30)))
    with Emulator(token_mode="canned") as emu:
        first = ok_json(
            run_cli(
                *command(emu, tmp_path / "a.jsonl", 20, "--api-version", PREVIEW, "--custom-ids", str(ids))
            )
        )
        assert first["customIds"] == "file" and first["created"] == 20
        # All of the file by default; the 20 already made are not made again.
        grown = ok_json(
            run_cli(
                *command(emu, tmp_path / "a.jsonl", 30, "--api-version", PREVIEW, "--custom-ids", str(ids))
            )
        )
        assert grown["existing"] == 20 and grown["created"] == 10
        # Another output file with the same ids gets the same identities: the custom ids are the key.
        ok_json(
            run_cli(
                *command(emu, tmp_path / "b.jsonl", 30, "--api-version", PREVIEW, "--custom-ids", str(ids))
            )
        )
        assert emulator_identities(emu.connection_string) == 30
    a = {line["customId"]: line["id"] for line in identity_lines(tmp_path / "a.jsonl")}
    b = {line["customId"]: line["id"] for line in identity_lines(tmp_path / "b.jsonl")}
    assert a == b and len(a) == 30


def test_a_rerun_after_the_window_reports_what_it_cannot_deduplicate(lossy: Any, tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    args = command(lossy, out, COUNT, "--api-version", REPEATABLE)
    survivors = kill_when_output_holds(cli_command(*args), out, COUNT // 2)
    # An hour passes (written into the journal instead of waited for): every bulkSend line is out of the window.
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    for line in lines:
        if "bulkSend" in line:
            line["bulkSend"]["firstSent"] = "Mon, 01 Jan 2024 00:00:00 GMT"
    out.write_text("".join(json.dumps(line) + "\n" for line in lines))
    report = ok_json(run_cli(*args))
    assert len({line["id"] for line in identity_lines(out)}) == COUNT
    orphans = emulator_identities(lossy.connection_string) - COUNT
    assert 0 < report["possibleOrphans"] <= COUNT - survivors
    assert orphans <= report["possibleOrphans"]  # the report is an honest upper bound
    assert report["possibleOrphansAllRuns"] == report["possibleOrphans"]


def test_bad_exactly_once_options_are_refused_before_anything_is_sent(tmp_path: Path) -> None:
    out = tmp_path / "users.jsonl"
    conn = ["--connection-string", "endpoint=http://127.0.0.1:9/;accesskey=c2VjcmV0LXNlY3JldC1zZWNyZXQ="]
    base = ["bulk", "create", "--scope", "chat", "--out", str(out), *conn]
    assert_one_line_error(
        run_cli(*base, "--count", "5", "--custom-id-prefix", "u-"),
        "need an api-version with custom ids (2025-03-02-preview)",
    )
    ids = tmp_path / "ids.txt"
    ids.write_text("a\nb\na\n")
    assert_one_line_error(
        run_cli(*base, "--api-version", PREVIEW, "--custom-ids", str(ids)),
        "line 3 repeats the custom id of line 1",
    )
    ids.write_text("a\nb\n")
    assert_one_line_error(
        run_cli(*base, "--api-version", PREVIEW, "--custom-ids", str(ids), "--count", "3"),
        "--count 3 is more than the 2 custom ids",
    )
    assert_one_line_error(
        run_cli(*base, "--api-version", PREVIEW, "--count", "5", "--custom-id-prefix", "u" * 256),
        "1 to 256 characters",
    )
    assert_one_line_error(run_cli(*base, "--api-version", PREVIEW), "missing option '--count'")
    assert not out.exists()


def test_a_rerun_that_would_key_the_set_differently_is_refused(tmp_path: Path) -> None:
    from acs_identity.emulator import Emulator

    out = tmp_path / "users.jsonl"
    with Emulator(token_mode="canned") as emu:
        ok_json(run_cli(*command(emu, out, 3, "--api-version", PREVIEW, "--custom-id-prefix", "u-")))
        before = out.read_bytes()
        assert_one_line_error(
            run_cli(*command(emu, out, 5, "--api-version", PREVIEW, "--custom-id-prefix", "v-")),
            "another prefix would be another set of identities",
        )
        assert_one_line_error(
            run_cli(*command(emu, out, 5, "--api-version", REPEATABLE)), "--api-version 2025-03-02-preview"
        )
        assert_one_line_error(run_cli(*command(emu, out, 5)), "was started with custom ids")
        assert out.read_bytes() == before
        assert emulator_identities(emu.connection_string) == 3
