"""Map failed responses and transport errors to azure-core exceptions (as the official client raises)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

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

from ._http import RedactedRequest, RequestView, ResponseView
from ._tls import certificate_error_message, is_certificate_error

if TYPE_CHECKING:
    from ._generated.models.communication_error_response import CommunicationErrorResponse

_BY_STATUS: dict[int, type[HttpResponseError]] = {
    401: ClientAuthenticationError,
    404: ResourceNotFoundError,
    409: ResourceExistsError,
}

REQUEST_ID_HEADERS = ("x-ms-client-request-id", "x-ms-request-id", "ms-cv")


def request_ids(headers: Mapping[str, str], request_headers: Mapping[str, str] | None = None) -> str:
    found: list[str] = []
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value is None and request_headers is not None and name == "x-ms-client-request-id":
            value = request_headers.get(name)
        if value:
            found.append(f"{name}: {value}")
    return ", ".join(found)


def _with_context(exc: HttpResponseError, view: ResponseView) -> HttpResponseError:
    ids = request_ids(view.headers, view.request.headers)
    suffix = f"\nStatus: {view.status_code}" + (f"\nRequest ids: {ids}" if ids else "")
    exc.message = exc.message + suffix
    exc.args = (exc.message,)
    return exc


def error_model(view: ResponseView) -> CommunicationErrorResponse | None:
    """The service's error body as the generated model, or None when it is not one."""
    # Imported on the first error: importing the client loads no generated model.
    from ._generated.models.communication_error_response import CommunicationErrorResponse

    try:
        return CommunicationErrorResponse.from_dict(view.json())
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _view(response: httpx.Response | ResponseView, redact_body: bool = False) -> ResponseView:
    if isinstance(response, ResponseView):
        return response
    return ResponseView.from_httpx(response, RedactedRequest(RequestView(response.request)), redact_body)


def error_from_response(response: httpx.Response | ResponseView) -> HttpResponseError:
    """The azure-core exception for a non-2xx response: `.status_code`, `.error.code`/`.error.message`
    (the service's error body), `.model` (the generated CommunicationErrorResponse), `.response` (azure-core's
    HttpResponse surface; its `.request` has the credentials redacted); the message adds the status and
    request ids."""
    view = _view(response)
    cls = _BY_STATUS.get(view.status_code, HttpResponseError)
    return _with_context(cls(response=view, model=error_model(view)), view)


def decode_error(
    response: httpx.Response | ResponseView, operation: str, problem: BaseException
) -> HttpResponseError:
    view = _view(response, redact_body=True)
    exc = DecodeError(
        message=f"unexpected response body for {operation} ({type(problem).__name__}: {problem})",
        response=view,
    )
    return _with_context(exc, view)


def was_sent(error: httpx.TransportError) -> bool:
    """Whether the request may have reached the service before `error` (azure-core's "response error")."""
    return not isinstance(
        error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.UnsupportedProtocol
    )


def error_from_transport(error: httpx.TransportError, request: httpx.Request, attempts: int) -> Exception:
    """ServiceRequestError when the request could not be sent (connect/pool), else ServiceResponseError."""
    if is_certificate_error(error):
        return ServiceRequestError(certificate_error_message(error, request.url), error=error)
    where = f"{request.method} {request.url.path}"
    tries = f"{attempts} attempt" + ("s" if attempts != 1 else "")
    message = f"{type(error).__name__} during {where} after {tries}: {error}"
    if was_sent(error):
        return ServiceResponseError(message, error=error)
    return ServiceRequestError(message, error=error)
