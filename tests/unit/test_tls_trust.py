"""TLS trust from the environment (REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, SSL_CERT_FILE, SSL_CERT_DIR) for both our
clients, next to what Microsoft's clients do with the same variables, against the emulator over HTTPS; and a
certificate failure: final (one attempt), saying it is a certificate problem and how to pass a CA."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from azure.communication.identity import CommunicationIdentityClient as MicrosoftClient
from azure.communication.identity.aio import CommunicationIdentityClient as MicrosoftAsyncClient
from azure.core.exceptions import ServiceRequestError

import acs_identity
import acs_identity.aio
from acs_identity._retry import RetryPolicy
from acs_identity._tls import (
    BUNDLE_VARIABLES,
    OPENSSL_VARIABLES,
    is_certificate_error,
    trust_from_environment,
    verify_setting,
)
from acs_identity.aio._aiohttp import AiohttpTransport
from acs_identity.cli._errors import describe
from acs_identity.emulator import Emulator
from acs_identity.emulator._tls import generate_self_signed

MODES = ("sync", "async")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # CI machines often set these (to the system bundle): every test starts from none.
    for name in (*BUNDLE_VARIABLES, *OPENSSL_VARIABLES):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def emu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    with Emulator(https=True, cert_out=tmp_path_factory.mktemp("tls") / "emulator.pem") as emulator:
        yield emulator


@pytest.fixture
def ca_file(emu: Emulator) -> str:
    assert emu.ca_cert_path is not None
    return emu.ca_cert_path


@pytest.fixture
def ca_dir(ca_file: str, tmp_path: Path) -> str:
    """A directory of hashed certificates (as `openssl rehash` makes) holding the emulator's CA."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs the openssl command to name the certificate by its subject hash")
    digest = subprocess.run(
        [openssl, "x509", "-hash", "-noout", "-in", ca_file], check=True, capture_output=True, text=True
    ).stdout.strip()
    shutil.copy(ca_file, tmp_path / f"{digest}.0")
    return str(tmp_path)


@pytest.fixture
def unrelated_bundle(tmp_path: Path) -> str:
    """A valid CA bundle that does not hold the emulator's CA (another self-signed certificate)."""
    path = tmp_path / "other.pem"
    generate_self_signed(path, tmp_path / "other.key")
    return str(path)


async def create_user(emu: Emulator, mode: str, **options: object) -> str:
    """create_user with our client of `mode`; the new user's raw id."""
    if mode == "sync":
        with acs_identity.CommunicationIdentityClient.from_connection_string(
            emu.connection_string,
            **options,  # type: ignore[arg-type]
        ) as client:
            return client.create_user().raw_id
    async with acs_identity.aio.CommunicationIdentityClient.from_connection_string(
        emu.connection_string,
        **options,  # type: ignore[arg-type]
    ) as aclient:
        return (await aclient.create_user()).raw_id


async def microsoft_create_user(emu: Emulator, mode: str) -> str:
    if mode == "sync":
        return str(MicrosoftClient.from_connection_string(emu.connection_string).create_user().raw_id)
    async with MicrosoftAsyncClient.from_connection_string(emu.connection_string, retry_total=0) as client:
        return str((await client.create_user()).raw_id)


# ---- what each variable does ------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("where", ["file", "directory"])
async def test_requests_ca_bundle_is_trusted(
    emu: Emulator, mode: str, where: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "REQUESTS_CA_BUNDLE", request.getfixturevalue("ca_file" if where == "file" else "ca_dir")
    )
    assert (await create_user(emu, mode)).startswith("8:acs:")


