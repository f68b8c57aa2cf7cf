"""Importing the client classes imports none of what a client is built from (httpx, aiohttp, azure-core, the
operations); building one imports httpx without its command line (click, rich, pygments), which stays
importable. Asserted on `sys.modules` in fresh interpreters (scripts/bench.py measures the time)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import types

import pytest

CHECK = """
import sys
from acs_identity import CommunicationIdentityClient
CommunicationIdentityClient("https://x.communication.azure.com", "AAAA").close()  # imports httpx
assert "httpx" in sys.modules
cli = [name for name in ("click", "rich", "pygments", "httpx._main") if name in sys.modules]
assert not cli, cli
import httpx._main  # still importable afterwards
assert "click" in sys.modules
print("ok")
"""


def test_client_construction_skips_httpx_cli() -> None:
    pytest.importorskip("click")
    pytest.importorskip("rich")
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# What the client classes must not import: the first construction (or call) imports them.
HEAVY = (
    "httpx",
    "httpcore",
    "aiohttp",
    "azure.core",  # its __init__ imports its whole pipeline, transports and urllib.request included
    "azure.core.pipeline.transport",
    "urllib.request",
    "ssl",
    "acs_identity._generated",  # the generated operations and models
    "acs_identity._operations",
    "acs_identity._pipeline",
    "acs_identity._core_pipeline",
    "acs_identity.aio._aiohttp",
)

CLASSES_ONLY = """
import json, sys
from acs_identity import CommunicationIdentityClient
from acs_identity.aio import CommunicationIdentityClient as AsyncClient
print(json.dumps(sorted(sys.modules)))
"""


def _loaded(modules: list[str], prefixes: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes)]


def test_importing_the_client_classes_imports_nothing_heavy() -> None:
    result = subprocess.run([sys.executable, "-c", CLASSES_ONLY], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout)
    assert "acs_identity._client" in modules and "acs_identity.aio._client" in modules
    assert _loaded(modules, HEAVY) == []


BUILT = """
import asyncio, json, sys
from acs_identity import CommunicationIdentityClient
from acs_identity.aio import CommunicationIdentityClient as AsyncClient
CommunicationIdentityClient("https://x.communication.azure.com", "AAAA").close()
asyncio.run(AsyncClient("https://x.communication.azure.com", "AAAA").close())
print(json.dumps(sorted(sys.modules)))
"""


def test_building_a_client_imports_its_machinery_without_httpx_cli() -> None:
    # The other side of the test above: the same names are what a client needs, loaded when one is built.
    result = subprocess.run([sys.executable, "-c", BUILT], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    modules = json.loads(result.stdout)
    for needed in ("httpx", "azure.core.pipeline", "acs_identity._operations", "acs_identity._pipeline"):
        assert needed in modules
    if importlib.util.find_spec("aiohttp") is not None:
        assert "acs_identity.aio._aiohttp" in modules  # the async client's default transport
    assert _loaded(modules, ("click", "rich", "pygments", "httpx._main")) == []
    assert _loaded(modules, ("acs_identity._generated.api",)) == []  # operations load on their first call


GENERATED = """
import json, sys
def loaded():
    return sorted(name for name in sys.modules if name.startswith("acs_identity._generated") or name == "attr")
from acs_identity import CommunicationIdentityClient
from acs_identity.aio import CommunicationIdentityClient as AsyncClient
at_import = loaded()
from acs_identity import _operations
_operations.delete_user(_operations.Config("https://x.communication.azure.com", "2026-09-23"), "8:acs:1")
print(json.dumps([at_import, loaded()]))
"""


def test_client_import_loads_no_generated_operation_or_model() -> None:
    # The generated operations (and attrs, which the models need) load on an operation's first use, and
    # then only that operation's modules.
    result = subprocess.run([sys.executable, "-c", GENERATED], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    at_import, after_one_call = json.loads(result.stdout)
    assert at_import == []
    assert after_one_call == sorted(
        [
            "acs_identity._generated",
            "acs_identity._generated.types",
            "acs_identity._generated.api",
            "acs_identity._generated.api.identity",
            "acs_identity._generated.api.identity.delete_identity",
            "acs_identity._generated.models",
            "acs_identity._generated.models.communication_error_response",
            "attr",
        ]
    )


def test_a_module_on_first_use_binds_the_module_itself() -> None:
    # The clients' `ops`: the first attribute read imports the module and rebinds the name, so later calls
    # read the module directly (no stand-in on the per-call path).
    from acs_identity._lazy import ModuleOnFirstUse

    namespace: dict[str, object] = {}
    namespace["codec"] = ModuleOnFirstUse(".quopri_codec", "encodings", namespace, "codec")
    assert not isinstance(namespace["codec"], types.ModuleType)
    encode = getattr(namespace["codec"], "quopri_encode")  # noqa: B009  # a dynamic attribute, as `ops.x` reads it
    import encodings.quopri_codec

    assert namespace["codec"] is encodings.quopri_codec
    assert encode is encodings.quopri_codec.quopri_encode
