"""Canonical names for an OpenAPI 3 description of the ACS Identity API.

Upstream operationIds, tags and schema names change with the tool Azure used (hand-written
`CommunicationIdentity_Create`, TypeSpec `IdentityOperations_Create`, 2026-07-22's
`TeamsExtensionAssignment_Get`, 2025-03-02-preview's `EntraIdAssignments_List` ...). Generated module,
function and class names must not, so this pass renames by role: operations by (method, path shape),
schemas by where they are used (request body / response of each operation, then nested properties). It
also makes the scope and principal-type enums open (`anyOf: [enum, string]`, so unknown values parse),
makes the values of the Entra assignments merge patch nullable (null removes one), sends header
parameters as plain strings, drops request-body `default`s (the generator would send them) and strips
`x-` extensions. On spec/openapi.yaml it changes nothing.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from typing import Any

from _regen_errors import SpecError

JSON = dict[str, Any]

TITLE = "Azure Communication Services Identity"
TAG_ORDER = ("identity", "teams_user", "teams_extension", "entra")
ERROR_SCHEMA = "CommunicationErrorResponse"
_SCHEMA_PREFIX = "#/components/schemas/"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    operation_id: str
    tag: str
    request: str | None = None  # canonical schema of the JSON request body
    response: str | None = None  # canonical schema of every 2xx JSON response


_ASSIGNMENT = "/access/teamsExtension/tenants/{tenantId}/assignments/{objectId}"
_ENTRA_ASSIGNMENTS = "/access/entra/assignments"
_ENTRA_ASSIGNMENT = "/access/entra/assignments/{objectId}"
OPERATIONS = (
    Operation(
        "post",
        "/identities",
        "create_identity",
        "identity",
        "CommunicationIdentityCreateRequest",
        "CommunicationIdentityAccessTokenResult",
    ),
    Operation("get", "/identities/{id}", "get_identity", "identity", None, "CommunicationIdentity"),
    Operation("delete", "/identities/{id}", "delete_identity", "identity"),
    Operation("post", "/identities/{id}/:revokeAccessTokens", "revoke_access_tokens", "identity"),
    Operation(
        "post",
        "/identities/{id}/:issueAccessToken",
        "issue_access_token",
        "identity",
        "CommunicationIdentityAccessTokenRequest",
        "CommunicationIdentityAccessToken",
    ),
    Operation(
        "post",
        "/teamsUser/:exchangeAccessToken",
        "exchange_teams_user_access_token",
        "teams_user",
        "TeamsUserExchangeTokenRequest",
        "CommunicationIdentityAccessToken",
    ),
    Operation(
        "post",
        "/access/teamsExtension/:exchangeAccessToken",
        "exchange_teams_extension_access_token",
        "teams_extension",
        "TeamsExtensionExchangeTokenRequest",
        "CommunicationIdentityAccessTokenResult",
    ),
    Operation(
        "get",
        _ASSIGNMENT,
        "get_teams_extension_assignment",
        "teams_extension",
        None,
        "TeamsExtensionAssignmentResponse",
    ),
    Operation(
        "put",
        _ASSIGNMENT,
        "create_or_update_teams_extension_assignment",
        "teams_extension",
        "TeamsExtensionAssignmentCreateOrUpdateRequest",
        "TeamsExtensionAssignmentResponse",
    ),
    Operation("delete", _ASSIGNMENT, "delete_teams_extension_assignment", "teams_extension"),
    Operation(
        "post",
        "/access/entra/:exchangeAccessToken",
        "exchange_entra_access_token",
        "entra",
        "EntraExchangeTokenRequest",
        "CommunicationIdentityAccessTokenResult",
    ),
    Operation("get", _ENTRA_ASSIGNMENTS, "list_entra_assignments", "entra", None, "EntraAssignmentsResponse"),
    Operation("get", _ENTRA_ASSIGNMENT, "get_entra_assignment", "entra", None, "EntraAssignment"),
    Operation(
        "put",
        _ENTRA_ASSIGNMENT,
        "create_or_update_entra_assignment",
        "entra",
        "EntraAssignmentCreateOrUpdateRequest",
        "EntraAssignment",
    ),
    Operation("delete", _ENTRA_ASSIGNMENT, "delete_entra_assignment", "entra"),
    # After the PUT: the patch's values are that operation's request schema (see MERGE_PATCH_VALUES).
    Operation(
        "patch",
        _ENTRA_ASSIGNMENTS,
        "update_entra_assignments",
        "entra",
        "EntraAssignmentUpdateBulkRequest",
        "EntraAssignmentsResponse",
    ),
)
# (owner schema, property, canonical schema of the property's value)
NESTED = (
    ("CommunicationIdentityAccessTokenResult", "identity", "CommunicationIdentity"),
    ("CommunicationIdentityAccessTokenResult", "accessToken", "CommunicationIdentityAccessToken"),
    ("CommunicationErrorResponse", "error", "CommunicationError"),
)
# (owner schema, array property, canonical schema of its items)
NESTED_ITEMS = (("EntraAssignmentsResponse", "value", "EntraAssignment"),)
# (merge-patch schema, canonical schema of its values): values become nullable, as JSON merge patch means
# null = remove (Azure's example sends null; its schema forgets to allow it).
MERGE_PATCH_VALUES = (("EntraAssignmentUpdateBulkRequest", "EntraAssignmentCreateOrUpdateRequest"),)
# (owner schema, property, is an array of them, canonical enum, canonical open wrapper)
OPEN_ENUMS = (
    (
        "CommunicationIdentityCreateRequest",
        "createTokenWithScopes",
        True,
        "CommunicationIdentityTokenScope",
        "TokenScope",
    ),
    (
        "CommunicationIdentityAccessTokenRequest",
        "scopes",
        True,
        "CommunicationIdentityTokenScope",
        "TokenScope",
    ),
    (
        "TeamsExtensionAssignmentCreateOrUpdateRequest",
        "principalType",
        False,
        "TeamsExtensionPrincipalType",
        "PrincipalType",
    ),
    (
        "TeamsExtensionAssignmentResponse",
        "principalType",
        False,
        "TeamsExtensionPrincipalType",
        "PrincipalType",
    ),
    (
        "EntraAssignmentCreateOrUpdateRequest",
        "principalType",
        False,
        "EntraPrincipalType",
        "EntraPrincipalTypeOrString",
    ),
    ("EntraAssignment", "principalType", False, "EntraPrincipalType", "EntraPrincipalTypeOrString"),
)
_WRAPPER_DESCRIPTIONS = {
    "TokenScope": "A known token scope, or one this client does not know yet.",
    "PrincipalType": "A known principal type, or one this client does not know yet.",
    "EntraPrincipalTypeOrString": "A known Entra ID principal type, or one this client does not know yet.",
}
# spec/openapi.yaml's order; converted documents get the same order so generated files match.
SCHEMA_ORDER = (
    "CommunicationIdentityTokenScope",
    "TokenScope",
    "TeamsExtensionPrincipalType",
    "PrincipalType",
    "EntraPrincipalType",
    "EntraPrincipalTypeOrString",
    "CommunicationIdentity",
    "CommunicationIdentityAccessToken",
    "CommunicationIdentityAccessTokenResult",
    "CommunicationIdentityCreateRequest",
    "CommunicationIdentityAccessTokenRequest",
    "TeamsUserExchangeTokenRequest",
    "TeamsExtensionExchangeTokenRequest",
    "TeamsExtensionAssignmentCreateOrUpdateRequest",
    "TeamsExtensionAssignmentResponse",
    "EntraExchangeTokenRequest",
    "EntraAssignmentCreateOrUpdateRequest",
    "EntraAssignmentUpdateBulkRequest",
    "EntraAssignment",
    "EntraAssignmentsResponse",
    "CommunicationError",
    "CommunicationErrorResponse",
)
# Upstream tag spellings -> canonical tag, for operations this pass does not know.
_UPSTREAM_TAGS = {
    "identity": "identity",
    "token": "identity",
    "teamsuser": "teams_user",
    "teamsextension": "teams_extension",
    "entraid": "entra",
    "entra": "entra",
}
# Keys whose values are maps of user-chosen names (which may start with "x-" without being extensions).
_NAME_MAPS = frozenset(
    (
        "paths",
        "properties",
        "content",
        "schemas",
        "parameters",
        "responses",
        "headers",
        "variables",
        "requestBodies",
        "securitySchemes",
        "examples",
        "links",
        "callbacks",
        "encoding",
        "mapping",
        "scopes",
    )
)


@dataclass
class Report:
    """What the pass did: canonical operationId -> upstream operationId, and warnings for the user."""

    operations: dict[str, str | None] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]*\}", "{}", path)


def _params(path: str) -> list[str]:
    return re.findall(r"\{([^}]*)\}", path)


def snake_case(name: str) -> str:
    name = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    name = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", name)
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _ref(name: str) -> JSON:
    return {"$ref": _SCHEMA_PREFIX + name}


def _ref_name(node: Any) -> str | None:
    if (
        isinstance(node, dict)
        and isinstance(node.get("$ref"), str)
        and node["$ref"].startswith(_SCHEMA_PREFIX)
    ):
        return str(node["$ref"][len(_SCHEMA_PREFIX) :])
    return None


def _shape_of_schema(node: Any) -> str:
    """A comparison key that ignores documentation."""

    def strip(n: Any) -> Any:
        if isinstance(n, dict):
            return {k: strip(v) for k, v in n.items() if k not in ("description", "title", "example")}
        if isinstance(n, list):
            return [strip(i) for i in n]
        return n

    return json.dumps(strip(node), sort_keys=True)


def canonicalize(doc: JSON) -> tuple[JSON, Report]:
    """Return a canonical copy of an OpenAPI 3 document (the input is not modified)."""
    return _Canonicalizer(copy.deepcopy(doc)).run()


class _Canonicalizer:
    def __init__(self, doc: JSON) -> None:
        self.doc = doc
        self.report = Report()
        components = doc.get("components")
        schemas = components.get("schemas") if isinstance(components, dict) else None
        self.schemas: JSON = schemas if isinstance(schemas, dict) else {}
        self.claimed: set[str] = set()
        self.known: list[tuple[Operation, JSON]] = []

    # -- driver ------------------------------------------------------------------------------------
    def run(self) -> tuple[JSON, Report]:
        doc = self.doc
        if not isinstance(doc.get("paths"), dict):
            raise SpecError("the document has no paths")
        self.name_operations()
        for op, body in sorted(self.known, key=lambda item: OPERATIONS.index(item[0])):
            self.claim_operation_schemas(op, body)
        for owner, prop, canonical in NESTED:
            slot = self.property_slot(owner, prop, False)
            if slot is not None:
                self.claim(*slot, canonical)
        for owner, prop, canonical in NESTED_ITEMS:
            slot = self.property_slot(owner, prop, True)
            if slot is not None:
                self.claim(*slot, canonical)
        for owner, canonical in MERGE_PATCH_VALUES:
            self.nullable_values(owner, canonical)
        for owner, prop, is_array, enum, wrapper in OPEN_ENUMS:
            slot = self.property_slot(owner, prop, is_array)
            if slot is not None:
                self.open_enum(*slot, enum, wrapper)
        self.open_other_enums()
        self.plain_header_parameters()
        self.drop_request_defaults()
        self.collect_garbage()
        self.order_schemas()
        if isinstance(doc.get("info"), dict):
            doc["info"]["title"] = TITLE
        self.canonical_tags()
        return _strip_extensions(doc), self.report

    # -- operations --------------------------------------------------------------------------------
    def name_operations(self) -> None:
        by_shape = {(op.method, _shape(op.path)): op for op in OPERATIONS}
        paths: JSON = self.doc["paths"]
        renamed: JSON = {}
        used_names = {op.operation_id for op in OPERATIONS}
        unknown: list[tuple[str, str, JSON]] = []
        for path, item in paths.items():
            new_path = path
            for method in _METHODS:
                op = by_shape.get((method, _shape(path)))
                if op is None or not isinstance(item, dict) or method not in item:
                    continue
                if new_path != op.path:
                    self.rename_path_params(path, op.path, item)
                    new_path = op.path
                body = item[method]
                self.report.operations[op.operation_id] = body.get("operationId")
                body["operationId"] = op.operation_id
                body["tags"] = [op.tag]
                self.known.append((op, body))
            if new_path in renamed:
                raise SpecError(f"two paths of the document both mean {new_path}")
            renamed[new_path] = item
            for method in _METHODS:
                if isinstance(item, dict) and method in item and (method, _shape(path)) not in by_shape:
                    unknown.append((method, new_path, item[method]))
        if not self.known:
            raise SpecError(
                "none of the document's operations is an ACS Identity operation this script knows"
            )
        self.doc["paths"] = renamed
        for method, path, body in unknown:
            self.name_unknown(method, path, body, used_names)

    def rename_path_params(self, old_path: str, new_path: str, item: JSON) -> None:
        mapping = dict(zip(_params(old_path), _params(new_path), strict=True))
        lists = [item.get("parameters")] + [item[m].get("parameters") for m in _METHODS if m in item]
        for params in lists:
            if not isinstance(params, list):
                continue
            for index, param in enumerate(params):
                resolved = self.resolve(param, "parameters")
                if resolved.get("in") == "path" and resolved.get("name") in mapping:
                    params[index] = {**resolved, "name": mapping[resolved["name"]]}

    def name_unknown(self, method: str, path: str, body: JSON, used: set[str]) -> None:
        upstream = body.get("operationId")
        where = f"{method.upper()} {path}"
        if not isinstance(upstream, str) or not upstream:
            raise SpecError(
                f"{where} is not an ACS Identity operation this script knows, and it has no operationId"
            )
        group, sep, rest = upstream.partition("_")
        candidates = [snake_case(rest)] if sep and rest and group != group.lower() else []
        candidates.append(snake_case(upstream))
        name = next((c for c in candidates if c and c not in used), None)
        if name is None:
            raise SpecError(f"{where} ({upstream}): its derived name clashes with another operation")
        used.add(name)
        tags = body.get("tags") or []
        upstream_tag = str(tags[0]) if tags else ""
        tag = _UPSTREAM_TAGS.get(upstream_tag.replace("_", "").lower(), snake_case(upstream_tag) or "default")
        body["operationId"] = name
        body["tags"] = [tag]
        self.report.operations[name] = upstream
        self.report.warnings.append(
            f"unknown operation {where} ({upstream}): generated as api.{tag}.{name}; add it to "
            "scripts/_regen_canonical.py to give it a canonical name"
        )

    def canonical_tags(self) -> None:
        used: list[str] = []
        for item in self.doc["paths"].values():
            for method in _METHODS:
                if isinstance(item, dict) and method in item:
                    for tag in item[method].get("tags", []):
                        if tag not in used:
                            used.append(tag)
        ordered = [t for t in TAG_ORDER if t in used] + [t for t in used if t not in TAG_ORDER]
        self.doc["tags"] = [{"name": t} for t in ordered]

    # -- schema slots ------------------------------------------------------------------------------
    def resolve(self, node: Any, section: str) -> JSON:
        """Follow a `#/components/<section>/X` reference (one level is all documents use)."""
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            prefix = f"#/components/{section}/"
            target = self.doc.get("components", {}).get(section, {}).get(ref[len(prefix) :])
            if not ref.startswith(prefix) or not isinstance(target, dict):
                raise SpecError(f"cannot resolve $ref {ref!r}")
            return target
        if not isinstance(node, dict):
            raise SpecError(f"expected an object in {section}, found {node!r}")
        return node

    def claim_operation_schemas(self, op: Operation, body: JSON) -> None:
        if op.request and "requestBody" in body:
            for media in self.resolve(body["requestBody"], "requestBodies").get("content", {}).values():
                if isinstance(media, dict) and "schema" in media:
                    self.claim(media, "schema", op.request)
        for code, response in body.get("responses", {}).items():
            code = str(code)
            if code.startswith("2"):
                canonical = op.response
            elif code == "default" or code[:1] in ("4", "5"):
                canonical = ERROR_SCHEMA
            else:
                continue
            for media in self.resolve(response, "responses").get("content", {}).values():
                if canonical and isinstance(media, dict) and "schema" in media:
                    self.claim(media, "schema", canonical)

    def property_slot(self, owner: str, prop: str, is_array: bool) -> tuple[Any, Any] | None:
        schema = self.schemas.get(owner) if owner in self.claimed else None
        props = schema.get("properties") if isinstance(schema, dict) else None
        if not isinstance(props, dict) or prop not in props:
            return None
        if not is_array:
            return props, prop
        array = props[prop]
        if isinstance(array, dict) and isinstance(array.get("items"), dict):
            return array, "items"
        return None

    def claim(self, container: Any, key: Any, canonical: str) -> None:
        """Make `container[key]` a reference to the component schema named `canonical`."""
        node = container[key]
        name = _ref_name(node)
        if name == canonical:
            self.claimed.add(canonical)
            return
        if canonical in self.claimed:
            existing = self.schemas[canonical]
            candidate = self.schemas.get(name, {}) if name is not None else node
            if _shape_of_schema(existing) != _shape_of_schema(candidate):
                raise SpecError(f"two different schemas both play the role of {canonical}")
            container[key] = _ref(canonical)
            return
        self.make_room(canonical)
        if name is None:
            self.schemas[canonical] = node  # an inline schema: hoist it
            container[key] = _ref(canonical)
        elif name not in self.schemas:
            raise SpecError(f"cannot resolve $ref {node['$ref']!r}")
        elif name in self.claimed:
            # The upstream schema already plays another role: this role gets its own copy.
            self.schemas[canonical] = copy.deepcopy(self.schemas[name])
            container[key] = _ref(canonical)
        else:
            self.rename(name, canonical)
        self.claimed.add(canonical)
        self.ensure_components()

    def ensure_components(self) -> None:
        components = self.doc.setdefault("components", {})
        if components.get("schemas") is not self.schemas:
            components["schemas"] = self.schemas

    def make_room(self, name: str) -> None:
        """An unclaimed upstream schema that already has a canonical name moves aside."""
        if name in self.schemas and name not in self.claimed:
            fresh = f"{name}Upstream"
            while fresh in self.schemas:
                fresh += "_"
            self.rename(name, fresh)

    def rename(self, old: str, new: str) -> None:
        self.schemas_replace({(new if k == old else k): v for k, v in self.schemas.items()})
        _rewrite_refs(self.doc, _SCHEMA_PREFIX + old, _SCHEMA_PREFIX + new)

    def schemas_replace(self, schemas: JSON) -> None:
        self.schemas.clear()
        self.schemas.update(schemas)

    def nullable_values(self, owner: str, canonical: str) -> None:
        """`owner`'s additionalProperties become `{nullable: true, allOf: [canonical]}`."""
        schema = self.schemas.get(owner) if owner in self.claimed else None
        if not isinstance(schema, dict) or not isinstance(schema.get("additionalProperties"), dict):
            return
        values: JSON = schema["additionalProperties"]
        inner = values.get("allOf")
        if values.get("nullable") is True and isinstance(inner, list) and len(inner) == 1:
            self.claim(inner, 0, canonical)
            return
        holder = [values]
        self.claim(holder, 0, canonical)
        schema["additionalProperties"] = {"nullable": True, "allOf": holder}

    # -- header parameters -------------------------------------------------------------------------
    def plain_header_parameters(self) -> None:
        """Header parameters are typed `str`: openapi-python-client would type Azure's `format: uuid` header
        as `UUID` and put the object into the headers, which httpx accepts only as str/bytes."""
        params: list[Any] = list((self.doc.get("components", {}).get("parameters") or {}).values())
        for item in self.doc["paths"].values():
            if isinstance(item, dict):
                params += item.get("parameters") or []
                params += [p for m in _METHODS if m in item for p in item[m].get("parameters") or []]
        for param in params:
            schema = param.get("schema") if isinstance(param, dict) and param.get("in") == "header" else None
            if isinstance(schema, dict) and schema.get("type") == "string":
                schema.pop("format", None)

    # -- open enums --------------------------------------------------------------------------------
    def open_enum(self, container: Any, key: Any, enum: str, wrapper: str) -> None:
        name = _ref_name(container[key])
        target = self.schemas.get(name) if name is not None else container[key]
        if isinstance(target, dict) and _is_wrapper(target, self.schemas):
            self.claim(container, key, wrapper)
            inner = self.schemas[wrapper]["anyOf"]
            self.claim(inner, next(i for i, s in enumerate(inner) if _ref_name(s) or "enum" in s), enum)
            return
        if not (isinstance(target, dict) and "enum" in target):
            return  # a plain string accepts any value already
        self.claim(container, key, enum)
        if wrapper in self.claimed:
            if _ref_name(self.schemas[wrapper]["anyOf"][0]) != enum:
                raise SpecError(f"{wrapper} does not wrap {enum}")
        else:
            self.make_room(wrapper)
            self.schemas[wrapper] = {
                "description": _WRAPPER_DESCRIPTIONS.get(
                    wrapper, f"A {enum}, or a value this client does not know yet."
                ),
                "anyOf": [_ref(enum), {"type": "string"}],
            }
            self.claimed.add(wrapper)
        container[key] = _ref(wrapper)

    def open_other_enums(self) -> None:
        """Azure's `x-ms-enum: {modelAsString: true}` enums beyond the canonical ones become open too."""
        for name in list(self.schemas):
            schema = self.schemas[name]
            xms = schema.get("x-ms-enum") if isinstance(schema, dict) else None
            if name in self.claimed or not isinstance(xms, dict) or not xms.get("modelAsString"):
                continue
            wrapper = f"{name}OrString"
            while wrapper in self.schemas:
                wrapper += "_"
            _rewrite_refs(self.doc, _SCHEMA_PREFIX + name, _SCHEMA_PREFIX + wrapper)
            self.schemas[wrapper] = {
                "description": f"A {name}, or a value this client does not know yet.",
                "anyOf": [_ref(name), {"type": "string"}],
            }
        # Inline open enums have no component to wrap: keep them as plain strings (any value parses).
        _drop_inline_open_enums(self.doc, {id(schema) for schema in self.schemas.values()})

    # -- request defaults, garbage, order ---------------------------------------------------------
    def drop_request_defaults(self) -> None:
        """openapi-python-client sends schema defaults in request bodies; the service applies its own."""
        seen: set[str] = set()

        def walk(schema: Any) -> None:
            if not isinstance(schema, dict):
                return
            name = _ref_name(schema)
            if name is not None:
                if name not in seen and name in self.schemas:
                    seen.add(name)
                    walk(self.schemas[name])
                return
            schema.pop("default", None)
            for key in ("items", "additionalProperties", "not"):
                walk(schema.get(key))
            for key in ("allOf", "anyOf", "oneOf"):
                for sub in schema.get(key, []):
                    walk(sub)
            for prop in (schema.get("properties") or {}).values():
                walk(prop)

        for item in self.doc["paths"].values():
            for method in _METHODS:
                if isinstance(item, dict) and method in item and "requestBody" in item[method]:
                    request = self.resolve(item[method]["requestBody"], "requestBodies")
                    for media in request.get("content", {}).values():
                        walk(media.get("schema") if isinstance(media, dict) else None)

    def collect_garbage(self) -> None:
        """Schemas nothing refers to (left behind by renames and copies) would still become models."""
        rest = {k: v for k, v in self.doc.items() if k != "components"}
        rest["components"] = {k: v for k, v in self.doc.get("components", {}).items() if k != "schemas"}
        todo = list(_refs(rest))
        live: set[str] = set()
        while todo:
            name = todo.pop()
            if name in live or name not in self.schemas:
                continue
            live.add(name)
            todo.extend(_refs(self.schemas[name]))
        self.schemas_replace({k: v for k, v in self.schemas.items() if k in live})

    def order_schemas(self) -> None:
        first = [n for n in SCHEMA_ORDER if n in self.schemas]
        self.schemas_replace(
            {n: self.schemas[n] for n in [*first, *(n for n in self.schemas if n not in first)]}
        )


