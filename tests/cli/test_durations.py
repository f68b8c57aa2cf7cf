from datetime import timedelta

import pytest

from acs_identity.cli._durations import check_expiry, format_duration, parse_duration
from acs_identity.cli._errors import CliError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1h", timedelta(hours=1)),
        ("90m", timedelta(minutes=90)),
        ("24h", timedelta(hours=24)),
        ("3600s", timedelta(hours=1)),
        ("1h30m", timedelta(minutes=90)),
        (" 2H ", timedelta(hours=2)),
    ],
)
def test_parse_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "60", "1d", "h", "1.5h", "-1h", "1h x"])
def test_parse_duration_refuses(text: str) -> None:
    with pytest.raises(CliError, match="--expires-in"):
        parse_duration(text)


def test_format_duration() -> None:
    assert format_duration(timedelta(minutes=90)) == "1h30m"
    assert format_duration(timedelta(0)) == "0s"
    assert format_duration(timedelta(seconds=3661)) == "1h1m1s"


@pytest.mark.parametrize("text", ["1h", "24h", "90m", "3600s"])
def test_check_expiry_in_range(text: str) -> None:
    assert check_expiry(parse_duration(text), "2026-09-23") == parse_duration(text)


@pytest.mark.parametrize("text", ["59m", "25h", "24h1m", "0s"])
def test_check_expiry_out_of_range(text: str) -> None:
    with pytest.raises(
        CliError, match=r"--expires-in must be between 1:00:00 and 1 day, 0:00:00 \(1 to 24 hours\)"
    ):
        check_expiry(parse_duration(text), "2026-09-23")


def test_check_expiry_whole_minutes() -> None:
    with pytest.raises(CliError, match="whole number of minutes"):
        check_expiry(parse_duration("3601s"), "2026-09-23")


def test_check_expiry_needs_newer_api_version() -> None:
    with pytest.raises(CliError, match="--expires-in requires api-version 2022-10-01 or later"):
        check_expiry(timedelta(hours=1), "2021-03-07")
