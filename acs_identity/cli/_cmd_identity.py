"""`user` and `token` commands (az communication user-identity ... naming)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any, cast

import click

from .._capabilities import VersionCapabilities, load_capabilities
from ._connection import ConnectionOptions, open_connection, resolve_api_version, sync_client
from ._durations import check_expiry, parse_duration
from ._errors import SECRETS, UsageError
from ._jwt import describe_token, jwks_url_for, verify_signature
from ._options import (
    CONTEXT_SETTINGS,
    check_custom_id,
    connection_options,
    debug_option,
    expiry_help,
    output_option,
    read_secret_argument,
    scope_help,
    service_call,
    split_scopes,
)
from ._output import emit, iso_from_epoch


def user_id_of(user: Any) -> str:
    properties: object = getattr(user, "properties", None)
    if isinstance(properties, Mapping):
        user_id = cast("Mapping[str, object]", properties).get("id")
        if user_id:
            return str(user_id)
    return str(user.raw_id)


def token_fields(token: Any) -> dict[str, Any]:
    SECRETS.add(token.token)  # printed on purpose here, but never in an error line
    return {"token": token.token, "expiresOn": iso_from_epoch(token.expires_on)}


def user_identifier(user_id: str) -> Any:
    from .._shared.models import CommunicationUserIdentifier

    if not user_id.strip():
        raise UsageError("--user is empty")
    return CommunicationUserIdentifier(user_id.strip())


def expiry_option(f: Any) -> Any:
    return click.option(
        "--expires-in",
        metavar="DURATION",
        help=expiry_help(),
    )(f)


def resolve_expiry(expires_in: str | None, api_version: str | None) -> timedelta | None:
    if expires_in is None:
        return None
    return check_expiry(parse_duration(expires_in), resolve_api_version(api_version))


def require_version(api_version: str | None, what: str, has: Callable[[VersionCapabilities], bool]) -> str:
    """The api-version to use, refused (exit 2, before connecting) when it lacks what `what` needs."""
    version = resolve_api_version(api_version)
    record = load_capabilities()
    if not has(record.versions[version]):
        raise UsageError(
            f"{what} requires api-version {record.describe_versions_with(has)}; this command uses {version} "
            "(--api-version)"
        )
    return version


def detail_fields(detail: Any) -> dict[str, Any]:
    issued = detail.last_token_issued_at
    return {
        "id": detail.id,
        "customId": detail.custom_id,
        "lastTokenIssuedAt": None if issued is None else issued.isoformat(),
    }


@click.group("user", context_settings=CONTEXT_SETTINGS)
def user_group() -> None:
    """Create, show and delete Communication Services users."""


@user_group.command("create", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--custom-id",
    metavar="TEXT",
    help="Your own id for the user, 1-256 characters (api-version 2025-03-02-preview): creating with an id "
    "the service already holds returns that same user.",
)
@connection_options
@output_option
@debug_option
def user_create(custom_id: str | None, connection: ConnectionOptions, output: str) -> None:
    """Create a user; prints its id."""
    if custom_id is not None:
        check_custom_id(custom_id, "--custom-id")
        require_version(connection.api_version, "--custom-id", lambda c: c.has("custom_id"))
    with open_connection(connection) as conn, service_call(), sync_client(conn) as client:
        user = client.create_user(custom_id=custom_id)
    emit({"id": user_id_of(user)} | ({} if custom_id is None else {"customId": custom_id}), output)


@user_group.command("get", context_settings=CONTEXT_SETTINGS)
@click.option("--user", "user_id", required=True, metavar="ID", help="The user's id (8:acs:...).")
@connection_options
@output_option
@debug_option
def user_get(user_id: str, connection: ConnectionOptions, output: str) -> None:
    """Show a user: its custom id and when it was last issued a token (api-version 2025-03-02-preview)."""
    identifier = user_identifier(user_id)
    require_version(connection.api_version, "user get", lambda c: c.supports("get_identity"))
    with open_connection(connection) as conn, service_call(f"user {user_id}"), sync_client(conn) as client:
        detail = client.get_user_detail(identifier)
    emit(detail_fields(detail), output)


@user_group.command("delete", context_settings=CONTEXT_SETTINGS)
@click.option("--user", "user_id", required=True, metavar="ID", help="The user's id (8:acs:...).")
@connection_options
@output_option
@debug_option
def user_delete(user_id: str, connection: ConnectionOptions, output: str) -> None:
    """Delete a user and revoke all its tokens."""
    identifier = user_identifier(user_id)
    with open_connection(connection) as conn, service_call(f"user {user_id}"), sync_client(conn) as client:
        client.delete_user(identifier)
    emit({"id": user_id, "deleted": True}, output)


@click.group("token", context_settings=CONTEXT_SETTINGS)
def token_group() -> None:
    """Issue, revoke, exchange and inspect access tokens."""


@token_group.command("issue", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    metavar="SCOPE",
    help=scope_help(),
)
@click.option(
    "--user", "user_id", metavar="ID", help="Issue for this user; without it a new user is created."
)
@expiry_option
@connection_options
@output_option
@debug_option
def token_issue(
    scopes: tuple[str, ...],
    user_id: str | None,
    expires_in: str | None,
    connection: ConnectionOptions,
    output: str,
) -> None:
    """Issue an access token (creating the user first when --user is not given)."""
    api_version = resolve_api_version(connection.api_version)
    scope_list = split_scopes(scopes, api_version)
    expiry = resolve_expiry(expires_in, connection.api_version)
    identifier = user_identifier(user_id) if user_id is not None else None
    subject = f"user {user_id}" if user_id else None
    with open_connection(connection) as conn, service_call(subject), sync_client(conn) as client:
        if identifier is None:
            user, token = client.create_user_and_token(scopes=scope_list, token_expires_in=expiry)
        else:
            user, token = identifier, client.get_token(identifier, scopes=scope_list, token_expires_in=expiry)
    emit({"user": {"id": user_id_of(user)}, **token_fields(token)}, output)


@token_group.command("revoke", context_settings=CONTEXT_SETTINGS)
@click.option("--user", "user_id", required=True, metavar="ID", help="The user whose tokens to revoke.")
@connection_options
@output_option
@debug_option
def token_revoke(user_id: str, connection: ConnectionOptions, output: str) -> None:
    """Revoke every token issued to a user."""
    identifier = user_identifier(user_id)
    with open_connection(connection) as conn, service_call(f"user {user_id}"), sync_client(conn) as client:
        client.revoke_tokens(identifier)
    emit({"id": user_id, "revoked": True}, output)


@token_group.command("get-for-teams-user", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--aad-token", required=True, metavar="TOKEN", help="The Teams user's Entra ID token ('-' reads stdin)."
)
@click.option(
    "--client", "client_id", required=True, metavar="APP_ID", help="The Entra ID application (client) id."
)
@click.option(
    "--aad-user", "aad_user", required=True, metavar="OBJECT_ID", help="The Teams user's Entra object id."
)
@connection_options
@output_option
@debug_option
def token_get_for_teams_user(
    aad_token: str, client_id: str, aad_user: str, connection: ConnectionOptions, output: str
) -> None:
    """Exchange a Teams user's Entra ID token for a Communication Services token."""
    aad_token = read_secret_argument(aad_token, "--aad-token")
    SECRETS.add(aad_token)
    with open_connection(connection) as conn, service_call(), sync_client(conn) as client:
        token = client.get_token_for_teams_user(aad_token, client_id, aad_user)
    emit(token_fields(token), output)


