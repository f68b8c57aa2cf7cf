#!/usr/bin/env python3
"""Regenerate the generated wire layer (generated/acs_identity_generated, imported as acs_identity._generated).

    python scripts/regenerate.py                      # spec/openapi.yaml -> generated/
    python scripts/regenerate.py --check              # exit 1, naming the files, if generated/ is stale
    python scripts/regenerate.py --spec ../shared/upstream-specs/data-plane/Identity/stable/2026-09-23/CommunicationIdentity.json --out /tmp/try

The input is an OpenAPI 3.x document or an Azure Swagger 2.0 document as Azure publishes it (converted
offline, external $refs resolved). A canonicalization pass gives operations, tags and schemas the names
spec/openapi.yaml uses, whatever the upstream naming style; the result is validated with
openapi-spec-validator and fed to openapi-python-client (pinned, --fail-on-warning) in a fresh temp folder,
formatted with the pinned ruff (--isolated), and only then swapped in for the target. Two runs give
byte-identical trees. Input problems exit with status 2 and one message.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import functools
import hashlib
import importlib.metadata
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from _regen_canonical import canonicalize
from _regen_capabilities import DEFAULT_MODULE, capability_module_is_current, write_capability_module
from _regen_errors import SpecError
from _regen_swagger import ExternalFile, convert

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SPEC = REPO / "spec" / "openapi.yaml"
DEFAULT_OUT = REPO / "generated"
DEFAULT_CAPABILITIES = REPO / "spec" / "capabilities.json"
# Our templates for the pinned generator (see its README.md): I/O-free request builders and response parsers.
TEMPLATES = Path(__file__).resolve().parent / "regen_templates"
DEFAULT_PACKAGE = "acs_identity_generated"
PROVENANCE = "PROVENANCE.json"
OPENAPI_PYTHON_CLIENT_VERSION = "0.29.1"
RUFF_VERSION = "0.15.9"
# Caches that tools drop next to the code; never part of the generated tree.
_IGNORED_DIRS = frozenset(("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"))

JSON = dict[str, Any]


@dataclass
class Description:
    """A canonical OpenAPI 3 document ready for the generator, and where it came from."""

    document: JSON
    source_format: str
    sha256: str
    external_files: list[ExternalFile]
    operations: dict[str, str | None]
    warnings: list[str] = field(default_factory=list)


def _shown(path: Path) -> str:
    """How to show a path to the user: relative to the working directory when below it."""
    relative = os.path.relpath(path.resolve(), Path.cwd())
    return relative if not relative.startswith("..") else str(path.resolve())


def _display(path: Path) -> str:
    """A path relative to the repository (stable across checkouts), in POSIX form."""
    return Path(os.path.relpath(path.resolve(), REPO)).as_posix()


def load_description(path: Path) -> Description:
    """Read an OpenAPI 3.x or Swagger 2.0 document and return its canonical OpenAPI 3 form."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = yaml.safe_load(raw)  # YAML is a superset of JSON
    except yaml.YAMLError as exc:
        raise SpecError(f"{path} is not valid JSON/YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path} is not an API description (no JSON/YAML object at the top)")
    warnings: list[str] = []
    external: list[ExternalFile] = []
    openapi = data.get("openapi")
    if isinstance(openapi, str) and openapi.startswith(("3.0.", "3.1.")):
        source_format = f"openapi-{openapi}"
        document = data
        remote = sorted({ref for ref in _all_refs(data) if not ref.startswith("#")})
        if remote:
            raise SpecError(f"external $ref in an OpenAPI 3 document is not supported: {remote[0]}")
    elif str(data.get("swagger")) == "2.0":
        source_format = "swagger-2.0"
        document, external, warnings = convert(data, path)
    else:
        raise SpecError(
            f"{path}: unsupported format: expected 'openapi: 3.0.x / 3.1.x' or 'swagger: \"2.0\"'"
        )
    document, report = canonicalize(document)
    _validate(document, path)
    return Description(
        document=document,
        source_format=source_format,
        sha256=hashlib.sha256(raw).hexdigest(),
        external_files=external,
        operations=report.operations,
        warnings=warnings + report.warnings,
    )


def _all_refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _all_refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _all_refs(value)]
    return []


