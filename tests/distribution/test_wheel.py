"""The built wheel carries what a user checks before adopting the package: licence, metadata, one version."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

from acs_identity import __version__

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (built,) = out.glob("acs_identity-*.whl")
    return built


def _metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode())


def test_the_licence_is_in_the_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        licences = [n for n in archive.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert licences, archive.namelist()
        text = archive.read(licences[0]).decode()
    assert text.startswith("MIT License") and "Copyright (c) 2026 acs-identity contributors" in text
    assert _metadata(wheel)["License-Expression"] == "MIT"


def test_version_is_written_once(wheel: Path) -> None:
    assert _metadata(wheel)["Version"] == __version__
    assert wheel.name.startswith(f"acs_identity-{__version__}-")
    pyproject = (ROOT / "pyproject.toml").read_text()
    assert not re.search(r"(?m)^version\s*=", pyproject), "the version belongs in acs_identity/_version.py"
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert f"## {__version__}" in changelog


def test_classifiers_name_every_python_ci_runs(wheel: Path) -> None:
    metadata = _metadata(wheel)
    classifiers = metadata.get_all("Classifier") or []
    for version in ("3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Typing :: Typed" in classifiers
    assert metadata["Requires-Python"] == ">=3.11"
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL") or [])
    assert urls["Homepage"].startswith("https://")


def _top_level_names(names: list[str]) -> set[str]:
    return {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith(".dist-info")}


def test_the_only_top_level_package_is_acs_identity(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert _top_level_names(names) == {"acs_identity"}
    # The generated wire layer ships inside it, as acs_identity._generated (from generated/, via the symlink).
    generated = ROOT / "generated" / "acs_identity_generated"
    expected = {
        "acs_identity/_generated/" + p.relative_to(generated).as_posix()
        for p in generated.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert expected and expected <= set(names), sorted(expected - set(names))


def test_the_sdist_builds_a_wheel_with_the_generated_package(tmp_path: Path) -> None:
    sdist_dir, wheel_dir = tmp_path / "sdist", tmp_path / "wheel"
    # hatchling's build hooks, as pip's build front end calls them (no `build` package needed).
    code = (
        "import os, sys; os.chdir(sys.argv[1]); import hatchling.build as b; "
        "print(b.build_sdist(sys.argv[2]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(sdist_dir)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    (sdist,) = sdist_dir.glob("acs_identity-*.tar.gz")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheel_dir), str(sdist)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    (built,) = wheel_dir.glob("acs_identity-*.whl")
    with zipfile.ZipFile(built) as archive:
        names = archive.namelist()
    assert _top_level_names(names) == {"acs_identity"}
    assert "acs_identity/_generated/api/identity/create_identity.py" in names


def test_the_installed_package_has_no_second_top_level_name() -> None:
    # This environment's install (editable in development, CI's too): the generated layer is a subpackage.
    code = (
        "import importlib.util, acs_identity._generated as g\n"
        "print(importlib.util.find_spec('acs_identity_generated') is None)\n"
        "print(g.__name__)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "acs_identity._generated"]
