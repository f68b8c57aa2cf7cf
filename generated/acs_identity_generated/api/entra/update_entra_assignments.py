from http import HTTPStatus
from typing import Any, cast

import httpx

from ...client import AuthenticatedClient, Client
from ...models.communication_error_response import CommunicationErrorResponse
from ...models.entra_assignment_update_bulk_request import (
    EntraAssignmentUpdateBulkRequest,
)
from ...models.entra_assignments_response import EntraAssignmentsResponse
from ...types import UNSET, Response


def _get_kwargs(
    *,
    body: EntraAssignmentUpdateBulkRequest,
    api_version: str,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["api-version"] = api_version

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/access/entra/assignments",
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/merge-patch+json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | CommunicationErrorResponse | EntraAssignmentsResponse:
    if response.status_code == 200:
        response_200 = EntraAssignmentsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

    response_default = CommunicationErrorResponse.from_dict(response.json())

    return response_default


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | CommunicationErrorResponse | EntraAssignmentsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EntraAssignmentUpdateBulkRequest,
    api_version: str,
) -> Response[Any | CommunicationErrorResponse | EntraAssignmentsResponse]:
    """Add, replace or remove many Entra ID access assignments at once: a JSON merge patch whose keys are
    object ids and whose null values remove (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraAssignmentUpdateBulkRequest): A JSON merge patch of assignments: object id ->
            the assignment to create or replace, or null to remove it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CommunicationErrorResponse | EntraAssignmentsResponse]
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
    body: EntraAssignmentUpdateBulkRequest,
    api_version: str,
) -> Any | CommunicationErrorResponse | EntraAssignmentsResponse | None:
    """Add, replace or remove many Entra ID access assignments at once: a JSON merge patch whose keys are
    object ids and whose null values remove (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraAssignmentUpdateBulkRequest): A JSON merge patch of assignments: object id ->
            the assignment to create or replace, or null to remove it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CommunicationErrorResponse | EntraAssignmentsResponse
    """

    return sync_detailed(
        client=client,
        body=body,
        api_version=api_version,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: EntraAssignmentUpdateBulkRequest,
    api_version: str,
) -> Response[Any | CommunicationErrorResponse | EntraAssignmentsResponse]:
    """Add, replace or remove many Entra ID access assignments at once: a JSON merge patch whose keys are
    object ids and whose null values remove (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraAssignmentUpdateBulkRequest): A JSON merge patch of assignments: object id ->
            the assignment to create or replace, or null to remove it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | CommunicationErrorResponse | EntraAssignmentsResponse]
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
    body: EntraAssignmentUpdateBulkRequest,
    api_version: str,
) -> Any | CommunicationErrorResponse | EntraAssignmentsResponse | None:
    """Add, replace or remove many Entra ID access assignments at once: a JSON merge patch whose keys are
    object ids and whose null values remove (2025-03-02-preview).

    Args:
        api_version (str):
        body (EntraAssignmentUpdateBulkRequest): A JSON merge patch of assignments: object id ->
            the assignment to create or replace, or null to remove it.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | CommunicationErrorResponse | EntraAssignmentsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            api_version=api_version,
        )
    ).parsed
