"""The per-api-version capability record (spec/capabilities.json, shipped in the generated package)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
    preview: bool = False
    features: frozenset[str] = frozenset()
    # assignment kind ("teams_extension", "entra") -> the known values of its principalType
    principal_types: Mapping[str, tuple[str, ...]] = field(default_factory=dict[str, tuple[str, ...]])

    def supports(self, operation: str) -> bool:
        return operation in self.operations

    def has(self, feature: str) -> bool:
        """Whether requests may carry `feature` (e.g. "repeatability", "custom_id")."""
        return feature in self.features


@dataclass(frozen=True, slots=True)
class CapabilityRecord:
    default: str
    versions: dict[str, VersionCapabilities]

    def get(self, api_version: str) -> VersionCapabilities | None:
        return self.versions.get(api_version)

    def versions_with(self, predicate: Callable[[VersionCapabilities], bool]) -> tuple[str, ...]:
        """Every version for which `predicate(capabilities)` holds, oldest first (versions sort by date)."""
        return tuple(v for v in sorted(self.versions) if predicate(self.versions[v]))

    def first_version_with(self, predicate: Callable[[VersionCapabilities], bool]) -> str | None:
        """The oldest version for which `predicate(capabilities)` holds (a preview counts too)."""
        having = self.versions_with(predicate)
        return having[0] if having else None

    def first_version_with_scope(self, scope: str) -> str | None:
        """The oldest version whose tokens can carry `scope`."""
        return self.first_version_with(lambda capabilities: scope in capabilities.scopes)

    def describe_versions_with_scope(self, scope: str) -> str | None:
        """The versions whose tokens can carry `scope`, for a message (see describe_versions_with)."""
        return self.describe_versions_with(lambda capabilities: scope in capabilities.scopes)

    def describe_versions_with(self, predicate: Callable[[VersionCapabilities], bool]) -> str | None:
        """The versions that have something, for a message: "2022-10-01 or later", "2023-08-01",
        "2025-06-30 or later, or the preview 2025-03-02-preview"; None when no version has it.

        "X or later" is said only when every version from X on has it, previews included; a preview
        that has it is named unless that already covers it."""
        ordered = sorted(self.versions)
        having = set(self.versions_with(predicate))
        stable = [v for v in ordered if v in having and not self.versions[v].preview]
        parts: list[str] = []
        start: str | None = None
        if stable and all(v in having for v in ordered[ordered.index(stable[0]) :]):
            start = stable[0]
            parts.append(f"{start} or later")
        elif stable:
            parts.append(_either(stable))
        previews = [v for v in ordered if v in having and self.versions[v].preview]
        previews = [v for v in previews if start is None or v < start]
        if previews:
            noun = "the preview" if len(previews) == 1 else "the previews"
            parts.append(f"{noun} {_either(previews)}" if parts else _either(previews))
        return ", or ".join(parts) if parts else None


def _either(versions: list[str]) -> str:
    return versions[0] if len(versions) == 1 else ", ".join(versions[:-1]) + " or " + versions[-1]


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
            preview=bool(entry.get("preview", False)),
            features=frozenset(entry.get("features", ())),
            principal_types={
                kind: tuple(values) for kind, values in entry.get("principal_types", {}).items()
            },
        )
    return CapabilityRecord(default=raw["default"], versions=versions)
