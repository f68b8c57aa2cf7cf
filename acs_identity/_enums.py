"""Public string enums: token scopes and the principal types of assignments (api-versions: _api_versions).

Their members are generated from spec/capabilities.json (see `_capabilities`): a scope or principal type
that an api-version adds there appears here, in the client's checks and in the CLI together.
"""

from __future__ import annotations

from ._capabilities import (
    CommunicationTokenScope,
    EntraPrincipalType,
    TeamsExtensionPrincipalType,
)
from ._enum_meta import CaseInsensitiveEnumMeta

__all__ = [
    "CaseInsensitiveEnumMeta",
    "CommunicationTokenScope",
    "EntraPrincipalType",
    "TeamsExtensionPrincipalType",
]
