"""azure-core's keyword options are declared: `mypy --strict` accepts valid per-call and client options (azure-core
policies, transports and hooks included) and reports a misspelt or mistyped one, sync and async.

The mypy run is a long run (CI's `pytest -m slow`); the default run checks the declarations it relies on: every
operation of both clients takes `**kwargs: Unpack[CallOptions]` and both option TypedDicts name the options the
user code below passes."""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

import pytest

import acs_identity
import acs_identity.aio


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


@pytest.mark.slow  # a mypy run on a cold cache (tens of seconds on a busy machine): CI's long runs
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


def _keywords(call: str) -> set[str]:
    """The keyword names a call in USER_CODE passes (`name=` at any nesting depth of its argument list)."""
    return set(re.findall(r"\b([a-z_]+)=", call))


def _calls(prefix: str) -> list[str]:
    """Each call in USER_CODE that starts with `prefix`, up to its closing parenthesis."""
    found: list[str] = []
    for match in re.finditer(re.escape(prefix) + r"\(", USER_CODE):
        depth, end = 0, match.end() - 1
        for end in range(match.end() - 1, len(USER_CODE)):
            depth += {"(": 1, ")": -1}.get(USER_CODE[end], 0)
            if depth == 0:
                break
        found.append(USER_CODE[match.end() : end])
    return found


def _operations(cls: type) -> list[str]:
    return [
        name
        for name, _ in inspect.getmembers(cls, inspect.isfunction)
        if not name.startswith("_") and name not in ("close", "from_connection_string")
    ]


@pytest.mark.parametrize(
    "cls", [acs_identity.CommunicationIdentityClient, acs_identity.aio.CommunicationIdentityClient]
)
def test_every_operation_declares_the_call_options(cls: type) -> None:
    # What the mypy run above relies on, read from the annotations (no mypy run): `**kwargs: Unpack[CallOptions]`.
    # As written: the client modules import CallOptions for type checkers only, so get_type_hints() cannot
    # resolve them (README, How we differ); the module's own import says which CallOptions the name is.
    source = inspect.getsource(sys.modules[cls.__module__])
    assert re.search(r"(?m)^\s+from \.+_call_options import CallOptions$", source), cls.__module__
    operations = _operations(cls)
    assert len(operations) >= 10, operations
    for name in operations:
        kwargs = inspect.signature(getattr(cls, name)).parameters["kwargs"]
        assert kwargs.kind is inspect.Parameter.VAR_KEYWORD, name
        assert kwargs.annotation == "Unpack[CallOptions]", (name, kwargs.annotation)


def test_the_option_declarations_name_what_the_user_code_passes() -> None:
    from acs_identity._call_options import CallOptions
    from acs_identity._client_base import ClientOptions

    operations = ("client.create_user", "client.get_token", "client.delete_user")
    per_call = {key for prefix in operations for call in _calls(prefix) for key in _keywords(call)}
    constructors = (
        "CommunicationIdentityClient.from_connection_string",
        "AsyncClient.from_connection_string",
    )
    client = {key for prefix in constructors for call in _calls(prefix) for key in _keywords(call)}
    client -= {
        "retry_total"
    }  # RetryPolicy(retry_total=2): an argument of azure-core's policy, not the client's
    assert {"hedaers", "raw_request_hook", "connection_timeout"} <= per_call
    assert {"transport", "http_logging_policy", "per_call_policies"} <= client
    assert per_call - {"hedaers"} <= set(CallOptions.__optional_keys__)
    assert "hedaers" not in CallOptions.__optional_keys__
    assert client <= set(ClientOptions.__optional_keys__)
    assert not CallOptions.__required_keys__ and not ClientOptions.__required_keys__
