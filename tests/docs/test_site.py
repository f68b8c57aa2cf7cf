"""The API reference site builds warning-free and has an entry (a page anchor) for every public name.

Building the site is a long run (CI's `pytest -m slow`, and CI's own `mkdocs build --strict`); the default run
checks the source of those entries: every public name has its `::: name` directive in docs/reference/*.md, and
every directive names an object that exists.
"""

from __future__ import annotations

import importlib
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
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


def _directives() -> list[str]:
    """The objects docs/reference/*.md asks mkdocstrings to render (`::: dotted.name` lines)."""
    pages = sorted((ROOT / "docs" / "reference").glob("*.md"))
    return [name for page in pages for name in re.findall(r"(?m)^::: (\S+)\s*$", page.read_text())]


def _resolve(dotted: str) -> object:
    """The object a directive names: the longest importable module prefix, then attributes."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            value: object = importlib.import_module(".".join(parts[:split]))
        except ModuleNotFoundError:
            continue
        for attribute in parts[split:]:
            value = getattr(value, attribute)
        return value
    raise ModuleNotFoundError(dotted)


def test_every_public_name_has_a_reference_directive() -> None:
    directives = _directives()
    missing = [name for name in _public_names() if name not in directives]
    assert not missing, f"no '::: name' line in docs/reference/*.md for {missing}"


@pytest.mark.parametrize("name", _directives())
def test_every_directive_names_an_existing_object(name: str) -> None:
    _resolve(name)


@pytest.mark.slow  # builds the whole site (mkdocs + mkdocstrings over the package)
@pytest.mark.parametrize("name", _public_names())
def test_every_public_name_has_an_entry(site: str, name: str) -> None:
    assert f'id="{name}"' in site


@pytest.mark.slow  # builds the whole site
def test_client_methods_are_documented_with_parameters(site: str) -> None:
    from acs_identity import CommunicationIdentityClient

    for method in ("create_user_and_token", "get_token", "revoke_tokens", "from_connection_string"):
        assert f'id="acs_identity.CommunicationIdentityClient.{method}"' in site
    assert callable(CommunicationIdentityClient.get_token)
    # Google-style sections rendered as tables: parameters and raised exceptions appear for the methods.
    assert site.count("<b>Parameters:</b>") + site.count("Parameters:") > 20
    assert "Raises:" in site
