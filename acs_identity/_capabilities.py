"""The per-api-version capability record, from `_capability_record`, the module scripts/regenerate.py
writes from spec/capabilities.json (the record's one home is that JSON file).

This is the only hand-written module that imports `_capability_record`: the public enums (`ApiVersion`,
`CommunicationTokenScope`, the principal types) reach `_api_versions` and `_enums` from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from ._capability_record import (
    DEFAULT,
    DEFAULT_API_VERSION,
    VERSIONS,
    ApiVersion,
    CommunicationTokenScope,
    EntraPrincipalType,
    TeamsExtensionPrincipalType,
)

# Each dataclass has a docstring: without one, @dataclass computes one with inspect.signature, a third of
# this module's import time.
__all__ = [
    "DEFAULT_API_VERSION",
    "ApiVersion",
    "CapabilityRecord",
    "CommunicationTokenScope",
    "EntraPrincipalType",
    "ExpiryRange",
    "TeamsExtensionPrincipalType",
    "VersionCapabilities",
    "load_capabilities",
]

# The service's bound on a custom id (the preview's CommunicationIdentityCreateRequest.customId, "Maximum length
# is 256"): the client, the CLI and the emulator all check against this one value.
CUSTOM_ID_MAX_LENGTH = 256

# How long the service remembers a Repeatability-Request-ID (ACS documents five minutes for its repeatable
# requests, and answers 412 to one first sent before that): the emulator's default window and the CLI's plan.
REPEATABILITY_WINDOW_SECONDS = 300.0


@dataclass(frozen=True, slots=True)
class ExpiryRange:
    """A token lifetime's limits and default, in minutes."""

    minimum: int
    maximum: int
    default: int


@dataclass(frozen=True, slots=True)
class VersionCapabilities:
    """What one api-version carries: its operations, token scopes, expiry limits, features, principal types."""

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
    """Every api-version's capabilities, and the default version."""

    default: str
    versions: dict[str, VersionCapabilities]

    def get(self, api_version: str) -> VersionCapabilities | None:
        return self.versions.get(api_version)

    @property
    def stable_versions(self) -> tuple[str, ...]:
        """The versions that are not previews, oldest first."""
        return self.versions_with(lambda capabilities: not capabilities.preview)

    @property
    def preview_versions(self) -> tuple[str, ...]:
        """The preview versions, oldest first."""
        return self.versions_with(lambda capabilities: capabilities.preview)

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

    def principal_types(self, kind: str) -> tuple[str, ...]:
        """The known principal types of an assignment kind ("teams_extension", "entra") in any version."""
        return tuple(
            dict.fromkeys(
                t for v in sorted(self.versions) for t in self.versions[v].principal_types.get(kind, ())
            )
        )

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
    versions: dict[str, VersionCapabilities] = {}
    for name, entry in VERSIONS.items():
        expiry = entry["expires_in_minutes"]
        versions[name] = VersionCapabilities(
            api_version=name,
            operations=frozenset(entry["operations"]),
            scopes=entry["scopes"],
            expires_in_minutes=None if expiry is None else ExpiryRange(**expiry),
            preview=entry["preview"],
            features=frozenset(entry["features"]),
            principal_types=dict(entry["principal_types"]),
        )
    return CapabilityRecord(default=DEFAULT, versions=versions)
