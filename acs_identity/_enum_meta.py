"""The metaclass of the package's string enums (hand-written; the generated `_capability_record` uses it)."""

from __future__ import annotations

from enum import Enum, EnumMeta
from typing import Any


class CaseInsensitiveEnumMeta(EnumMeta):
    """azure.core's CaseInsensitiveEnumMeta restated (`Scope["CHAT"]`, `Scope.chat`): importing it from azure.core
    would load azure.core's whole pipeline at `import acs_identity`, which needs nothing else from it."""

    def __getitem__(cls, name: str) -> Any:
        return super().__getitem__(name.upper())

    def __getattr__(cls, name: str) -> Enum:
        try:
            member: Enum = cls._member_map_[name.upper()]
        except KeyError as err:
            raise AttributeError(name) from err
        return member
