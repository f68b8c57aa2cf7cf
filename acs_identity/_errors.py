"""Map failed responses and transport errors to azure-core exceptions (as the official client raises)."""

from __future__ import annotations

import httpx
from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    HttpResponseError,
    ResourceExistsError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)

_BY_STATUS: dict[int, type[HttpResponseError]] = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
    409: ResourceExistsError,
}

REQUEST_ID_HEADERS = ("x-ms-client-request-id", "x-ms-request-id", "ms-cv")


class RequestSummary:
    """What an exception may tell about the request: method and URL, never its headers (credentials)."""

    __slots__ = ("method", "url")

    def __init__(self, request: httpx.Request) -> None:
        self.method = request.method
        self.url = str(request.url)

    def __repr__(self) -> str:
        return f"<Request [{self.method} {self.url}]>"

    __str__ = __repr__


class ErrorResponse:
    """An httpx response seen through the small protocol azure-core exceptions read
    (status_code, reason, text(), request), plus headers."""

    __slots__ = ("_redact_body", "_response", "headers", "request", "status_code")

    def __init__(self, response: httpx.Response, redact_body: bool = False) -> None:
        self._response = response
        self._redact_body = redact_body
        self.status_code: int = response.status_code
        self.headers: httpx.Headers = response.headers
        self.request = RequestSummary(response.request)

    @property
    def reason(self) -> str:
        return self._response.reason_phrase

    @property
    def content_type(self) -> str | None:
        value: str | None = self._response.headers.get("content-type")
        return value

    def text(self) -> str:
        # A success body that could not be read may hold an issued token: azure-core would print it.
        return "" if self._redact_body else self._response.text

    def body(self) -> bytes:
        return b"" if self._redact_body else self._response.content

    def __repr__(self) -> str:
        return f"<ErrorResponse [{self.status_code} {self.reason}]>"


def request_ids(headers: httpx.Headers, request_headers: httpx.Headers | None = None) -> str:
    found: list[str] = []
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value is None and request_headers is not None and name == "x-ms-client-request-id":
            value = request_headers.get(name)
        if value:
            found.append(f"{name}: {value}")
    return ", ".join(found)


def _with_context(exc: HttpResponseError, status: int, ids: str) -> HttpResponseError:
    suffix = f"\nStatus: {status}" + (f"\nRequest ids: {ids}" if ids else "")
    exc.message = exc.message + suffix
    exc.args = (exc.message,)
    return exc


def error_from_response(response: httpx.Response) -> HttpResponseError:
    """The azure-core exception for a non-2xx response: `.status_code`, `.error.code`/`.error.message`
    (the service's error body), `.response.headers`; the message adds the status and request ids."""
    view = ErrorResponse(response)
    cls = _BY_STATUS.get(response.status_code, HttpResponseError)
    exc = cls(response=view)  # ErrorResponse has what the exception reads
    return _with_context(exc, response.status_code, request_ids(response.headers, response.request.headers))


def decode_error(response: httpx.Response, operation: str, problem: BaseException) -> HttpResponseError:
    exc = DecodeError(
        message=f"unexpected response body for {operation} ({type(problem).__name__}: {problem})",
        response=ErrorResponse(response, redact_body=True),
    )
    return _with_context(exc, response.status_code, request_ids(response.headers, response.request.headers))


def error_from_transport(error: httpx.TransportError, request: httpx.Request, attempts: int) -> Exception:
    """ServiceRequestError when the request could not be sent (connect/pool), else ServiceResponseError."""
    where = f"{request.method} {request.url.path}"
    tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
    message = f"{type(error).__name__} during {where} after {tries}: {error}"
    if isinstance(
        error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.UnsupportedProtocol
    ):
        return ServiceRequestError(message, error=error)
    return ServiceResponseError(message, error=error)
