"""Error objects as azure-core's, on both pipelines, sync and async: `.response` with HttpResponse's surface
(status_code, headers, reason, text(), json(), and a `.request` whose credentials are redacted), `.model` the
generated CommunicationErrorResponse for every error status, `.error.code` / `.message` the service's."""

from __future__ import annotations

import base64
import uuid
from typing import Any

import pytest
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceNotFoundError
from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport

import acs_identity
import acs_identity.aio
from acs_identity._generated.models.communication_error_response import CommunicationErrorResponse
from acs_identity.emulator import DEV_ACCESS_KEY, Emulator

from .conftest import close, invoke

WRONG_KEY = base64.b64encode(b"w" * 32).decode()


def _client(emu: Emulator, mode: str, path: str, key: str = DEV_ACCESS_KEY) -> Any:
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    options: dict[str, Any]
    if path == "azure-core":
        transport = RequestsTransport if mode == "sync" else AioHttpTransport
        options = {"transport": transport(connection_verify=emu.ca_cert_path)}
    else:
        options = {"connection_verify": emu.ca_cert_path}
    return cls(emu.endpoint, key, **options)


CASES = [
    # (operation and arguments, key, exception type, status, service error code)
    (
        ("get_token", "8:acs:not-an-identity", ["chat"]),
        DEV_ACCESS_KEY,
        HttpResponseError,
        400,
        "InvalidIdentity",
    ),
    (("create_user",), WRONG_KEY, ClientAuthenticationError, 401, "Denied"),
    (
        ("get_teams_extension_assignment", str(uuid.uuid4()), str(uuid.uuid4())),
        DEV_ACCESS_KEY,
        ResourceNotFoundError,
        404,
        None,
    ),
]


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("path", ["fast", "azure-core"])
@pytest.mark.parametrize(("call", "key", "kind", "status", "code"), CASES)
async def test_error_objects(
    emu: Emulator,
    mode: str,
    path: str,
    call: tuple[Any, ...],
    key: str,
    kind: type[HttpResponseError],
    status: int,
    code: str | None,
) -> None:
    client = _client(emu, mode, path, key)
    try:
        with pytest.raises(kind) as caught:
            await invoke(client, *call)
    finally:
        await close(client)
    error = caught.value
    assert type(error) is kind and error.status_code == status
    response: Any = error.response
    assert response is not None and response.status_code == status and response.reason
    body = response.json()
    assert isinstance(body["error"]["code"], str) and response.text().lstrip().startswith("{")
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(error.model, CommunicationErrorResponse)
    assert error.model.error.code == body["error"]["code"] == (code or body["error"]["code"])
    assert error.error is not None and error.error.code == error.model.error.code
    request = response.request
    assert request.method in ("GET", "POST") and request.url.startswith(emu.endpoint.rstrip("/"))
    headers = {name.lower(): value for name, value in request.headers.items()}
    assert headers["authorization"] == "REDACTED"
    assert "x-ms-client-request-id" in headers
    text = str(error) + repr(error)
    assert "HMAC-SHA256" not in text and key not in text
