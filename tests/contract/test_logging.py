"""`logging_enable` (client and call) logs each request and response at DEBUG under azure-core's logger names,
and azure-core's INFO summary is written too; with every operation, on both pipelines, sync and async, no
record holds the access key, a signature, an Entra token or an issued ACS token."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from azure.core.pipeline import PipelineRequest
from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport

import acs_identity
import acs_identity.aio
from acs_identity.emulator import Emulator

from ._scenario import every_operation
from .conftest import close, invoke

NETWORK = "azure.core.pipeline.policies._universal"
SUMMARY = "azure.core.pipeline.policies.http_logging_policy"


def _client(emu: Emulator, mode: str, path: str, **options: Any) -> Any:
    cls: Any = (
        acs_identity.CommunicationIdentityClient
        if mode == "sync"
        else acs_identity.aio.CommunicationIdentityClient
    )
    if path == "azure-core":
        options["transport"] = (
            RequestsTransport(connection_verify=emu.ca_cert_path)
            if mode == "sync"
            else AioHttpTransport(connection_verify=emu.ca_cert_path)
        )
    else:
        options["connection_verify"] = emu.ca_cert_path
    return cls.from_connection_string(emu.connection_string, **options)


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("path", ["fast", "azure-core"])
@pytest.mark.parametrize("where", ["client", "call"])
async def test_logging_enable_logs_every_operation_without_secrets(
    emu: Emulator, mode: str, path: str, where: str, caplog: pytest.LogCaptureFixture
) -> None:
    signatures: list[str] = []

    def keep_signature(request: PipelineRequest[Any]) -> None:
        signatures.append(request.http_request.headers["authorization"].split("Signature=")[-1])

    options: dict[str, Any] = {"raw_request_hook": keep_signature}
    client = _client(emu, mode, path, **({"logging_enable": True} if where == "client" else {}))
    if where == "call":
        options["logging_enable"] = True
    caplog.set_level(logging.DEBUG)
    try:
        secrets = await every_operation(client, emu, **options)
    finally:
        await close(client)
    network = [record.getMessage() for record in caplog.records if record.name == NETWORK]
    requests = [text for text in network if text.startswith("Request URL:")]
    responses = [text for text in network if text.startswith("Response status:")]
    assert len(requests) == len(responses) == len(signatures) == 11  # ten operations, delete_user twice
    assert all("'authorization': 'redacted'" in text.lower() for text in requests)
    assert any('"token":"REDACTED"' in text.replace(" ", "") for text in responses)
    summary = [record.getMessage() for record in caplog.records if record.name == SUMMARY]
    assert summary and all("REDACTED" in text for text in summary if "authorization" in text.lower())
    everything = "\n".join(record.getMessage() for record in caplog.records)
    leaked = [secret[:12] for secret in secrets + signatures if secret and secret in everything]
    assert leaked == []


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_no_network_trace_unless_enabled(
    emu: Emulator, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = _client(emu, mode, "fast")
    caplog.set_level(logging.DEBUG)
    try:
        await invoke(client, "create_user")
        await invoke(client, "create_user", logging_enable=False)
    finally:
        await close(client)
    assert not [record for record in caplog.records if record.name == NETWORK]
    # azure-core's INFO summary, as Microsoft's client writes it, when that logger is at INFO.
    assert any(record.name == SUMMARY and record.levelno == logging.INFO for record in caplog.records)


async def test_call_can_switch_client_logging_off(emu: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    client = _client(emu, "sync", "fast", logging_enable=True)
    caplog.set_level(logging.DEBUG, logger=NETWORK)
    with client:
        client.create_user(logging_enable=False)
    assert not [record for record in caplog.records if record.name == NETWORK]
