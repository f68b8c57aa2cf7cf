"""`bulk create | revoke | delete`: many identities at once, resumable after a crash or Ctrl+C."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ._bulk import ApplyRequest, BulkOutcome, CreateRequest, run_bulk_apply, run_bulk_create
from ._cmd_identity import expiry_option, resolve_expiry
from ._connection import ConnectionOptions, open_connection, resolve_api_version, resolve_connection
from ._errors import CliError, UsageError
from ._exactly_once import Mechanism, check_prefix, first_version_with, mechanism_for, read_custom_ids
from ._options import CONTEXT_SETTINGS, connection_options, debug_option, scope_help, split_scopes
from ._output import to_json
from ._progress import PROGRESS_MODES


def _bulk_options(f: Any) -> Any:
    f = click.option(
        "--max-attempts",
        type=click.IntRange(1, 100),
        default=5,
        show_default=True,
        help="Tries per item for transient failures (429/5xx/dropped connection), on top of the client's retries.",
    )(f)
    f = click.option(
        "--progress",
        type=click.Choice(PROGRESS_MODES),
        default="auto",
        show_default=True,
        help="auto: a bar when stderr is a terminal; lines: a 'progress: K/N' line per ~1% on stderr.",
    )(f)
    return click.option(
        "--concurrency",
        type=click.IntRange(1, 1000),
        default=16,
        show_default=True,
        help="Requests in flight at once.",
    )(f)


def _finish(outcome: BulkOutcome) -> None:
    for line in outcome.lines:
        click.echo(line, err=True)
    click.echo(to_json(outcome.summary))
    if outcome.summary.get("interrupted"):
        raise CliError("interrupted; rerun the same command to resume", exit_code=130)
    if not outcome.complete:
        raise CliError(f"{outcome.summary['command']} is incomplete; rerun the same command to finish")


@click.group("bulk", context_settings=CONTEXT_SETTINGS)
def bulk_group() -> None:
    """Provision or clean up many identities; every command resumes where a previous run stopped."""


@bulk_group.command("create", context_settings=CONTEXT_SETTINGS)
@click.option(
    "--count",
    type=click.IntRange(1),
    default=None,
    help="How many users (with tokens) the file should hold. Required unless --custom-ids (default: all of its ids).",
)
@click.option(
    "--scope",
    "scopes",
    multiple=True,
    required=True,
    metavar="SCOPE",
    help=scope_help(),
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="JSONL output, one {id, token, expiresOn} per line; also the resume journal.",
)
@click.option(
    "--custom-id-prefix",
    default=None,
    metavar="PREFIX",
    help="Custom-id api-versions: item N (from 0) gets the custom id PREFIXN. Default: a new prefix per --out file.",
)
@click.option(
    "--custom-ids",
    "custom_ids_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Custom-id api-versions: a file of your own custom ids, one per line (1-256 characters, no repeats).",
)
@expiry_option
@_bulk_options
@connection_options
@debug_option
def bulk_create(
    count: int | None,
    scopes: tuple[str, ...],
    out: Path,
    custom_id_prefix: str | None,
    custom_ids_file: Path | None,
    expires_in: str | None,
    concurrency: int,
    progress: str,
    max_attempts: int,
    connection: ConnectionOptions,
) -> None:
    """Create users with tokens until --out holds --count of them.

    Rerunning the same command after a crash, kill or Ctrl+C creates only the missing ones; each
    identity appears in the file exactly once. On api-versions with custom ids or repeatable requests
    the service holds exactly one identity per item too, whatever retries, reruns and kills happened
    (see the README for the limits). The summary goes to stderr, a JSON report to stdout.
    """
    api_version = resolve_api_version(connection.api_version)
    mechanism = mechanism_for(api_version)
    if (custom_id_prefix is not None or custom_ids_file is not None) and mechanism is not Mechanism.CUSTOM_ID:
        needed = first_version_with(Mechanism.CUSTOM_ID)
        raise UsageError(
            "--custom-id-prefix/--custom-ids need an api-version with custom ids"
            + (f" ({needed})" if needed else "")
            + f"; api-version {api_version} has none"
        )
    if custom_id_prefix is not None and custom_ids_file is not None:
        raise UsageError("--custom-id-prefix and --custom-ids cannot be combined")
    custom_ids = read_custom_ids(custom_ids_file) if custom_ids_file is not None else None
    if count is None:
        if custom_ids is None:
            raise UsageError("missing option '--count' (required unless --custom-ids)")
        count = len(custom_ids)
    if custom_ids is not None and count > len(custom_ids):
        raise UsageError(
            f"--count {count} is more than the {len(custom_ids)} custom ids in {custom_ids_file}"
        )
    if custom_id_prefix is not None:
        check_prefix(custom_id_prefix, count)
    request = CreateRequest(
        count=count,
        scopes=split_scopes(scopes, api_version),
        expires_in=resolve_expiry(expires_in, connection.api_version),
        concurrency=concurrency,
        out=out,
        progress=progress,
        max_attempts=max_attempts,
        api_version=api_version,
        mechanism=mechanism,
        custom_id_prefix=custom_id_prefix,
        custom_ids=custom_ids,
    )
    _finish(run_bulk_create(request, _connector(connection)))


def _connector(connection: ConnectionOptions) -> Callable[[], Any]:
    resolve_connection(connection)  # fail on a bad connection before any file is created
    return functools.partial(open_connection, connection)


def _apply_command(action: str, summary: str) -> Any:
    @bulk_group.command(action, context_settings=CONTEXT_SETTINGS, help=summary)
    @click.option(
        "--in",
        "source",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        required=True,
        help="A JSONL file with an 'id' per line (e.g. from bulk create).",
    )
    @_bulk_options
    @connection_options
    @debug_option
    def command(
        source: Path, concurrency: int, progress: str, max_attempts: int, connection: ConnectionOptions
    ) -> None:
        request = ApplyRequest(action, source, concurrency, progress, max_attempts)
        _finish(run_bulk_apply(request, _connector(connection)))

    return command


bulk_revoke = _apply_command(
    "revoke",
    "Revoke the tokens of every user in --in. Progress is kept in FILE.revoke-progress; a rerun skips done ones.",
)
bulk_delete = _apply_command(
    "delete",
    "Delete every user in --in (already-deleted counts as done). Progress is kept in FILE.delete-progress; "
    "a rerun skips done ones.",
)
