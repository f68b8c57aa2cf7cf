"""HTTPS with the exported certificate, a given certificate, and the connection facts."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import trustme

from acs_identity.emulator import DEV_ACCESS_KEY, Emulator

from .helpers import Api


@pytest.fixture(scope="module")
def tls_emu(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    cert_out = tmp_path_factory.mktemp("tls") / "emulator.pem"
    with Emulator(https=True, cert_out=cert_out) as emulator:
        yield emulator


def test_connection_facts(tls_emu: Emulator) -> None:
    assert tls_emu.endpoint == f"https://localhost:{tls_emu.port}"
    assert tls_emu.connection_string == f"endpoint={tls_emu.endpoint}/;accesskey={DEV_ACCESS_KEY}"
    assert tls_emu.ca_cert_path is not None and tls_emu.ca_cert_path.endswith("emulator.pem")
    assert Path(tls_emu.ca_cert_path).read_text().startswith("-----BEGIN CERTIFICATE-----")
    assert tls_emu.jwks_url == f"{tls_emu.endpoint}/.well-known/jwks.json"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_https_verifies_with_exported_cert(tls_emu: Emulator, host: str) -> None:
    assert tls_emu.ca_cert_path is not None
    context = ssl.create_default_context(cafile=tls_emu.ca_cert_path)
    with httpx.Client(base_url=f"https://{host}:{tls_emu.port}", verify=context) as client:
        assert Api(client).request("POST", "/identities").status_code == 201


def test_https_is_refused_without_trust(tls_emu: Emulator) -> None:
    with httpx.Client(base_url=tls_emu.endpoint) as client, pytest.raises(httpx.ConnectError):
        client.get("/.well-known/jwks.json")


def test_given_certificate(tmp_path: Path) -> None:
    ca = trustme.CA()
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    certfile, keyfile, cafile = tmp_path / "cert.pem", tmp_path / "key.pem", tmp_path / "ca.pem"
    leaf.cert_chain_pems[0].write_to_path(str(certfile))
    leaf.private_key_pem.write_to_path(str(keyfile))
    ca.cert_pem.write_to_path(str(cafile))
    with Emulator(certfile=certfile, keyfile=keyfile) as emu:
        assert emu.https and emu.ca_cert_path == str(certfile)
        with httpx.Client(
            base_url=emu.endpoint, verify=ssl.create_default_context(cafile=str(cafile))
        ) as client:
            assert Api(client).request("POST", "/identities").status_code == 201


def test_http_endpoint() -> None:
    with Emulator() as emu:
        assert emu.endpoint == f"http://127.0.0.1:{emu.port}"
        assert emu.ca_cert_path is None


def test_certfile_needs_keyfile(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        Emulator(certfile=tmp_path / "c.pem")
