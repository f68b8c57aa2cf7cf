"""Declared dependencies match the imports: each third-party import is declared where the importing code
ships (core, or the `emulator`/`cli`/`test` extra), and nothing is declared that nothing imports."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import subprocess
import sys
import textwrap
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIRST_PARTY = frozenset({"acs_identity"})
CORE = "core"

# Imports the code guards (try/except ImportError) and works without: (where the code is, module) ->
# (the extra that declares the distribution, what happens without it).
OPTIONAL_IMPORTS: dict[tuple[str, str], tuple[str, str]] = {
    (CORE, "jwt"): ("cli", "acs_identity/_jwt.py verifies signatures with PyJWT; decoding needs no PyJWT"),
    ("cli", "azure.identity"): (
        "test",
        "only --endpoint (Entra ID) needs it; the CLI says how to install it",
    ),
}

# Declared but never imported by the code that ships them: what uses them instead.
NOT_IMPORTED: dict[str, str] = {
    "sniffio": "httpcore looks sniffio up on every async request; without it each lookup is a failed import",
    "uvloop": "uvicorn picks its event loop up by name (loop='auto'): about twice the requests/s",
    "httptools": "uvicorn picks its HTTP parser up by name; the emulator subclasses its protocol when present",
    "pytest-asyncio": "a pytest plugin (asyncio_mode = auto), loaded through its entry point",
    "pytest-xdist": "a pytest plugin: the README's `pytest -n 2`",
    "ruff": "a command: CI's lint step",
    "pyright": "a command: CI's type check (strict, and --verifytypes)",
    "mkdocs": "a command: CI builds the API reference with it",
    "mkdocs-material": "the API reference's theme, loaded by mkdocs from mkdocs.yml",
    "mkdocstrings": "mkdocs' plugin that renders the docstrings, loaded by mkdocs from mkdocs.yml",
    "azure-core-tracing-opentelemetry": "azure-core loads it by name (settings.tracing_implementation)",
    "hatchling": "the build backend, run by tests/distribution in a subprocess to build the sdist",
}


# Top-level names that several distributions share (PEP 420 namespace packages).
NAMESPACE_PACKAGES = frozenset({"azure", "opentelemetry"})


@cache
def _packages_distributions() -> dict[str, list[str]]:
    return dict(importlib.metadata.packages_distributions())


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> tuple[str, list[str]]:
    """('pyjwt', ['crypto']) from 'pyjwt[crypto]>=2.8'; no dependency on `packaging` for this."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?", requirement)
    assert match, requirement
    extras = [e.strip() for e in (match.group(2) or "").split(",") if e.strip()]
    return _normalize(match.group(1)), extras


@dataclass(frozen=True)
class Declared:
    """What pyproject.toml declares: group -> distributions, and which extras each extra includes."""

    direct: dict[str, frozenset[str]]
    includes: dict[str, frozenset[str]]

    def available(self, group: str) -> frozenset[str]:
        """Everything installed with `group`: its own, the extras it includes, and the core."""
        seen, todo, names = set(), [group], set(self.direct[CORE])
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            names |= self.direct[current]
            todo.extend(self.includes[current])
        return frozenset(names)


@cache
def declared() -> Declared:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    own = _normalize(project["name"])
    groups = {CORE: project["dependencies"], **project["optional-dependencies"]}
    direct: dict[str, frozenset[str]] = {}
    includes: dict[str, frozenset[str]] = {}
    for group, requirements in groups.items():
        names, extras = set(), set()
        for requirement in requirements:
            name, its_extras = _requirement_name(requirement)
            if name == own:
                extras.update(its_extras)
            else:
                names.add(name)
        direct[group], includes[group] = frozenset(names), frozenset(extras)
    return Declared(direct, includes)


def group_of(path: Path) -> str:
    """Where a source file ships: the wheel's core, the extra its subpackage needs, or the test extra."""
    parts = path.relative_to(ROOT).parts
    if parts[0] in ("tests", "scripts"):
        return "test"
    if parts[:2] == ("acs_identity", "emulator"):
        return "emulator"
    if parts[:2] == ("acs_identity", "cli"):
        return "cli"
    return CORE


