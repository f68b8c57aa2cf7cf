import json
from pathlib import Path

import pytest

from acs_identity.cli._errors import CliError
from acs_identity.cli._journal import Journal, read_records


def _line(n: int) -> str:
    return json.dumps({"id": f"user-{n}", "token": "t"}) + "\n"


def test_append_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path) as journal:
        assert journal.records == []
        for n in range(3):
            journal.append({"id": f"user-{n}"})
    with Journal(path) as journal:
        assert [r["id"] for r in journal.records] == ["user-0", "user-1", "user-2"]
        journal.append({"id": "user-3"})
    assert path.read_text().count("\n") == 4


def test_torn_last_line_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(_line(0) + _line(1) + '{"id": "user-2", "tok')
    with Journal(path) as journal:
        assert [r["id"] for r in journal.records] == ["user-0", "user-1"]
        journal.append({"id": "user-2"})
    records, _ = read_records(path)
    assert [r["id"] for r in records] == ["user-0", "user-1", "user-2"]
    assert path.read_text().endswith("\n")


def test_damaged_complete_last_line_is_cut_off(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(_line(0) + '{"id": "user-1", "tok\n')
    with Journal(path) as journal:
        assert [r["id"] for r in journal.records] == ["user-0"]
    assert path.read_text() == _line(0)


def test_damage_in_the_middle_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(_line(0) + "not json\n" + _line(2))
    with pytest.raises(CliError, match="line 2"):
        Journal(path).open()


def test_blank_lines_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(_line(0) + "\n" + _line(1))
    records, end = read_records(path)
    assert len(records) == 2 and end == len(path.read_bytes())


def test_second_writer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path), pytest.raises(CliError, match="in use"):
        Journal(path).open()


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CliError, match="directory does not exist"):
        Journal(tmp_path / "nope" / "out.jsonl").open()