@token_group.command("decode", context_settings=CONTEXT_SETTINGS)
@click.argument("token")
@click.option(
    "--verify",
    is_flag=True,
    help="Also check the signature against the issuer's JWKS. Only the signature: an expired or revoked "
    "token can still verify (expiry is shown; revocation only the service knows).",
)
@click.option(
    "--jwks-url", metavar="URL", help="JWKS to verify with (default: <endpoint>/.well-known/jwks.json)."
)
@click.option("--connection-string", metavar="TEXT", help="Derive the JWKS URL from this endpoint.")
@click.option("--endpoint", metavar="URL", help="Derive the JWKS URL from this endpoint.")
@click.option("--ca-cert", metavar="PATH", help="PEM CA bundle to trust when fetching the JWKS.")
@output_option
@debug_option
def token_decode(
    token: str,
    verify: bool,
    jwks_url: str | None,
    connection_string: str | None,
    endpoint: str | None,
    ca_cert: str | None,
    output: str,
) -> None:
    """Show a JWT's header, claims, scopes and lifetime, offline ('-' reads TOKEN from stdin).

    With --verify, also check its signature (only its signature) against the issuer's JWKS.
    """
    token = read_secret_argument(token, "TOKEN")
    SECRETS.add(token)
    result = describe_token(token)
    if verify:
        if jwks_url is None:
            options = ConnectionOptions(connection_string, endpoint, False, None, ca_cert)
            if not options.configured:
                raise UsageError(
                    "--verify needs --jwks-url, or an endpoint (--endpoint, --connection-string or env)"
                )
            with open_connection(options) as conn:
                jwks_url = jwks_url_for(conn.endpoint)
        result["signature"] = {
            "verified": True,
            "keyId": verify_signature(token, jwks_url, verify=ca_cert or True),
            "jwksUrl": jwks_url,
            # A revoked token's signature is still valid: say what was checked, so nobody reads more into it.
            "checked": "signature only; not expiry (see 'expired') and not revocation",
        }
    emit(result, output)
