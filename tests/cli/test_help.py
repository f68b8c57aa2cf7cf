"""Conventional --help on every group and command (in-process: the tree is walked, not hard-coded)."""

from __future__ import annotations

from collections.abc import Iterator

import click
import pytest

from acs_identity.cli import cli, run


def _paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        # list_commands/get_command, not .commands: the top-level group imports its commands on demand.
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            yield from _paths(sub, (*path, name))


ALL = list(_paths(cli))


def test_the_tree_has_the_expected_commands() -> None:
    names = {" ".join(path) for path in ALL}
    assert {
        "user create",
        "user delete",
        "token issue",
        "token revoke",
        "token get-for-teams-user",
        "token decode",
        "teams-extension assignment get",
        "teams-extension assignment set",
        "teams-extension assignment delete",
        "teams-extension token exchange",
        "emulator",
        "quickstart",
        "bulk create",
        "bulk revoke",
        "bulk delete",
    } <= names


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "acs-identity")
def test_help(path: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    for flag in ("--help", "-h"):
        assert run([*path, flag]) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"Usage: {' '.join(('acs-identity', *path))}")


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("acs-identity, version ")


def test_unknown_command_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No such command 'frobnicate'" in err
