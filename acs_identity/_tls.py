"""TLS trust: which certificate authorities the clients and the CLI verify the service against, and telling a
certificate verification failure apart from a network failure (it is final, and says how to fix it).

With ``connection_verify=True`` (the default) the environment decides, read as Microsoft's clients read it:

1. ``REQUESTS_CA_BUNDLE``, else ``CURL_CA_BUNDLE`` (a PEM file, or a directory of hashed certificates): exactly
   those CAs. Microsoft's sync client honours these (through requests); its async client (aiohttp) ignores them.
2. else ``SSL_CERT_FILE`` / ``SSL_CERT_DIR``: OpenSSL's default locations as those variables set them, which is
   what Microsoft's async client trusts (aiohttp's default context); its sync client ignores them.
3. else certifi's bundle together with the system's store: Microsoft's sync client trusts the first, its async
   client the second; ours trust what either would.

``connection_verify=<path>`` (file or directory) or an ``ssl.SSLContext`` overrides the environment; ``False``
turns verification off. A variable or path that names nothing is an error at construction, not a certificate
failure at the first request.
"""

from __future__ import annotations

import functools
import os
import ssl
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "BUNDLE_VARIABLES",
    "OPENSSL_VARIABLES",
    "Trust",
    "certificate_error_message",
    "certificate_reason",
    "is_certificate_error",
    "ssl_context",
    "trust_from_environment",
    "verify_setting",
]

BUNDLE_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
"""requests's variables, in its order of precedence."""
OPENSSL_VARIABLES = ("SSL_CERT_FILE", "SSL_CERT_DIR")
"""OpenSSL's variables for its default locations."""

_DEFAULTS = "certifi's bundle and the system store"


@dataclass(frozen=True, slots=True)
class Trust:
    """Where the trusted CAs come from: ``cafile`` / ``capath``, OpenSSL's defaults (``openssl_defaults``, as
    SSL_CERT_FILE / SSL_CERT_DIR set them), or neither (certifi and the system store). ``source`` names it."""

    source: str
    cafile: str | None = None
    capath: str | None = None
    openssl_defaults: bool = False


def _location(source: str, path: str) -> Trust:
    if os.path.isdir(path):
        return Trust(source, capath=path)
    if os.path.isfile(path):
        return Trust(source, cafile=path)
    raise ValueError(
        f"{source} names {path!r}, which is neither a file nor a directory: point it at a PEM CA bundle "
        "(or a directory of hashed CA certificates)"
    )


def trust_from_environment(environ: Mapping[str, str] | None = None) -> Trust:
    """What ``connection_verify=True`` trusts under ``environ`` (default: ``os.environ``)."""
    env = os.environ if environ is None else environ
    for name in BUNDLE_VARIABLES:
        value = env.get(name)
        if value:  # an empty variable counts as unset, as in requests
            return _location(name, value)
    cafile, capath = env.get("SSL_CERT_FILE"), env.get("SSL_CERT_DIR")
    if cafile and not os.path.isfile(cafile):
        raise ValueError(f"SSL_CERT_FILE names {cafile!r}, which is not a file: point it at a PEM CA bundle")
    if cafile or capath:
        # SSL_CERT_DIR may list several directories, and OpenSSL skips missing ones: it is not checked.
        names = [
            f"{name}={value}"
            for name, value in (("SSL_CERT_FILE", cafile), ("SSL_CERT_DIR", capath))
            if value
        ]
        return Trust(" and ".join(names), openssl_defaults=True)
    return Trust(_DEFAULTS)


def _stamp(*paths: str | None) -> tuple[tuple[int, int], ...]:
    """Identifies the files' current contents, so a rewritten bundle is loaded afresh."""
    stamps: list[tuple[int, int]] = []
    for path in paths:
        if path:
            try:
                st = os.stat(path)
            except OSError:
                continue
            stamps.append((st.st_mtime_ns, st.st_size))
    return tuple(stamps)


