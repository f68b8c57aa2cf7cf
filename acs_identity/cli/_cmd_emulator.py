"""`emulator`: run the local ACS Identity emulator in the foreground; `emulator mint-token`: an Entra ID test
token from a running one. The flags are built from the emulator's OPTION_SPECS, as are those of
`python -m acs_identity.emulator`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..emulator._options import OPTION_SPECS, EmulatorOptions
from ._connection import ConnectionOptions, open_connection
from ._durations import parse_duration
from ._errors import SECRETS, CliError
from ._options import CONTEXT_SETTINGS, connection_options, debug_option, output_option, service_call
from ._output import emit

_CLICK_TYPES: dict[type, Any] = {int: click.INT, float: click.FLOAT, str: click.STRING}


def _echo(line: str) -> None:
    click.echo(line)  # click.echo flushes, so a supervising process sees each line at once


def _emulator_options(f: Callable[..., Any]) -> Callable[..., Any]:
    for spec in reversed(OPTION_SPECS):
        if spec.kind is bool:
            f = click.option(f"{spec.flag}/{spec.off_flag}", spec.name, default=None, help=spec.help)(f)
        else:
            kind = click.Choice(spec.choices) if spec.choices else _CLICK_TYPES[spec.kind]
            f = click.option(
                spec.flag, spec.name, type=kind, metavar=spec.metavar, multiple=spec.multiple, help=spec.help
            )(f)
    return f


@click.group("emulator", context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@_emulator_options
@debug_option
@click.pass_context
def emulator_command(ctx: click.Context, /, **flags: Any) -> None:
    """Run the ACS Identity emulator until Ctrl+C: HTTPS on localhost:8765 by default (--http for plain).

    Prints the connection string, the CA certificate's path and the environment line (SSL_CERT_FILE,
    REQUESTS_CA_BUNDLE) with which this client and azure-communication-identity connect unchanged.
    """
    if ctx.invoked_subcommand is not None:
        if any(value not in (None, ()) for value in flags.values()):
            raise CliError(
                f"the emulator's flags go with `emulator`, not with `emulator {ctx.invoked_subcommand}`"
            )
        return
    try:
        options = EmulatorOptions.from_flags(flags)
    except ValueError as error:
        raise CliError(str(error)) from None
    try:
        from ..emulator import serve
    except ImportError as error:
        raise CliError(
            f"the emulator needs its extra ({error.name or error}): pip install 'acs-identity[cli]'"
        ) from error
    try:
        serve(options, print_fn=_echo)
    except OSError as error:
        raise CliError(f"cannot serve on {options.host}:{options.port}: {error.strerror or error}") from error
    except KeyboardInterrupt:
        pass  # Ctrl+C is how this command is meant to end


_AUDIENCES = {
    "teams": "https://auth.msft.communication.azure.com",  # a Teams user's token, for `token get-for-teams-user`
    "acs": "https://communication.azure.com",  # a bearer for the API and the Teams Phone Extension exchange
}


@emulator_command.command("mint-token", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--for",
    "purpose",
    type=click.Choice(sorted(_AUDIENCES)),
    default="teams",
    show_default=True,
    help="teams: a Teams user's Entra ID token (token get-for-teams-user); acs: an Entra ID bearer for the "
    "API and the Teams Phone Extension exchange.",
)
@click.option("--oid", metavar="OBJECT_ID", help="The user's object id (default: a new one).")
@click.option("--app-id", metavar="APP_ID", help="The client application id (default: the emulator's).")
@click.option("--tenant-id", metavar="TENANT_ID", help="The tenant (default: the emulator's).")
@click.option("--expires-in", default="1h", show_default=True, help="Lifetime, e.g. 1h, 90m, 3600s.")
@connection_options
@output_option
@debug_option
def mint_token(
    purpose: str,
    oid: str | None,
    app_id: str | None,
    tenant_id: str | None,
    expires_in: str,
    connection: ConnectionOptions,
    output: str,
) -> None:
    """Print an Entra ID test token signed by a running emulator's test issuer, with its oid, appId and
    tenantId (only an emulator can mint them; Azure refuses them)."""
    import httpx

    from .._auth import HmacAuth

    seconds = int(parse_duration(expires_in).total_seconds())
    body: dict[str, Any] = {"audience": _AUDIENCES[purpose], "expiresInSeconds": seconds}
    for name, value in (("oid", oid), ("appId", app_id), ("tenantId", tenant_id)):
        if value is not None:
            body[name] = value
    with open_connection(connection) as conn, service_call("the emulator"):
        if conn.access_key is None:
            raise CliError(
                "mint-token needs the emulator's connection string (its access key), not --endpoint"
            )
        with httpx.Client(verify=conn.verify, auth=HmacAuth(_decode(conn.access_key))) as http:
            response = http.post(f"{conn.endpoint.rstrip('/')}/_emulator/entraTokens/:mint", json=body)
        if response.status_code == 404:
            raise CliError(
                f"{conn.endpoint} is not an acs-identity emulator (only an emulator mints test tokens)"
            )
        if response.status_code != 200:
            raise CliError(f"the emulator refused: HTTP {response.status_code} {response.text[:200]}")
        result = response.json()
    SECRETS.add(result["token"])
    emit(result, output)


def _decode(access_key: str) -> bytes:
    from .._endpoint import decode_access_key

    return decode_access_key(access_key)
