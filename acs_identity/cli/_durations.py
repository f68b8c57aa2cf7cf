"""`--expires-in` values: '1h', '90m', '24h', '3600s', '1h30m' -> timedelta, checked against the api-version."""

from __future__ import annotations

import re
from datetime import timedelta

from .._capabilities import load_capabilities
from ._errors import UsageError

_PART_RE = re.compile(r"(\d+)\s*([hms])", re.IGNORECASE)
_WHOLE_RE = re.compile(r"^\s*(?:\d+\s*[hms]\s*)+$", re.IGNORECASE)
_UNIT_SECONDS = {"h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> timedelta:
    """Parse '1h', '90m', '3600s' or a combination like '1h30m'; a bare number is refused as ambiguous."""
    if not _WHOLE_RE.match(text):
        raise UsageError(
            f"--expires-in: cannot read {text!r}; use a number with a unit, like 1h, 90m, 24h or 3600s"
        )
    seconds = sum(int(amount) * _UNIT_SECONDS[unit.lower()] for amount, unit in _PART_RE.findall(text))
    return timedelta(seconds=seconds)


def format_duration(value: timedelta) -> str:
    total = int(value.total_seconds())
    sign = "-" if total < 0 else ""
    total = abs(total)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{hours}h" if hours else "", f"{minutes}m" if minutes else "", f"{seconds}s" if seconds else ""]
    return sign + ("".join(parts) or "0s")


def check_expiry(value: timedelta, api_version: str) -> timedelta:
    """Refuse, before any request, an expiry the chosen api-version cannot carry: the client's own rule."""
    from .._operations import check_expires_in  # at call time: --help need not import the client

    version = load_capabilities().get(api_version)
    if version is None:
        raise UsageError(f"unknown api-version {api_version!r}")
    try:
        check_expires_in(value, version, name="--expires-in")
    except ValueError as error:
        raise UsageError(str(error)) from None
    return value
