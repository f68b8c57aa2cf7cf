from typing import Any
from urllib.parse import quote

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.teams_extension_assignment_create_or_update_request import (
    TeamsExtensionAssignmentCreateOrUpdateRequest,
)
from ...models.teams_extension_assignment_response import (
    TeamsExtensionAssignmentResponse,
)
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
    encode_json,
)


def build_request(
    tenant_id: str,
    object_id: str,
    *,
    body: TeamsExtensionAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> HttpRequestParts:
    """The request of create_or_update_teams_extension_assignment: Create or replace a Teams Phone Extension access assignment."""

    headers: dict[str, str] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    content: bytes | None = None
    json_body = body.to_dict()
    content = encode_json(json_body)
    if content is not None:
        headers["content-type"] = "application/json"

    return HttpRequestParts(
        method="PUT",
        path="/access/teamsExtension/tenants/{tenant_id}/assignments/{object_id}".format(
            tenant_id=quote(str(tenant_id), safe=""),
            object_id=quote(str(object_id), safe=""),
        ),
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(
    status_code: int, content: bytes
) -> TeamsExtensionAssignmentResponse:
    """The body of a success response (200, 201); UnexpectedStatus for any other status."""
    if status_code == 200:
        response_200 = TeamsExtensionAssignmentResponse.from_dict(decode_json(content))

        return response_200

    if status_code == 201:
        response_201 = TeamsExtensionAssignmentResponse.from_dict(decode_json(content))

        return response_201

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
