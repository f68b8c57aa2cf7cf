from typing import Any
from urllib.parse import quote

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.entra_assignment import EntraAssignment
from ...models.entra_assignment_create_or_update_request import (
    EntraAssignmentCreateOrUpdateRequest,
)
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
    encode_json,
)


def build_request(
    object_id: str,
    *,
    body: EntraAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> HttpRequestParts:
    """The request of create_or_update_entra_assignment: Create or replace an Entra ID access assignment (2025-03-02-preview)."""

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
        path="/access/entra/assignments/{object_id}".format(
            object_id=quote(str(object_id), safe=""),
        ),
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(status_code: int, content: bytes) -> EntraAssignment:
    """The body of a success response (200, 201); UnexpectedStatus for any other status."""
    if status_code == 200:
        response_200 = EntraAssignment.from_dict(decode_json(content))

        return response_200

    if status_code == 201:
        response_201 = EntraAssignment.from_dict(decode_json(content))

        return response_201

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