def _validate(document: JSON, path: Path) -> None:
    from openapi_spec_validator import validate  # slow import: only when there is something to validate

    try:
        validate(document)
    except Exception as exc:  # openapi-spec-validator raises several unrelated types
        where = "/".join(str(p) for p in getattr(exc, "path", ()) or ())
        message = (str(getattr(exc, "message", None) or exc).strip().splitlines() or ["unknown error"])[0]
        message = message if len(message) <= 300 else message[:300] + "..."
        suffix = f" (at {where})" if where else ""
        raise SpecError(f"{path}: the OpenAPI document it yields is invalid: {message}{suffix}") from None


def _run(command: Sequence[str], cwd: Path, what: str) -> str:
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise SpecError(f"cannot run {what}: {exc.strerror}") from None
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        lines = [line for line in output.splitlines() if line.strip()]
        raise SpecError(f"{what} failed (exit {done.returncode}):\n  " + "\n  ".join(lines))
    return output


def _run_generator(args: list[str]) -> None:
    """Run the openapi-python-client command line in this process (its import is most of a run's cost)."""
    from openapi_python_client.cli import app

    output = io.StringIO()
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            code = app(args, standalone_mode=False)
    except Exception as exc:  # the generator's own failure modes are many; report, don't crash
        raise SpecError(f"openapi-python-client failed: {type(exc).__name__}: {exc}") from None
    if code:
        lines = [line for line in output.getvalue().splitlines() if line.strip()]
        raise SpecError(f"openapi-python-client failed (exit {code}):\n  " + "\n  ".join(lines))


@functools.cache
def _ruff_version() -> str:
    return _run(_ruff("--version"), REPO, "ruff --version").split()[-1]


def _ruff(*args: str) -> list[str]:
    return [sys.executable, "-m", "ruff", *args]


def tool_versions() -> dict[str, str]:
    """The pinned tools' versions; a different installed version is an error (it changes the output)."""
    try:
        opc = importlib.metadata.version("openapi-python-client")
    except importlib.metadata.PackageNotFoundError:
        opc = "not installed"
    if opc != OPENAPI_PYTHON_CLIENT_VERSION:
        raise SpecError(
            f"openapi-python-client {OPENAPI_PYTHON_CLIENT_VERSION} is required, found {opc}: "
            f"pip install openapi-python-client=={OPENAPI_PYTHON_CLIENT_VERSION}"
        )
    ruff = _ruff_version()
    if ruff != RUFF_VERSION:
        raise SpecError(f"ruff {RUFF_VERSION} is required, found {ruff}: pip install ruff=={RUFF_VERSION}")
    return {
        "openapi-python-client": opc,
        "ruff": ruff,
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
    }


def generate_tree(
    spec: Path,
    out: Path,
    *,
    package: str = DEFAULT_PACKAGE,
    dump_openapi: Path | None = None,
) -> Description:
    """Write `out/<package>/` and `out/PROVENANCE.json` from `spec`; `out` must not exist yet."""
    if not package.isidentifier():
        raise SpecError(f"package name {package!r} is not a Python identifier")
    tools = tool_versions()
    description = load_description(spec)
    document_text = json.dumps(description.document, indent=2, ensure_ascii=False) + "\n"
    if dump_openapi is not None:
        dump_openapi.write_text(document_text, encoding="utf-8")
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="regen-work-") as work_name:
        work = Path(work_name)
        (work / "openapi.json").write_text(document_text, encoding="utf-8")
        # post_hooks: [] -- the generator's own hooks run whatever ruff is on PATH with default settings.
        config = {"package_name_override": package, "project_name_override": package, "post_hooks": []}
        (work / "config.json").write_text(json.dumps(config), encoding="utf-8")
        _run_generator(
            [
                "generate",
                "--path",
                str(work / "openapi.json"),
                "--meta",
                "none",
                "--config",
                str(work / "config.json"),
                "--output-path",
                str((out / package).resolve()),
                "--custom-template-path",
                str(TEMPLATES),
                "--fail-on-warning",
            ]
        )
    # The generator always writes client.py and errors.py; our templates render them empty (nothing uses them).
    for path in sorted((out / package).rglob("*.py")):
        if not path.read_text(encoding="utf-8").strip():
            path.unlink()
    # --isolated: the project's ruff settings (line length, rule set, excludes) must not shape generated code.
    _run(
        _ruff("check", "--isolated", "--no-cache", "--quiet", "--fix-only", "--select", "F401,I", "."),
        out,
        "ruff check",
    )
    _run(_ruff("format", "--isolated", "--no-cache", "--quiet", "."), out, "ruff format")
    (out / package / "py.typed").write_bytes(b"")
    provenance = {
        "generated_by": "scripts/regenerate.py",
        "package": package,
        "input": {
            "path": _display(spec),
            "format": description.source_format,
            "sha256": description.sha256,
            "external_refs": [{"path": f.ref_path, "sha256": f.sha256} for f in description.external_files],
        },
        "templates": {"path": _display(TEMPLATES), "sha256": _templates_sha256()},
        "operations": {name: upstream for name, upstream in sorted(description.operations.items())},
        "warnings": description.warnings,
        "tools": tools,
    }
    (out / PROVENANCE).write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    return description


