"""Module-level `__getattr__` for names a package imports on first use (PEP 562).

The client needs httpx and azure-core, whose imports cost more than the rest of the package put together;
identifiers and enums need neither, so `import acs_identity` stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


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
