"""Swagger 2.0 conversion and role-based canonical names, on a synthetic Azure-style document.

The document uses names no Azure version uses (so the canonicalizer cannot be matching by name), an
external $ref for the error schema, a renamed path parameter, an inline response schema and an open enum.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ._support import regenerate

COMMON: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "Common", "version": "1"},
    "paths": {},
    "definitions": {
        "Failure": {
            "type": "object",
            "required": ["error"],
            "properties": {"error": {"$ref": "#/definitions/FailureDetail", "description": "sibling text"}},
        },
        "FailureDetail": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "innererror": {"$ref": "#/definitions/FailureDetail", "x-ms-client-name": "innerError"},
            },
        },
        "Unused": {"type": "string"},
    },
}
ERROR = {"description": "Error", "schema": {"$ref": "./common/common.json#/definitions/Failure"}}
DOCUMENT: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "SomethingClient", "version": "2099-01-01"},
    "x-ms-parameterized-host": {
        "hostTemplate": "{endpoint}",
        "useSchemePrefix": False,
        "parameters": [{"name": "endpoint", "in": "path", "required": True, "type": "string"}],
    },
    "consumes": ["application/json"],
    "produces": ["application/json"],
    "paths": {
        "/identities": {
            "post": {
                "operationId": "Users_Make",
                "tags": ["Users"],
                "parameters": [
                    {"$ref": "#/parameters/Version"},
                    {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/MakeInput"}},
                ],
                "responses": {
                    "201": {"description": "Made", "schema": {"$ref": "#/definitions/Made"}},
                    "default": ERROR,
                },
                "x-ms-examples": {"Make": {"$ref": "./examples/DoesNotExist.json"}},
            }
        },
        "/identities/{userKey}/:issueAccessToken": {
            "post": {
                "operationId": "Users_Token",
                "parameters": [
                    {"name": "userKey", "in": "path", "required": True, "type": "string"},
                    {"$ref": "#/parameters/Version"},
                    {
                        "name": "body",
                        "in": "body",
                        "required": True,
                        "schema": {"$ref": "#/definitions/TokenInput"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Token",
                        "schema": {  # inline: hoisted under the canonical name
                            "type": "object",
                            "required": ["token", "expiresOn"],
                            "properties": {
                                "token": {"type": "string"},
                                "expiresOn": {"type": "string", "format": "date-time"},
                            },
                        },
                    },
                    "default": ERROR,
                },
            }
        },
    },
    "definitions": {
        "Perm": {
            "type": "string",
            "enum": ["chat", "voip"],
            "x-ms-enum": {"name": "Perm", "modelAsString": True},
        },
        "MakeInput": {
            "type": "object",
            "properties": {
                "createTokenWithScopes": {"type": "array", "items": {"$ref": "#/definitions/Perm"}},
                "expiresInMinutes": {
                    "type": "integer",
                    "format": "int32",
                    "minimum": 60,
                    "maximum": 1440,
                    "default": 1440,
                },
            },
        },
        "TokenInput": {
            "type": "object",
            "required": ["scopes"],
            "properties": {
                "scopes": {"type": "array", "items": {"$ref": "#/definitions/Perm"}},
                "flavor": {"$ref": "#/definitions/Flavor"},  # a later addition: an open enum too
                "mode": {
                    "type": "string",
                    "enum": ["a"],
                    "x-ms-enum": {"name": "Mode", "modelAsString": True},
                },
            },
        },
        "Flavor": {
            "type": "string",
            "enum": ["sweet", "sour"],
            "x-ms-enum": {"name": "Flavor", "modelAsString": True},
        },
        "Made": {
            "type": "object",
            "required": ["identity"],
            "properties": {
                "identity": {"$ref": "#/definitions/Who"},
                "accessToken": {"$ref": "#/definitions/Tok"},
            },
        },
        "Who": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        "Tok": {
            "type": "object",
            "required": ["token", "expiresOn"],
            "properties": {
                "token": {"type": "string"},
                "expiresOn": {"type": "string", "format": "date-time"},
            },
        },
    },
    "parameters": {
        "Version": {
            "name": "api-version",
            "in": "query",
            "required": True,
            "type": "string",
            "x-ms-parameter-location": "method",
        }
    },
}


def write_documents(tmp_path: Path) -> Path:
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "common.json").write_text(json.dumps(COMMON), encoding="utf-8")
    spec = tmp_path / "Something.json"
    spec.write_text(json.dumps(DOCUMENT), encoding="utf-8")
    return spec


def test_schemas_get_canonical_names_by_role(tmp_path: Path) -> None:
    description = regenerate.load_description(write_documents(tmp_path))
    document = description.document
    schemas = document["components"]["schemas"]
    assert list(schemas) == [
        "CommunicationIdentityTokenScope",
        "TokenScope",
        "CommunicationIdentity",
        "CommunicationIdentityAccessToken",
        "CommunicationIdentityAccessTokenResult",
        "CommunicationIdentityCreateRequest",
        "CommunicationIdentityAccessTokenRequest",
        "CommunicationError",
        "CommunicationErrorResponse",
        "Flavor",
        "FlavorOrString",
    ]
    token_request = schemas["CommunicationIdentityAccessTokenRequest"]["properties"]
    assert token_request["flavor"] == {"$ref": "#/components/schemas/FlavorOrString"}
    assert schemas["FlavorOrString"]["anyOf"] == [{"$ref": "#/components/schemas/Flavor"}, {"type": "string"}]
    assert token_request["mode"] == {"type": "string"}  # inline open enum: any string
    assert schemas["TokenScope"]["anyOf"] == [
        {"$ref": "#/components/schemas/CommunicationIdentityTokenScope"},
        {"type": "string"},
    ]
    assert schemas["CommunicationIdentityAccessTokenRequest"]["required"] == ["scopes"]
    assert schemas["CommunicationIdentityAccessToken"]["required"] == ["token", "expiresOn"]
    assert schemas["CommunicationIdentityAccessToken"]["properties"]["expiresOn"]["format"] == "date-time"
    create = schemas["CommunicationIdentityCreateRequest"]["properties"]
    assert create["createTokenWithScopes"]["items"] == {"$ref": "#/components/schemas/TokenScope"}
    assert create["expiresInMinutes"] == {
        "type": "integer",
        "format": "int32",
        "minimum": 60,
        "maximum": 1440,
    }
    error = schemas["CommunicationError"]["properties"]["innererror"]
    assert error == {"$ref": "#/components/schemas/CommunicationError"}
    assert "x-ms-enum" not in json.dumps(document)


def test_operations_paths_and_parameters_are_canonical(tmp_path: Path) -> None:
    description = regenerate.load_description(write_documents(tmp_path))
    paths = description.document["paths"]
    assert list(paths) == ["/identities", "/identities/{id}/:issueAccessToken"]
    issue = paths["/identities/{id}/:issueAccessToken"]["post"]
    assert issue["operationId"] == "issue_access_token"
    assert issue["tags"] == ["identity"]
    assert {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}} in issue["parameters"]
    assert issue["requestBody"]["required"] is True
    create = paths["/identities"]["post"]
    assert create["operationId"] == "create_identity"
    assert create["requestBody"]["required"] is False
    assert description.operations == {"create_identity": "Users_Make", "issue_access_token": "Users_Token"}
    assert description.document["info"]["title"] == "Azure Communication Services Identity"


def test_external_reference_is_resolved_and_recorded(tmp_path: Path) -> None:
    spec = write_documents(tmp_path)
    out = tmp_path / "out"
    regenerate.generate_tree(spec, out, package="regen_synthetic")
    provenance = json.loads((out / "PROVENANCE.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((tmp_path / "common" / "common.json").read_bytes()).hexdigest()
    assert provenance["input"]["external_refs"] == [{"path": "common/common.json", "sha256": digest}]
    assert provenance["input"]["format"] == "swagger-2.0"
    models = sorted(p.name for p in (out / "regen_synthetic" / "models").glob("*.py"))
    assert models == [
        "__init__.py",
        "communication_error.py",
        "communication_error_response.py",
        "communication_identity.py",
        "communication_identity_access_token.py",
        "communication_identity_access_token_request.py",
        "communication_identity_access_token_result.py",
        "communication_identity_create_request.py",
        "communication_identity_token_scope.py",
        "flavor.py",
    ]
    # The error model behind the external $ref is used by the operations (not silently dropped).
    create = (out / "regen_synthetic" / "api" / "identity" / "create_identity.py").read_text(encoding="utf-8")
    assert "CommunicationErrorResponse.from_dict" in create
