"""Offline Swagger 2.0 -> OpenAPI 3.0.3 conversion for Azure's data-plane documents.

Covers what Azure's REST specs use: `x-ms-parameterized-host`, `in: body` / `formData` parameters,
`definitions` / `parameters` / `responses` sections, and external `$ref`s into sibling files (the shared
`Common/stable/<date>/common.json` error schema), which are pulled into the document so that the generator
never sees a remote `$ref` (openapi-python-client silently drops responses behind one).
`x-ms-examples` (links to example files) and security definitions are dropped: the hand-written layer
authenticates. Other `x-ms-*` keys are kept for the canonicalizer, which strips them afterwards.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from _regen_errors import SpecError

JSON = dict[str, Any]

_SECTIONS = {"definitions": "schemas", "parameters": "parameters", "responses": "responses"}
# Schema keywords that are the same in Swagger 2.0 and OpenAPI 3.0 (copied as they are).
_SCHEMA_PLAIN = (
    "title",
    "description",
    "type",
    "format",
    "default",
    "enum",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "multipleOf",
    "minProperties",
    "maxProperties",
    "required",
    "readOnly",
    "example",
)
_COLLECTION_STYLES = {
    "csv": ("form", False),
    "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False),
    "multi": ("form", True),
}


@dataclass
class ExternalFile:
    """A file the document reaches through an external `$ref`, recorded for provenance."""

    ref_path: str  # as the $ref spells it, relative to the main document (stable across machines)
    sha256: str


@dataclass
class _Resolver:
    """Pulls externally referenced definitions into the main document, once each."""

    main_path: Path
    main: JSON
    files: dict[Path, JSON] = field(default_factory=dict)
    hashes: dict[Path, str] = field(default_factory=dict)
    imported: dict[tuple[Path, str, str], str] = field(default_factory=dict)

    def load(self, path: Path) -> JSON:
        path = path.resolve()
        if path == self.main_path:
            return self.main
        if path not in self.files:
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise SpecError(f"cannot read referenced file {path}: {exc.strerror}") from None
            self.hashes[path] = hashlib.sha256(raw).hexdigest()
            self.files[path] = _parse(raw, path)
        return self.files[path]

    def rewrite(self, node: Any, base: Path) -> Any:
        """Copy `node` (found in file `base`) with every $ref turned into a local one of the main document."""
        if isinstance(node, list):
            return [self.rewrite(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        if isinstance(node.get("$ref"), str):
            ref: str = node["$ref"]
            file_part, _, pointer = ref.partition("#")
            target = (base.parent / file_part).resolve() if file_part else base
            if target == self.main_path and file_part == "":
                rewritten = {"$ref": ref}
            elif pointer == "":
                # A whole-file $ref: inline the file's content.
                rewritten = self.rewrite(copy.deepcopy(self.load(target)), target)
                return rewritten
            else:
                rewritten = {"$ref": self.import_pointer(target, pointer, ref)}
            return {**rewritten, **{k: self.rewrite(v, base) for k, v in node.items() if k != "$ref"}}
        return {key: self.rewrite(value, base) for key, value in node.items()}

    def import_pointer(self, target: Path, pointer: str, ref: str) -> str:
        parts = pointer.strip("/").split("/")
        if len(parts) != 2 or parts[0] not in _SECTIONS:
            raise SpecError(
                f"unsupported $ref {ref!r}: only #/definitions|parameters|responses/<name> can be resolved"
            )
        section, name = parts
        if target == self.main_path:
            return f"#/{section}/{name}"
        key = (target, section, name)
        if key in self.imported:
            return f"#/{section}/{self.imported[key]}"
        source = self.load(target).get(section, {})
        if name not in source:
            raise SpecError(f"cannot resolve $ref {ref!r}: {target.name} has no {section}/{name}")
        own = self.main.setdefault(section, {})
        new_name = name
        counter = 2
        while new_name in own and _canonical_json(own[new_name]) != _canonical_json(source[name]):
            new_name = f"{name}{counter}"
            counter += 1
        self.imported[key] = new_name
        if new_name not in own:
            own[new_name] = {}  # reserve the name before recursing: definitions may refer to themselves
            own[new_name] = self.rewrite(copy.deepcopy(source[name]), target)
        return f"#/{section}/{new_name}"

    def external_files(self) -> list[ExternalFile]:
        out = []
        for path, digest in self.hashes.items():
            rel = posixpath.normpath(Path(_relpath(path, self.main_path.parent)).as_posix())
            out.append(ExternalFile(ref_path=rel, sha256=digest))
        return sorted(out, key=lambda f: f.ref_path)


def _relpath(path: Path, start: Path) -> str:
    return os.path.relpath(path, start)


def _canonical_json(node: Any) -> str:
    return json.dumps(node, sort_keys=True)


def _parse(raw: bytes, path: Path) -> JSON:
    try:
        data = yaml.safe_load(raw)  # YAML is a superset of JSON
    except yaml.YAMLError as exc:
        raise SpecError(f"{path} is not valid JSON/YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, dict):
        raise SpecError(f"{path} does not hold a JSON/YAML object")
    return data


def _drop_examples(node: Any) -> Any:
    """Remove `x-ms-examples` (links to example files, some of which Azure does not even publish)."""
    if isinstance(node, list):
        return [_drop_examples(item) for item in node]
    if isinstance(node, dict):
        return {k: _drop_examples(v) for k, v in node.items() if k != "x-ms-examples"}
    return node


def convert(doc: JSON, path: Path) -> tuple[JSON, list[ExternalFile], list[str]]:
    """Convert a Swagger 2.0 document read from `path`; returns (OpenAPI 3.0.3 document, external files, warnings)."""
    warnings: list[str] = []
    main = _drop_examples(copy.deepcopy(doc))
    resolver = _Resolver(main_path=path.resolve(), main=main)
    # Resolve external refs section by section; imported definitions are appended to `main` as they are found.
    if "x-ms-parameterized-host" in main:
        main["x-ms-parameterized-host"] = resolver.rewrite(
            main["x-ms-parameterized-host"], resolver.main_path
        )
    for key in ("paths", "parameters", "responses", "definitions"):
        section = main.get(key)
        if isinstance(section, dict):
            for name in list(section):  # a snapshot: imports append to these sections as they go
                section[name] = resolver.rewrite(section[name], resolver.main_path)
    if "x-ms-paths" in main:
        warnings.append("x-ms-paths is not supported; its operations were left out")
    return _Converter(main, warnings).run(), resolver.external_files(), warnings


class _Converter:
    def __init__(self, sw: JSON, warnings: list[str]) -> None:
        self.sw = sw
        self.warnings = warnings
        self.consumes: list[str] = list(sw.get("consumes") or ["application/json"])
        self.produces: list[str] = list(sw.get("produces") or ["application/json"])

    def run(self) -> JSON:
        sw = self.sw
        info = {k: v for k, v in sw.get("info", {}).items() if not k.startswith("x-")}
        out: JSON = {"openapi": "3.0.3", "info": info, "servers": self.servers()}
        if sw.get("tags"):
            out["tags"] = copy.deepcopy(sw["tags"])
        out["paths"] = {p: self.path_item(item) for p, item in (sw.get("paths") or {}).items()}
        components: JSON = {}
        params = {
            name: self.parameter(p)
            for name, p in (sw.get("parameters") or {}).items()
            if p.get("in") not in ("body", "formData")  # these are inlined as request bodies where used
        }
        if params:
            components["parameters"] = params
        if sw.get("responses"):
            components["responses"] = {
                name: self.response(r, self.produces) for name, r in sw["responses"].items()
            }
        if sw.get("definitions"):
            components["schemas"] = {name: self.schema(s) for name, s in sw["definitions"].items()}
        if components:
            out["components"] = components
        return out

    def servers(self) -> list[JSON]:
        sw = self.sw
        base_path = sw.get("basePath", "") or ""
        scheme = (sw.get("schemes") or ["https"])[0]
        host = sw.get("x-ms-parameterized-host")
        if isinstance(host, dict):
            template = host.get("hostTemplate", "")
            url = f"{scheme}://{template}" if host.get("useSchemePrefix", True) else template
            variables: JSON = {}
            for param in host.get("parameters", []):
                param = self.deref_parameter(param)
                if param.get("in") == "path" and f"{{{param['name']}}}" in template:
                    variable: JSON = {"default": str(param.get("default", ""))}
                    if param.get("description"):
                        variable["description"] = param["description"]
                    if param.get("enum"):
                        variable["enum"] = [str(v) for v in param["enum"]]
                    variables[param["name"]] = variable
            server: JSON = {"url": url + base_path}
            if variables:
                server["variables"] = variables
            return [server]
        if sw.get("host"):
            return [{"url": f"{scheme}://{sw['host']}{base_path}"}]
        return [{"url": base_path or "/"}]

    def deref_parameter(self, param: JSON) -> JSON:
        ref = param.get("$ref")
        if isinstance(ref, str):
            name = ref.rsplit("/", 1)[-1]
            target = (self.sw.get("parameters") or {}).get(name)
            if not ref.startswith("#/parameters/") or target is None:
                raise SpecError(f"cannot resolve parameter $ref {ref!r}")
            return dict(target)
        return param

    def path_item(self, item: JSON) -> JSON:
        shared = list(item.get("parameters", []))
        out: JSON = {}
        for method, op in item.items():
            if method in ("get", "put", "post", "delete", "options", "head", "patch"):
                out[method] = self.operation(op, shared)
        return out

    def operation(self, op: JSON, shared: list[JSON]) -> JSON:
        # Operation-level parameters override path-level ones with the same (name, in).
        merged: dict[tuple[str, str], JSON] = {}
        for param in [*shared, *op.get("parameters", [])]:
            resolved = self.deref_parameter(param)
            merged[(resolved.get("name", ""), resolved.get("in", ""))] = param
        consumes = list(op.get("consumes") or self.consumes)
        produces = list(op.get("produces") or self.produces)
        out: JSON = {}
        for key in ("tags", "summary", "description", "operationId", "deprecated"):
            if key in op:
                out[key] = copy.deepcopy(op[key])
        parameters: list[JSON] = []
        form: list[JSON] = []
        for param in merged.values():
            resolved = self.deref_parameter(param)
            where = resolved.get("in")
            if where == "body":
                out["requestBody"] = self.request_body(resolved, consumes)
            elif where == "formData":
                form.append(resolved)
            elif "$ref" in param:
                parameters.append({"$ref": "#/components/parameters/" + param["$ref"].rsplit("/", 1)[-1]})
            else:
                parameters.append(self.parameter(resolved))
        if parameters:
            out["parameters"] = parameters
        if form:
            out["requestBody"] = self.form_body(form, consumes)
        out["responses"] = {
            str(code): self.response(r, produces) for code, r in op.get("responses", {}).items()
        }
        for key, value in op.items():
            if key.startswith("x-") and key not in ("x-ms-examples",):
                out[key] = copy.deepcopy(value)
        return out

    def parameter(self, param: JSON) -> JSON:
        out: JSON = {"name": param["name"], "in": param["in"]}
        if param.get("description"):
            out["description"] = param["description"]
        if param["in"] == "path" or param.get("required"):
            out["required"] = True
        if param.get("allowEmptyValue") and param["in"] == "query":
            out["allowEmptyValue"] = True
        schema = self.schema(
            {k: v for k, v in param.items() if k not in ("name", "in", "description", "required")}
        )
        if param.get("type") == "array":
            style, explode = _COLLECTION_STYLES.get(param.get("collectionFormat", "csv"), ("form", False))
            if param["in"] in ("path", "header"):
                style = "simple"
            out["style"] = style
            out["explode"] = explode
        out["schema"] = schema
        return out

    def request_body(self, param: JSON, consumes: list[str]) -> JSON:
        out: JSON = {}
        if param.get("description"):
            out["description"] = param["description"]
        schema = self.schema(param.get("schema", {}))
        out["content"] = {ct: {"schema": copy.deepcopy(schema)} for ct in consumes}
        out["required"] = bool(param.get("required", False))
        return out

    def form_body(self, params: list[JSON], consumes: list[str]) -> JSON:
        properties: JSON = {}
        required: list[str] = []
        for param in params:
            prop = self.schema({k: v for k, v in param.items() if k not in ("name", "in", "required")})
            properties[param["name"]] = prop
            if param.get("required"):
                required.append(param["name"])
        schema: JSON = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        types = [ct for ct in consumes if ct in ("multipart/form-data", "application/x-www-form-urlencoded")]
        return {"content": {ct: {"schema": copy.deepcopy(schema)} for ct in types or ["multipart/form-data"]}}

    def response(self, resp: JSON, produces: list[str]) -> JSON:
        ref = resp.get("$ref")
        if isinstance(ref, str):
            return {"$ref": "#/components/responses/" + ref.rsplit("/", 1)[-1]}
        out: JSON = {"description": resp.get("description", "")}
        if resp.get("headers"):
            out["headers"] = {name: self.header(header) for name, header in resp["headers"].items()}
        if "schema" in resp:
            schema = self.schema(resp["schema"])
            out["content"] = {ct: {"schema": copy.deepcopy(schema)} for ct in produces}
        return out

    def header(self, header: JSON) -> JSON:
        out: JSON = {}
        if header.get("description"):
            out["description"] = header["description"]
        out["schema"] = self.schema({k: v for k, v in header.items() if k != "description"})
        return out

    def schema(self, node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str):
            # OpenAPI 3.0 ignores a $ref's siblings (descriptions, x-ms-client-name, readOnly): drop them.
            if not ref.startswith("#/definitions/"):
                raise SpecError(f"unsupported schema $ref {ref!r}")
            return {"$ref": "#/components/schemas/" + ref[len("#/definitions/") :]}
        out: JSON = {}
        for key, value in node.items():
            if key in _SCHEMA_PLAIN:
                out[key] = copy.deepcopy(value)
            elif key == "items":
                out[key] = self.schema(value)
            elif key == "properties":
                out[key] = {name: self.schema(prop) for name, prop in value.items()}
            elif key == "additionalProperties":
                out[key] = self.schema(value) if isinstance(value, dict) else value
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self.schema(s) for s in value]
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            elif key == "x-nullable":
                if value:
                    out["nullable"] = True
            elif key.startswith("x-"):
                out[key] = copy.deepcopy(value)
            # collectionFormat, allowEmptyValue, ... are parameter keywords handled by the caller.
        if out.get("type") == "file":
            out["type"] = "string"
            out["format"] = "binary"
        return out
