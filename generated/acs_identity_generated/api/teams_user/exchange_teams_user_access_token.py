from http import HTTPStatus
from typing import Any

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.communication_identity_access_token import (
    CommunicationIdentityAccessToken,
)
from ...models.teams_user_exchange_token_request import TeamsUserExchangeTokenRequest
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: TeamsUserExchangeTokenRequest,
    api_version: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/teamsUser/:exchangeAccessToken",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommunicationErrorResponse | CommunicationIdentityAccessToken:
    if response.status_code == 200:
        response_200 = CommunicationIdentityAccessToken.from_dict(response.json())

        return response_200

    response_default = CommunicationErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessToken]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TeamsUserExchangeTokenRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessToken]:
    """Exchange an Entra ID access token of a Teams user for a new Communication Identity access token.

    Args:
        api_version (str):
        body (TeamsUserExchangeTokenRequest): Request to exchange the Entra ID access token of a
            Teams user.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentityAccessToken]
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
    body: TeamsUserExchangeTokenRequest,
    api_version: str,
) -> CommunicationErrorResponse | CommunicationIdentityAccessToken | None:
    """Exchange an Entra ID access token of a Teams user for a new Communication Identity access token.

    Args:
        api_version (str):
        body (TeamsUserExchangeTokenRequest): Request to exchange the Entra ID access token of a
            Teams user.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | CommunicationIdentityAccessToken
    """

    return sync_detailed(
        client=client,
        body=body,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TeamsUserExchangeTokenRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | CommunicationIdentityAccessToken]:
    """Exchange an Entra ID access token of a Teams user for a new Communication Identity access token.

    Args:
        api_version (str):
        body (TeamsUserExchangeTokenRequest): Request to exchange the Entra ID access token of a
            Teams user.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentityAccessToken]
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
    body: TeamsUserExchangeTokenRequest,
    api_version: str,
) -> CommunicationErrorResponse | CommunicationIdentityAccessToken | None:
    """Exchange an Entra ID access token of a Teams user for a new Communication Identity access token.

    Args:
        api_version (str):
        body (TeamsUserExchangeTokenRequest): Request to exchange the Entra ID access token of a
            Teams user.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | CommunicationIdentityAccessToken
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            api_version=api_version,
        )
    ).parsed
