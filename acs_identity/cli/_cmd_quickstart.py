"""`quickstart`: a guided tour of every operation, on the embedded emulator unless a connection is configured."""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from typing import Any

import click

from .._capabilities import load_capabilities
from ._cmd_identity import user_id_of
from ._connection import Connection, ConnectionOptions, open_connection, sync_client
from ._durations import format_duration
from ._errors import SECRETS, CliError
from ._options import CONTEXT_SETTINGS, connection_options, debug_option, service_call
from ._output import redact_token


def _token_text(token: Any) -> str:
    SECRETS.add(token.token)
    left = format_duration(timedelta(seconds=max(0, int(token.expires_on - time.time()))))
    return f"{redact_token(token.token)} (expires in {left})"


class _Steps:
    def __init__(self) -> None:
        self.number = 0

    def say(self, text: str) -> None:
        self.number += 1
        click.echo(f"{self.number}. {text}")


@click.command("quickstart", context_settings=CONTEXT_SETTINGS)
@connection_options
@debug_option
def quickstart_command(connection: ConnectionOptions) -> None:
    """Create a user, issue tokens, revoke, delete and exchange a Teams token: one line per step.

    Runs on a private embedded emulator unless a connection is configured (flag or environment).
    Tokens are shown shortened, never in full.
    """
    with open_connection(connection, default_to_emulator=True) as conn:
        click.echo(
            f"quickstart against {conn.endpoint.rstrip('/')} ({conn.source}, api-version {conn.api_version})"
        )
        _tour(conn)
    click.echo("quickstart OK")


def _tour(conn: Connection) -> None:
    capabilities = load_capabilities().versions[conn.api_version]
    steps = _Steps()
    with service_call(), sync_client(conn) as client:
        user = client.create_user()
        steps.say(f"created user {user_id_of(user)}")

        token = client.get_token(user, scopes=["chat", "voip"])
        steps.say(f"issued a chat+voip token {_token_text(token)}")

        if capabilities.expires_in_minutes is not None:
            short = client.get_token(user, scopes=["chat"], token_expires_in=timedelta(hours=1))
            steps.say(f"issued a chat token with a 1-hour lifetime {_token_text(short)}")
        else:
            steps.say(f"skipped the 1-hour token: api-version {conn.api_version} has no custom expiry")

        second, second_token = client.create_user_and_token(scopes=["voip"])
        steps.say(
            f"created user {user_id_of(second)} and its voip token in one request {_token_text(second_token)}"
        )

        client.revoke_tokens(user)
        check = ""
        if conn.emulator is not None:
            if conn.emulator.is_token_valid(token.token):
                raise CliError("the emulator still accepts a revoked token")
            check = "; the emulator now rejects its earlier tokens"
        steps.say(f"revoked the tokens of {user_id_of(user)}{check}")

        client.delete_user(user)
        client.delete_user(second)
        steps.say(f"deleted users {user_id_of(user)} and {user_id_of(second)}")

        if conn.emulator is None:
            steps.say(
                "skipped the Teams user exchange: it needs a real Entra ID token (see 'token get-for-teams-user')"
            )
        elif not capabilities.supports("exchange_teams_user_access_token"):
            steps.say(f"skipped the Teams user exchange: api-version {conn.api_version} lacks it")
        else:
            oid = str(uuid.uuid4())
            entra = conn.emulator.mint_entra_token(oid=oid)
            SECRETS.add(entra)
            teams_token = client.get_token_for_teams_user(entra, conn.emulator.app_id, oid)
            steps.say(
                f"exchanged a Teams user's Entra ID token (minted by the emulator) for {_token_text(teams_token)}"
            )
