"""The pytest plugin as a user meets it: a test suite of its own, run by pytester with and without pytest-xdist.

Under xdist it runs in a fresh pytest process (the installed pytest11 entry point loads the plugin there, in the
controller and in each worker); without xdist in-process, where the inner pytest loads its plugins from the same
entry points (a fresh process costs seconds and proves nothing more than the xdist run does).
"""

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


_PLUGIN = "acs_identity_emulator"  # its pytest11 entry point's name (pyproject.toml)
# The user's suite has no pytest configuration; this one setting keeps pytest-asyncio from warning about it.
_QUIET = ("-p", "no:cacheprovider", "-o", "asyncio_default_fixture_loop_scope=function")


def _user_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_user_suite=_readme_example())


def test_plugin_fixtures_without_xdist(pytester: pytest.Pytester) -> None:
    _user_suite(pytester)
    result = pytester.runpytest_inprocess(*_QUIET, "-p", "no:xdist")
    result.assert_outcomes(passed=7)


def test_plugin_fixtures_under_xdist(pytester: pytest.Pytester) -> None:
    pytest.importorskip("xdist")
    _user_suite(pytester)
    # A fresh process: the plugin comes from the installed entry point, as in a user's project. (Without
    # schemathesis' and hypothesis' plugins, which this venv has for its own tests: each of the three processes
    # would spend a second or more importing them.)
    unrelated = ("-p", "no:schemathesis", "-p", "no:hypothesispytest")
    result = pytester.runpytest_subprocess(*_QUIET, *unrelated, "-n", "2", timeout=600)
    result.assert_outcomes(passed=7)


def test_fixtures_are_listed(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest_inprocess(*_QUIET, "--fixtures", "-p", "no:xdist")
    for name in ("acs_emulator", "acs_client", "acs_async_client", "acs_official_client_kwargs"):
        result.stdout.fnmatch_lines([f"{name}*"])


def test_the_plugin_is_loaded_from_its_entry_point(pytester: pytest.Pytester) -> None:
    # Blocking the entry point's name unloads the fixtures: they come from the entry point, not from the
    # outer test session.
    result = pytester.runpytest_inprocess(*_QUIET, "--fixtures", "-p", "no:xdist", "-p", f"no:{_PLUGIN}")
    assert "acs_emulator" not in result.stdout.str()
