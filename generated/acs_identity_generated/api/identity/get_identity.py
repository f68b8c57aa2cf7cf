from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.communication_identity import CommunicationIdentity
from ...types import UNSET, Response


def _get_kwargs(
    id: str,
    *,
    api_version: str,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/identities/{id}".format(
            id=quote(str(id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommunicationErrorResponse | CommunicationIdentity:
    if response.status_code == 200:
        response_200 = CommunicationIdentity.from_dict(response.json())

        return response_200

    response_default = CommunicationErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommunicationErrorResponse | CommunicationIdentity]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Response[CommunicationErrorResponse | CommunicationIdentity]:
    """Get an identity by its id (2025-03-02-preview).

    Args:
        id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentity]
    """

    kwargs = _get_kwargs(
        id=id,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> CommunicationErrorResponse | CommunicationIdentity | None:
    """Get an identity by its id (2025-03-02-preview).

    Args:
        id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | CommunicationIdentity
    """

    return sync_detailed(
        id=id,
        client=client,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> Response[CommunicationErrorResponse | CommunicationIdentity]:
    """Get an identity by its id (2025-03-02-preview).

    Args:
        id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | CommunicationIdentity]
    """

    kwargs = _get_kwargs(
        id=id,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient | Client,
    api_version: str,
) -> CommunicationErrorResponse | CommunicationIdentity | None:
    """Get an identity by its id (2025-03-02-preview).

    Args:
        id (str):
        api_version (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | CommunicationIdentity
    """

    return (
        await asyncio_detailed(
            id=id,
            client=client,
            api_version=api_version,
        )
    ).parsed
