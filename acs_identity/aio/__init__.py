"""The asynchronous client: the same names as acs_identity, with `async` methods."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._api_versions import ApiVersion
from .._endpoint import parse_connection_string
from .._enums import CommunicationTokenScope, EntraPrincipalType, TeamsExtensionPrincipalType
from .._lazy import lazy_getattr
from .._models import CommunicationUserDetail, EntraAssignment, TeamsExtensionAssignment
from .._repeatability import RepeatabilityOutcome, RepeatabilityResult
from .._shared.models import (
    CommunicationCloudEnvironment,
    CommunicationIdentifier,
    CommunicationIdentifierKind,
    CommunicationUserIdentifier,
    CommunicationUserProperties,
    MicrosoftTeamsAppIdentifier,
    MicrosoftTeamsAppProperties,
    MicrosoftTeamsUserIdentifier,
    MicrosoftTeamsUserProperties,
    PhoneNumberIdentifier,
    PhoneNumberProperties,
    TeamsExtensionUserIdentifier,
    TeamsExtensionUserProperties,
    UnknownIdentifier,
    UnknownIdentifierProperties,
    identifier_from_raw_id,
)

if TYPE_CHECKING:
    from azure.core.credentials import AccessToken

    from .._shared.user_credential_async import CommunicationTokenCredential
    from ._client import CommunicationIdentityClient

__all__ = [
    "AccessToken",
    "ApiVersion",
    "CommunicationCloudEnvironment",
    "CommunicationIdentifier",
    "CommunicationIdentifierKind",
    "CommunicationIdentityClient",
    "CommunicationTokenCredential",
    "CommunicationTokenScope",
    "CommunicationUserDetail",
    "CommunicationUserIdentifier",
    "CommunicationUserProperties",
    "EntraAssignment",
    "EntraPrincipalType",
    "MicrosoftTeamsAppIdentifier",
    "MicrosoftTeamsAppProperties",
    "MicrosoftTeamsUserIdentifier",
    "MicrosoftTeamsUserProperties",
    "PhoneNumberIdentifier",
    "PhoneNumberProperties",
    "RepeatabilityOutcome",
    "RepeatabilityResult",
    "TeamsExtensionAssignment",
    "TeamsExtensionPrincipalType",
    "TeamsExtensionUserIdentifier",
    "TeamsExtensionUserProperties",
    "UnknownIdentifier",
    "UnknownIdentifierProperties",
    "identifier_from_raw_id",
    "parse_connection_string",
]


# Imported on first use, as in acs_identity: httpx, aiohttp and azure-core load with the first client built.
_LAZY = {
    "CommunicationIdentityClient": "._client",
    "AccessToken": "azure.core.credentials",
    "CommunicationTokenCredential": ".._shared.user_credential_async",
}

# Hidden from type checkers: they see the TYPE_CHECKING imports above, so every lazy name has its declared
# type and a misspelt name is an error rather than Any.
if not TYPE_CHECKING:
    __getattr__ = lazy_getattr(__name__, globals(), _LAZY)
