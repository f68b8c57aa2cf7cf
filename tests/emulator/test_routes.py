"""The emulator's one route table and the capability record agree: every API operation of every api-version
is routed, every routed API operation is in some version, and the record alone decides where each exists."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from acs_identity._capabilities import CapabilityRecord, load_capabilities
from acs_identity.emulator._app import ROUTES, EmulatorApp
from acs_identity.emulator._errors import ApiError
from acs_identity.emulator._service import Service
from acs_identity.emulator._store import MemoryStore

from .helpers import KEY

CAPS = load_capabilities()
API_OPERATIONS = {route.operation for route in ROUTES if route.versioned}
# As the regeneration tests find Azure's documents: beside the repository, absent on some machines.
UPSTREAM = (
    Path(__file__).resolve().parents[2] / ".." / "shared" / "upstream-specs" / "data-plane" / "Identity"
).resolve()


def test_every_operation_of_the_record_is_routed() -> None:
    in_record = set().union(*(caps.operations for caps in CAPS.versions.values()))
    assert in_record == API_OPERATIONS


def test_routes_are_unique() -> None:
    assert len({route.operation for route in ROUTES}) == len(ROUTES)
    assert len({(route.method, route.path) for route in ROUTES}) == len(ROUTES)


def _app(record: CapabilityRecord) -> EmulatorApp:
    return EmulatorApp(Service(MemoryStore(), token_mode="canned"), KEY, record)


def test_the_record_alone_decides_where_an_operation_exists() -> None:
    """Drop get_identity from the preview in a copy of the record: the emulator built on it refuses it."""
    preview = CAPS.versions["2025-03-02-preview"]
    changed = CapabilityRecord(
        CAPS.default,
        {
            **CAPS.versions,
            preview.api_version: dataclasses.replace(
                preview, operations=preview.operations - {"get_identity"}
            ),
        },
    )
    for record, expected in ((CAPS, "Denied"), (changed, "UnsupportedApiVersion")):
        app = _app(record)
        operation, params = app.route("GET", b"/identities/x")
        assert operation == "get_identity"
        with pytest.raises(ApiError) as caught:
            # Unsigned: past the version check it fails authentication, before it the version check.
            app.dispatch(
                operation, params, "GET", b"/identities/x", b"api-version=2025-03-02-preview", {}, b""
            )
        assert caught.value.code == expected


def test_not_found_and_method_not_allowed() -> None:
    app = _app(CAPS)
    with pytest.raises(ApiError) as caught:
        app.route("GET", b"/nowhere")
    assert caught.value.status == 404
    with pytest.raises(ApiError) as caught:
        app.route("PATCH", b"/identities/x")
    assert caught.value.status == 405
    assert dict(caught.value.headers)[b"allow"] == b"DELETE, GET"


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="Azure's upstream specs are not available")
@pytest.mark.parametrize("version", ["2023-08-01", "2025-03-02-preview"])
def test_the_record_lists_what_the_swagger_has(version: str) -> None:
    kind = "preview" if version.endswith("-preview") else "stable"
    document = json.loads((UPSTREAM / kind / version / "CommunicationIdentity.json").read_text("utf-8"))
    paths = {(method.upper(), path) for path, item in document["paths"].items() for method in item}
    routed = {
        (route.method, "/" + "/".join(part or "{}" for part in route.path))
        for route in ROUTES
        if route.operation in CAPS.versions[version].operations
    }
    normalised = {(method, _template(path)) for method, path in paths}
    assert routed == normalised


def _template(path: str) -> str:
    return "/" + "/".join("{}" if part.startswith("{") else part for part in path.strip("/").split("/"))
