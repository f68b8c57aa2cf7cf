"""The emulator's certificate: self-signed (its own trust anchor) for localhost, 127.0.0.1, ::1 and any extra
names, kept in a stable directory between runs so the path clients trust does not change."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import ipaddress
import os
import tempfile
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path

import certifi
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ._options import DEFAULT_CERT_HOSTS

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: concurrent first runs may each write the files
    fcntl = None  # type: ignore[assignment]

_VALIDITY = datetime.timedelta(days=365)
# A kept certificate this close to its end is replaced.
_RENEW_BEFORE = datetime.timedelta(days=30)


@dataclass(frozen=True)
class CertificatePaths:
    cert: Path  # what the server presents, and the one certificate a client must trust
    key: Path
    # The certificate plus certifi's public roots: the file for SSL_CERT_FILE / REQUESTS_CA_BUNDLE, which
    # replace a process's whole trust store, so other HTTPS (Entra ID, PyPI) keeps working.
    bundle: Path


def _san(name: str) -> x509.GeneralName:
    try:
        return x509.IPAddress(ipaddress.ip_address(name))
    except ValueError:
        return x509.DNSName(name)


def _names(extra: Iterable[str]) -> tuple[str, ...]:
    names: list[str] = list(DEFAULT_CERT_HOSTS)
    for name in extra:
        if name.lower() not in (n.lower() for n in names):
            names.append(name)
    return tuple(names)


def generate_self_signed(cert_path: Path, key_path: Path, hosts: Iterable[str] = ()) -> None:
    """Write a self-signed certificate for the default names plus `hosts`, and its key, as PEM."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "acs-identity emulator")])
    now = datetime.datetime.now(datetime.UTC)
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + _VALIDITY)
        .add_extension(x509.SubjectAlternativeName([_san(n) for n in _names(hosts)]), critical=False)
        # CA:TRUE lets strict verifiers accept the certificate as the root it is.
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _write(key_path, key_pem, 0o600)
    _write(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)


def _write(path: Path, data: bytes, mode: int) -> None:
    """Atomically: a client reading the file never sees half of it."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _usable(cert_path: Path, key_path: Path, names: tuple[str, ...]) -> bool:
    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key_path.stat()
    except (OSError, ValueError):
        return False
    if cert.not_valid_after_utc - datetime.datetime.now(datetime.UTC) < _RENEW_BEFORE:
        return False
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    present = {str(v).lower() for v in san.get_values_for_type(x509.DNSName)}
    present |= {str(v) for v in san.get_values_for_type(x509.IPAddress)}
    return all((str(ipaddress.ip_address(n)) if _is_ip(n) else n.lower()) in present for n in names)


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@contextlib.contextmanager
def _locked(directory: Path) -> Generator[None, None, None]:
    # Parallel first runs (pytest-xdist workers) agree on one certificate.
    with open(directory / ".lock", "a+b") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def ensure_certificate(directory: Path, hosts: Iterable[str] = ()) -> CertificatePaths:
    """The kept certificate for these names in `directory`, generated (or renewed) when needed.

    The default names live in `directory/default`; another set of names gets a directory of its own, so
    emulators started with different --cert-host values never replace each other's certificate.
    """
    names = _names(hosts)
    sub = (
        "default"
        if names == DEFAULT_CERT_HOSTS
        else "hosts-" + hashlib.sha256(",".join(sorted(n.lower() for n in names)).encode()).hexdigest()[:12]
    )
    where = directory / sub
    where.mkdir(parents=True, exist_ok=True, mode=0o700)
    paths = CertificatePaths(where / "cert.pem", where / "key.pem", where / "ca-bundle.pem")
    with _locked(where):
        if not _usable(paths.cert, paths.key, names):
            generate_self_signed(paths.cert, paths.key, names)
            write_bundle(paths.cert, paths.bundle)
        elif not paths.bundle.exists():
            write_bundle(paths.cert, paths.bundle)
    return paths


def write_bundle(cert: Path, bundle: Path) -> None:
    roots = Path(certifi.where()).read_bytes()
    _write(bundle, cert.read_bytes().rstrip(b"\n") + b"\n" + roots, 0o644)
