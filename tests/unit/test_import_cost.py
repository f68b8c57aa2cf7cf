"""Importing the client does not import httpx's command line (click, rich, pygments), and leaves it importable."""

from __future__ import annotations

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
