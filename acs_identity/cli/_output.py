"""Printing results: JSON for machines (default), a rich table for people."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, cast

import click

OUTPUT_FORMATS = ("json", "table")


def iso_from_epoch(epoch_seconds: float) -> str:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).isoformat()


def redact_token(token: str) -> str:
    """A short, recognisable, non-usable form of a token for human-readable logs."""
    return token[:8] + "…" if len(token) > 8 else "…"


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def emit(
    data: Mapping[str, Any] | Sequence[Mapping[str, Any]], output: str, *, title: str | None = None
) -> None:
    """Print a result on stdout in the requested format."""
    if output == "json":
        click.echo(to_json(data))
        return
    _emit_table(data, title)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            rows.extend(_flatten(cast("Mapping[str, Any]", value), f"{name}."))
        elif isinstance(value, list | tuple):
            rows.append((name, ", ".join(_cell(v) for v in cast("Sequence[object]", value))))
        else:
            rows.append((name, _cell(value)))
    return rows


def _cell(value: object) -> str:
    """A table cell spells values as the JSON output does: `true`, not Python's `True`; nothing for null."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _emit_table(data: Mapping[str, Any] | Sequence[Mapping[str, Any]], title: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    # soft_wrap keeps long tokens on one copyable line rather than folding them.
    console = Console(file=sys.stdout, soft_wrap=False)
    if isinstance(data, Mapping):
        table = Table(title=title, show_header=True)
        table.add_column("field", style="bold")
        table.add_column("value", overflow="fold")
        for name, value in _flatten(data):
            table.add_row(name, value)
    else:
        rows = [dict(_flatten(item)) for item in data]
        columns = list(dict.fromkeys(name for row in rows for name in row))
        table = Table(title=title, show_header=True)
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(row.get(column, "") for column in columns))
    console.print(table)
