from typing import Any
from urllib.parse import quote

from ...models.communication_error_response import CommunicationErrorResponse
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
)


def build_request(
    id: str,
    *,
    api_version: str,
) -> HttpRequestParts:
    """The request of revoke_access_tokens: Revoke all access tokens for the specific identity."""

    headers: dict[str, str] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    content: bytes | None = None

    return HttpRequestParts(
        method="POST",
        path="/identities/{id}/:revokeAccessTokens".format(
            id=quote(str(id), safe=""),
        ),
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(status_code: int, content: bytes) -> None:
    """The body of a success response (204); UnexpectedStatus for any other status."""
    if status_code == 204:
        return None

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