def _is_wrapper(schema: JSON, schemas: JSON) -> bool:
    options = schema.get("anyOf")
    if not isinstance(options, list) or len(options) != 2:
        return False
    plain = [o for o in options if o == {"type": "string"}]
    enums = [o for o in options if o != {"type": "string"}]
    if len(plain) != 1 or len(enums) != 1:
        return False
    name = _ref_name(enums[0])
    target = schemas.get(name) if name is not None else enums[0]
    return isinstance(target, dict) and "enum" in target


def _rewrite_refs(node: Any, old: str, new: str) -> None:
    if isinstance(node, dict):
        if node.get("$ref") == old:
            node["$ref"] = new
        for value in node.values():
            _rewrite_refs(value, old, new)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value, old, new)


def _refs(node: Any) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        name = _ref_name(node)
        if name is not None:
            found.append(name)
        for value in node.values():
            found.extend(_refs(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_refs(value))
    return found


def _drop_inline_open_enums(node: Any, components: set[int]) -> None:
    """Remove `enum` from open (modelAsString) enums that are not component schemas."""
    if isinstance(node, dict):
        xms = node.get("x-ms-enum")
        if (
            isinstance(xms, dict)
            and xms.get("modelAsString")
            and "enum" in node
            and id(node) not in components
        ):
            del node["enum"]
        for value in node.values():
            _drop_inline_open_enums(value, components)
    elif isinstance(node, list):
        for value in node:
            _drop_inline_open_enums(value, components)


def _strip_extensions(node: Any, is_map: bool = False) -> Any:
    """Drop `x-*` keys, except where a key is a user-chosen name (a property or header called x-...)."""
    if isinstance(node, list):
        return [_strip_extensions(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {
        key: _strip_extensions(value, is_map=(not is_map and key in _NAME_MAPS))
        for key, value in node.items()
        if is_map or not key.startswith("x-")
    }
