"""`teams-extension` commands: assignments (get/set/delete) and the Teams Phone Extension token exchange."""

from __future__ import annotations

from typing import Any

import click

from ._cmd_identity import token_fields
from ._connection import ConnectionOptions, open_connection, sync_client
from ._errors import SECRETS
from ._options import (
    CONTEXT_SETTINGS,
    connection_options,
    debug_option,
    output_option,
    principal_type_option,
    read_secret_argument,
    service_call,
)
from ._output import emit


def assignment_fields(assignment: Any) -> dict[str, Any]:
    principal = getattr(assignment, "principal_type", None)
    principal = getattr(principal, "value", principal)
    client_ids = getattr(assignment, "client_ids", None)
    return {
        "tenantId": assignment.tenant_id,
        "objectId": assignment.object_id,
        "principalType": None if principal is None else str(principal),
        "clientIds": None if client_ids is None else list(client_ids),
    }


def _target_options(f: Any) -> Any:
    f = click.option("--object", "object_id", required=True, metavar="OBJECT_ID", help="Entra object id.")(f)
    return click.option("--tenant", "tenant_id", required=True, metavar="TENANT_ID", help="Entra tenant id.")(
        f
    )


@click.group("teams-extension", context_settings=CONTEXT_SETTINGS)
def teams_extension_group() -> None:
    """Teams Phone Extension: access assignments and token exchange."""


@teams_extension_group.group("assignment", context_settings=CONTEXT_SETTINGS)
def assignment_group() -> None:
    """Who (a user or resource account) may use this resource, from which client apps."""


@assignment_group.command("get", context_settings=CONTEXT_SETTINGS)
@_target_options
@connection_options
@output_option
@debug_option
def assignment_get(tenant_id: str, object_id: str, connection: ConnectionOptions, output: str) -> None:
    """Show an assignment."""
    subject = f"assignment {tenant_id}/{object_id}"
    with open_connection(connection) as conn, service_call(subject), sync_client(conn) as client:
        assignment = client.get_teams_extension_assignment(tenant_id, object_id)
    emit(assignment_fields(assignment), output)


@assignment_group.command("set", context_settings=CONTEXT_SETTINGS)
@_target_options
@principal_type_option("teams_extension", default="user")
@click.option(
    "--client-id", "client_ids", multiple=True, metavar="APP_ID", help="Allowed client app; repeatable."
)
@connection_options
@output_option
@debug_option
def assignment_set(
    tenant_id: str,
    object_id: str,
    principal_type: str,
    client_ids: tuple[str, ...],
    connection: ConnectionOptions,
    output: str,
) -> None:
    """Create or update an assignment."""
    subject = f"assignment {tenant_id}/{object_id}"
    ids = [c.strip() for value in client_ids for c in value.split(",") if c.strip()] or None
    with open_connection(connection) as conn, service_call(subject), sync_client(conn) as client:
        assignment = client.create_or_update_teams_extension_assignment(
            tenant_id, object_id, principal_type=principal_type, client_ids=ids
        )
    emit(assignment_fields(assignment), output)


@assignment_group.command("delete", context_settings=CONTEXT_SETTINGS)
@_target_options
@connection_options
@output_option
@debug_option
def assignment_delete(tenant_id: str, object_id: str, connection: ConnectionOptions, output: str) -> None:
    """Delete an assignment."""
    subject = f"assignment {tenant_id}/{object_id}"
    with open_connection(connection) as conn, service_call(subject), sync_client(conn) as client:
        client.delete_teams_extension_assignment(tenant_id, object_id)
    emit({"tenantId": tenant_id, "objectId": object_id, "deleted": True}, output)


@teams_extension_group.group("token", context_settings=CONTEXT_SETTINGS)
def extension_token_group() -> None:
    """Teams Phone Extension tokens."""


@extension_token_group.command("exchange", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--entra-token",
    required=True,
    metavar="TOKEN",
    help="The extension user's Entra ID token ('-' reads stdin).",
)
@connection_options
@output_option
@debug_option
def extension_token_exchange(entra_token: str, connection: ConnectionOptions, output: str) -> None:
    """Exchange a Teams Phone Extension user's Entra ID token for a Communication Services token."""
    entra_token = read_secret_argument(entra_token, "--entra-token")
    SECRETS.add(entra_token)
    with open_connection(connection) as conn, service_call(), sync_client(conn) as client:
        identity, token = client.exchange_teams_extension_token(entra_token)
    kind = getattr(identity, "kind", None)
    emit(
        {
            "identity": {
                "rawId": identity.raw_id,
                "kind": None if kind is None else str(getattr(kind, "value", kind)),
            }
        }
        | token_fields(token),
        output,
    )
