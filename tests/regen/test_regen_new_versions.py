"""scripts/regenerate.py on Azure's 2023-08-01 and 2025-03-02-preview documents (skipped without ../shared):
canonical names for every operation, the repeatability headers, custom ids and the Entra ID operations."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ._support import SPEC, UPSTREAM, Generated, Generator, model_class

STABLE = UPSTREAM / "2023-08-01" / "CommunicationIdentity.json"
PREVIEW = UPSTREAM.parent / "preview" / "2025-03-02-preview" / "CommunicationIdentity.json"
DOCUMENTS = {"2023-08-01": STABLE, "2025-03-02-preview": PREVIEW}

pytestmark = pytest.mark.skipif(
    not all(p.is_file() for p in DOCUMENTS.values()), reason="../shared (Azure's documents) is absent"
)

_IDENTITY = {
    "identity/create_identity": "CommunicationIdentity_Create",
    "identity/delete_identity": "CommunicationIdentity_Delete",
    "identity/issue_access_token": "CommunicationIdentity_IssueAccessToken",
    "identity/revoke_access_tokens": "CommunicationIdentity_RevokeAccessTokens",
    "teams_user/exchange_teams_user_access_token": "CommunicationIdentity_ExchangeTeamsUserAccessToken",
}
# canonical module (tag/operation) -> Azure's operationId, per document
EXPECTED = {
    "2023-08-01": _IDENTITY,
    "2025-03-02-preview": {
        **_IDENTITY,
        "identity/get_identity": "CommunicationIdentity_Get",
        "teams_extension/exchange_teams_extension_access_token": "TeamsExtensionToken_Exchange",
        "teams_extension/get_teams_extension_assignment": "TeamsExtensionAssignment_Get",
        "teams_extension/create_or_update_teams_extension_assignment": "TeamsExtensionAssignment_Upsert",
        "teams_extension/delete_teams_extension_assignment": "TeamsExtensionAssignment_Delete",
        "entra/exchange_entra_access_token": "EntraIdToken_Exchange",
        "entra/list_entra_assignments": "EntraIdAssignments_List",
        "entra/update_entra_assignments": "EntraIdAssignments_Update",
        "entra/get_entra_assignment": "EntraIdAssignment_Get",
        "entra/create_or_update_entra_assignment": "EntraIdAssignment_Upsert",
        "entra/delete_entra_assignment": "EntraIdAssignment_Delete",
    },
}


def _generate(generator: Generator, version: str) -> Generated:
    return generator.get(DOCUMENTS[version], "regen_new_" + version.replace("-", "_"))


def _modules(generated: Generated) -> set[str]:
    api = generated.package_dir / "api"
    return {p.relative_to(api).with_suffix("").as_posix() for p in api.glob("*/*.py") if p.stem != "__init__"}


@pytest.mark.parametrize("version", sorted(DOCUMENTS))
def test_every_operation_gets_its_canonical_name(generator: Generator, version: str) -> None:
    generated = _generate(generator, version)
    provenance = generated.provenance
    assert provenance["warnings"] == []
    assert _modules(generated) == set(EXPECTED[version])
    assert provenance["operations"] == {m.split("/")[1]: op for m, op in EXPECTED[version].items()}


def test_the_preview_has_every_operation_of_our_description(generator: Generator) -> None:
    assert _modules(_generate(generator, "2025-03-02-preview")) == _modules(generator.spec())


def test_repeatability_headers_are_sent_as_strings(generator: Generator) -> None:
    create = _generate(generator, "2023-08-01").module("api.identity.create_identity")
    parts = create.build_request(
        api_version="2023-08-01",
        repeatability_request_id="4e7d453c-ae97-4778-ad51-cb3b4a701100",
        repeatability_first_sent="Sun, 10 Sep 2023 20:39:30 GMT",
    )
    assert parts.headers["Repeatability-Request-ID"] == "4e7d453c-ae97-4778-ad51-cb3b4a701100"
    assert parts.headers["Repeatability-First-Sent"] == "Sun, 10 Sep 2023 20:39:30 GMT"
    # Without them the request carries neither (a non-repeatable create, as before 2023-08-01).
    assert create.build_request(api_version="2023-08-01").headers == {}


def test_custom_id_and_last_token_issued_at(generator: Generator) -> None:
    preview = _generate(generator, "2025-03-02-preview")
    request = model_class(preview, "CommunicationIdentityCreateRequest")(custom_id="sally@contoso.com")
    assert request.to_dict() == {"customId": "sally@contoso.com"}
    example = json.loads((PREVIEW.parent / "examples" / "CreateIdentity.json").read_text(encoding="utf-8"))
    result = model_class(preview, "CommunicationIdentityAccessTokenResult").from_dict(
        example["responses"]["201"]["body"]
    )
    assert result.identity.custom_id == "sally@contoso.com"
    assert result.identity.last_token_issued_at == datetime(2025, 2, 10, 21, 39, 39, 324458, tzinfo=UTC)


def test_entra_assignments_patch_removes_with_null(generator: Generator) -> None:
    preview = _generate(generator, "2025-03-02-preview")
    patch = {
        "350adb03": {"principalType": "user", "tenantId": "t", "clientIds": ["c"]},
        "d7233e76": None,
    }
    parsed = model_class(preview, "EntraAssignmentUpdateBulkRequest").from_dict(patch)
    assert parsed["d7233e76"] is None
    assert parsed["350adb03"].principal_type == model_class(preview, "EntraPrincipalType").USER
    assert parsed.to_dict() == patch


def test_entra_principal_type_and_paging(generator: Generator) -> None:
    preview = _generate(generator, "2025-03-02-preview")
    page = model_class(preview, "EntraAssignmentsResponse").from_dict(
        {
            "value": [
                {"objectId": "o", "tenantId": "t", "principalType": "servicePrincipal", "clientIds": []}
            ],
            "nextLink": "https://x/access/entra/assignments?page=2",
        }
    )
    (assignment,) = page.value
    assert assignment.principal_type == "servicePrincipal"  # an open enum: unknown values parse
    assert page.next_link == "https://x/access/entra/assignments?page=2"
    assert {m.value for m in model_class(preview, "EntraPrincipalType")} == {"user", "group", "tenant"}


@pytest.mark.slow  # mypy over both outputs: tens of seconds
def test_both_outputs_pass_mypy_strict(generator: Generator, tmp_path: Path) -> None:
    packages = [str(_generate(generator, v).package_dir) for v in sorted(DOCUMENTS)]
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_spec_and_capabilities_agree_on_operations() -> None:
    """Every operation the record names is one of spec/openapi.yaml's, and the reverse."""
    import yaml

    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    ops = {
        op["operationId"] for item in spec["paths"].values() for op in item.values() if "operationId" in op
    }
    record = json.loads((SPEC.parent / "capabilities.json").read_text(encoding="utf-8"))
    named = {op for entry in record["versions"].values() for op in entry["operations"]}
    assert named == ops