async def test_microsoft_clients_with_requests_ca_bundle(
    emu: Emulator, ca_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Microsoft's sync client (requests) honours it; its async client (aiohttp) does not: ours do both."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ca_file)
    assert (await microsoft_create_user(emu, "sync")).startswith("8:acs:")
    with pytest.raises(ServiceRequestError) as info:
        await microsoft_create_user(emu, "async")
    assert is_certificate_error(info.value)


def test_microsoft_sync_client_ignores_ssl_cert_file(
    emu: Emulator, ca_file: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """requests reads only its own variables (aiohttp, which reads SSL_CERT_FILE, reads it at import)."""
    monkeypatch.setenv("SSL_CERT_FILE", ca_file)
    with pytest.raises(ServiceRequestError) as info:
        MicrosoftClient.from_connection_string(emu.connection_string).create_user()
    assert is_certificate_error(info.value)


@pytest.mark.parametrize("mode", MODES)
async def test_curl_ca_bundle_is_trusted_and_requests_ca_bundle_wins(
    emu: Emulator, ca_file: str, unrelated_bundle: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CURL_CA_BUNDLE", ca_file)
    assert (await create_user(emu, mode)).startswith("8:acs:")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", unrelated_bundle)  # requests's order: this one, exactly
    with pytest.raises(ServiceRequestError, match="certificate verification failed"):
        await create_user(emu, mode, retry_total=0)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("variable", OPENSSL_VARIABLES)
async def test_openssl_variables_are_trusted(
    emu: Emulator, mode: str, variable: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = request.getfixturevalue("ca_file" if variable == "SSL_CERT_FILE" else "ca_dir")
    monkeypatch.setenv(variable, path)
    assert trust_from_environment().source == f"{variable}={path}"
    assert (await create_user(emu, mode)).startswith("8:acs:")


@pytest.mark.parametrize("mode", MODES)
async def test_connection_verify_overrides_the_environment(
    emu: Emulator, ca_file: str, unrelated_bundle: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", unrelated_bundle)
    assert (await create_user(emu, mode, connection_verify=ca_file)).startswith("8:acs:")
    assert (await create_user(emu, mode, connection_verify=False)).startswith("8:acs:")
    context = ssl.create_default_context(cafile=ca_file)
    assert (await create_user(emu, mode, connection_verify=context)).startswith("8:acs:")


@pytest.mark.parametrize("mode", MODES)
async def test_a_rewritten_bundle_is_read_again(
    emu: Emulator, ca_file: str, unrelated_bundle: str, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Contexts are cached per bundle, but by its contents' stamp: a replaced file is not served stale."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", unrelated_bundle)
    with pytest.raises(ServiceRequestError, match="certificate verification failed"):
        await create_user(emu, mode, retry_total=0)
    Path(unrelated_bundle).write_text(Path(ca_file).read_text())
    assert (await create_user(emu, mode)).startswith("8:acs:")


def test_default_trust_is_certifi_and_the_system_store() -> None:
    assert trust_from_environment().source == "certifi's bundle and the system store"
    context = verify_setting(True)
    assert isinstance(context, ssl.SSLContext) and context.verify_mode is ssl.CERT_REQUIRED
    assert context.cert_store_stats()["x509_ca"] > 0
    assert verify_setting(True) is context  # loaded once, shared


@pytest.mark.parametrize("variable", [*BUNDLE_VARIABLES, "SSL_CERT_FILE"])
@pytest.mark.parametrize("mode", MODES)
async def test_a_variable_naming_nothing_is_an_error_before_sending(
    emu: Emulator, variable: str, mode: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(variable, str(tmp_path / "missing.pem"))
    with pytest.raises(ValueError, match=rf"{variable} names .*missing\.pem"):
        await create_user(emu, mode)


@pytest.mark.parametrize("mode", MODES)
async def test_bad_connection_verify_is_an_error_before_sending(
    emu: Emulator, mode: str, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match=r"connection_verify names .*missing\.pem"):
        await create_user(emu, mode, connection_verify=str(tmp_path / "missing.pem"))
    empty = tmp_path / "empty.pem"
    empty.write_text("not a certificate\n")
    with pytest.raises(ValueError, match="holds no usable PEM certificate"):
        await create_user(emu, mode, connection_verify=str(empty))
    with pytest.raises(TypeError, match="connection_verify must be"):
        await create_user(emu, mode, connection_verify=1)


# ---- a certificate failure is final --------------------------------------------------------------------------


class CountingTransport(httpx.BaseTransport):
    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.attempts = inner, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncCountingTransport(httpx.AsyncBaseTransport):
    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner, self.attempts = inner, 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.attempts += 1
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


def assert_certificate_message(error: ServiceRequestError, emu: Emulator) -> None:
    text = str(error)
    assert text.startswith(f"TLS certificate verification failed for {emu.endpoint}:")
    assert "self-signed certificate" in text  # OpenSSL's reason
    assert "connection_verify='<path to a PEM file or directory>'" in text and "REQUESTS_CA_BUNDLE" in text
    assert "accesskey" not in text.lower() and "cannot reach" not in text


@pytest.mark.parametrize("transport", ["httpx", "aiohttp"])
async def test_certificate_failure_is_not_retried_and_says_how_to_pass_a_ca(
    emu: Emulator, transport: str
) -> None:
    trust = verify_setting(True)
    if transport == "httpx":
        spy = CountingTransport(httpx.HTTPTransport(verify=trust))
        with pytest.raises(ServiceRequestError) as info:
            await create_user(emu, "sync", transport=spy, retry_total=3, retry_backoff_factor=0)
        attempts = spy.attempts
    else:
        aspy = AsyncCountingTransport(AiohttpTransport(verify=trust))
        with pytest.raises(ServiceRequestError) as info:
            await create_user(emu, "async", transport=aspy, retry_total=3, retry_backoff_factor=0)
        attempts = aspy.attempts
    assert attempts == 1
    assert_certificate_message(info.value, emu)
    assert is_certificate_error(info.value)
    assert RetryPolicy(total=3).delay_after_error(httpx.ConnectError("refused"), 1) is not None  # others are


@pytest.mark.parametrize("mode", MODES)
async def test_certificate_failure_with_the_default_transports(emu: Emulator, mode: str) -> None:
    with pytest.raises(ServiceRequestError) as info:
        await create_user(emu, mode, retry_total=0)
    assert_certificate_message(info.value, emu)


async def test_the_cli_says_how_to_trust_the_certificate(emu: Emulator) -> None:
    with pytest.raises(ServiceRequestError) as info:
        await create_user(emu, "sync", retry_total=0)
    text = describe(info.value)
    assert text.startswith("the service's TLS certificate is not trusted (self-signed certificate)")
    assert "--ca-cert PATH" in text and "REQUESTS_CA_BUNDLE" in text
