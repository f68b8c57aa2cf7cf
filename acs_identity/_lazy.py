"""Module-level `__getattr__` for names a package imports on first use (PEP 562).

The clients' classes import little; what a client is built from (httpx, azure-core's pipeline) is imported
by its first construction (`ClientBase.__init__`), and the modules its methods call on their first call
(`ModuleOnFirstUse`): those imports cost more than the rest of the package put together.
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
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # later lookups find it without calling this function
        return value

    return __getattr__


class ModuleOnFirstUse:
    """Stands in for a module a client's methods call (`ops.create_user(...)`) until one is first called:
    the first attribute read imports it and binds the real module in the caller's namespace, so every later
    call reads the module itself, at no cost."""

    __slots__ = ("_alias", "_module", "_namespace", "_package")

    def __init__(self, module: str, package: str, namespace: dict[str, Any], alias: str) -> None:
        self._module, self._package, self._namespace, self._alias = module, package, namespace, alias

    def __getattr__(self, name: str) -> Any:
        module = importlib.import_module(self._module, self._package)
        self._namespace[self._alias] = module
        return getattr(module, name)
