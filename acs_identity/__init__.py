"""acs-identity: a typed client for the Azure Communication Services Identity API.

Drop-in for `azure.communication.identity`: the same names and behaviour; async client in acs_identity.aio.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from ._api_versions import ApiVersion
from ._endpoint import parse_connection_string
from ._enums import CommunicationTokenScope, EntraPrincipalType, TeamsExtensionPrincipalType
from ._lazy import lazy_getattr
from ._models import CommunicationUserDetail, EntraAssignment, TeamsExtensionAssignment
from ._repeatability import RepeatabilityOutcome, RepeatabilityResult
from ._shared.models import (
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
from ._version import VERSION

if TYPE_CHECKING:
    from azure.core.credentials import AccessToken

    from ._client import CommunicationIdentityClient
    from ._retry import RetryPolicy
    from ._shared.user_credential import CommunicationTokenCredential

__version__ = VERSION

# A library leaves handlers to the application: without this, Python's last-resort handler would print
# the client's retry warnings on stderr of apps that never configured logging.
logging.getLogger("acs_identity").addHandler(logging.NullHandler())

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
    "RetryPolicy",
    "TeamsExtensionAssignment",
    "TeamsExtensionPrincipalType",
    "TeamsExtensionUserIdentifier",
    "TeamsExtensionUserProperties",
    "UnknownIdentifier",
    "UnknownIdentifierProperties",
    "identifier_from_raw_id",
    "parse_connection_string",
]


# Imported on first use. httpx and azure-core cost more than the rest of the package put together (azure.core's
# __init__ loads its whole pipeline): AccessToken and RetryPolicy need them; the client's class does not (its
# first construction imports them), and identifiers and enums never do.
_LAZY = {
    "CommunicationIdentityClient": "._client",
    "AccessToken": "azure.core.credentials",
    "CommunicationTokenCredential": "._shared.user_credential",
    "RetryPolicy": "._retry",
}

# Hidden from type checkers: they see the TYPE_CHECKING imports above, so every lazy name has its declared
# type and a misspelt name is an error rather than Any.
if not TYPE_CHECKING:
    __getattr__ = lazy_getattr(__name__, globals(), _LAZY)
