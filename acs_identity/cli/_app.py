"""The `acs-identity` click application; `run(args)` is the whole command line as a function.

Commands are imported when they are run (or listed by --help), not at start-up: `acs-identity --version`
loads click and this module only.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
import traceback
from collections.abc import Sequence

import click

from .._version import VERSION
from ._errors import PROG, SECRETS, CliError, describe, one_line
from ._settings import CONTEXT_SETTINGS, debug_option

__all__ = ["EXIT_CODES", "cli", "run"]

# What each exit status means; printed by --help and documented in the README.
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "the operation failed: the service refused it or could not be reached, the input data is bad "
    "(e.g. not a JWT), or a bulk run is incomplete",
    2: "usage error: an unknown command or option, a missing or invalid option value, no connection configured",
    130: "interrupted (Ctrl+C); a bulk command resumes when rerun",
}

# name -> (module, attribute); the order is the order --help lists them in.
_COMMANDS: dict[str, tuple[str, str]] = {
    "user": ("._cmd_identity", "user_group"),
    "token": ("._cmd_identity", "token_group"),
    "teams-extension": ("._cmd_teams", "teams_extension_group"),
    "entra": ("._cmd_entra", "entra_group"),
    "bulk": ("._cmd_bulk", "bulk_group"),
    "emulator": ("._cmd_emulator", "emulator_command"),
    "quickstart": ("._cmd_quickstart", "quickstart_command"),
}


class _LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (each pulls in httpx, azure-core or uvicorn)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*_COMMANDS, *(name for name in super().list_commands(ctx) if name not in _COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = _COMMANDS[cmd_name]
        command = getattr(importlib.import_module(module, __package__), attribute)
        assert isinstance(command, click.Command)
        return command

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        with formatter.section("Exit codes"):
            formatter.write_dl([(str(code), meaning) for code, meaning in EXIT_CODES.items()])


@click.group(cls=_LazyGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(VERSION, "--version", prog_name=PROG)
@debug_option
def cli() -> None:
    """Azure Communication Services identities and tokens from the command line.

    Connects with --connection-string, the AZURE_COMMUNICATION_CONNECTION_STRING environment variable,
    or --endpoint with Entra ID; --emulator (and quickstart, by default) uses an embedded local emulator.
    Results are JSON on stdout (--output table for people); errors are one line on stderr.
    """


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
    """Run the command line on `args` in this process, as `acs-identity ARGS...` would.

    Errors the user can fix are printed as one line on stderr (`acs-identity: error: ...`), never as a traceback
    (unless `--debug`) and never with a secret in them.

    Args:
        args: The arguments after the program name, e.g. `["user", "create", "--emulator"]`.

    Returns:
        The exit code (see `EXIT_CODES`): 0, 1, 2 or 130.
    """
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
