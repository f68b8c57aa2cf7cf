"""The emulator's HTTP/1.1 connections: uvicorn's httptools protocol (socket, TLS, parser, server lifecycle)
with the emulator's limits, calling the application's core directly instead of through ASGI.

Why not ASGI: a request through uvicorn's ASGI cycle costs a task, an event, two sends that re-validate every
header and two writes (two TLS records); issueAccessToken's budget around its RSA signature is a fraction of a
millisecond. Here a fully received request is answered with one write, in order, one request at a time per
connection (pipelined requests wait, with reading paused).

uvicorn bounds neither the size of a request's headers nor the time a client may take to send them, and it
leaves a connection that never sends a byte open forever; a front end in Azure does neither. The limits:
- idle (keep_alive_timeout): armed when a connection opens and after each response, cancelled by data;
- header_timeout: from a request's first byte until its headers end; body_timeout: from there to its end;
- max_header_bytes / max_request_line: counted on the raw bytes, before the parser buffers them;
- max_body_bytes: 413 as soon as the declared or received body is larger;
- max_connections: one connection more is answered 503 and closed; counted over every process of a server
  (serve()'s workers share one counter), not per process.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from ._errors import ApiError
from ._options import Limits

if TYPE_CHECKING:
    from ._app import EmulatorApp
    from ._service import Result

# Key under which a connection's transport reaches the ASGI path's scope["state"] (for "drop" faults).
TRANSPORT_STATE_KEY = "acs_emulator.transport"


class SharedCounter(Protocol):
    """A multiprocessing.Value("i"): an integer shared by processes, with its lock."""

    value: int

    def get_lock(self) -> Any: ...


class _LimitExceeded(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


class _Request(NamedTuple):
    method: str
    raw_path: bytes
    query: bytes
    headers: dict[bytes, bytes]
    body: bytes
    keep_alive: bool


def _plain_response(status: int, reason: str, message: str) -> bytes:
    body = message.encode("ascii")
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode("ascii") + body


class LimitedProtocol(HttpToolsProtocol):
    """One connection. `limits` and `emulator_app` are set on a subclass per emulator (uvicorn builds
    protocols from a class)."""

    limits: Limits = Limits()
    emulator_app: EmulatorApp | None = None
    # Open connections of every process serving one socket (None: this process's own, uvicorn's set).
    open_connections: SharedCounter | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._line_bytes = 0
        self._timer: asyncio.TimerHandle | None = None
        self._request_headers: dict[bytes, bytes] = {}
        self._body = bytearray()
        self._method = ""
        self._raw_path = b""
        self._query = b""
        self._keep_alive = True
        self._busy = False  # a response is being produced
        self._paused = False
        self._waiting: deque[_Request] = deque()

    @classmethod
    def configured(
        cls, limits: Limits, app: EmulatorApp, open_connections: SharedCounter | None = None
    ) -> type[LimitedProtocol]:
        attributes = {"limits": limits, "emulator_app": app, "open_connections": open_connections}
        return type("LimitedProtocol", (cls,), attributes)

    # --- connection -------------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if self._count_connection(1) > self.limits.max_connections:
            self._refuse(503, "Service Unavailable", "Too many connections.")
            return
        # uvicorn arms its idle timer only after a response; a connection that never sends a byte is idle too.
        self._arm_idle()

    def connection_lost(self, exc: Exception | None) -> None:
        self._count_connection(-1)
        self._cancel_timer()
        self._waiting.clear()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._in_head:
            end = data.find(b"\r\n\r\n")
            head = self._head_bytes + (end + 4 if end >= 0 else len(data))
            if head > self.limits.max_header_bytes:
                self._refuse(431, "Request Header Fields Too Large", "The request's headers are too large.")
                return
            self._head_bytes = head if end < 0 else 0
        self._unset_keepalive_if_required()
        try:
            self.parser.feed_data(data)  # pyright: ignore[reportOptionalMemberAccess]  (set on connection)
        except httptools.HttpParserCallbackError as error:
            cause = error.__context__
            if isinstance(cause, _LimitExceeded):
                self._refuse(cause.status, cause.reason, f"{cause.reason}.")
            elif isinstance(cause, ApiError):
                self._refuse_json(cause)
            else:
                self._refuse(400, "Bad Request", "Invalid HTTP request received.")
        except httptools.HttpParserError:
            self._refuse(400, "Bad Request", "Invalid HTTP request received.")
        except httptools.HttpParserUpgrade:
            pass  # no protocol upgrades here; the request itself was answered

    def shutdown(self) -> None:
        """uvicorn's graceful exit: close now when idle, else after the response in progress."""
        if self._busy:
            self._keep_alive = False
            self._waiting.clear()
        else:
            self.transport.close()

    # --- parser callbacks -------------------------------------------------------------------------------

    def on_message_begin(self) -> None:
        self._in_head = True
        self._line_bytes = 0
        self.url = b""
        self._request_headers = {}
        self._body = bytearray()
        self._arm(self.limits.header_timeout)

    def on_url(self, url: bytes) -> None:
        self._line_bytes += len(url)
        if self._line_bytes > self.limits.max_request_line:
            raise _LimitExceeded(414, "URI Too Long")
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._request_headers[name.lower()] = value

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._arm(self.limits.body_timeout)
        parser = self.parser
        assert parser is not None  # set when the connection is made
        self._method = parser.get_method().decode("ascii")
        self._keep_alive = parser.should_keep_alive()
        parsed = httptools.parse_url(self.url)
        self._raw_path, self._query = parsed.path, parsed.query or b""
        declared = self._request_headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limits.max_body_bytes:
            raise _too_large(self.limits.max_body_bytes)
        if self._request_headers.get(b"expect", b"").lower() == b"100-continue":
            self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")

    def on_body(self, body: bytes) -> None:
        self._body += body
        if len(self._body) > self.limits.max_body_bytes:
            raise _too_large(self.limits.max_body_bytes)

    def on_message_complete(self) -> None:
        self._cancel_timer()
        self._in_head = True
        self._head_bytes = 0
        request = _Request(
            self._method,
            self._raw_path,
            self._query,
            self._request_headers,
            bytes(self._body),
            self._keep_alive,
        )
        if self._busy:
            self._waiting.append(request)
            if not self._paused:  # one pipelined request at a time
                self._paused = True
                self.transport.pause_reading()
        else:
            self._handle(request)

    # --- requests ---------------------------------------------------------------------------------------

    def _handle(self, request: _Request) -> None:
        app = self.emulator_app
        assert app is not None
        self._busy = True
        try:
            operation, params = app.route(request.method, request.raw_path)
            if app.faulted(operation):
                self.loop.create_task(self._handle_faulted(request, operation, params))
                return
            outcome = app.dispatch(
                operation,
                params,
                request.method,
                request.raw_path,
                request.query,
                request.headers,
                request.body,
            )
        except ApiError as error:
            self._respond(request, *app.error_response(error, request.headers))
            return
        except Exception:
            self.logger.exception("the emulator failed to answer a request")
            self._respond(request, *app.error_response(_INTERNAL_ERROR, request.headers))
            return
        if isinstance(outcome, asyncio.Future):
            outcome.add_done_callback(lambda future: self._respond_to_future(request, future))
        else:
            self._respond(request, *app.result_response(outcome, request.headers))

    async def _handle_faulted(self, request: _Request, operation: str, params: tuple[str, ...]) -> None:
        from ._app import Dropped

        app = self.emulator_app
        assert app is not None
        try:
            await app.inject_fault(self.transport)
            outcome = app.dispatch(
                operation,
                params,
                request.method,
                request.raw_path,
                request.query,
                request.headers,
                request.body,
            )
            result = outcome if not isinstance(outcome, asyncio.Future) else await outcome
        except Dropped:
            return
        except ApiError as error:
            self._respond(request, *app.error_response(error, request.headers))
            return
        self._respond(request, *app.result_response(result, request.headers))

    def _respond_to_future(self, request: _Request, future: asyncio.Future[Result]) -> None:
        app = self.emulator_app
        assert app is not None
        if future.cancelled():  # the pool was shut down
            self.transport.close()
            return
        error = future.exception()
        if isinstance(error, ApiError):
            self._respond(request, *app.error_response(error, request.headers))
        elif error is not None:
            self.logger.error("the emulator failed to answer a request", exc_info=error)
            self._respond(request, *app.error_response(_INTERNAL_ERROR, request.headers))
        else:
            self._respond(request, *app.result_response(future.result(), request.headers))

    def _respond(
        self, request: _Request, status: int, headers: list[tuple[bytes, bytes]], body: bytes
    ) -> None:
        transport = self.transport
        if transport.is_closing():
            return
        keep_alive = request.keep_alive and self._keep_alive
        parts = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            parts += [name, b": ", value, b"\r\n"]
        for name, value in headers:
            parts += [name, b": ", value, b"\r\n"]
        if not keep_alive:
            parts.append(b"connection: close\r\n")
        parts += [b"\r\n", b"" if request.method == "HEAD" else body]  # HEAD: the headers alone
        transport.write(b"".join(parts))  # one write: one TLS record, one syscall
        self.server_state.total_requests += 1
        self._busy = False
        if not keep_alive:
            transport.close()
        elif self._waiting:
            self._handle(self._waiting.popleft())
        else:
            if self._paused:
                self._paused = False
                transport.resume_reading()
            self._arm_idle()

    # --- helpers ----------------------------------------------------------------------------------------

    def _count_connection(self, change: int) -> int:
        """Open connections once this one has opened (+1) or closed (-1)."""
        shared = self.open_connections
        if shared is None:
            return len(self.connections)  # uvicorn's set already holds (or no longer holds) this one
        with shared.get_lock():
            shared.value += change
            return shared.value

    def _arm_idle(self) -> None:
        self._unset_keepalive_if_required()
        self.timeout_keep_alive_task = self.loop.call_later(
            self.limits.keep_alive_timeout, self.timeout_keep_alive_handler
        )

    def _arm(self, seconds: float) -> None:
        self._cancel_timer()
        self._timer = self.loop.call_later(seconds, self._timed_out)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        self._refuse(408, "Request Timeout", "The request was not received in time.")

    def _refuse(self, status: int, reason: str, message: str) -> None:
        self._write_and_close(_plain_response(status, reason, message))

    def _refuse_json(self, error: ApiError) -> None:
        app = self.emulator_app
        assert app is not None
        status, headers, body = app.error_response(error, self._request_headers)
        head = b"".join([STATUS_LINE[status], *(n + b": " + v + b"\r\n" for n, v in headers)])
        self._write_and_close(head + b"connection: close\r\n\r\n" + body)

    def _write_and_close(self, data: bytes) -> None:
        self._cancel_timer()
        self._unset_keepalive_if_required()
        self._waiting.clear()
        if not self.transport.is_closing():
            self.transport.write(data)
            self.transport.close()


_INTERNAL_ERROR = ApiError(500, "InternalServerError", "The emulator failed to answer this request.")


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "RequestEntityTooLarge", f"The request body is larger than {limit} bytes.")
