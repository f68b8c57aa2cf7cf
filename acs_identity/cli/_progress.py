"""Progress reporting for bulk runs: a rich bar on a terminal, plain lines on request, else nothing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Generator
from contextlib import contextmanager
from typing import Any

import click

PROGRESS_MODES = ("auto", "bar", "lines", "none")


@contextmanager
def progress_reporter(
    mode: str, description: str, total: int, completed: int
) -> Generator[Callable[[int], None], None, None]:
    """Yields advance(n). 'auto' shows a bar only when stderr is a terminal, so logs and pipes stay clean."""
    if mode == "auto":
        mode = "bar" if sys.stderr.isatty() else "none"
    if mode == "bar":
        with _rich_bar(description, total, completed) as advance:
            yield advance
    elif mode == "lines":
        yield _LineReporter(description, total, completed)
    else:
        yield lambda n: None


class _LineReporter:
    """One 'progress: K/N' line per ~1%: lets a supervising process follow along without polling files."""

    def __init__(self, description: str, total: int, completed: int) -> None:
        self.description = description
        self.total = total
        self.done = completed
        self.step = max(1, total // 100)
        self._emit()

    def _emit(self) -> None:
        click.echo(f"progress: {self.description} {self.done}/{self.total}", err=True)

    def __call__(self, n: int) -> None:
        before = self.done
        self.done += n
        if self.done // self.step != before // self.step or self.done == self.total:
            self._emit()


@contextmanager
def _rich_bar(description: str, total: int, completed: int) -> Generator[Callable[[int], None], None, None]:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        Task,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("  -/s" if speed is None else f"{speed:5.0f}/s")

    columns: list[Any] = [
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        task = progress.add_task(description, total=total, completed=completed)
        yield lambda n: progress.advance(task, n)
