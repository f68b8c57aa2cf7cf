"""`entra` commands: Entra ID assignments (list/get/set/delete/bulk-update) and the Entra ID token exchange
(api-version 2025-03-02-preview), in the style of the `teams-extension` ones."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, cast

import click

from .._enums import EntraPrincipalType
from ._cmd_identity import require_version, token_fields
from ._connection import ConnectionOptions, open_connection, sync_client
from ._errors import SECRETS, UsageError
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


def entra_assignment_fields(assignment: Any) -> dict[str, Any]:
    principal = assignment.principal_type
    return {
        "objectId": assignment.object_id,
        "tenantId": assignment.tenant_id,
        "principalType": str(getattr(principal, "value", principal)),
        "clientIds": list(assignment.client_ids),
    }


def _client_ids(values: tuple[str, ...]) -> list[str]:
    return [c.strip() for value in values for c in value.split(",") if c.strip()]


def _needs(connection: ConnectionOptions, operation: str, what: str) -> None:
    require_version(connection.api_version, what, lambda c: c.supports(operation))


def _object_option(f: Any) -> Any:
    return click.option("--object", "object_id", required=True, metavar="OBJECT_ID", help="Entra object id.")(
        f
    )


@click.group("entra", context_settings=CONTEXT_SETTINGS)
def entra_group() -> None:
    """Entra ID users: access assignments and token exchange (api-version 2025-03-02-preview)."""


@entra_group.group("assignment", context_settings=CONTEXT_SETTINGS)
def entra_assignment_group() -> None:
    """Which Entra ID users, groups or tenants may exchange their tokens here, from which client apps."""


@entra_assignment_group.command("list", context_settings=CONTEXT_SETTINGS)
@connection_options
@output_option
@debug_option
def entra_assignment_list(connection: ConnectionOptions, output: str) -> None:
    """List every assignment (all pages)."""
    _needs(connection, "list_entra_assignments", "entra assignment list")
    with open_connection(connection) as conn, service_call(), sync_client(conn) as client:
        rows = [entra_assignment_fields(a) for a in client.list_entra_assignments()]
    emit(rows, output)


@entra_assignment_group.command("get", context_settings=CONTEXT_SETTINGS)
@_object_option
@connection_options
@output_option
@debug_option
def entra_assignment_get(object_id: str, connection: ConnectionOptions, output: str) -> None:
    """Show an assignment."""
    _needs(connection, "get_entra_assignment", "entra assignment get")
    with (
        open_connection(connection) as conn,
        service_call(f"assignment {object_id}"),
        sync_client(conn) as client,
    ):
        assignment = client.get_entra_assignment(object_id)
    emit(entra_assignment_fields(assignment), output)


@entra_assignment_group.command("set", context_settings=CONTEXT_SETTINGS)
@_object_option
@click.option("--tenant", "tenant_id", required=True, metavar="TENANT_ID", help="Entra tenant id.")
@principal_type_option("entra", default=EntraPrincipalType.USER.value)
@click.option(
    "--client-id",
    "client_ids",
    multiple=True,
    required=True,
    metavar="APP_ID",
    help="Allowed client app; repeat or comma-separate.",
)
@connection_options
@output_option
@debug_option
def entra_assignment_set(
    object_id: str,
    tenant_id: str,
    principal_type: str,
    client_ids: tuple[str, ...],
    connection: ConnectionOptions,
    output: str,
) -> None:
    """Create or replace an assignment."""
    ids = _client_ids(client_ids)
    if not ids:
        raise UsageError("--client-id: give at least one client app id")
    _needs(connection, "create_or_update_entra_assignment", "entra assignment set")
    with (
        open_connection(connection) as conn,
        service_call(f"assignment {object_id}"),
        sync_client(conn) as client,
    ):
        assignment = client.create_or_update_entra_assignment(object_id, tenant_id, principal_type, ids)
    emit(entra_assignment_fields(assignment), output)


@entra_assignment_group.command("delete", context_settings=CONTEXT_SETTINGS)
@_object_option
@connection_options
@output_option
@debug_option
def entra_assignment_delete(object_id: str, connection: ConnectionOptions, output: str) -> None:
    """Delete an assignment."""
    _needs(connection, "delete_entra_assignment", "entra assignment delete")
    with (
        open_connection(connection) as conn,
        service_call(f"assignment {object_id}"),
        sync_client(conn) as client,
    ):
        client.delete_entra_assignment(object_id)
    emit({"objectId": object_id, "deleted": True}, output)


def read_bulk_file(path: str) -> dict[str, Any]:
    """The bulk-update document: a JSON object of object id -> assignment fields, or null to delete."""
    from .._models import EntraAssignment

    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text("utf-8")
    except OSError as error:
        raise UsageError(f"--file: cannot read {path}: {error.strerror}") from None
    try:
        document: object = json.loads(text)
    except json.JSONDecodeError as error:
        raise UsageError(f"--file: not JSON ({error.msg}, line {error.lineno})") from None
    if not isinstance(document, dict) or not document:
        raise UsageError('--file: expected a non-empty JSON object {"<objectId>": {...} or null, ...}')
    changes: dict[str, Any] = {}
    for object_id, value in cast("dict[str, object]", document).items():
        if value is None:
            changes[object_id] = None
            continue
        if not isinstance(value, dict):
            raise UsageError(f"--file: {object_id}: expected an object or null")
        fields = cast("dict[str, object]", value)
        tenant, principal, ids = fields.get("tenantId"), fields.get("principalType"), fields.get("clientIds")
        if not isinstance(tenant, str) or not isinstance(principal, str) or not isinstance(ids, list):
            raise UsageError(
                f"--file: {object_id}: needs tenantId (string), principalType (string) and clientIds (list)"
            )
        client_ids = tuple(str(i) for i in cast("list[object]", ids))
        changes[object_id] = EntraAssignment(object_id, tenant, principal, client_ids)
    return changes


@entra_assignment_group.command("bulk-update", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--file",
    "path",
    required=True,
    metavar="PATH",
    help='JSON object: {"<objectId>": {"tenantId": ..., "principalType": ..., "clientIds": [...]}, '
    "\"<objectId>\": null} (null deletes; '-' reads stdin).",
)
@connection_options
@output_option
@debug_option
def entra_assignment_bulk_update(path: str, connection: ConnectionOptions, output: str) -> None:
    """Create, replace and delete many assignments in one request; prints the service's answer."""
    changes = read_bulk_file(path)
    _needs(connection, "update_entra_assignments", "entra assignment bulk-update")
    with open_connection(connection) as conn, service_call(), sync_client(conn) as client:
        rows = [entra_assignment_fields(a) for a in client.update_entra_assignments(changes)]
    emit(rows, output)


@entra_group.group("token", context_settings=CONTEXT_SETTINGS)
def entra_token_group() -> None:
    """Entra ID user tokens."""


@entra_token_group.command("exchange", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--entra-token", required=True, metavar="TOKEN", help="The user's Entra ID token ('-' reads stdin)."
)
@connection_options
@output_option
@debug_option
def entra_token_exchange(entra_token: str, connection: ConnectionOptions, output: str) -> None:
    """Exchange an Entra ID user's token for a Communication Services identity and token."""
    entra_token = read_secret_argument(entra_token, "--entra-token")
    SECRETS.add(entra_token)
    _needs(connection, "exchange_entra_access_token", "entra token exchange")
    with open_connection(connection) as conn, service_call(), sync_client(conn) as client:
        identity, token = client.exchange_entra_id_token(entra_token)
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
