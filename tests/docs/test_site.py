"""The API reference site builds warning-free and has an entry (a page anchor) for every public name."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs")
pytest.importorskip("mkdocstrings_handlers.python")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("site")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # mkdocs-material's end-of-life banner
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING -" not in result.stderr, result.stderr
    return "\n".join(page.read_text() for page in out.glob("reference/*/index.html"))


def _public_names() -> list[str]:
    import acs_identity
    import acs_identity.aio
    import acs_identity.emulator

    names = []
    for module in (acs_identity, acs_identity.aio, acs_identity.emulator):
        for name in module.__all__:
            if name == "AccessToken":  # azure-core's, documented in prose on the models page
                continue
            value = getattr(module, name)
            # The aio package re-exports the shared identifiers and enums: documented once, under acs_identity.
            home = (
                "acs_identity"
                if getattr(value, "__module__", "").startswith("acs_identity._")
                else module.__name__
            )
            if (
                module is acs_identity.aio
                and inspect.isclass(value)
                and value.__module__.startswith("acs_identity.aio")
            ):
                home = "acs_identity.aio"
            names.append(f"{home}.{name}")
    return sorted(set(names))


@pytest.mark.parametrize("name", _public_names())
def test_every_public_name_has_an_entry(site: str, name: str) -> None:
    assert f'id="{name}"' in site


def test_client_methods_are_documented_with_parameters(site: str) -> None:
    from acs_identity import CommunicationIdentityClient

    for method in ("create_user_and_token", "get_token", "revoke_tokens", "from_connection_string"):
        assert f'id="acs_identity.CommunicationIdentityClient.{method}"' in site
    assert callable(CommunicationIdentityClient.get_token)
    # Google-style sections rendered as tables: parameters and raised exceptions appear for the methods.
    assert site.count("<b>Parameters:</b>") + site.count("Parameters:") > 20
    assert "Raises:" in site
