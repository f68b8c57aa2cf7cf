from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.entra_assignment import EntraAssignment
from ...models.entra_assignment_create_or_update_request import (
    EntraAssignmentCreateOrUpdateRequest,
)
from ...types import UNSET, Response


def _get_kwargs(
    object_id: str,
    *,
    body: EntraAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/access/entra/assignments/{object_id}".format(
            object_id=quote(str(object_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CommunicationErrorResponse | EntraAssignment:
    if response.status_code == 200:
        response_200 = EntraAssignment.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = EntraAssignment.from_dict(response.json())

        return response_201

    response_default = CommunicationErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommunicationErrorResponse | EntraAssignment]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EntraAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | EntraAssignment]:
    """Create or replace an Entra ID access assignment (2025-03-02-preview).

    Args:
        object_id (str):
        api_version (str):
        body (EntraAssignmentCreateOrUpdateRequest): Request to create or replace an Entra ID
            access assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | EntraAssignment]
    """

    kwargs = _get_kwargs(
        object_id=object_id,
        body=body,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EntraAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> CommunicationErrorResponse | EntraAssignment | None:
    """Create or replace an Entra ID access assignment (2025-03-02-preview).

    Args:
        object_id (str):
        api_version (str):
        body (EntraAssignmentCreateOrUpdateRequest): Request to create or replace an Entra ID
            access assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | EntraAssignment
    """

    return sync_detailed(
        object_id=object_id,
        client=client,
        body=body,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EntraAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | EntraAssignment]:
    """Create or replace an Entra ID access assignment (2025-03-02-preview).

    Args:
        object_id (str):
        api_version (str):
        body (EntraAssignmentCreateOrUpdateRequest): Request to create or replace an Entra ID
            access assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | EntraAssignment]
    """

    kwargs = _get_kwargs(
        object_id=object_id,
        body=body,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: EntraAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> CommunicationErrorResponse | EntraAssignment | None:
    """Create or replace an Entra ID access assignment (2025-03-02-preview).

    Args:
        object_id (str):
        api_version (str):
        body (EntraAssignmentCreateOrUpdateRequest): Request to create or replace an Entra ID
            access assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | EntraAssignment
    """

    return (
        await asyncio_detailed(
            object_id=object_id,
            client=client,
            body=body,
            api_version=api_version,
        )
    ).parsed
