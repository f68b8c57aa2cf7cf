"""Connection strings, endpoints and access keys: parsed and checked once, at construction."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
from urllib.parse import urlsplit

_CONNECTION_STRING_FORMAT = "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>"


def parse_connection_string(conn_str: object) -> tuple[str, str]:
    """Split a connection string into its endpoint and access key.

    Names are case-insensitive; blanks and a trailing `;` are tolerated. Errors name what is missing or malformed
    but never echo the string: it holds the key.

    Args:
        conn_str: `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`.

    Returns:
        `(endpoint, access_key)`.

    Raises:
        ValueError: The string is malformed, or has no endpoint or no access key.
        TypeError: `conn_str` is not a str.
    """
    if not isinstance(conn_str, str):
        raise TypeError(f"connection string must be a str, not {type(conn_str).__name__}")
    values: dict[str, str] = {}
    for part in conn_str.split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip().lower()
        if not sep or not name:
            raise ValueError(
                f"malformed connection string: every part must be name=value; expected {_CONNECTION_STRING_FORMAT}"
            )
        if name in values:
            raise ValueError(f"malformed connection string: {name!r} appears more than once")
        values[name] = value.strip()
    missing = [name for name in ("endpoint", "accesskey") if not values.get(name)]
    if missing:
        raise ValueError(
            f"connection string lacks {' and '.join(missing)}; expected {_CONNECTION_STRING_FORMAT}"
        )
    return values["endpoint"], values["accesskey"]


def decode_access_key(key: object) -> bytes:
    """The HMAC key bytes of a base64 access key; the error never shows the key."""
    if not isinstance(key, str):
        raise TypeError(f"access key must be a str, not {type(key).__name__}")
    stripped = key.strip()
    if not stripped:
        raise ValueError("access key is empty")
    try:
        decoded = base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("access key is not valid base64 (copy it from the resource's Keys page)") from None
    if not decoded:
        raise ValueError("access key is empty")
    return decoded


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# Comma-separated host names to which plain http is allowed besides loopback (a CI service such as an
# emulator container). Never honoured for the real service's hosts.
ALLOW_HTTP_HOSTS_ENV = "ACS_IDENTITY_ALLOW_HTTP_HOSTS"
_SERVICE_DOMAIN = ".communication.azure.com"


def http_allowed(host: str) -> bool:
    """Whether plain http may go to `host`: loopback, or a test host named in ACS_IDENTITY_ALLOW_HTTP_HOSTS
    (exact names, case-insensitive; *.communication.azure.com never)."""
    if _is_loopback(host):
        return True
    name = host.lower().rstrip(".")
    if name.endswith(_SERVICE_DOMAIN) or name == _SERVICE_DOMAIN[1:]:
        return False
    allowed = os.environ.get(ALLOW_HTTP_HOSTS_ENV, "")
    return name in {h.strip().lower().rstrip(".") for h in allowed.split(",") if h.strip()}


def normalize_endpoint(endpoint: object) -> str:
    """`https://host[:port][/base]` without a trailing slash.

    Plain http is allowed only for loopback hosts (the emulator) and the test hosts named in
    ACS_IDENTITY_ALLOW_HTTP_HOSTS (see http_allowed): keys and tokens never cross a network in clear text by
    accident. A bare host name gets https://, as in the official client.
    """
    if not isinstance(endpoint, str):
        raise TypeError(f"endpoint must be a str, not {type(endpoint).__name__}")
    endpoint = endpoint.strip()
    if not endpoint:
        raise ValueError("endpoint is empty")
    if "://" not in endpoint:
        endpoint = "https://" + endpoint
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname
        parts.port  # noqa: B018 - validates the port
    except ValueError as exc:
        raise ValueError(f"endpoint {endpoint!r} is not a valid URL: {exc}") from None
    if not host:
        raise ValueError(f"endpoint {endpoint!r} has no host")
    if parts.username or parts.password:
        raise ValueError("endpoint must not carry credentials")
    if parts.query or parts.fragment:
        raise ValueError(
            f"endpoint {parts.scheme}://{parts.netloc}{parts.path} must not have a query or fragment"
        )
    scheme = parts.scheme.lower()
    if scheme == "http":
        if not http_allowed(host):
            raise ValueError(
                f"endpoint {parts.scheme}://{parts.netloc} uses plain http; use https "
                "(http is only allowed for loopback hosts such as the local emulator, and for test hosts "
                f"named in {ALLOW_HTTP_HOSTS_ENV})"
            )
    elif scheme != "https":
        raise ValueError(f"endpoint scheme must be https, not {parts.scheme!r}")
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}"
