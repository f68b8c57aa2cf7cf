"""mkdocs hook: the command-line page shows the CLI's own --help text and exit codes (one source for both)."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Any

_HELP = re.compile(r"<!-- help:(?P<args>[^>]*)-->")


def _help(args: str) -> str:
    from acs_identity.cli import run

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = run([*args.split(), "--help"])
    if status != 0:
        raise RuntimeError(f"acs-identity {args} --help exited {status}")
    title = f"### `acs-identity {args.strip()}`\n\n" if args.strip() else ""
    return f"{title}```text\n{out.getvalue().rstrip()}\n```"


def _exit_codes() -> str:
    from acs_identity.cli import EXIT_CODES

    rows = "\n".join(f"| {code} | {meaning} |" for code, meaning in EXIT_CODES.items())
    return f"| code | meaning |\n|---|---|\n{rows}"


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    """Replace `<!-- help: ARGS -->` with `acs-identity ARGS --help`, `<!-- exit-codes -->` with the table."""
    markdown = (
        markdown.replace("<!-- exit-codes -->", _exit_codes())
        if "<!-- exit-codes -->" in markdown
        else markdown
    )
    return _HELP.sub(lambda match: _help(match.group("args")), markdown)
