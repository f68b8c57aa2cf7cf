"""The per-api-version capability record (spec/capabilities.json, shipped in the generated package)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class ExpiryRange:
    minimum: int
    maximum: int
    default: int


@dataclass(frozen=True, slots=True)
class VersionCapabilities:
    api_version: str
    operations: frozenset[str]
    scopes: tuple[str, ...]
    expires_in_minutes: ExpiryRange | None
    # Behaviours beyond operations and scopes, e.g. "custom_id", "repeatability" (absent: none).
    features: frozenset[str] = frozenset()
    preview: bool = False

    def supports(self, operation: str) -> bool:
        return operation in self.operations

    def has_feature(self, feature: str) -> bool:
        return feature in self.features


@dataclass(frozen=True, slots=True)
class CapabilityRecord:
    default: str
    versions: dict[str, VersionCapabilities]

    def get(self, api_version: str) -> VersionCapabilities | None:
        return self.versions.get(api_version)

    def first_version_with(self, predicate: Callable[[VersionCapabilities], bool]) -> str | None:
        """The oldest stable version for which `predicate(capabilities)` holds (versions sort by date); a
        preview only when no stable version has it (what a "needs version X" message should name)."""
        matching = [version for version in sorted(self.versions) if predicate(self.versions[version])]
        stable = [version for version in matching if not self.versions[version].preview]
        return (stable or matching)[0] if matching else None

    def first_version_with_scope(self, scope: str) -> str | None:
        """The oldest version whose tokens can carry `scope`."""
        return self.first_version_with(lambda capabilities: scope in capabilities.scopes)


@cache
def load_capabilities() -> CapabilityRecord:
    raw = json.loads(
        resources.files("acs_identity_generated").joinpath("capabilities.json").read_text("utf-8")
    )
    versions: dict[str, VersionCapabilities] = {}
    for name, entry in raw["versions"].items():
        expiry = entry.get("expires_in_minutes")
        versions[name] = VersionCapabilities(
            api_version=name,
            operations=frozenset(entry["operations"]),
            scopes=tuple(entry["scopes"]),
            expires_in_minutes=ExpiryRange(**expiry) if expiry else None,
            features=frozenset(entry.get("features", ())),
            preview=bool(entry.get("preview", False)),
        )
    return CapabilityRecord(default=raw["default"], versions=versions)
