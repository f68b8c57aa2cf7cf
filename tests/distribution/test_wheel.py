"""The built wheel carries what a user checks before adopting the package: licence, metadata, one version."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

from acs_identity import __version__

ROOT = Path(__file__).resolve().parents[2]


def _hatchling(hook: str, source: Path, out: Path) -> Path:
    """Build with hatchling's PEP 517 hook (`build_wheel` or `build_sdist`) as a build front end calls it, from
    `source`, into `out`. In a subprocess, as pip runs a backend; without pip's isolated build environment (a
    fresh venv with hatchling installed into it, per build), which costs seconds and builds the same files."""
    out.mkdir(parents=True, exist_ok=True)
    code = f"import os, sys; os.chdir(sys.argv[1]); import hatchling.build as b; print(b.{hook}(sys.argv[2]))"
    done = subprocess.run(
        [sys.executable, "-c", code, str(source), str(out)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return out / done.stdout.strip().splitlines()[-1]


def test_the_build_backend_is_the_one_these_tests_call() -> None:
    # pip builds through [build-system]; the tests call the same backend's hooks directly.
    build_system = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]
    assert build_system["build-backend"] == "hatchling.build"
    assert [r for r in build_system["requires"] if r.startswith("hatchling")], build_system


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = _hatchling("build_wheel", ROOT, tmp_path_factory.mktemp("wheel"))
    assert built.name.startswith("acs_identity-") and built.suffix == ".whl", built
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
    sdist = _hatchling("build_sdist", ROOT, tmp_path / "sdist")
    assert sdist.name.startswith("acs_identity-") and sdist.name.endswith(".tar.gz"), sdist
    # What a front end does with an sdist: unpack it and build the wheel from the unpacked tree alone.
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "unpacked", filter="data")
    (source,) = (tmp_path / "unpacked").iterdir()
    built = _hatchling("build_wheel", source, tmp_path / "wheel")
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
