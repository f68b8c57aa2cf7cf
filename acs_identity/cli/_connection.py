"""Where a command connects: connection string, environment, Entra ID, or an embedded emulator."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import _endpoint  # pyright: ignore[reportPrivateUsage]  # the client's own rules
from .._capabilities import load_capabilities
from ._errors import SECRETS, CliError, UsageError

if TYPE_CHECKING:
    import httpx

    from .. import CommunicationIdentityClient as SyncClient
    from ..aio import CommunicationIdentityClient as AsyncClient

ENV_CONNECTION_STRING = "AZURE_COMMUNICATION_CONNECTION_STRING"
_CONNECTION_HELP = (
    f"set --connection-string, or the {ENV_CONNECTION_STRING} environment variable, "
    "or --endpoint (signs in with Entra ID), or pass --emulator"
)


@dataclass(frozen=True)
class ConnectionOptions:
    """What the user typed; resolved lazily so commands that need no service never touch it."""

    connection_string: str | None = None
    endpoint: str | None = None
    emulator: bool = False
    api_version: str | None = None
    ca_cert: str | None = None

    @property
    def configured(self) -> bool:
        """True when the user pointed at a service (flag or environment)."""
        return bool(self.connection_string or self.endpoint or os.environ.get(ENV_CONNECTION_STRING))


@dataclass(frozen=True)
class Connection:
    endpoint: str
    access_key: str | None  # None -> Entra ID
    source: str
    api_version: str
    verify: bool | str
    emulator: Any = None  # acs_identity.emulator.Emulator when embedded

    def client_kwargs(self) -> dict[str, Any]:
        return {"api_version": self.api_version, "connection_verify": self.verify}


def parse_connection_string(value: str) -> tuple[str, str]:
    """(endpoint, access key) by the client's own parsing and checks; errors never echo the value."""
    try:
        endpoint, key = _endpoint.parse_connection_string(value)
    except ValueError as error:
        raise UsageError(str(error)) from None
    SECRETS.add(key)
    try:
        _endpoint.decode_access_key(key)
    except ValueError as error:
        raise UsageError(f"connection string: {error}") from None
    return _check_endpoint(endpoint, "connection string endpoint"), key


def _check_endpoint(endpoint: str, what: str) -> str:
    """The endpoint as the client will use it (https, or http on loopback only), or a UsageError now."""
    try:
        return _endpoint.normalize_endpoint(endpoint)
    except ValueError as error:
        raise UsageError(f"malformed {what}: {error}") from None


def resolve_api_version(requested: str | None) -> str:
    """The api-version to use, checked by the client's own rule; the record's default when none is named."""
    if requested is None:
        return load_capabilities().default
    from .._operations import check_api_version  # at call time: --help need not import the client

    try:
        return check_api_version(requested)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _verify(ca_cert: str | None) -> bool | str:
    if ca_cert is None:
        return True
    if not Path(ca_cert).is_file():
        raise UsageError(f"--ca-cert: no such file: {ca_cert}")
    return ca_cert


def resolve_connection(options: ConnectionOptions, *, default_to_emulator: bool = False) -> Connection | None:
    """The configured connection, or None when an embedded emulator is to be used; raises on misconfiguration.

    Cheap and side-effect free, so commands can validate before they touch files or start anything.
    An explicit flag wins over the environment variable."""
    api_version = resolve_api_version(options.api_version)
    if options.emulator or (default_to_emulator and not options.configured):
        if options.connection_string or options.endpoint:
            raise UsageError("--emulator cannot be combined with --connection-string or --endpoint")
        if options.ca_cert:
            _verify(options.ca_cert)
        return None
    verify = _verify(options.ca_cert)
    env_value = os.environ.get(ENV_CONNECTION_STRING)
    if options.connection_string:
        endpoint, key = parse_connection_string(options.connection_string)
        return Connection(endpoint, key, "--connection-string", api_version, verify)
    if options.endpoint:
        endpoint = _check_endpoint(options.endpoint, "--endpoint")
        return Connection(endpoint, None, "--endpoint with Entra ID", api_version, verify)
    if env_value:
        try:
            endpoint, key = parse_connection_string(env_value)
        except CliError as error:
            raise UsageError(f"{ENV_CONNECTION_STRING}: {error.message}") from None
        return Connection(endpoint, key, ENV_CONNECTION_STRING, api_version, verify)
    raise UsageError(f"no connection configured: {_CONNECTION_HELP}")


@contextlib.contextmanager
def open_connection(
    options: ConnectionOptions, *, default_to_emulator: bool = False
) -> Generator[Connection, None, None]:
    """Resolve the connection, starting an embedded emulator for the duration when asked (or by default)."""
    connection = resolve_connection(options, default_to_emulator=default_to_emulator)
    if connection is not None:
        yield connection
        return
    api_version = resolve_api_version(options.api_version)
    with start_emulator() as emu:
        verify: bool | str = _verify(options.ca_cert) if options.ca_cert else (emu.ca_cert_path or True)
        endpoint, key = parse_connection_string(emu.connection_string)
        yield Connection(endpoint, key, "embedded emulator", api_version, verify, emulator=emu)


@contextlib.contextmanager
def start_emulator(**kwargs: Any) -> Generator[Any, None, None]:
    """Start acs_identity.emulator.Emulator in-process on a free port; announce it on stderr."""
    try:
        from ..emulator import Emulator
    except ImportError as error:
        raise CliError(
            f"the embedded emulator needs the emulator extra ({error.name or error}): pip install 'acs-identity[cli]'"
        ) from error
    kwargs.setdefault("port", 0)
    with Emulator(**kwargs) as emu:
        click.echo(
            f"acs-identity: started the embedded emulator at {emu.endpoint} (it stops when this command ends)",
            err=True,
        )
        yield emu


def _entra_credential(*, asynchronous: bool) -> Any:
    try:
        if asynchronous:
            from azure.identity.aio import DefaultAzureCredential as AsyncDefault

            return AsyncDefault()
        from azure.identity import DefaultAzureCredential

        return DefaultAzureCredential()
    except ImportError:
        raise CliError(
            "--endpoint signs in with Entra ID, which needs azure-identity: pip install azure-identity "
            "(or use --connection-string)"
        ) from None


def _credential(connection: Connection, *, asynchronous: bool) -> Any:
    if connection.access_key is not None:
        from azure.core.credentials import AzureKeyCredential

        return AzureKeyCredential(connection.access_key)
    return _entra_credential(asynchronous=asynchronous)


def _client_module_error(error: ImportError) -> CliError:
    return CliError(f"the acs_identity client is not available in this installation ({error})")


def sync_client(connection: Connection, **extra: Any) -> SyncClient:
    try:
        from .. import CommunicationIdentityClient
    except ImportError as error:
        raise _client_module_error(error) from error
    kwargs = connection.client_kwargs()
    kwargs.update(extra)
    client: SyncClient = CommunicationIdentityClient(
        connection.endpoint, _credential(connection, asynchronous=False), **kwargs
    )
    return client


def async_client(
    connection: Connection, *, transport: httpx.AsyncBaseTransport | None = None, **extra: Any
) -> AsyncClient:
    try:
        from ..aio import CommunicationIdentityClient
    except ImportError as error:
        raise _client_module_error(error) from error
    kwargs = connection.client_kwargs()
    kwargs.update(extra)
    if transport is not None:
        kwargs["transport"] = transport
    client: AsyncClient = CommunicationIdentityClient(
        connection.endpoint, _credential(connection, asynchronous=True), **kwargs
    )
    return client
