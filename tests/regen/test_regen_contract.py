"""The generated package is the wire contract: what a new api-version adds reaches the caller by
regeneration alone, and the templates handle what a valid description may add (optional header
parameters, merge-patch bodies, map bodies, paged list responses).

Each modified description is generated into a temp dir and imported under its own package name.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from ._support import SPEC, Generated, Generator, model_class, regenerate

from _regen_errors import SpecError  # isort: skip  (scripts/ is on sys.path once _support is imported)

RESULT = {"identity": {"id": "8:acs:1"}, "accessToken": {"token": "t", "expiresOn": "2026-11-30T10:00:00Z"}}


def _spec() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return copy.deepcopy(loaded)


def _generate(generator: Generator, document: dict[str, Any], package: str) -> Generated:
    path = generator.base / f"{package}.json"
    if not path.is_file():
        path.write_text(json.dumps(document), encoding="utf-8")
    return generator.get(path, package)


def test_a_new_optional_response_field_surfaces_through_the_generated_parser(generator: Generator) -> None:
    """The issue's done-when: an api-version whose description adds an optional response field needs no
    hand-written change for the field to reach the parsed model."""
    document = _spec()
    document["components"]["schemas"]["CommunicationIdentity"]["properties"]["deactivatedAt"] = {
        "type": "string",
        "format": "date-time",
        "description": "When the identity was deactivated (a field no api-version has).",
    }
    generated = _generate(generator, document, "regen_new_field")
    create_identity = generated.module("api.identity.create_identity")
    body = {**RESULT, "identity": {"id": "8:acs:1", "deactivatedAt": "2026-11-30T09:00:00+00:00"}}
    parsed = create_identity.parse_response(201, json.dumps(body).encode())
    assert parsed.identity.deactivated_at == datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    assert parsed.identity.additional_properties == {}  # a typed field, not an unknown key
    # Absent, it is UNSET: older services still parse.
    older = create_identity.parse_response(201, json.dumps(RESULT).encode())
    assert not older.identity.deactivated_at
    # The committed package keeps an unknown field as an additional property (nothing is lost).
    from acs_identity._generated.api.identity import create_identity as committed

    assert committed.parse_response(201, json.dumps(body).encode()).identity.additional_properties == {
        "deactivatedAt": "2026-11-30T09:00:00+00:00"
    }


def _extended() -> dict[str, Any]:
    """spec/ plus what later api-versions bring: optional header parameters on create, a PATCH with a
    merge-patch map body, and a paged list."""
    document = _spec()
    create = document["paths"]["/identities"]["post"]
    # spec/ already declares the (string) repeatability headers on create; add an integer one.
    create["parameters"] = [
        *create["parameters"],
        {"name": "x-ms-attempt", "in": "header", "required": False, "schema": {"type": "integer"}},
    ]
    error = {"$ref": "#/components/responses/Error"}
    document["paths"]["/identities"]["get"] = {
        "tags": ["identity"],
        "operationId": "list_identities",
        "parameters": [
            {"$ref": "#/components/parameters/ApiVersion"},
            {"name": "maxPageSize", "in": "query", "required": False, "schema": {"type": "integer"}},
        ],
        "responses": {
            "200": {
                "description": "A page of identities.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/IdentityPage"}}},
            },
            "default": error,
        },
    }
    document["paths"]["/identities/{id}"]["patch"] = {
        "tags": ["identity"],
        "operationId": "update_identity_tags",
        "parameters": [
            {"$ref": "#/components/parameters/IdentityId"},
            {"$ref": "#/components/parameters/ApiVersion"},
        ],
        "requestBody": {
            "required": True,
            "content": {
                "application/merge-patch+json": {
                    "schema": {"type": "object", "additionalProperties": {"type": "string"}}
                }
            },
        },
        "responses": {"204": {"description": "Updated."}, "default": error},
    }
    document["components"]["schemas"]["IdentityPage"] = {
        "type": "object",
        "required": ["value"],
        "properties": {
            "value": {"type": "array", "items": {"$ref": "#/components/schemas/CommunicationIdentity"}},
            "nextLink": {"type": "string"},
        },
    }
    return document


@pytest.fixture(scope="module")
def extended(generator: Generator) -> Generated:
    return _generate(generator, _extended(), "regen_extended")


def test_optional_header_parameters_are_sent_only_when_given(extended: Generated) -> None:
    create_identity = extended.module("api.identity.create_identity")
    plain = create_identity.build_request(api_version="2026-09-23")
    assert plain.headers == {}
    first_sent = "Mon, 30 Nov 2026 09:00:00 GMT"
    parts = create_identity.build_request(
        api_version="2026-09-23",
        repeatability_request_id="r-1",
        repeatability_first_sent=first_sent,
        x_ms_attempt=2,
    )
    assert parts.headers == {
        "Repeatability-Request-ID": "r-1",
        "Repeatability-First-Sent": first_sent,
        "x-ms-attempt": "2",
    }


def test_a_merge_patch_map_body(extended: Generated) -> None:
    update = extended.module("api.identity.update_identity_tags")
    body_type = next(name for name in dir(update) if name.startswith("UpdateIdentityTags"))
    body = getattr(update, body_type).from_dict({"team": "blue", "tier": "gold"})
    parts = update.build_request("8:acs:1", body=body, api_version="2026-09-23")
    assert (parts.method, parts.path) == ("PATCH", "/identities/8%3Aacs%3A1")
    assert parts.headers == {"content-type": "application/merge-patch+json"}
    assert json.loads(parts.content) == {"team": "blue", "tier": "gold"}
    assert update.parse_response(204, b"") is None


def test_a_paged_list_response(extended: Generated) -> None:
    list_identities = extended.module("api.identity.list_identities")
    parts = list_identities.build_request(api_version="2026-09-23", max_page_size=10)
    assert (parts.method, parts.path, parts.params) == (
        "GET",
        "/identities",
        {"api-version": "2026-09-23", "maxPageSize": 10},
    )
    page = list_identities.parse_response(
        200, json.dumps({"value": [{"id": "a"}, {"id": "b"}], "nextLink": "https://x/next"}).encode()
    )
    assert [identity.id for identity in page.value] == ["a", "b"]
    assert page.next_link == "https://x/next"
    assert isinstance(page, model_class(extended, "IdentityPage"))
    error = list_identities.parse_error(500, json.dumps({"error": {"code": "c", "message": "m"}}).encode())
    assert (error.error.code, error.error.message) == ("c", "m")


def test_undocumented_request_body_kinds_fail_at_generation(tmp_path: Path) -> None:
    """Form and multipart bodies are not supported by the templates: generation says so, nothing is written."""
    document = _spec()
    document["paths"]["/identities"]["post"]["requestBody"]["content"] = {
        "multipart/form-data": {"schema": {"$ref": "#/components/schemas/CommunicationIdentityCreateRequest"}}
    }
    spec = tmp_path / "multipart.json"
    spec.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SpecError, match="form_and_multipart_bodies_are_not_supported"):
        regenerate.generate_tree(spec, tmp_path / "out", package="regen_multipart")


@pytest.mark.slow  # a mypy run: one of CI's long runs
def test_the_extended_output_passes_mypy_strict(extended: Generated, tmp_path: Path) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(extended.package_dir)]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
