"""An httpx transport on httpcore's connection pool, with the raw path's `send_raw`: the sync client's
default when the environment names no proxy (with one, httpx's own transports serve, as httpx.Client mounts
them). It is what httpx.HTTPTransport does for our requests (HTTP/1.1, the same pool, limits and timeouts),
without building httpx's Request and Response for a call that needs neither."""

from __future__ import annotations

import ssl

import httpcore
import httpx

from ._raw import RawRequest, RawResponse, Target
from ._tls import verify_setting
from ._transports import DEFAULT_LIMITS

_CACHE_SIZE = 256


def _map_error(error: Exception) -> Exception:
    """httpcore's exception as httpx's twin of the same name (as httpx.HTTPTransport maps them)."""
    for kind in type(error).__mro__:
        if kind.__module__.startswith("httpcore"):
            twin = getattr(httpx, kind.__name__, None)
            if isinstance(twin, type) and issubclass(twin, httpx.TransportError):
                return twin(str(error) or kind.__name__)
    return error


def _unverified() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class HttpcoreTransport(httpx.BaseTransport):
    """`httpx.Client(transport=HttpcoreTransport(verify=...))`; `verify`: an SSLContext, or True/False."""

    def __init__(self, *, verify: ssl.SSLContext | bool = True, limits: httpx.Limits | None = None) -> None:
        limits = limits or DEFAULT_LIMITS
        setting = verify_setting(verify)  # True: the client's one trust rule (acs_identity._tls)
        context = setting if isinstance(setting, ssl.SSLContext) else _unverified()
        self._pool = httpcore.ConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
        )
        self._urls: dict[str, httpcore.URL] = {}

    def _url(self, target: Target) -> httpcore.URL:
        parsed = self._urls.get(target.url_text)
        if parsed is None:
            if len(self._urls) >= _CACHE_SIZE:
                self._urls.clear()
            url = target.url  # httpx's parsing: the path as it built (and signed) it
            parsed = self._urls[target.url_text] = httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            )
        return parsed

    def send_raw(self, request: RawRequest) -> RawResponse:
        """Send one request and read its whole response (the raw path); httpcore's errors become httpx's."""
        headers = request.headers
        pairs = headers if isinstance(headers, list) else list(headers.items())
        content = request.content or b""
        # What httpx.Request adds first unless given (httpcore adds nothing): Host, and Content-Length on
        # a request with a body or a method that has one.
        names = {name.lower() for name, _ in pairs}
        auto: list[tuple[str, str]] = []
        if "host" not in names:
            auto.append(("Host", request.target.host))
        if "content-length" not in names and (content or request.method in ("POST", "PUT", "PATCH")):
            auto.append(("Content-Length", str(len(content))))
        try:
            response = self._pool.handle_request(
                httpcore.Request(
                    request.method,
                    self._url(request.target),
                    headers=auto + pairs if auto else pairs,
                    content=content,
                    extensions={"timeout": dict(request.timeouts)},
                )
            )
            try:
                body = response.read()
            finally:
                response.close()
        except Exception as error:
            mapped = _map_error(error)
            if mapped is error:
                raise
            raise mapped from error
        # httpcore types extensions loosely (a dict of unknowns); the reason phrase is bytes.
        reason: object = response.extensions.get("reason_phrase")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        text = reason.decode("ascii", "replace") if isinstance(reason, bytes) and reason else None
        return RawResponse(response.status, list(response.headers), body, text)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        return self.send_raw(RawRequest.from_httpx(request)).to_httpx()

    def close(self) -> None:  # httpx.BaseTransport's __exit__ calls it
        self._pool.close()
