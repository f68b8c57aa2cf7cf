"""Module-level `__getattr__` for names a package imports on first use (PEP 562).

The client needs httpx and azure-core, whose imports cost more than the rest of the package put together;
identifiers and enums need neither, so `import acs_identity` stays cheap.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def import_httpx_without_its_cli() -> None:
    """Import httpx without its command line.

    httpx's `__init__` imports its CLI module, and with it click, rich and pygments whenever they are installed
    (they are, with our `cli` extra): half the cost of importing the client. It falls back to a stub CLI when that
    import fails, so a placeholder makes it fail for this one import and is removed again right after, leaving
    `httpx._main` importable as usual. An httpx that needed the module would just be imported normally.
    """
    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    sys.modules["httpx._main"] = None  # type: ignore[assignment]
    try:
        import httpx  # noqa: F401  # pyright: ignore[reportUnusedImport]
    except ImportError:
        pass
    finally:
        if "httpx._main" in sys.modules and sys.modules["httpx._main"] is None:
            del sys.modules["httpx._main"]


def lazy_getattr(package: str, namespace: dict[str, Any], table: Mapping[str, str]) -> Callable[[str], Any]:
    """A `__getattr__` that imports `name` from `table[name]` (relative to `package`) and caches it."""

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        if module.startswith("."):  # our modules: the client's, which import httpx
            import_httpx_without_its_cli()
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # later lookups find it without calling this function
        return value

    return __getattr__
