"""Public string enums: token scopes, Teams Phone Extension and Entra principal types (api-versions: _api_versions)."""

from __future__ import annotations

from enum import Enum, EnumMeta, StrEnum
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


class CommunicationTokenScope(StrEnum, metaclass=CaseInsensitiveEnumMeta):
    """Scopes of a Communication Services access token (an open set: plain strings are accepted too)."""

    CHAT = "chat"
    VOIP = "voip"
    CHAT_JOIN = "chat.join"
    CHAT_JOIN_LIMITED = "chat.join.limited"
    VOIP_JOIN = "voip.join"


class TeamsExtensionPrincipalType(StrEnum, metaclass=CaseInsensitiveEnumMeta):
    """Kinds of principal a Teams Phone Extension assignment can name (an open set)."""

    USER = "user"
    RESOURCE_ACCOUNT = "resourceAccount"


class EntraPrincipalType(StrEnum, metaclass=CaseInsensitiveEnumMeta):
    """Kinds of Entra ID principal an Entra assignment can name (an open set)."""

    USER = "user"
    GROUP = "group"
    TENANT = "tenant"
