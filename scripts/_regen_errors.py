"""The one error type of scripts/regenerate.py: a problem with the input, reported as one line, exit 2."""

from __future__ import annotations


class SpecError(Exception):
    """The description cannot be turned into a client: bad file, unsupported construct, invalid result."""
