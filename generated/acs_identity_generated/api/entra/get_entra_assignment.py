from typing import Any
from urllib.parse import quote

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.entra_assignment import EntraAssignment
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
)


def build_request(
    object_id: str,
    *,
    api_version: str,
) -> HttpRequestParts:
    """The request of get_entra_assignment: Get an Entra ID access assignment (2025-03-02-preview)."""

    headers: dict[str, str] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    content: bytes | None = None

    return HttpRequestParts(
        method="GET",
        path="/access/entra/assignments/{object_id}".format(
            object_id=quote(str(object_id), safe=""),
        ),
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(status_code: int, content: bytes) -> EntraAssignment:
    """The body of a success response (200); UnexpectedStatus for any other status."""
    if status_code == 200:
        response_200 = EntraAssignment.from_dict(decode_json(content))

        return response_200

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