@functools.lru_cache(maxsize=16)
def _cached_context(trust: Trust, environ_key: tuple[str | None, ...], stamp: object) -> ssl.SSLContext:
    # Loading a CA bundle costs tens of milliseconds; clients with the same trust share one context
    # (an SSLContext is safe to share between threads). environ_key and stamp are only cache keys.
    try:
        if trust.openssl_defaults:
            return ssl.create_default_context()  # OpenSSL reads SSL_CERT_FILE / SSL_CERT_DIR itself
        if trust.cafile is not None or trust.capath is not None:
            return ssl.create_default_context(cafile=trust.cafile, capath=trust.capath)
        import httpx  # certifi's bundle, as httpx loads it

        context = httpx.create_ssl_context(trust_env=False)
        context.load_default_certs()
        return context
    except ssl.SSLError as error:
        where = trust.cafile or trust.capath or trust.source
        raise ValueError(
            f"{trust.source}: {where} holds no usable PEM certificate ({error.reason})"
        ) from None


def ssl_context(trust: Trust) -> ssl.SSLContext:
    """The (shared, cached) context that verifies against ``trust``."""
    environ_key = tuple(os.environ.get(name) for name in OPENSSL_VARIABLES) if trust.openssl_defaults else ()
    stamp = _stamp(trust.cafile, *(value for value in environ_key if value))
    return _cached_context(trust, environ_key, stamp)


def verify_setting(connection_verify: bool | str | ssl.SSLContext = True) -> bool | ssl.SSLContext:
    """What the httpx and aiohttp transports are given for ``connection_verify``: an SSLContext, or False."""
    if connection_verify is True:
        return ssl_context(trust_from_environment())
    if connection_verify is False or isinstance(connection_verify, ssl.SSLContext):
        return connection_verify
    if isinstance(connection_verify, str):
        return ssl_context(_location("connection_verify", connection_verify))
    raise TypeError(
        "connection_verify must be True, False, a CA bundle path or an ssl.SSLContext, "
        f"not {type(connection_verify).__name__}"
    )


def _wrapped(exc: BaseException) -> list[BaseException]:
    # Exceptions chain what they wrap, or hold it: azure-core's AzureError.inner_exception, urllib3's
    # MaxRetryError.reason, requests's SSLError(args[0]).
    held = [
        exc.__cause__,
        exc.__context__,
        getattr(exc, "inner_exception", None),
        getattr(exc, "reason", None),
    ]
    held += exc.args
    return [item for item in held if isinstance(item, BaseException)]


def _certificate_error(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The innermost ssl.SSLCertVerificationError ``exc`` wraps (or is), if any.

    Transports wrap it once or more (httpx: httpcore.ConnectError; aiohttp: ClientConnectorCertificateError,
    itself a subclass with a message of its own; requests: SSLError over urllib3's MaxRetryError): the
    innermost has OpenSSL's reason."""
    found = None
    seen: set[int] = set()
    pending = [exc]
    while pending and len(seen) < 32:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            found = current
        pending.extend(_wrapped(current))
    return found


def is_certificate_error(exc: BaseException) -> bool:
    """True if ``exc`` (or what it wraps) is a failed certificate verification: retrying cannot help."""
    return _certificate_error(exc) is not None


def certificate_reason(exc: BaseException) -> str | None:
    """OpenSSL's reason (e.g. "self-signed certificate") if ``exc`` is a certificate failure, else None."""
    error = _certificate_error(exc)
    if error is None:
        return None
    return str(error.verify_message or error.reason or error)


def certificate_error_message(exc: BaseException, url: object) -> str:
    """Says that the service's certificate is not trusted, why, and how to trust its CA."""
    error = _certificate_error(exc)
    reason = str(error) if error is not None else str(exc)
    text = str(url)
    origin = text.split("/", 3)
    where = "/".join(origin[:3]) if len(origin) >= 3 else text
    return (
        f"TLS certificate verification failed for {where}: {reason}. The service's certificate is not signed by "
        "a CA this client trusts (a TLS-inspecting proxy, or a test server's own certificate?). Pass that CA's "
        "certificate as connection_verify='<path to a PEM file or directory>', or set REQUESTS_CA_BUNDLE to it. "
        "Not retried."
    )
