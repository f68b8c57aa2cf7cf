"""Options shared by many commands, and helpers for calling the service with one-line errors."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Generator
from datetime import timedelta
from typing import Any, TypeVar, cast

import click

from .._capabilities import load_capabilities
from ._connection import ENV_CONNECTION_STRING, ConnectionOptions
from ._durations import format_duration
from ._errors import CliError, UsageError, describe
from ._output import OUTPUT_FORMATS
from ._settings import CONTEXT_SETTINGS, debug_option

F = TypeVar("F", bound=Callable[..., Any])

__all__ = [
    "CONTEXT_SETTINGS",
    "connection_options",
    "debug_option",
    "output_option",
    "read_secret_argument",
    "service_call",
    "split_scopes",
]


def api_version_help() -> str:
    """--api-version's help, from the capability record: the default, and which versions are previews."""
    capabilities = load_capabilities()
    previews = ", ".join(capabilities.preview_versions)
    marked = f"; preview: {previews}" if previews else ""
    return f"Service api-version (default: {capabilities.default}{marked})."


def expiry_help() -> str:
    """--expires-in's help, from the capability record (the default api-version's limits)."""
    capabilities = load_capabilities()
    limits = capabilities.versions[capabilities.default].expires_in_minutes
    if limits is None:
        return "Token lifetime, e.g. 1h, 90m, 24h, 3600s (default: the service's)."
    low, high, default = (
        format_duration(timedelta(minutes=m)) for m in (limits.minimum, limits.maximum, limits.default)
    )
    return f"Token lifetime between {low} and {high}, e.g. 1h, 90m, 24h, 3600s (default: the service's, {default})."


def principal_type_option(kind: str, default: str) -> Callable[[F], F]:
    """--principal-type for an assignment kind ("teams_extension", "entra"): the record's known values are
    listed and completed; as in the client (an open set), another value is sent as given."""
    known = load_capabilities().principal_types(kind)

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[str]:
        return [value for value in known if value.startswith(incomplete)]

    return click.option(
        "--principal-type",
        default=default,
        show_default=True,
        metavar="TYPE",
        shell_complete=complete,
        help=f"What the object id names: {', '.join(known)} (another value is sent as given).",
    )


def output_option(f: F) -> F:
    return click.option(
        "--output",
        "-o",
        type=click.Choice(OUTPUT_FORMATS),
        default="json",
        show_default=True,
        help="json for scripts, table for people.",
    )(f)


def connection_options(f: F) -> F:
    """Adds the connection flags and passes them to the command as one `connection: ConnectionOptions`."""

    @functools.wraps(f)
    def wrapper(
        *args: Any,
        connection_string: str | None,
        endpoint: str | None,
        emulator: bool,
        api_version: str | None,
        ca_cert: str | None,
        **kwargs: Any,
    ) -> Any:
        options = ConnectionOptions(connection_string, endpoint, emulator, api_version, ca_cert)
        return f(*args, connection=options, **kwargs)

    versions = sorted(load_capabilities().versions)
    decorators = [
        click.option(
            "--connection-string",
            metavar="TEXT",
            help=f"endpoint=https://...;accesskey=... (default: ${ENV_CONNECTION_STRING}).",
        ),
        click.option(
            "--endpoint",
            metavar="URL",
            help="Resource endpoint; signs in with Entra ID (DefaultAzureCredential, needs azure-identity).",
        ),
        click.option(
            "--emulator", is_flag=True, help="Start the embedded emulator for this command and use it."
        ),
        click.option(
            "--api-version",
            type=click.Choice(versions),
            default=None,
            help=api_version_help(),
        ),
        click.option(
            "--ca-cert",
            metavar="PATH",
            help="PEM CA bundle to trust (https emulator or self-signed endpoint).",
        ),
    ]
    decorated: Any = wrapper
    for decorator in reversed(decorators):
        decorated = decorator(decorated)
    return cast(F, decorated)


@contextlib.contextmanager
def service_call(subject: str | None = None) -> Generator[None, None, None]:
    """Turn whatever the client raises into one secret-free CliError line (the cause is kept for --debug)."""
    try:
        yield
    except CliError:
        raise
    except Exception as error:
        raise CliError(describe(error, subject=subject)) from error


def scope_help() -> str:
    """--scope's help, from the capability record (the default api-version's scopes)."""
    capabilities = load_capabilities()
    known = ", ".join(capabilities.versions[capabilities.default].scopes)
    return (
        f"Token scopes ({known} in api-version {capabilities.default}); repeat or comma-separate. "
        "A scope no api-version knows is sent as given, for the service to judge."
    )


def split_scopes(values: tuple[str, ...], api_version: str) -> list[str]:
    """--scope may repeat and/or hold comma-separated names, checked by the client's own scope rule."""
    from .._operations import check_scopes  # at call time: --help need not import the client

    scopes = list(dict.fromkeys(s.strip() for value in values for s in value.split(",") if s.strip()))
    if not scopes:
        raise UsageError("--scope: give at least one scope (e.g. --scope chat,voip)")
    allowed = frozenset(load_capabilities().versions[api_version].scopes)
    try:
        return check_scopes(scopes, allowed, api_version)
    except ValueError as error:
        raise UsageError(f"--scope: {error}") from None


def check_custom_id(value: str, where: str) -> str:
    """The client's own custom-id rule, as a usage error naming where the value came from."""
    from .._operations import (
        check_custom_id as client_rule,  # at call time: --help need not import the client
    )

    try:
        return client_rule(value)
    except ValueError as error:
        raise UsageError(f"{where}: {error}") from None


def read_secret_argument(value: str, what: str) -> str:
    """'-' reads the value from stdin, which keeps tokens out of shell history and process lists."""
    if value == "-":
        value = sys.stdin.readline().strip()
    if not value:
        raise UsageError(f"{what} is empty")
    return value
