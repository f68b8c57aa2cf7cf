"""EmulatorOptions is the one launcher: the argparse front end (python -m acs_identity.emulator), the click one
(acs-identity emulator) and to_argv() (the benchmarks) all read and write the same options."""

from __future__ import annotations

import pytest

from acs_identity.emulator import EmulatorOptions, Limits
from acs_identity.emulator.__main__ import build_parser

_CUSTOM = EmulatorOptions(
    host="0.0.0.0",
    port=0,
    cert_hosts=("emulator", "10.1.2.3"),
    cert_dir="/tmp/certs",
    data_path="/tmp/e.db",
    faults="429=0.1,seed=3",
    token_mode="canned",
    replay_window=60,
    signing_threads=0,
    workers=3,
    limits=Limits(max_header_bytes=4096, header_timeout=1.5, keep_alive_timeout=7, max_connections=9),
)


def _argparse(argv: list[str]) -> EmulatorOptions:
    return EmulatorOptions.from_flags(vars(build_parser().parse_args(argv)))


def _click(argv: list[str]) -> EmulatorOptions:
    click = pytest.importorskip("click")
    from acs_identity.cli._cmd_emulator import emulator_command

    with emulator_command.make_context("emulator", list(argv)) as ctx:
        assert isinstance(ctx, click.Context)
        return EmulatorOptions.from_flags(ctx.params)


def test_defaults_are_https_on_the_default_port() -> None:
    assert _argparse([]) == _click([]) == EmulatorOptions()
    assert EmulatorOptions().https and EmulatorOptions().port == 8765


@pytest.mark.parametrize("options", [_CUSTOM, EmulatorOptions(https=False), EmulatorOptions()])
def test_to_argv_round_trips_through_both_front_ends(options: EmulatorOptions) -> None:
    argv = options.to_argv()
    assert _argparse(argv) == options
    assert _click(argv) == options


def test_http_switch() -> None:
    assert _argparse(["--http"]).https is False
    assert _click(["--http"]).https is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"certfile": "a.pem"}, "--certfile and --keyfile go together"),
        ({"https": False, "cert_hosts": ("x",)}, "need HTTPS"),
        ({"cert_hosts": ("bad name!",)}, "neither a DNS name nor an IP address"),
        ({"replay_window": 0}, "--replay-window must be a positive"),
        ({"workers": 0}, "--workers must be at least 1"),
        ({"faults": "teapot=1"}, "--faults: "),
        ({"port": 70000}, "--port must be between"),
    ],
)
def test_invalid_options_name_the_flag(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EmulatorOptions(**changes)  # type: ignore[arg-type]
