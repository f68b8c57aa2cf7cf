"""The `acs-identity` command line (click + rich); `main` is the console-script entry point."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Sequence

import click

from .._version import VERSION
from ._cmd_bulk import bulk_group
from ._cmd_emulator import emulator_command
from ._cmd_identity import token_group, user_group
from ._cmd_quickstart import quickstart_command
from ._cmd_teams import teams_extension_group
from ._errors import PROG, SECRETS, CliError, describe, one_line
from ._options import CONTEXT_SETTINGS, debug_option

__all__ = ["cli", "main"]


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(VERSION, "--version", prog_name=PROG)
@debug_option
def cli() -> None:
    """Azure Communication Services identities and tokens from the command line.

    Connects with --connection-string, the AZURE_COMMUNICATION_CONNECTION_STRING environment variable,
    or --endpoint with Entra ID; --emulator (and quickstart, by default) uses an embedded local emulator.
    Results are JSON on stdout (--output table for people); errors are one line on stderr.
    """


cli.add_command(user_group)
cli.add_command(token_group)
cli.add_command(teams_extension_group)
cli.add_command(bulk_group)
cli.add_command(emulator_command)
cli.add_command(quickstart_command)


def _wants_debug(args: Sequence[str]) -> bool:
    before_separator = args[: args.index("--")] if "--" in args else args
    return "--debug" in before_separator or os.environ.get("ACS_IDENTITY_DEBUG", "") not in ("", "0")


_log_handler: logging.Handler | None = None


class _RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = SECRETS.redact(record.getMessage())
        record.args = None
        return True


def _configure_logging(debug: bool) -> None:
    """Library log lines would break the one-line-error rule: silent by default, shown (redacted) with --debug."""
    root = logging.getLogger()
    if debug:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.addFilter(_RedactingFilter())
        handler.setFormatter(logging.Formatter("%(name)s: %(message)s"))
        logging.getLogger("acs_identity").setLevel(logging.DEBUG)
    else:
        handler = logging.NullHandler()
    global _log_handler
    if _log_handler is not None:
        root.removeHandler(_log_handler)  # run() may be called repeatedly in one process (tests)
    _log_handler = handler
    root.addHandler(handler)


def _fail(message: str, exit_code: int, error: BaseException | None, debug: bool) -> int:
    if debug and error is not None:
        detail = "".join(traceback.format_exception(error))
        sys.stderr.write(SECRETS.redact(detail))
    sys.stderr.write(f"{PROG}: error: {one_line(SECRETS.redact(message))}\n")
    sys.stderr.flush()
    return exit_code


def run(args: Sequence[str]) -> int:
    """Run the command line on `args`; returns the exit code (never raises for user errors)."""
    args = list(args)
    debug = _wants_debug(args)
    _configure_logging(debug)
    try:
        result = cli.main(args=args, prog_name=PROG, standalone_mode=False)
    except CliError as error:
        return _fail(error.message, error.exit_code, error, debug)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help(), err=True)
        return 2
    except click.UsageError as error:
        hint = f" (see '{error.ctx.command_path} --help')" if error.ctx is not None else ""
        return _fail(error.format_message() + hint, error.exit_code, error, debug)
    except click.ClickException as error:
        return _fail(error.format_message(), error.exit_code, error, debug)
    except (click.exceptions.Abort, KeyboardInterrupt) as error:
        return _fail("interrupted", 130, error, debug)
    except Exception as error:
        return _fail(describe(error), 1, error, debug)
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))
