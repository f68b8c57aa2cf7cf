"""uvicorn's httptools protocol with the emulator's connection limits, and the connection's transport handed to
each request (for "drop" faults).

uvicorn bounds neither the size of a request's headers nor the time a client may take to send them, and it
leaves a connection that never sends a byte open forever; a front end in Azure does neither. The limits:
- idle (keep_alive_timeout): armed when a connection opens and after each response, cancelled by data;
- header_timeout: from a request's first byte until its headers end; body_timeout: from there to its end;
- max_header_bytes / max_request_line: counted on the raw bytes, before the parser buffers them;
- max_connections: one connection more is answered 503 and closed.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ._options import Limits

# Key under which the protocol puts the connection's transport into scope["state"].
TRANSPORT_STATE_KEY = "acs_emulator.transport"


class _LimitExceeded(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def _response(status: int, reason: str, message: str) -> bytes:
    body = message.encode("ascii")
    return (
        f"HTTP/1.1 {status} {reason}\r\ncontent-type: text/plain; charset=utf-8\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode("ascii") + body


class LimitedProtocol(HttpToolsProtocol):
    """One connection. `limits` is set on a subclass per emulator (uvicorn builds protocols from a class)."""

    limits: Limits = Limits()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._in_head = True
        self._head_bytes = 0
        self._line_bytes = 0
        self._timer: asyncio.TimerHandle | None = None

    @classmethod
    def with_limits(cls, limits: Limits) -> type[LimitedProtocol]:
        return type("LimitedProtocol", (cls,), {"limits": limits})

    # --- connection -------------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.app_state = {**self.app_state, TRANSPORT_STATE_KEY: transport}
        if len(self.connections) > self.limits.max_connections:
            self._refuse(503, "Service Unavailable", "Too many connections.")
            return
        # uvicorn arms its idle timer (config.timeout_keep_alive) only after a response; a connection that
        # never sends a byte is idle too.
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_timer()
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
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as error:
            cause = error.__context__ or error.__cause__
            if isinstance(cause, _LimitExceeded):
                self._refuse(cause.status, cause.reason, "The request line is too long.")
                return
            self._refuse(400, "Bad Request", "Invalid HTTP request received.")
        except httptools.HttpParserError:
            self._refuse(400, "Bad Request", "Invalid HTTP request received.")
        except httptools.HttpParserUpgrade:
            self._unsupported_upgrade_warning()

    # --- parser callbacks -------------------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head = True
        self._line_bytes = 0
        self._arm(self.limits.header_timeout)

    def on_url(self, url: bytes) -> None:
        self._line_bytes += len(url)
        if self._line_bytes > self.limits.max_request_line:
            raise _LimitExceeded(414, "URI Too Long")
        super().on_url(url)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._arm(self.limits.body_timeout)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._cancel_timer()
        self._in_head = True
        self._head_bytes = 0
        super().on_message_complete()

    # --- helpers ----------------------------------------------------------------------------------------

    def _arm(self, seconds: float) -> None:
        self._cancel_timer()
        self._timer = self.loop.call_later(seconds, self._timed_out)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _timed_out(self) -> None:
        self._timer = None
        if self.cycle is not None and self.cycle.response_started:
            self.transport.close()
        else:
            self._refuse(408, "Request Timeout", "The request was not received in time.")

    def _refuse(self, status: int, reason: str, message: str) -> None:
        self._cancel_timer()
        self._unset_keepalive_if_required()
        if not self.transport.is_closing():
            self.transport.write(_response(status, reason, message))
            self.transport.close()
        if self.cycle is not None and not self.cycle.response_complete:
            # The request handler (waiting for the rest of the body) sees a disconnect and sends nothing.
            self.cycle.disconnected = True
            self.cycle.message_event.set()
