"""Helpers at the path of Microsoft's ``_shared/utils.py``: connection strings, user tokens, the clock."""

from __future__ import annotations

import math
import time
from datetime import UTC, datetime
from email.utils import formatdate
from typing import cast

from azure.core.credentials import AccessToken

from .._endpoint import parse_connection_string
from .._jwt import decode_claims

__all__ = ["create_access_token", "get_current_utc_as_int", "get_current_utc_time", "parse_connection_str"]


def parse_connection_str(conn_str: str | None) -> tuple[str, str]:
    """(host, access key) of ``endpoint=https://<host>/;accesskey=<key>``: the endpoint without its scheme and
    trailing slash, as Microsoft's function returns it (the clients accept a bare host). To keep the scheme,
    use acs_identity.parse_connection_string."""
    if conn_str is None:
        raise ValueError("connection string is None; expected endpoint=https://<resource>/;accesskey=<key>")
    endpoint, key = parse_connection_string(conn_str)
    _, sep, rest = endpoint.partition("//")
    return (rest if sep else endpoint).rstrip("/"), key


def get_current_utc_time() -> str:
    """The current time as an HTTP date (``Tue, 01 Dec 2026 10:00:00 GMT``), as requests are signed with."""
    return formatdate(usegmt=True)


def _convert_datetime_to_utc_int(value: datetime) -> int:  # pyright: ignore[reportUnusedFunction]
    # Private in Microsoft's module too, but their tests import it. A naive datetime counts as UTC.
    return int((value if value.tzinfo is not None else value.replace(tzinfo=UTC)).timestamp())


def get_current_utc_as_int() -> int:
    """Seconds since the epoch, whole: the clock CommunicationTokenCredential decides expiry by."""
    return int(time.time())


def create_access_token(token: str) -> AccessToken:
    """``token`` with the expiry read from its ``exp`` claim (the signature is not checked).

    Whitespace is ignored in reading it (a JWT has none, but one wrapped across lines, or read from a file with
    its newline, still has its expiry), and the token is kept as given, as Microsoft's does. Errors name the
    problem but never include the token or any part of it.
    """
    if not isinstance(token, str):
        raise TypeError(f"token must be a str, not {type(token).__name__}")
    claims = decode_claims("".join(token.split()))  # a JwtError is a ValueError
    if "exp" not in claims:
        raise ValueError("token has no 'exp' (expiry) claim")
    exp: object = cast("dict[str, object]", claims)["exp"]
    if isinstance(exp, bool) or not isinstance(exp, int | float) or not math.isfinite(exp):
        raise ValueError("token's 'exp' claim is not a finite number")
    return AccessToken(token, int(exp))
