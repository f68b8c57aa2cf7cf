"""Which optional extra brings which imports, and the one-line error when one is missing.

`pip install acs-identity` installs the client only; the emulator and the command line need their extras.
Without them, the first import would fail deep inside with `No module named 'uvicorn'`; this names the extra.
"""

from __future__ import annotations

import importlib.util

# The top-level modules each extra's code imports (the extra in pyproject.toml installs them).
EXTRA_MODULES: dict[str, tuple[str, ...]] = {
    "emulator": ("uvicorn", "cryptography"),
    "cli": ("click", "rich"),
}


class MissingExtraError(ModuleNotFoundError):
    """An optional part of acs-identity was used without the extra that installs its dependencies."""


def missing_modules(extra: str) -> list[str]:
    """The modules of `extra` that cannot be imported here (looked up without importing them)."""
    return [module for module in EXTRA_MODULES[extra] if not _importable(module)]


def _importable(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # a finder that refuses the name (or a broken install) counts as absent
        return False


def missing_extra(extra: str, feature: str) -> MissingExtraError | None:
    """The error to raise when a module of `extra` is absent, or None when all are there.

    The caller raises it, so a traceback ends at the caller's import line rather than in here.

    Args:
        extra: The name of the extra in pyproject.toml (`emulator` or `cli`).
        feature: What needs it, as the message names it (e.g. "the acs-identity command line").

    Returns:
        A MissingExtraError whose message is one line, e.g. "acs_identity.emulator needs the emulator extra
        (missing: uvicorn): pip install 'acs-identity[emulator]'"; None when nothing is missing.
    """
    missing = missing_modules(extra)
    if not missing:
        return None
    return MissingExtraError(
        f"{feature} needs the {extra} extra (missing: {', '.join(missing)}): pip install 'acs-identity[{extra}]'",
        name=missing[0],
    )
