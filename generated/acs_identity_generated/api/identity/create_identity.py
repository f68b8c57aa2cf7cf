from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.communication_identity_access_token_result import (
    CommunicationIdentityAccessTokenResult,
)
from ...models.communication_identity_create_request import (
    CommunicationIdentityCreateRequest,
)
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: CommunicationIdentityCreateRequest | Unset = UNSET,
    api_version: str,
    repeatability_request_id: str | Unset = UNSET,
    repeatability_first_sent: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(repeatability_request_id, Unset):
        headers["Repeatability-Request-ID"] = repeatability_request_id

    if not isinstance(repeatability_first_sent, Unset):
        headers["Repeatability-First-Sent"] = repeatability_first_sent

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/identities",
        "params": params,
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommunicationErrorResponse | CommunicationIdentityAccessTokenResult:
    if response.status_code == 201:
        response_201 = CommunicationIdentityAccessTokenResult.from_dict(response.json())

        return response_201

    response_default = CommunicationErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CommunicationIdentityCreateRequest | Unset = UNSET,
    api_version: str,
    repeatability_request_id: str | Unset = UNSET,
    repeatability_first_sent: str | Unset = UNSET,
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]:
    """Create a new identity, and optionally, an access token. With a customId (2025-03-02-preview), a
    repeated call returns the identity created first for it.

    Args:
        api_version (str):
        repeatability_request_id (str | Unset):
        repeatability_first_sent (str | Unset):
        body (CommunicationIdentityCreateRequest | Unset): Request to create a new identity with
            an optional access token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]
    """

    kwargs = _get_kwargs(
        body=body,
        api_version=api_version,
        repeatability_request_id=repeatability_request_id,
        repeatability_first_sent=repeatability_first_sent,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: CommunicationIdentityCreateRequest | Unset = UNSET,
    api_version: str,
    repeatability_request_id: str | Unset = UNSET,
    repeatability_first_sent: str | Unset = UNSET,
) -> CommunicationErrorResponse | CommunicationIdentityAccessTokenResult | None:
    """Create a new identity, and optionally, an access token. With a customId (2025-03-02-preview), a
    repeated call returns the identity created first for it.

    Args:
        api_version (str):
        repeatability_request_id (str | Unset):
        repeatability_first_sent (str | Unset):
        body (CommunicationIdentityCreateRequest | Unset): Request to create a new identity with
            an optional access token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | CommunicationIdentityAccessTokenResult
    """

    return sync_detailed(
        client=client,
        body=body,
        api_version=api_version,
        repeatability_request_id=repeatability_request_id,
        repeatability_first_sent=repeatability_first_sent,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: CommunicationIdentityCreateRequest | Unset = UNSET,
    api_version: str,
    repeatability_request_id: str | Unset = UNSET,
    repeatability_first_sent: str | Unset = UNSET,
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]:
    """Create a new identity, and optionally, an access token. With a customId (2025-03-02-preview), a
    repeated call returns the identity created first for it.

    Args:
        api_version (str):
        repeatability_request_id (str | Unset):
        repeatability_first_sent (str | Unset):
        body (CommunicationIdentityCreateRequest | Unset): Request to create a new identity with
            an optional access token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]
    """

    kwargs = _get_kwargs(
        body=body,
        api_version=api_version,
        repeatability_request_id=repeatability_request_id,
        repeatability_first_sent=repeatability_first_sent,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: CommunicationIdentityCreateRequest | Unset = UNSET,
    api_version: str,
    repeatability_request_id: str | Unset = UNSET,
    repeatability_first_sent: str | Unset = UNSET,
) -> CommunicationErrorResponse | CommunicationIdentityAccessTokenResult | None:
    """Create a new identity, and optionally, an access token. With a customId (2025-03-02-preview), a
    repeated call returns the identity created first for it.

    Args:
        api_version (str):
        repeatability_request_id (str | Unset):
        repeatability_first_sent (str | Unset):
        body (CommunicationIdentityCreateRequest | Unset): Request to create a new identity with
            an optional access token.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | CommunicationIdentityAccessTokenResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            api_version=api_version,
            repeatability_request_id=repeatability_request_id,
            repeatability_first_sent=repeatability_first_sent,
        )
    ).parsed