@dataclass(frozen=True)
class Import:
    module: str
    path: Path
    line: int
    guarded: bool  # inside `try:` with an `except ImportError` (or ModuleNotFoundError)
    typing_only: bool = False  # inside `if TYPE_CHECKING:`: needed by the type check (the test extra) only


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError") for n in names)


def _imports(path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(), filename=str(path))

    def visit(node: ast.AST, guarded: bool, typing_only: bool = False) -> Iterator[Import]:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            for child in node.body:
                yield from visit(child, guarded, True)
            for child in node.orelse:
                yield from visit(child, guarded, typing_only)
            return
        if isinstance(node, ast.Try):
            inner = guarded or any(_catches_import_error(h) for h in node.handlers)
            for statement in node.body:
                yield from visit(statement, inner, typing_only)
            for other in [*node.handlers, *node.orelse, *node.finalbody]:
                yield from visit(other, guarded, typing_only)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, path, node.lineno, guarded, typing_only)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module in NAMESPACE_PACKAGES:
                # `from opentelemetry import trace`: the submodule names the distribution, not the namespace.
                for alias in node.names:
                    yield Import(f"{node.module}.{alias.name}", path, node.lineno, guarded, typing_only)
            else:
                yield Import(node.module, path, node.lineno, guarded, typing_only)
        for nested in ast.iter_child_nodes(node):
            yield from visit(nested, guarded, typing_only)

    yield from visit(tree, False)


def _is_local(module: str, path: Path) -> bool:
    """scripts/ and tests/typing import their sibling modules by plain name (they are put on sys.path)."""
    top = module.split(".")[0]
    for folder in (path.parent, ROOT / "scripts"):
        if (folder / f"{top}.py").is_file() or (folder / top / "__init__.py").is_file():
            return True
    return False


@cache
def third_party_imports() -> tuple[Import, ...]:
    files = [
        p
        for folder in ("acs_identity", "generated", "scripts", "tests")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if ".venv" not in p.parts
    ]
    found = []
    for path in files:
        for item in _imports(path):
            top = item.module.split(".")[0]
            if top in sys.stdlib_module_names or top in FIRST_PARTY or top == "__future__":
                continue
            if _host_provided(item.module, path):
                continue
            if not _is_local(item.module, path):
                found.append(item)
    return tuple(found)


# Modules only their host ever imports, and what that host brings: the pytest plugin (a pytest11 entry point)
# runs inside pytest, so pytest and its plugins are there whenever it is imported.
HOST_PROVIDED: dict[str, frozenset[str]] = {
    "acs_identity/emulator/_pytest_plugin.py": frozenset({"pytest", "_pytest", "pytest_asyncio"}),
}


def _host_provided(module: str, path: Path) -> bool:
    provided = HOST_PROVIDED.get(path.relative_to(ROOT).as_posix(), frozenset())
    return module.split(".")[0] in provided


@cache
def _files_of(distribution: str) -> frozenset[str]:
    files = importlib.metadata.distribution(distribution).files or []
    return frozenset(str(f) for f in files)


def distribution_of(module: str) -> str:
    """The installed distribution providing `module`; namespace packages (azure.*) by their subpackage."""
    parts = module.split(".")
    candidates = _packages_distributions().get(parts[0], [])
    candidates = list(dict.fromkeys(candidates))
    assert candidates, f"{module} is imported but no installed distribution provides it"
    # Namespace packages (azure.*) and packages that install into another's tree (azure-core-tracing-
    # opentelemetry puts files under azure/core/): the distribution with the deepest file for the module wins.
    for depth in range(2, len(parts) + 1):
        if len(candidates) <= 1:
            break
        prefix = "/".join(parts[:depth])
        narrowed = [
            d
            for d in candidates
            if any(f == prefix + ".py" or f.startswith(prefix + "/") for f in _files_of(d))
        ]
        candidates = narrowed or candidates
    # A package several extend: the nearest __init__ (or module file) on the way up says whose it is.
    for depth in range(len(parts), 1, -1):
        if len(candidates) <= 1:
            break
        stem = "/".join(parts[:depth])
        owners = [d for d in candidates if {stem + "/__init__.py", stem + ".py"} & _files_of(d)]
        candidates = owners or candidates
    assert len(candidates) == 1, f"{module}: provided by several distributions {candidates}"
    return _normalize(candidates[0])


