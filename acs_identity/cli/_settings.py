"""What every command shares and the start-up path needs: kept free of heavy imports (see _app)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def debug_option(f: F) -> F:
    """Add ``--debug``: on errors, show the (redacted) traceback as well as the one-line message."""
    # run() reads --debug from argv itself so it also covers errors raised while parsing.
    return click.option(
        "--debug",
        is_flag=True,
        expose_value=False,
        help="On errors, show the traceback and details (secrets stay hidden).",
    )(f)
