from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.teams_extension_assignment_create_or_update_request import (
    TeamsExtensionAssignmentCreateOrUpdateRequest,
)
from ...models.teams_extension_assignment_response import (
    TeamsExtensionAssignmentResponse,
)
from ...types import UNSET, Response


def _get_kwargs(
    tenant_id: str,
    object_id: str,
    *,
    body: TeamsExtensionAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/access/teamsExtension/tenants/{tenant_id}/assignments/{object_id}".format(
            tenant_id=quote(str(tenant_id), safe=""),
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
) -> CommunicationErrorResponse | TeamsExtensionAssignmentResponse:
    if response.status_code == 200:
        response_200 = TeamsExtensionAssignmentResponse.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = TeamsExtensionAssignmentResponse.from_dict(response.json())

        return response_201

    response_default = CommunicationErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CommunicationErrorResponse | TeamsExtensionAssignmentResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: str,
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TeamsExtensionAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | TeamsExtensionAssignmentResponse]:
    """Create or replace a Teams Phone Extension access assignment.

    Args:
        tenant_id (str):
        object_id (str):
        api_version (str):
        body (TeamsExtensionAssignmentCreateOrUpdateRequest): Request to create or replace a Teams
            Phone Extension assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | TeamsExtensionAssignmentResponse]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        object_id=object_id,
        body=body,
        api_version=api_version,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    tenant_id: str,
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TeamsExtensionAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> CommunicationErrorResponse | TeamsExtensionAssignmentResponse | None:
    """Create or replace a Teams Phone Extension access assignment.

    Args:
        tenant_id (str):
        object_id (str):
        api_version (str):
        body (TeamsExtensionAssignmentCreateOrUpdateRequest): Request to create or replace a Teams
            Phone Extension assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | TeamsExtensionAssignmentResponse
    """

    return sync_detailed(
        tenant_id=tenant_id,
        object_id=object_id,
        client=client,
        body=body,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    tenant_id: str,
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TeamsExtensionAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> Response[CommunicationErrorResponse | TeamsExtensionAssignmentResponse]:
    """Create or replace a Teams Phone Extension access assignment.

    Args:
        tenant_id (str):
        object_id (str):
        api_version (str):
        body (TeamsExtensionAssignmentCreateOrUpdateRequest): Request to create or replace a Teams
            Phone Extension assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CommunicationErrorResponse | TeamsExtensionAssignmentResponse]
    """

    kwargs = _get_kwargs(
        tenant_id=tenant_id,
        object_id=object_id,
        body=body,
        api_version=api_version,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    tenant_id: str,
    object_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: TeamsExtensionAssignmentCreateOrUpdateRequest,
    api_version: str,
) -> CommunicationErrorResponse | TeamsExtensionAssignmentResponse | None:
    """Create or replace a Teams Phone Extension access assignment.

    Args:
        tenant_id (str):
        object_id (str):
        api_version (str):
        body (TeamsExtensionAssignmentCreateOrUpdateRequest): Request to create or replace a Teams
            Phone Extension assignment.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CommunicationErrorResponse | TeamsExtensionAssignmentResponse
    """

    return (
        await asyncio_detailed(
            tenant_id=tenant_id,
            object_id=object_id,
            client=client,
            body=body,
            api_version=api_version,
        )
    ).parsed
