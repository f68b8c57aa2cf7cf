"""Importing the client does not import httpx's command line (click, rich, pygments), and leaves it importable."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHECK = """
import sys
from acs_identity import CommunicationIdentityClient
from acs_identity.aio import CommunicationIdentityClient as AsyncClient
cli = [name for name in ("click", "rich", "pygments", "httpx._main") if name in sys.modules]
assert not cli, cli
import httpx._main  # still importable afterwards
assert "click" in sys.modules
print("ok")
"""


def test_client_import_skips_httpx_cli() -> None:
    pytest.importorskip("click")
    pytest.importorskip("rich")
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


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
    assert at_import == ["acs_identity._generated", "acs_identity._generated.types"]
    assert after_one_call == sorted(
        [
            *at_import,
            "acs_identity._generated.api",
            "acs_identity._generated.api.identity",
            "acs_identity._generated.api.identity.delete_identity",
            "acs_identity._generated.models",
            "acs_identity._generated.models.communication_error_response",
            "attr",
        ]
    )
