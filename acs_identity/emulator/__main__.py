"""`python -m acs_identity.emulator`: run the emulator in the foreground, with the flags of `acs-identity emulator`
(both are built from OPTION_SPECS), without the command line's extra dependencies."""

from __future__ import annotations

import argparse
import sys

from ._options import OPTION_SPECS, EmulatorOptions
from ._server import serve


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m acs_identity.emulator", description=__doc__)
    for spec in OPTION_SPECS:
        if spec.kind is bool:
            group = parser.add_mutually_exclusive_group()
            group.add_argument(spec.flag, dest=spec.name, action="store_true", default=None, help=spec.help)
            group.add_argument(str(spec.off_flag), dest=spec.name, action="store_false", default=None)
        else:
            parser.add_argument(
                spec.flag,
                dest=spec.name,
                type=spec.kind,
                metavar=spec.metavar,
                choices=spec.choices,
                action="append" if spec.multiple else "store",
                help=spec.help,
            )
    return parser


def main(argv: list[str] | None = None) -> None:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        options = EmulatorOptions.from_flags(vars(args))
    except ValueError as error:
        parser.error(str(error))
    try:
        serve(options, print_fn=lambda line: print(line, flush=True))
    except OSError as error:
        sys.exit(f"cannot serve on {options.host}:{options.port}: {error.strerror or error}")
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