def test_every_import_is_declared_where_the_code_ships() -> None:
    deps = declared()
    problems = []
    for item in third_party_imports():
        group = group_of(item.path)
        distribution = distribution_of(item.module)
        where = f"{item.path.relative_to(ROOT)}:{item.line} imports {item.module}"
        if item.typing_only and distribution in deps.available("test"):
            continue  # the type check runs with the test extra
        provider = _optional_provider(group, item.module)
        if provider is not None:
            if not item.guarded:
                problems.append(f"{where}: listed as optional but not guarded by `except ImportError`")
            if distribution not in deps.direct[provider]:
                problems.append(f"{where}: optional, but {distribution} is not declared in {provider!r}")
            continue
        if distribution not in deps.available(group):
            problems.append(f"{where}: {distribution} is not declared for {group!r}")
    assert not problems, "\n".join(problems)


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _optional_provider(group: str, module: str) -> str | None:
    """The extra declaring an optional import's distribution, or None if the import is not optional."""
    for (where, package), (provider, _reason) in OPTIONAL_IMPORTS.items():
        if where == group and _within(module, package):
            return provider
    return None


def _stubbed_module(distribution: str) -> str | None:
    """'yaml' for types-PyYAML: a stub distribution is used where its module is."""
    if not distribution.startswith("types-"):
        return None
    for top, names in _packages_distributions().items():
        if any(_normalize(n) == distribution for n in names) and top.endswith("-stubs"):
            return top.removesuffix("-stubs")
    return None


def test_no_declared_dependency_is_unused() -> None:
    deps = declared()
    used: dict[str, set[str]] = {group: set() for group in deps.direct}
    imported_modules: dict[str, set[str]] = {group: set() for group in deps.direct}
    for item in third_party_imports():
        if item.typing_only:
            continue
        group = group_of(item.path)
        group = _optional_provider(group, item.module) or group  # an optional import uses its provider's
        used[group].add(distribution_of(item.module))
        imported_modules[group].add(item.module.split(".")[0])
    problems = []
    for group, names in deps.direct.items():
        for name in sorted(names):
            if name in used[group] or name in NOT_IMPORTED:
                continue
            stubbed = _stubbed_module(name)
            if stubbed is not None and stubbed in imported_modules[group]:
                continue
            problems.append(f"{name} is declared in {group!r} but nothing there imports it")
    assert not problems, "\n".join(problems)


def test_the_exception_lists_are_current() -> None:
    """Each listed exception still exists: an optional import is still made, a NOT_IMPORTED still declared."""
    imports = {(group_of(i.path), i.module) for i in third_party_imports()}
    stale = [
        f"{where}: {package}"
        for where, package in OPTIONAL_IMPORTS
        if not any(g == where and _within(m, package) for g, m in imports)
    ]
    all_declared = set().union(*declared().direct.values())
    stale += [name for name in NOT_IMPORTED if name not in all_declared]
    assert not stale, stale


def test_the_walker_sees_guarded_and_function_level_imports(tmp_path: Path) -> None:
    source = tmp_path / "sample.py"
    source.write_text(
        textwrap.dedent(
            """
            import httpx
            try:
                import jwt
            except ImportError:
                jwt = None
            def later():
                from azure.core import exceptions
            """
        )
    )
    found = {(i.module, i.guarded) for i in _imports(source)}
    assert found == {("httpx", False), ("jwt", True), ("azure.core", False)}
    assert distribution_of("azure.core.exceptions") == "azure-core"


# ----------------------------------------------------------------------------------- minimal install

