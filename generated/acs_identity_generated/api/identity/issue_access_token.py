from typing import Any
from urllib.parse import quote

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.communication_identity_access_token import (
    CommunicationIdentityAccessToken,
)
from ...models.communication_identity_access_token_request import (
    CommunicationIdentityAccessTokenRequest,
)
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    decode_json,
    encode_json,
)


def build_request(
    id: str,
    *,
    body: CommunicationIdentityAccessTokenRequest,
    api_version: str,
) -> HttpRequestParts:
    """The request of issue_access_token: Issue a new token for an identity."""

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
        method="POST",
        path="/identities/{id}/:issueAccessToken".format(
            id=quote(str(id), safe=""),
        ),
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(
    status_code: int, content: bytes
) -> CommunicationIdentityAccessToken:
    """The body of a success response (200); UnexpectedStatus for any other status."""
    if status_code == 200:
        response_200 = CommunicationIdentityAccessToken.from_dict(decode_json(content))

        return response_200

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
