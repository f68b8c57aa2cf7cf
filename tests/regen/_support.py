"""Helpers for the scripts/regenerate.py tests: paths, and memoized in-process generation."""

from __future__ import annotations

import fcntl
import importlib
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "scripts"
SPEC = REPO / "spec" / "openapi.yaml"
COMMITTED = REPO / "generated"
UPSTREAM = (REPO / ".." / "shared" / "upstream-specs" / "data-plane" / "Identity" / "stable").resolve()

if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

import regenerate as regenerate  # noqa: E402  (scripts/ is not a package; it is put on sys.path just above)


def upstream_versions() -> list[str]:
    """Azure's stable api-versions present in ../shared (none when it is absent)."""
    if not UPSTREAM.is_dir():
        return []
    return sorted(p.parent.name for p in UPSTREAM.glob("*/CommunicationIdentity.json"))


def upstream_document(version: str) -> Path:
    return UPSTREAM / version / "CommunicationIdentity.json"


needs_shared = pytest.mark.skipif(not upstream_versions(), reason="../shared (Azure's documents) is absent")


@dataclass(frozen=True)
class Generated:
    root: Path  # the --out directory: <package>/ and PROVENANCE.json
    package: str

    @property
    def package_dir(self) -> Path:
        return self.root / self.package

    @property
    def provenance(self) -> dict[str, Any]:
        loaded = json.loads((self.root / "PROVENANCE.json").read_text(encoding="utf-8"))
        assert isinstance(loaded, dict)
        return loaded

    def module(self, dotted: str = "") -> ModuleType:
        """Import `<package>.<dotted>` (the tree is put on sys.path on first use)."""
        if str(self.root) not in sys.path:
            sys.path.insert(0, str(self.root))
        return importlib.import_module(f"{self.package}.{dotted}" if dotted else self.package)


class Generator:
    """Generates each description once: per session, and across xdist workers when `base` is shared."""

    def __init__(self, base: Path) -> None:
        self.base = base
        base.mkdir(parents=True, exist_ok=True)

    def get(self, spec: Path, package: str) -> Generated:
        root = self.base / package
        with (self.base / f"{package}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # another worker may be generating the same package
            if not (root / "PROVENANCE.json").is_file():  # written last: its presence means complete
                shutil.rmtree(root, ignore_errors=True)
                regenerate.generate_tree(spec, root, package=package)
        return Generated(root, package)

    def spec(self) -> Generated:
        return self.get(SPEC, "regen_spec")

    def upstream(self, version: str) -> Generated:
        return self.get(upstream_document(version), "regen_azure_" + version.replace("-", "_"))


def model_class(package: Generated | ModuleType, name: str) -> Any:
    """The generated model class `name`, from its own module (the models package imports nothing)."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
    return getattr(package_module(package, f"models.{snake}"), name)


def package_module(package: Generated | ModuleType, dotted: str) -> ModuleType:
    """`<package>.<dotted>` of a generated tree or of an imported package (e.g. acs_identity._generated)."""
    if isinstance(package, ModuleType):
        return importlib.import_module(f"{package.__name__}.{dotted}")
    return package.module(dotted)