# Runs in a fresh interpreter where the extras' packages cannot be imported: a real loopback HTTP server
# (stdlib) answers, the sync client on httpx's transport and the async client on its default transport.
_MINIMAL_CLIENT_RUN = """
import asyncio, base64, importlib.abc, json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BLOCKED = frozenset(sys.argv[1].split(","))

class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name in BLOCKED or any(name.startswith(b + ".") for b in BLOCKED):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked: not in the minimal install)", name=name)
        return None

sys.meta_path.insert(0, Block())
for name in BLOCKED:
    try:
        __import__(name)
    except ImportError:
        pass
    else:
        raise SystemExit(f"blocking failed: {name} imported")

class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("content-length") or 0))
        body = json.dumps({"identity": {"id": "8:acs:minimal"}}).encode()
        self.send_response(201)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
conn = f"endpoint=http://127.0.0.1:{server.server_port}/;accesskey=" + base64.b64encode(b"k" * 32).decode()

import acs_identity, acs_identity.aio
with acs_identity.CommunicationIdentityClient.from_connection_string(conn) as client:
    sync_id = client.create_user().raw_id

async def main():
    async with acs_identity.aio.CommunicationIdentityClient.from_connection_string(conn) as client:
        return (await client.create_user()).raw_id

async_id = asyncio.run(main())
from acs_identity._jwt import decode_claims
claims = decode_claims("eyJhbGciOiJub25lIn0." + base64.urlsafe_b64encode(b'{"exp": 5}').decode().rstrip("=") + ".")
server.shutdown()
print(json.dumps({"sync": sync_id, "async": async_id, "exp": claims["exp"],
                  "aiohttp": "aiohttp" in sys.modules,
                  "leaked": sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)}))
"""


def _top_levels(distribution: str) -> set[str]:
    return {
        top
        for top, names in _packages_distributions().items()
        if any(_normalize(n) == distribution for n in names) and not top.startswith("_") and "-" not in top
    }


def _requires(distribution: str) -> set[str]:
    """A distribution's unconditional requirements (not those behind an `extra ==` marker)."""
    try:
        requirements = importlib.metadata.requires(distribution) or []
    except importlib.metadata.PackageNotFoundError:
        return set()
    return {_requirement_name(r)[0] for r in requirements if "extra ==" not in r.partition(";")[2]}


def _core_closure() -> set[str]:
    closure: set[str] = set()
    todo = list(declared().direct[CORE])
    while todo:
        name = todo.pop()
        if name not in closure:
            closure.add(name)
            todo.extend(_requires(name))
    return closure


def _optional_modules() -> set[str]:
    """The import names of everything the extras add to the core install (and the optional aiohttp)."""
    deps = declared()
    core = _core_closure()
    extras = set().union(*(names for group, names in deps.direct.items() if group != CORE))
    return {
        top
        for name in extras - core
        for top in _top_levels(name)
        if top not in {t for c in core for t in _top_levels(c)}
    } | {"azure.identity", "azure.communication"}


def _run_minimal(blocked: set[str]) -> dict[str, object]:
    import json

    result = subprocess.run(
        [sys.executable, "-c", _MINIMAL_CLIENT_RUN, ",".join(sorted(blocked))],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    value: dict[str, object] = json.loads(result.stdout)
    return value


@pytest.mark.parametrize("without_aiohttp", [False, True], ids=["minimal", "minimal-without-aiohttp"])
def test_the_minimal_install_runs_sync_and_async(without_aiohttp: bool) -> None:
    blocked = _optional_modules()
    assert {"click", "rich", "uvicorn", "jwt", "cryptography", "respx"} <= blocked
    assert not blocked & {"httpx", "attrs", "azure", "aiohttp"}
    if without_aiohttp:
        # aiohttp is a core dependency, but the async client falls back to httpx's transport without it.
        blocked |= {"aiohttp", "yarl"}
    outcome = _run_minimal(blocked)
    assert outcome == {
        "sync": "8:acs:minimal",
        "async": "8:acs:minimal",
        "exp": 5,
        "aiohttp": not without_aiohttp,
        "leaked": [],
    }
