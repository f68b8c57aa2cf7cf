"""The typed examples pass `mypy --strict`, a mistyped call is reported, and the examples run (respx)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx
import pytest
import respx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import example_integration  # noqa: E402
import example_integration_async  # noqa: E402

CONN = (
    "endpoint=https://contoso.communication.azure.com/;accesskey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
)
ENDPOINT = "https://contoso.communication.azure.com"
USER = "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
TOKEN = {"token": "tok", "expiresOn": "2026-11-30T10:00:00.1234567+00:00"}

MISTYPED = """
from acs_identity import CommunicationIdentityClient, CommunicationTokenScope

def issue(client: CommunicationIdentityClient) -> None:
    client.get_token("8:acs:x", [CommunicationTokenScope.CHAT], token_expires_in=3600)
"""


def _mypy(*args: str, cache: Path) -> tuple[str, int]:
    from mypy import api

    stdout, stderr, status = api.run(["--strict", "--cache-dir", str(cache), "--no-error-summary", *args])
    return stdout + stderr, status


@pytest.fixture(scope="module")
def mypy_cache(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # pytest's cache directory keeps mypy's cache warm between runs (a cold run takes much longer).
    cache = getattr(pytestconfig, "cache", None)
    return Path(cache.mkdir("acs-identity-mypy")) if cache is not None else tmp_path_factory.mktemp("mypy")


@pytest.mark.slow  # a mypy run of a minute on a cold cache: CI's long runs
def test_examples_pass_mypy_strict_and_mistyped_call_fails(tmp_path: Path, mypy_cache: Path) -> None:
    bad = tmp_path / "mistyped_user_code.py"
    bad.write_text(MISTYPED)
    output, status = _mypy(
        str(HERE / "example_integration.py"),
        str(HERE / "example_integration_async.py"),
        str(bad),
        cache=mypy_cache,
    )
    lines = [line for line in output.splitlines() if line.strip()]
    assert status == 1
    # Exactly one error, on the mistyped line of the user's file; the examples are clean.
    assert len(lines) == 1, output
    # (mypy's incremental cache may replay the error under the path of an earlier run: match the file name)
    assert re.match(r"\S*" + re.escape(f"{bad.name}:5: error:"), lines[0]), output
    assert 'Argument "token_expires_in"' in lines[0] and '"int"' in lines[0], output


def _service(respx_mock: respx.MockRouter) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path == "/identities":
            return httpx.Response(201, json={"identity": {"id": USER}, "accessToken": TOKEN})
        if path.endswith(":exchangeAccessToken") and "teamsExtension" in path:
            ext = "8:acs:r_t_u"
            return httpx.Response(200, json={"identity": {"id": ext}, "accessToken": TOKEN})
        if path.endswith(":issueAccessToken") or path.endswith(":exchangeAccessToken"):
            return httpx.Response(200, json=TOKEN)
        if "/assignments/" in path and request.method in ("GET", "PUT"):
            return httpx.Response(
                200, json={"objectId": "object", "tenantId": "tenant", "principalType": "user"}
            )
        return httpx.Response(204)

    respx_mock.route(url__startswith=ENDPOINT).mock(side_effect=handler)


def test_sync_example_runs(respx_mock: respx.MockRouter) -> None:
    _service(respx_mock)
    sessions = example_integration.main(CONN)
    assert [s.user_id for s in sessions] == [USER, USER]
    with example_integration.make_client(ENDPOINT, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=") as client:
        identity, expires_on = example_integration.teams_phone(client, "entra")
        assert identity.raw_id == "8:acs:r_t_u" and expires_on > 0


# At the transports (tests/conftest.py): the async client's default is aiohttp's, which httpcore-level mocks miss.
@pytest.mark.respx(using="transports")
async def test_async_example_runs(respx_mock: respx.MockRouter) -> None:
    _service(respx_mock)
    assert await example_integration_async.main(CONN) == 4
