"""`emulator`: run the local ACS Identity emulator in the foreground."""

from __future__ import annotations

import click

from ._errors import CliError
from ._options import CONTEXT_SETTINGS, debug_option


def _echo(line: str) -> None:
    click.echo(line)  # click.echo flushes, so a supervising process sees each line at once


@click.command("emulator", context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=None, help="Port (0 = any free port; default 8765)."
)
@click.option("--https", is_flag=True, help="Serve TLS with a generated self-signed certificate.")
@click.option(
    "--cert-out",
    metavar="PATH",
    help="With --https: also write the certificate (PEM) here for clients to trust.",
)
@click.option(
    "--data", "data_path", metavar="PATH", help="Keep identities, keys and resource id in this SQLite file."
)
@click.option(
    "--faults",
    metavar="SPEC",
    help="Inject faults, e.g. '429=0.05,503=0.05,drop=0.01,retry-after=1,latency=0.02,seed=7'.",
)
@debug_option
def emulator_command(
    host: str, port: int | None, https: bool, cert_out: str | None, data_path: str | None, faults: str | None
) -> None:
    """Run the ACS Identity emulator until Ctrl+C; prints its connection string."""
    try:
        from ..emulator import DEFAULT_PORT, FaultConfig, serve
    except ImportError as error:
        raise CliError(
            f"the emulator needs its extra ({error.name or error}): pip install 'acs-identity[cli]'"
        ) from error
    fault_config = None
    if faults is not None:
        try:
            fault_config = FaultConfig.parse(faults)
        except ValueError as error:
            raise CliError(f"--faults: {error}") from None
    if cert_out is not None and not https:
        raise CliError("--cert-out needs --https")
    try:
        serve(
            https=https,
            host=host,
            port=DEFAULT_PORT if port is None else port,
            data_path=data_path,
            faults=fault_config,
            cert_out=cert_out,
            print_fn=_echo,
        )
    except OSError as error:
        where = f"{host}:{DEFAULT_PORT if port is None else port}"
        raise CliError(f"cannot serve on {where}: {error.strerror or error}") from error
    except KeyboardInterrupt:
        pass  # Ctrl+C is how this command is meant to end