def _templates_sha256() -> str:
    """One digest of the template folder (names and contents), so PROVENANCE shows which templates ran."""
    digest = hashlib.sha256()
    for path in sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix == ".jinja"):
        digest.update(path.relative_to(TEMPLATES).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _files(root: Path) -> set[str]:
    found: set[str] = set()
    if not root.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _IGNORED_DIRS)
        for name in filenames:
            if not name.endswith((".pyc", ".pyo")):
                found.add(Path(os.path.relpath(Path(dirpath) / name, root)).as_posix())
    return found


def compare_trees(expected: Path, actual: Path) -> list[tuple[str, str]]:
    """(status, relative path) for every file that differs: 'changed', 'missing' (absent), 'stale' (extra)."""
    want, have = _files(expected), _files(actual)
    diffs = [("missing", p) for p in want - have] + [("stale", p) for p in have - want]
    diffs += [("changed", p) for p in want & have if not _same_file(expected / p, actual / p, p)]
    return sorted(diffs, key=lambda d: d[1])


def _same_file(expected: Path, actual: Path, rel: str) -> bool:
    if filecmp.cmp(expected, actual, shallow=False):
        return True
    if rel != PROVENANCE:
        return False
    # The interpreter is not pinned (requires-python >= 3.11) and does not shape the generated code: a
    # tree recorded under another Python minor version is still up to date.
    try:
        want, have = (json.loads(p.read_text(encoding="utf-8")) for p in (expected, actual))
        for record in (want, have):
            record["tools"].pop("python")
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return bool(want == have)


def _check_replaceable(out: Path, package: str) -> None:
    if not out.exists():
        return
    if not out.is_dir():
        raise SpecError(f"--out {out} exists and is not a directory")
    foreign = sorted(p.name for p in out.iterdir() if p.name not in (package, PROVENANCE, *_IGNORED_DIRS))
    if foreign:
        raise SpecError(
            f"refusing to replace {out}: it holds files this script did not write: {', '.join(foreign)}"
        )


