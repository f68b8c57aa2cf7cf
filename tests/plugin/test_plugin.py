"""The pytest plugin as a user meets it: a test suite of its own, run by pytester in a fresh pytest process
(so the installed pytest11 entry point loads it), with and without pytest-xdist."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

_README = Path(__file__).resolve().parents[2] / "README.md"
_MARKER = "<!-- plugin-example:"


def _readme_example() -> str:
    """The README's complete test file, so what the README shows is what is tested."""
    text = _README.read_text(encoding="utf-8")
    start = text.index("```python\n", text.index(_MARKER)) + len("```python\n")
    return text[start : text.index("```", start)]


def _run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_user_suite=_readme_example())
    # A fresh process: the plugin comes from the installed entry point, as in a user's project.
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", *args, timeout=600)


def test_plugin_fixtures_without_xdist(pytester: pytest.Pytester) -> None:
    result = _run(pytester, "-p", "no:xdist")
    result.assert_outcomes(passed=7)


def test_plugin_fixtures_under_xdist(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    result = _run(pytester, "-n", "2")
    result.assert_outcomes(passed=7)


def test_fixtures_are_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_subprocess("--fixtures", "-p", "no:xdist", timeout=600)
    for name in ("acs_emulator", "acs_client", "acs_async_client", "acs_official_client_kwargs"):
        result.stdout.fnmatch_lines([f"{name}*"])
