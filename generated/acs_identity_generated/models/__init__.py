"""Contains all the data models used in inputs/outputs"""

from .communication_error import CommunicationError
from .communication_error_response import CommunicationErrorResponse
from .communication_identity import CommunicationIdentity
from .communication_identity_access_token import CommunicationIdentityAccessToken
from .communication_identity_access_token_request import (
    CommunicationIdentityAccessTokenRequest,
)
from .communication_identity_access_token_result import (
    CommunicationIdentityAccessTokenResult,
)
from .communication_identity_create_request import CommunicationIdentityCreateRequest
from .communication_identity_token_scope import CommunicationIdentityTokenScope
from .entra_assignment import EntraAssignment
from .entra_assignment_create_or_update_request import (
    EntraAssignmentCreateOrUpdateRequest,
)
from .entra_assignment_update_bulk_request import EntraAssignmentUpdateBulkRequest
from .entra_assignments_response import EntraAssignmentsResponse
from .entra_exchange_token_request import EntraExchangeTokenRequest
from .entra_principal_type import EntraPrincipalType
from .teams_extension_assignment_create_or_update_request import (
    TeamsExtensionAssignmentCreateOrUpdateRequest,
)
from .teams_extension_assignment_response import TeamsExtensionAssignmentResponse
from .teams_extension_exchange_token_request import TeamsExtensionExchangeTokenRequest
from .teams_extension_principal_type import TeamsExtensionPrincipalType
from .teams_user_exchange_token_request import TeamsUserExchangeTokenRequest

__all__ = (
    "CommunicationError",
    "CommunicationErrorResponse",
    "CommunicationIdentity",
    "CommunicationIdentityAccessToken",
    "CommunicationIdentityAccessTokenRequest",
    "CommunicationIdentityAccessTokenResult",
    "CommunicationIdentityCreateRequest",
    "CommunicationIdentityTokenScope",
    "EntraAssignment",
    "EntraAssignmentCreateOrUpdateRequest",
    "EntraAssignmentsResponse",
    "EntraAssignmentUpdateBulkRequest",
    "EntraExchangeTokenRequest",
    "EntraPrincipalType",
    "TeamsExtensionAssignmentCreateOrUpdateRequest",
    "TeamsExtensionAssignmentResponse",
    "TeamsExtensionExchangeTokenRequest",
    "TeamsExtensionPrincipalType",
    "TeamsUserExchangeTokenRequest",
)