def install(fresh: Path, out: Path, package: str) -> bool:
    """Swap `fresh` in for `out` (same filesystem); False when `out` already had exactly this content."""
    _check_replaceable(out, package)
    if out.exists() and not compare_trees(fresh, out):
        return False
    old = out.with_name(f".{out.name}.regen-old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        out.rename(old)
    fresh.rename(out)
    if old.exists():
        shutil.rmtree(old)
    return True


_EPILOG = """\
examples:
  python scripts/regenerate.py                 regenerate generated/ from spec/openapi.yaml
  python scripts/regenerate.py --check         CI: is generated/ what spec/openapi.yaml produces?
  python scripts/regenerate.py --out /tmp/try \\
      --spec ../shared/upstream-specs/data-plane/Identity/stable/2026-09-23/CommunicationIdentity.json

An operation the canonicalizer does not know (a new one in a new api-version) is still generated, named
from its operationId (IdentityOperations_FooBar -> api/identity/foo_bar.py), with a warning on stderr
and in PROVENANCE.json; --strict makes that an error. An unknown operation without an operationId is an
error.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python scripts/regenerate.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_EPILOG,
        description=(
            "Generate the typed HTTP core (openapi-python-client) from an API description. The input may "
            "be an OpenAPI 3.x document or an Azure Swagger 2.0 document as Azure publishes it; module, "
            "function and model names are the canonical ones of spec/openapi.yaml whatever the input's "
            "naming. Exit status: 0 ok, 1 --check found differences, 2 input or tool error."
        ),
    )
    parser.add_argument(
        "--spec", type=Path, default=DEFAULT_SPEC, metavar="PATH",
        help="OpenAPI 3.x (YAML/JSON) or Azure Swagger 2.0 document (default: spec/openapi.yaml)",
    )  # fmt: skip
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, metavar="DIR",
        help="directory that receives <package>/ and PROVENANCE.json; it is replaced as a whole (default: generated/)",
    )  # fmt: skip
    parser.add_argument(
        "--check", action="store_true",
        help="write nothing; exit 1 and name the files if DIR differs from what the description produces",
    )  # fmt: skip
    parser.add_argument(
        "--package-name", default=DEFAULT_PACKAGE, metavar="NAME",
        help=f"Python package name of the generated code (default: {DEFAULT_PACKAGE})",
    )  # fmt: skip
    parser.add_argument(
        "--capabilities", type=Path, default=DEFAULT_CAPABILITIES, metavar="PATH",
        help="the capability record the enums and data module is written from (default: spec/capabilities.json)",
    )  # fmt: skip
    parser.add_argument(
        "--capabilities-module", type=Path, default=None, metavar="PATH",
        help="where the enums and data of the record are written as Python (default: "
        "acs_identity/_capability_record.py when --out is the default, else nowhere)",
    )  # fmt: skip
    parser.add_argument(
        "--strict", action="store_true",
        help="treat warnings (operations without a canonical name) as errors",
    )  # fmt: skip
    parser.add_argument(
        "--dump-openapi", type=Path, default=None, metavar="PATH",
        help="also write the canonical OpenAPI 3 document given to the generator (for debugging)",
    )  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out: Path = args.out
    module: Path | None = args.capabilities_module
    if module is None and out.resolve() == DEFAULT_OUT:
        module = DEFAULT_MODULE
    try:
        if args.check:
            with tempfile.TemporaryDirectory(prefix="regen-check-") as tmp:
                fresh = Path(tmp) / "out"
                description = generate_tree(
                    args.spec, fresh, package=args.package_name,
                    dump_openapi=args.dump_openapi,
                )  # fmt: skip
                _warn(description.warnings, args.strict)
                diffs = compare_trees(fresh, out)
            if module is not None and not capability_module_is_current(args.capabilities, module):
                print(
                    f"{_shown(module)} differs from what {_shown(args.capabilities)} produces (run scripts/regenerate.py)"
                )
                return 1
            if diffs:
                print(
                    f"{_shown(out)} differs from what {_shown(args.spec)} produces (run scripts/regenerate.py):"
                )
                for status, rel in diffs:
                    print(f"  {status:8} {_shown(out / rel)}")
                return 1
            print(f"{_shown(out)} is up to date with {_shown(args.spec)}")
            return 0
        _check_replaceable(out, args.package_name)
        out.parent.mkdir(parents=True, exist_ok=True)
        # Generate beside the target so the final swap is a rename on the same filesystem.
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.regen-", dir=out.parent))
        try:
            description = generate_tree(
                args.spec, staging / "tree", package=args.package_name,
                dump_openapi=args.dump_openapi,
            )  # fmt: skip
            _warn(description.warnings, args.strict)
            changed = install(staging / "tree", out, args.package_name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        print(f"{'wrote' if changed else 'unchanged:'} {_shown(out)} from {_shown(args.spec)}")
        if module is not None:
            changed = write_capability_module(args.capabilities, module)
            print(f"{'wrote' if changed else 'unchanged:'} {_shown(module)} from {_shown(args.capabilities)}")
        return 0
    except SpecError as exc:
        print(f"regenerate.py: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"regenerate.py: error: {exc}", file=sys.stderr)
        return 2


def _warn(warnings: list[str], strict: bool) -> None:
    if strict and warnings:
        raise SpecError(f"{warnings[0]} (--strict)")
    for warning in warnings:
        print(f"regenerate.py: warning: {warning}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
