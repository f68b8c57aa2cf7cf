"""scripts/regenerate.py on Azure's published Swagger documents (skipped when ../shared is absent)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ._support import Generator, model_class, needs_shared, regenerate, upstream_document, upstream_versions

pytestmark = needs_shared

# (method, path with parameters blanked) -> canonical module, as the issue lists them.
CANONICAL_MODULES = {
    ("post", "/identities"): "identity/create_identity",
    ("delete", "/identities/{}"): "identity/delete_identity",
    ("post", "/identities/{}/:issueAccessToken"): "identity/issue_access_token",
    ("post", "/identities/{}/:revokeAccessTokens"): "identity/revoke_access_tokens",
    ("post", "/teamsUser/:exchangeAccessToken"): "teams_user/exchange_teams_user_access_token",
    (
        "post",
        "/access/teamsExtension/:exchangeAccessToken",
    ): "teams_extension/exchange_teams_extension_access_token",
    (
        "get",
        "/access/teamsExtension/tenants/{}/assignments/{}",
    ): "teams_extension/get_teams_extension_assignment",
    ("put", "/access/teamsExtension/tenants/{}/assignments/{}"): (
        "teams_extension/create_or_update_teams_extension_assignment"
    ),
    (
        "delete",
        "/access/teamsExtension/tenants/{}/assignments/{}",
    ): "teams_extension/delete_teams_extension_assignment",
}
CANONICAL_MODELS = {
    "communication_error",
    "communication_error_response",
    "communication_identity",
    "communication_identity_access_token",
    "communication_identity_access_token_request",
    "communication_identity_access_token_result",
    "communication_identity_create_request",
    "communication_identity_token_scope",
    "teams_extension_assignment_create_or_update_request",
    "teams_extension_assignment_response",
    "teams_extension_exchange_token_request",
    "teams_extension_principal_type",
    "teams_user_exchange_token_request",
}
VERSIONS = upstream_versions() or ["absent"]


def upstream_operations(version: str) -> dict[str, str]:
    """Canonical module (tag/operation) -> Azure's operationId, for every operation of `version`."""
    document = json.loads(upstream_document(version).read_text(encoding="utf-8"))
    operations = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "put", "post", "delete", "patch"):
                module = CANONICAL_MODULES[(method, re.sub(r"\{[^}]*\}", "{}", path))]
                operations[module] = operation["operationId"]
    return operations


@pytest.mark.parametrize("version", VERSIONS)
def test_generates_canonical_modules_without_warnings(generator: Generator, version: str) -> None:
    generated = generator.upstream(version)
    assert generated.provenance["warnings"] == []
    api = generated.package_dir / "api"
    modules = {
        p.relative_to(api).with_suffix("").as_posix() for p in api.glob("*/*.py") if p.stem != "__init__"
    }
    expected = upstream_operations(version)
    assert modules == set(expected)
    models = {p.stem for p in (generated.package_dir / "models").glob("*.py")} - {"__init__"}
    # Exactly the canonical models the version's operations use; the error models come from behind the
    # external $ref into Common/stable/<date>/common.json in the older versions.
    wanted = {m for m in CANONICAL_MODELS if not m.startswith("teams_")}
    if any(m.startswith("teams_user/") for m in expected):
        wanted.add("teams_user_exchange_token_request")
    if any(m.startswith("teams_extension/") for m in expected):
        wanted |= {m for m in CANONICAL_MODELS if m.startswith("teams_extension")}
    assert models == wanted
    provenance = generated.provenance
    assert provenance["input"]["path"].endswith(f"{version}/CommunicationIdentity.json")
    assert provenance["input"]["format"] == "swagger-2.0"
    assert provenance["operations"] == {module.split("/")[1]: op for module, op in expected.items()}


@pytest.mark.parametrize("version", VERSIONS)
def test_open_enums_accept_unknown_values(generator: Generator, version: str) -> None:
    generated = generator.upstream(version)
    request = model_class(generated, "CommunicationIdentityAccessTokenRequest").from_dict(
        {"scopes": ["chat", "galaxy.brain"]}
    )
    assert request.scopes == [model_class(generated, "CommunicationIdentityTokenScope").CHAT, "galaxy.brain"]
    if (generated.package_dir / "models" / "teams_extension_assignment_response.py").is_file():
        response = model_class(generated, "TeamsExtensionAssignmentResponse").from_dict(
            {"objectId": "o", "tenantId": "t", "principalType": "group"}
        )
        assert response.principal_type == "group"


def test_request_defaults_are_not_sent(generator: Generator) -> None:
    generated = generator.upstream(upstream_versions()[-1])
    request = model_class(generated, "CommunicationIdentityCreateRequest")(create_token_with_scopes=["chat"])
    assert request.to_dict() == {"createTokenWithScopes": ["chat"]}
    token_request = model_class(generated, "CommunicationIdentityAccessTokenRequest")(scopes=["voip"])
    assert token_request.to_dict() == {"scopes": ["voip"]}


@pytest.mark.slow  # mypy over every generated version: a minute or more, one of CI's long runs
def test_all_outputs_pass_mypy_strict(
    generator: Generator, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    packages = [generator.upstream(v).package_dir for v in upstream_versions()]
    packages.append(generator.spec().package_dir)
    # One mypy run over all outputs. Its cache lives in pytest's cache dir so that later runs do not
    # re-analyse httpx & co (mypy still re-checks any generated file whose content changed).
    pytest_cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    cache = pytest_cache.mkdir("regen-mypy") if pytest_cache is not None else tmp_path
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *map(str, packages)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_new_upstream_operation_is_generated_with_a_warning(tmp_path: Path) -> None:
    """A later api-version adding an operation (and a model) still generates; only the new names are derived."""
    document = json.loads(upstream_document(upstream_versions()[-1]).read_text(encoding="utf-8"))
    document["paths"]["/identities/{id}/tokens"] = {
        "get": {
            "operationId": "IdentityOperations_ListTokens",
            "tags": ["Identity"],
            "parameters": [
                {"$ref": "#/parameters/Azure.Core.Foundations.ApiVersionParameter"},
                {"name": "id", "in": "path", "required": True, "type": "string"},
            ],
            "responses": {
                "200": {"description": "The tokens.", "schema": {"$ref": "#/definitions/TokenList"}},
                "default": {
                    "description": "Error",
                    "schema": {"$ref": "#/definitions/CommunicationErrorResponse"},
                },
            },
        }
    }
    document["definitions"]["TokenList"] = {
        "type": "object",
        "properties": {
            "value": {"type": "array", "items": {"$ref": "#/definitions/CommunicationIdentityAccessToken"}}
        },
    }
    spec = tmp_path / "CommunicationIdentity.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    out = tmp_path / "out"
    regenerate.generate_tree(spec, out, package="regen_new_operation")
    package = out / "regen_new_operation"
    assert (package / "api" / "identity" / "list_tokens.py").is_file()
    assert (package / "models" / "token_list.py").is_file()
    assert (package / "api" / "identity" / "create_identity.py").is_file()
    (warning,) = json.loads((out / "PROVENANCE.json").read_text(encoding="utf-8"))["warnings"]
    assert (
        "GET /identities/{id}/tokens (IdentityOperations_ListTokens): generated as api.identity.list_tokens"
        in warning
    )
