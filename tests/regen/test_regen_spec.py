"""scripts/regenerate.py on our own description: determinism, --check, the target swap, error handling."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from ._support import COMMITTED, REPO, SPEC, Generator, regenerate

from _regen_canonical import canonicalize  # isort: skip  (found through scripts/ on sys.path)
from _regen_errors import SpecError  # isort: skip

SCRIPT = REPO / "scripts" / "regenerate.py"
CACHES = shutil.ignore_patterns("__pycache__", ".mypy_cache", ".ruff_cache", "*.pyc")


def run_script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def spec_document() -> dict[str, object]:
    loaded = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_canonicalization_is_a_no_op_on_our_spec() -> None:
    document = spec_document()
    canonical, report = canonicalize(document)
    # Same content and the same key order: the generator's output follows the document's order.
    assert json.dumps(canonical) == json.dumps(document)
    assert report.warnings == []
    names = [name for name in report.operations.values() if name is not None]
    assert sorted(report.operations) == sorted(names)


def test_provenance_is_stable_and_complete(generator: Generator) -> None:
    generated = generator.spec()
    provenance = json.loads((generated.root / "PROVENANCE.json").read_text(encoding="utf-8"))
    assert provenance["input"]["path"] == "spec/openapi.yaml"
    assert provenance["input"]["format"] == "openapi-3.0.3"
    assert len(provenance["input"]["sha256"]) == 64
    assert provenance["input"]["external_refs"] == []
    # The capability record is hand-written policy, not wire contract: it never ships in the generated package.
    assert "capabilities" not in provenance
    assert provenance["tools"] == {
        "openapi-python-client": "0.29.1",
        "ruff": "0.15.9",
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
    }
    assert (generated.package_dir / "py.typed").read_bytes() == b""
    assert not (generated.package_dir / "capabilities.json").exists()


def test_check_passes_on_the_committed_tree() -> None:
    done = run_script("--check")
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_names_edited_missing_and_stale_files(tmp_path: Path) -> None:
    copy_dir = tmp_path / "generated"
    shutil.copytree(COMMITTED, copy_dir, ignore=CACHES)
    edited = copy_dir / "acs_identity_generated" / "models" / "communication_identity.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    (copy_dir / "acs_identity_generated" / "types.py").unlink()
    (copy_dir / "acs_identity_generated" / "leftover.py").write_text("", encoding="utf-8")
    done = run_script("--check", "--out", str(copy_dir))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(
        line.split()[:1] == ["changed"] and line.endswith("models/communication_identity.py")
        for line in lines
    )
    assert any(
        line.split()[:1] == ["missing"] and line.endswith("acs_identity_generated/types.py") for line in lines
    )
    assert any(
        line.split()[:1] == ["stale"] and line.endswith("acs_identity_generated/leftover.py")
        for line in lines
    )
    assert len(lines) == 4  # the heading and the three files
    assert "# edited by hand" in edited.read_text(encoding="utf-8")  # --check writes nothing


def test_two_runs_are_identical_and_the_target_is_replaced_as_a_whole(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(COMMITTED, out, ignore=CACHES)
    stale = out / "acs_identity_generated" / "api" / "identity" / "old_operation.py"
    stale.write_text("", encoding="utf-8")
    assert regenerate.main(["--out", str(out)]) == 0
    assert not stale.exists()
    assert regenerate.compare_trees(COMMITTED, out) == []  # in-process run == the committed tree
    before = {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else b"") for p in out.rglob("*")}
    # A second run produces a byte-identical tree (install() compares), so nothing is rewritten.
    assert regenerate.main(["--out", str(out)]) == 0
    assert {
        p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else b"") for p in out.rglob("*")
    } == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_refuses_to_replace_a_directory_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert regenerate.main(["--out", str(tmp_path)]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").exists()


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _spec_with(tmp_path: Path, change: str) -> Path:
    document = spec_document()
    paths = document["paths"]
    assert isinstance(paths, dict)
    if change == "invalid":
        del document["info"]
    elif change == "unknown-op":
        paths["/identities/{id}/:frobnicate"] = {
            "post": {
                "operationId": "IdentityOperations_Frobnicate",
                "tags": ["Identity"],
                "parameters": [{"$ref": "#/components/parameters/IdentityId"}],
                "responses": {"204": {"description": "Done."}},
            }
        }
    elif change == "unknown-op-without-id":
        paths["/frobnicate"] = {"post": {"responses": {"204": {"description": "Done."}}}}
    return _write(tmp_path / "openapi.yaml", yaml.safe_dump(document, sort_keys=False))


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "absent.yaml", "cannot read"),
        (lambda tmp: _write(tmp / "broken.yaml", "openapi: [unclosed"), "not valid JSON/YAML"),
        (lambda tmp: _write(tmp / "other.yaml", "asyncapi: 2.6.0\n"), "unsupported format"),
        (lambda tmp: _write(tmp / "old.json", '{"swagger": "1.2"}'), "unsupported format"),
        (lambda tmp: _spec_with(tmp, "invalid"), 'is invalid: "info" is a required property'),
        (lambda tmp: _spec_with(tmp, "unknown-op-without-id"), "POST /frobnicate"),
    ],
    ids=[
        "missing-file",
        "bad-yaml",
        "not-openapi",
        "old-swagger",
        "validation-failure",
        "unknown-path-no-id",
    ],
)
def test_input_errors_exit_2_with_one_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, message: str
) -> None:
    assert callable(make)
    spec = make(tmp_path)
    out = tmp_path / "out"
    assert regenerate.main(["--spec", str(spec), "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("regenerate.py: error: ")
    assert message in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert not out.exists()


def test_errors_print_no_traceback_from_the_command_line(tmp_path: Path) -> None:
    done = run_script(
        "--spec", str(_write(tmp_path / "other.yaml", "asyncapi: 2.6.0\n")), "--out", str(tmp_path / "o")
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_different_ruff_version_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(regenerate, "RUFF_VERSION", "0.16.0")
    assert regenerate.main(["--out", str(tmp_path / "out")]) == 2
    assert "ruff 0.16.0 is required, found 0.15.9" in capsys.readouterr().err


def test_unknown_operation_is_generated_under_a_derived_name_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert regenerate.main(["--spec", str(_spec_with(tmp_path, "unknown-op")), "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "regenerate.py: warning: unknown operation POST /identities/{id}/:frobnicate" in err
    assert "(IdentityOperations_Frobnicate): generated as api.identity.frobnicate" in err
    assert (out / "acs_identity_generated" / "api" / "identity" / "frobnicate.py").is_file()
    provenance = json.loads((out / "PROVENANCE.json").read_text(encoding="utf-8"))
    assert provenance["operations"]["frobnicate"] == "IdentityOperations_Frobnicate"
    assert len(provenance["warnings"]) == 1
    # The known operations keep their canonical modules.
    assert (out / "acs_identity_generated" / "api" / "identity" / "create_identity.py").is_file()


def test_strict_makes_an_unknown_operation_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert (
        regenerate.main(["--strict", "--spec", str(_spec_with(tmp_path, "unknown-op")), "--out", str(out)])
        == 2
    )
    assert "unknown operation POST /identities/{id}/:frobnicate" in capsys.readouterr().err
    assert not out.exists()


def test_check_tolerates_a_tree_recorded_under_another_python(tmp_path: Path) -> None:
    copy_dir = tmp_path / "generated"
    shutil.copytree(COMMITTED, copy_dir, ignore=CACHES)
    provenance = copy_dir / "PROVENANCE.json"
    record = json.loads(provenance.read_text(encoding="utf-8"))
    fresh = tmp_path / "fresh"
    shutil.copytree(COMMITTED, fresh, ignore=CACHES)
    record["tools"]["python"] = "3.99"
    provenance.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    assert regenerate.compare_trees(fresh, copy_dir) == []
    record["input"]["sha256"] = "0" * 64
    provenance.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    assert regenerate.compare_trees(fresh, copy_dir) == [("changed", "PROVENANCE.json")]


def test_spec_document_is_not_modified_by_canonicalization() -> None:
    document = spec_document()
    before = copy.deepcopy(document)
    canonicalize(document)
    assert document == before


def test_canonicalizer_rejects_a_document_with_no_known_operation() -> None:
    document = {"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}
    with pytest.raises(SpecError, match="no"):
        canonicalize(document)
