from typing import Any

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.entra_assignments_response import EntraAssignmentsResponse
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
)


def build_request(
    *,
    api_version: str,
) -> HttpRequestParts:
    """The request of list_entra_assignments: List the Entra ID access assignments, a page at a time (2025-03-02-preview)."""

    headers: dict[str, str] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    content: bytes | None = None

    return HttpRequestParts(
        method="GET",
        path="/access/entra/assignments",
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(status_code: int, content: bytes) -> EntraAssignmentsResponse:
    """The body of a success response (200); UnexpectedStatus for any other status."""
    if status_code == 200:
        response_200 = EntraAssignmentsResponse.from_dict(decode_json(content))

        return response_200

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
