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
    """Refuse, before any request, an expiry the chosen api-version cannot carry."""
    capabilities = load_capabilities()
    version = capabilities.get(api_version)
    if version is None:
        raise UsageError(f"unknown api-version {api_version!r}")
    bounds = version.expires_in_minutes
    if bounds is None:
        newest_with = capabilities.first_version_with(lambda v: v.expires_in_minutes is not None)
        raise UsageError(
            f"--expires-in needs api-version {newest_with} or newer (this run uses {api_version})"
        )
    seconds = int(value.total_seconds())
    if seconds % 60:
        raise UsageError(f"--expires-in must be a whole number of minutes (got {format_duration(value)})")
    minutes = seconds // 60
    if not bounds.minimum <= minutes <= bounds.maximum:
        low = format_duration(timedelta(minutes=bounds.minimum))
        high = format_duration(timedelta(minutes=bounds.maximum))
        raise UsageError(f"--expires-in must be between {low} and {high} (got {format_duration(value)})")
    return value
