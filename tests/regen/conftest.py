"""Fixtures for the scripts/regenerate.py tests.

Generation runs in-process and each description is generated once per test run (shared by xdist
workers), whatever the number of tests that look at it.
"""

from __future__ import annotations

import os

import pytest

from ._support import Generator


@pytest.fixture(scope="session")
def generator(tmp_path_factory: pytest.TempPathFactory) -> Generator:
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # Workers of one run share the parent of their base temp dirs: generate there, once in all.
        return Generator(tmp_path_factory.getbasetemp().parent / "regen-shared")
    return Generator(tmp_path_factory.mktemp("regen"))
