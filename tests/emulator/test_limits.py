"""Each connection limit, on raw sockets: the emulator answers as a front end would and closes the connection.

Timeouts are configured small and the tests wait for the server's close with a generous bound (30 s): they
assert what happens, never how fast.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator

import pytest

from acs_identity.emulator import Emulator, Limits

_WAIT = 30.0  # an upper bound for the server to act, not an expectation


@pytest.fixture
def limited(request: pytest.FixtureRequest) -> Iterator[Emulator]:
    with Emulator(limits=Limits(**request.param)) as emulator:
        yield emulator


def _connect(emu: Emulator) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", emu.port), timeout=_WAIT)
    return sock


def _read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection (fails if it never does within _WAIT)."""
    chunks = []
    while True:
        try:
            chunk = sock.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


def _read_response(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed before a response: {data!r}"
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    length = next(
        (
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        ),
        0,
    )
    while len(rest) < length:
        rest += sock.recv(65536)
    return head


def _status(response: bytes) -> int:
    return int(response.split(b" ", 2)[1])


_INFO = b"GET /_emulator/info HTTP/1.1\r\nHost: localhost\r\n\r\n"


@pytest.mark.parametrize("limited", [{"max_header_bytes": 2048}], indirect=True)
def test_headers_over_the_limit_get_431_and_a_close(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(b"GET /_emulator/info HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"a" * 4096)
        assert _status(_read_until_closed(sock)) == 431


@pytest.mark.parametrize("limited", [{"max_header_bytes": 2048}], indirect=True)
def test_headers_under_the_limit_with_a_larger_body_pass(limited: Emulator) -> None:
    body = b"{" + b" " * 4000 + b"}"
    with _connect(limited) as sock:
        sock.sendall(
            b"POST /_emulator/tokens/:validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body
        )
        assert _status(_read_response(sock)) == 400  # the body reached the app (no token field)


@pytest.mark.parametrize("limited", [{"max_request_line": 256}], indirect=True)
def test_long_request_line_gets_414(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(b"GET /" + b"x" * 1000 + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert _status(_read_until_closed(sock)) == 414
    with _connect(limited) as sock:  # a normal request still passes
        sock.sendall(_INFO)
        assert _status(_read_response(sock)) == 200


@pytest.mark.parametrize("limited", [{"max_body_bytes": 100}], indirect=True)
def test_body_over_the_limit_gets_413(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(
            b"POST /_emulator/tokens/:validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 200\r\n\r\n"
            + b" " * 200
        )
        response = _read_response(sock)
        assert _status(response) == 413


@pytest.mark.parametrize("limited", [{"header_timeout": 0.2}], indirect=True)
def test_headers_not_finished_in_time_get_408_and_a_close(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(b"GET /_emulator/info HTTP/1.1\r\nHost: localhost\r\n")  # no blank line: never ends
        assert _status(_read_until_closed(sock)) == 408


@pytest.mark.parametrize("limited", [{"body_timeout": 0.2}], indirect=True)
def test_body_not_finished_in_time_gets_408_and_a_close(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(
            b"POST /_emulator/tokens/:validate HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"
        )
        assert _status(_read_until_closed(sock)) == 408


def _answered_then_idle(emu: Emulator) -> socket.socket | None:
    """A connection that got its request answered, or None when the server closed it first: with a short
    keep_alive_timeout that is the idle close of a connection that has not sent yet (this process was paused
    between connecting and sending), not a failure."""
    sock = _connect(emu)
    try:
        sock.sendall(_INFO)
        first = sock.recv(65536)
    except (BrokenPipeError, ConnectionResetError):
        sock.close()
        return None
    if not first:
        sock.close()
        return None
    data = first
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"closed in the middle of a response: {data!r}"
        data += chunk
    assert _status(data) == 200, data
    length = int(re.search(rb"(?im)^content-length: *(\d+)", data).group(1))  # type: ignore[union-attr]
    body = data.partition(b"\r\n\r\n")[2]
    while len(body) < length:
        chunk = sock.recv(65536)
        assert chunk, f"closed in the middle of a body: {body!r}"
        body += chunk
    return sock


@pytest.mark.parametrize("limited", [{"keep_alive_timeout": 0.2}], indirect=True)
def test_idle_connections_are_closed(limited: Emulator) -> None:
    with _connect(limited) as sock:  # never sends a byte
        assert _read_until_closed(sock) == b""
    # Idle after a response. A paused test process may find its connection closed before it sends (the case
    # above): connect again; only a connection that was answered counts, and the server must then close it.
    answered = None
    for _ in range(50):
        answered = _answered_then_idle(limited)
        if answered is not None:
            break
    assert answered is not None, "every connection was closed before its request was answered"
    with answered:
        assert _read_until_closed(answered) == b""


@pytest.mark.parametrize("limited", [{"max_connections": 2}], indirect=True)
def test_one_connection_over_the_limit_gets_503(limited: Emulator) -> None:
    with _connect(limited) as first, _connect(limited) as second:
        for sock in (first, second):  # answered: the server has accepted both
            sock.sendall(_INFO)
            assert _status(_read_response(sock)) == 200
        with _connect(limited) as third:
            assert _status(_read_until_closed(third)) == 503
        first.sendall(_INFO)  # the connections within the limit keep working
        assert _status(_read_response(first)) == 200


def test_default_limits_are_safe() -> None:
    limits = Limits()
    assert limits.max_header_bytes <= 64 * 1024
    assert limits.header_timeout <= 60 and limits.body_timeout <= 60
    assert limits.keep_alive_timeout <= 300
    assert limits.max_connections <= 4096


@pytest.mark.parametrize("field", ["max_header_bytes", "header_timeout", "max_connections"])
def test_limits_must_be_positive(field: str) -> None:
    with pytest.raises(ValueError, match=f"--{field.replace('_', '-')} must be a positive number"):
        Limits(**{field: 0})


@pytest.mark.parametrize("limited", [{}], indirect=True)
def test_pipelined_requests_are_answered_in_order(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(
            b"GET /_emulator/info HTTP/1.1\r\nHost: localhost\r\n\r\n"
            b"GET /nowhere HTTP/1.1\r\nHost: localhost\r\n\r\n"
            b"GET /_emulator/info HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        data = _read_until_closed(sock)
    statuses = [int(status) for status in re.findall(rb"HTTP/1\.1 (\d{3}) ", data)]
    assert statuses == [200, 404, 200]


@pytest.mark.parametrize("limited", [{}], indirect=True)
def test_head_gets_headers_without_a_body(limited: Emulator) -> None:
    with _connect(limited) as sock:
        sock.sendall(b"HEAD /_emulator/info HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = _read_until_closed(sock)
    head, _, body = data.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 405") and body == b""
