"""azure-core's keyword options are declared: `mypy --strict` accepts valid per-call and client options (azure-core
policies, transports and hooks included) and reports a misspelt or mistyped one, sync and async."""

from __future__ import annotations

import re
from pathlib import Path

import pytest


def _mypy(*args: str, cache: Path) -> tuple[str, int]:
    from mypy import api

    stdout, stderr, status = api.run(["--strict", "--cache-dir", str(cache), "--no-error-summary", *args])
    return stdout + stderr, status


USER_CODE = """
from typing import Any
from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import AsyncRetryPolicy, HttpLoggingPolicy, RetryPolicy, SansIOHTTPPolicy
from azure.core.pipeline.transport import AioHttpTransport, RequestsTransport
from acs_identity import CommunicationIdentityClient
from acs_identity.aio import CommunicationIdentityClient as AsyncClient


def on_request(request: PipelineRequest[Any]) -> None: ...
def on_response(response: PipelineResponse[Any, Any]) -> None: ...


def good(conn: str) -> None:
    client = CommunicationIdentityClient.from_connection_string(
        conn, http_logging_policy=HttpLoggingPolicy(), per_retry_policies=[SansIOHTTPPolicy()],
        retry_policy=RetryPolicy(retry_total=2), transport=RequestsTransport(), user_agent="app/1",
        headers={"x-a": "b"}, logging_enable=True, proxies={"https": "http://proxy:3128"},
    )
    client.create_user(headers={"x": "y"}, timeout=5, read_timeout=2.5, logging_enable=True,
                       raw_request_hook=on_request, raw_response_hook=on_response, retry_total=1, request_id="r")


async def good_async(conn: str) -> None:
    client = AsyncClient.from_connection_string(
        conn, transport=AioHttpTransport(), retry_policy=AsyncRetryPolicy(), per_call_policies=SansIOHTTPPolicy()
    )
    await client.get_token("8:acs:x", ["chat"], user_agent="app/1", connection_timeout=3)


def bad(client: CommunicationIdentityClient) -> None:
    client.create_user(hedaers={"x": "y"})  # bad
    client.create_user(timeout="5")  # bad


async def bad_async(client: AsyncClient) -> None:
    await client.delete_user("8:acs:x", raw_request_hook=3)  # bad


def bad_client(conn: str) -> None:
    CommunicationIdentityClient.from_connection_string(conn, retry_policy=AsyncRetryPolicy())  # bad
"""


def test_options_are_typed(tmp_path: Path, mypy_cache: Path) -> None:
    user = tmp_path / "user_options.py"
    user.write_text(USER_CODE)
    output, status = _mypy(str(user), cache=mypy_cache)
    errors = [line for line in output.splitlines() if ": error:" in line]
    lines = sorted(int(re.search(r":(\d+): error:", line).group(1)) for line in errors)  # type: ignore[union-attr]
    assert status == 1, output
    # One error on each bad line, none on the good ones.
    source = USER_CODE.splitlines()
    bad_lines = [n for n, text in enumerate(source, 1) if text.endswith("# bad")]
    assert lines == bad_lines, output
    assert "hedaers" in output


@pytest.fixture(scope="module")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-options")
