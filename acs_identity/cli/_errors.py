"""User-facing errors: one line on stderr, never a secret in it."""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used: `acs-identity --version` must not pay for httpx and azure-core
    from azure.core.exceptions import HttpResponseError


PROG = "acs-identity"

# 401 codes meaning "these credentials are wrong" (others, like IdentityNotOwned, are about the target).
AUTH_FAILURE_CODES = frozenset({None, "Denied", "InvalidAuthentication"})

# Anything that looks like a JWT (three base64url segments) is redacted even if nobody registered it.
_JWT_RE = re.compile(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
_ACCESS_KEY_RE = re.compile(r"(?i)(accesskey=)[^;\s\"']+")


class CliError(Exception):
    """A problem the user can fix; shown as one line without a traceback.

    Args:
        message: The line to show (after ``acs-identity: error:``); never a secret.
        exit_code: The process's exit status: 1 (the operation failed) unless given.
    """

    exit_code: int = 1

    def __init__(self, message: str, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class UsageError(CliError):
    """What was typed is wrong (an option's value, a missing connection): exit status 2, as click's own."""

    exit_code = 2


class _SecretRegistry:
    """Secrets seen during this run (access keys, tokens) so any text can be scrubbed before printing."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        # Very short strings would redact ordinary words; real keys and tokens are long.
        if secret and len(secret) >= 8:
            with self._lock:
                self._secrets.add(secret)

    def redact(self, text: str) -> str:
        with self._lock:
            secrets = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets:
            text = text.replace(secret, "***")
        text = _ACCESS_KEY_RE.sub(r"\1***", text)
        return _JWT_RE.sub("***", text)

    def clear(self) -> None:
        with self._lock:
            self._secrets.clear()


SECRETS = _SecretRegistry()


def one_line(text: str) -> str:
    """Collapse whitespace so a message is exactly one line."""
    return " ".join(text.split())


def error_code(exc: HttpResponseError) -> str | None:
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None) if error is not None else None
    return code if isinstance(code, str) else None


def _service_detail(exc: HttpResponseError) -> str:
    """'404 IdentityNotFound: The identity was not found.' from whatever the client attached."""
    status = getattr(exc, "status_code", None)
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None) if error is not None else None
    message = getattr(error, "message", None) if error is not None else None
    if not message:
        reason = getattr(exc, "reason", None)
        message = reason if isinstance(reason, str) and reason else None
    if not message:
        message = str(exc.message) if getattr(exc, "message", None) else str(exc)
        message = message.splitlines()[0] if message else ""
    head = " ".join(str(part) for part in (status, code) if part)
    return f"{head}: {message}" if head and message else head or message


def describe(exc: BaseException, *, subject: str | None = None) -> str:
    """A one-line, secret-free description of an exception raised while talking to the service."""
    import httpx
    from azure.core.exceptions import (
        AzureError,
        ClientAuthenticationError,
        HttpResponseError,
        ResourceExistsError,
        ResourceNotFoundError,
        ServiceRequestError,
        ServiceResponseError,
    )

    from .._tls import certificate_reason  # imports ssl: here, not at start-up

    if isinstance(exc, CliError):
        text = exc.message
    elif isinstance(exc, ResourceNotFoundError):
        what = f"{subject} not found" if subject else "not found"
        text = f"{what} ({_service_detail(exc)})"
    elif isinstance(exc, ClientAuthenticationError) and error_code(exc) in AUTH_FAILURE_CODES:
        text = f"the service refused the credentials ({_service_detail(exc)}); check the access key or Entra ID sign-in"
    elif isinstance(exc, ClientAuthenticationError):
        # e.g. 401 IdentityNotOwned: the request was authenticated but names something it may not touch.
        text = f"{subject + ': ' if subject else ''}the service refused the request ({_service_detail(exc)})"
    elif isinstance(exc, ResourceExistsError):
        text = f"already exists ({_service_detail(exc)})"
    elif isinstance(exc, HttpResponseError):
        text = f"the service answered {_service_detail(exc)}"
    elif (reason := certificate_reason(exc)) is not None or "CERTIFICATE_VERIFY_FAILED" in str(exc):
        text = (
            f"the service's TLS certificate is not trusted ({reason or 'verification failed'}): pass its CA "
            "with --ca-cert PATH, or set REQUESTS_CA_BUNDLE"
        )
    elif isinstance(exc, ServiceRequestError | httpx.ConnectError | httpx.ConnectTimeout):
        text = f"cannot reach the service: {_first_line(exc)}"
    elif isinstance(exc, ServiceResponseError | httpx.TransportError):
        text = f"the connection failed before the service answered: {_first_line(exc)}"
    elif isinstance(exc, AzureError):
        text = _first_line(exc)
    elif isinstance(exc, ValueError | TypeError):
        text = f"invalid input: {_first_line(exc)}"
    elif isinstance(exc, OSError):
        text = f"{exc.strerror or _first_line(exc)}" + (f": {exc.filename}" if exc.filename else "")
    else:
        text = f"{type(exc).__name__}: {_first_line(exc)}"
    return one_line(SECRETS.redact(text))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
