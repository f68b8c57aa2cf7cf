from typing import Any

from ...models.communication_error_response import CommunicationErrorResponse
from ...models.communication_identity_access_token_result import (
    CommunicationIdentityAccessTokenResult,
)
from ...models.communication_identity_create_request import (
    CommunicationIdentityCreateRequest,
)
from ...types import (
    UNSET,
    HttpRequestParts,
    UnexpectedStatus,
    Unset,
    decode_json,
    encode_json,
)


def build_request(
    *,
    body: CommunicationIdentityCreateRequest | Unset = UNSET,
    api_version: str,
    repeatability_request_id: str | Unset = UNSET,
    repeatability_first_sent: str | Unset = UNSET,
) -> HttpRequestParts:
    """The request of create_identity: Create a new identity, and optionally, an access token. With a customId (2025-03-02-preview), a repeated call returns the identity created first for it."""

    headers: dict[str, str] = {}
    if not isinstance(repeatability_request_id, Unset):
        headers["Repeatability-Request-ID"] = str(repeatability_request_id)
    if not isinstance(repeatability_first_sent, Unset):
        headers["Repeatability-First-Sent"] = str(repeatability_first_sent)

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    content: bytes | None = None
    json_body: dict[str, Any] | Unset = UNSET
    if not isinstance(body, Unset):
        json_body = body.to_dict()
    if not isinstance(json_body, Unset):
        content = encode_json(json_body)
    if content is not None:
        headers["content-type"] = "application/json"

    return HttpRequestParts(
        method="POST",
        path="/identities",
        params=params,
        headers=headers,
        content=content,
    )


def parse_response(
    status_code: int, content: bytes
) -> CommunicationIdentityAccessTokenResult:
    """The body of a success response (201); UnexpectedStatus for any other status."""
    if status_code == 201:
        response_201 = CommunicationIdentityAccessTokenResult.from_dict(
            decode_json(content)
        )

        return response_201

    raise UnexpectedStatus(status_code, content)


def parse_error(status_code: int, content: bytes) -> CommunicationErrorResponse:
    """The body of an error response (the status is not one parse_response accepts)."""
    response_default = CommunicationErrorResponse.from_dict(decode_json(content))

    return response_default
