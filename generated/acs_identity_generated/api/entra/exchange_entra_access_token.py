from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.communication_identity_access_token_result import (
    CommunicationIdentityAccessTokenResult,
)
from ...models.entra_exchange_token_request import EntraExchangeTokenRequest
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: EntraExchangeTokenRequest,
    api_version: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/access/entra/:exchangeAccessToken",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommunicationErrorResponse | CommunicationIdentityAccessTokenResult:
    if response.status_code == 200:
        response_200 = CommunicationIdentityAccessTokenResult.from_dict(response.json())

        return response_200

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
    body: EntraExchangeTokenRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]:
    """Exchange an Entra ID token, sent as the bearer token, for an ACS identity and access token
    (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraExchangeTokenRequest): Request to exchange an Entra ID token (the token travels
            as the bearer).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]
    """

    kwargs = _get_kwargs(
        body=body,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: EntraExchangeTokenRequest,
    api_version: str,
) -> CommunicationErrorResponse | CommunicationIdentityAccessTokenResult | None:
    """Exchange an Entra ID token, sent as the bearer token, for an ACS identity and access token
    (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraExchangeTokenRequest): Request to exchange an Entra ID token (the token travels
            as the bearer).

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
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EntraExchangeTokenRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]:
    """Exchange an Entra ID token, sent as the bearer token, for an ACS identity and access token
    (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraExchangeTokenRequest): Request to exchange an Entra ID token (the token travels
            as the bearer).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentityAccessTokenResult]
    """

    kwargs = _get_kwargs(
        body=body,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: EntraExchangeTokenRequest,
    api_version: str,
) -> CommunicationErrorResponse | CommunicationIdentityAccessTokenResult | None:
    """Exchange an Entra ID token, sent as the bearer token, for an ACS identity and access token
    (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraExchangeTokenRequest): Request to exchange an Entra ID token (the token travels
            as the bearer).

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
        )
    ).parsed
