"""The `acs-identity` command line (click + rich; optional extra: acs-identity[cli]).

`main` is the console-script entry point; `run(args)` runs the command line in-process and returns its
exit code; `cli` is the click group. Without the extra, `main` prints one line naming it and exits 1.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from .._extras import missing_extra

if TYPE_CHECKING:
    from ._app import EXIT_CODES, cli, run

__all__ = ["EXIT_CODES", "cli", "main", "run"]


def main() -> None:
    """The `acs-identity` console script: run the command line on `sys.argv` and exit with its status.

    Raises:
        SystemExit: Always, with the exit code (see `EXIT_CODES`).
    """
    error = missing_extra("cli", "the acs-identity command line")
    if error is not None:
        sys.stderr.write(f"acs-identity: error: {error}\n")
        sys.exit(1)
    from ._app import run

    sys.exit(run(sys.argv[1:]))


# click is imported with the application, so that `main` can first say which extra is missing. (Not
# _lazy.lazy_getattr: that one prepares httpx for the client's modules, which the CLI loads only per command.)
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name not in ("EXIT_CODES", "cli", "run"):
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from . import _app

        value = getattr(_app, name)
        globals()[name] = value
        return value
