from typing import Any

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.entra_assignment_update_bulk_request import (
    EntraAssignmentUpdateBulkRequest,
)
from ...models.entra_assignments_response import EntraAssignmentsResponse
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
    encode_json,
)


def build_request(
    *,
    body: EntraAssignmentUpdateBulkRequest,
    api_version: str,
) -> HttpRequestParts:
    """The request of update_entra_assignments: Add, replace or remove many Entra ID access assignments at once: a JSON merge patch whose keys are object ids and whose null values remove (2025-03-02-preview)."""

    headers: dict[str, str] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    content: bytes | None = None
    json_body = body.to_dict()
    content = encode_json(json_body)
    if content is not None:
        headers["content-type"] = "application/merge-patch+json"

    return HttpRequestParts(
        method="PATCH",
        path="/access/entra/assignments",
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(status_code: int, content: bytes) -> EntraAssignmentsResponse | None:
    """The body of a success response (200, 204); UnexpectedStatus for any other status."""
    if status_code == 200:
        response_200 = EntraAssignmentsResponse.from_dict(decode_json(content))

        return response_200

    if status_code == 204:
        return None

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
