"""The types of the capability record's data (hand-written; the generated `_capability_record` uses them)."""

from __future__ import annotations

from typing import TypedDict


class ExpiryLimits(TypedDict):
    """Limits of a token's custom validity, in minutes."""

    minimum: int
    maximum: int
    default: int


class VersionRecord(TypedDict):
    """What one api-version can carry (spec/capabilities.json, every key present)."""

    preview: bool
    operations: tuple[str, ...]
    scopes: tuple[str, ...]
    expires_in_minutes: ExpiryLimits | None
    features: tuple[str, ...]
    principal_types: dict[str, tuple[str, ...]]
