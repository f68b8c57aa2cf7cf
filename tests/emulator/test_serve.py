"""serve() (what the CLI runs): prints the connection string once it listens, and stops on SIGTERM."""

from __future__ import annotations

import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from acs_identity.emulator import DEV_ACCESS_KEY

from .helpers import Api, hmac_headers, id_path


def test_serve_prints_connection_string_and_serves(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    with subprocess.Popen(
        [sys.executable, "-m", "acs_identity.emulator", "--port", "0", "--https", "--cert-out", str(cert)],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        _check_serves_https(proc, cert)


def _check_serves_https(proc: subprocess.Popen[str], cert: Path) -> None:
    try:
        assert proc.stdout is not None
        endpoint = None
        for line in proc.stdout:
            match = re.match(
                r"Connection string: endpoint=(https://localhost:\d+)/;accesskey=(\S+)$", line.strip()
            )
            if match:
                endpoint = match.group(1)
                assert match.group(2) == DEV_ACCESS_KEY
                break
            if line.startswith("Press Ctrl+C"):
                break
        assert endpoint is not None
        with httpx.Client(base_url=endpoint, verify=ssl.create_default_context(cafile=str(cert))) as client:
            assert Api(client).request("POST", "/identities").status_code == 201
    finally:
        proc.send_signal(signal.SIGTERM)
        # A clean shutdown, then the conventional status of a process ended by SIGTERM.
        assert proc.wait(timeout=30) in (0, 128 + signal.SIGTERM)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from Linux /proc")
def test_serve_with_workers_shares_state_and_stops_them_all() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "acs_identity.emulator", "--http", "--port", "0", "--workers", "2"],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        children = _check_workers(proc)
    for child in children:
        assert not Path(f"/proc/{child}").exists() or "zombie" in Path(f"/proc/{child}/status").read_text()


def _check_workers(proc: subprocess.Popen[str]) -> list[str]:
    children: list[str] = []
    try:
        assert proc.stdout is not None
        endpoint = None
        for line in proc.stdout:
            match = re.match(r"Connection string: endpoint=(http://127.0.0.1:\d+)/;", line.strip())
            if match:
                endpoint = match.group(1)
                break
            if line.startswith("Press Ctrl+C"):  # the announcement ended without the line looked for
                break
        assert endpoint is not None
        # Workers serve the requests: once one is answered, a worker is up (the connection string is
        # printed before they start, so on a loaded machine there may be none yet when it appears).
        with httpx.Client(base_url=endpoint) as client:
            user = Api(client).create_user()
        children = [
            child
            for child in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
            # Not multiprocessing's resource tracker, which leaves on its own once the parent is gone.
            if "spawn_main" in Path(f"/proc/{child}/cmdline").read_text()
        ]
        assert children, "no worker process"
        kids = set()
        for _ in range(12):
            # A fresh connection each time, so the kernel spreads them over both processes.
            with httpx.Client(base_url=endpoint) as client:
                response = Api(client).issue(user)
                assert response.status_code == 200
                kids.add(response.json()["token"].split(".")[0])
        assert len(kids) == 1  # one signing key (same kid header) in every process
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) in (0, 128 + signal.SIGTERM)
    return children


def test_max_connections_bounds_all_workers_together() -> None:
    """Two processes accept on one socket; --max-connections counts the connections of both."""
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "acs_identity.emulator",
            "--http",
            "--port",
            "0",
            "--workers",
            "2",
            "--max-connections",
            "4",
        ],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            port = None
            for line in proc.stdout:
                match = re.match(r"Connection string: endpoint=http://127.0.0.1:(\d+)/;", line.strip())
                if match:
                    port = int(match.group(1))
                    break
            assert port is not None
            # Closed connections are no longer counted: more than the limit, one after another, all served.
            for _ in range(12):
                with socket.create_connection(("127.0.0.1", port)) as sock:
                    sock.sendall(_INFO_CLOSE)
                    assert _read_all(sock).startswith(b"HTTP/1.1 200 ")
            held = [socket.create_connection(("127.0.0.1", port)) for _ in range(4)]
            try:
                for sock in held:  # answered: a process has accepted each one
                    sock.sendall(_INFO)
                    assert _read_head(sock).startswith(b"HTTP/1.1 200 ")
                # Whichever process accepts it, the fifth is one too many for the server as a whole.
                with socket.create_connection(("127.0.0.1", port)) as fifth:
                    assert _read_all(fifth).startswith(b"HTTP/1.1 503 ")
            finally:
                for sock in held:
                    sock.close()
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) in (0, 128 + signal.SIGTERM)


_INFO = b"GET /_emulator/info HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
_INFO_CLOSE = b"GET /_emulator/info HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def _read_all(sock: socket.socket) -> bytes:
    sock.settimeout(30)
    data = b""
    while chunk := sock.recv(65536):
        data += chunk
    return data


def _read_head(sock: socket.socket) -> bytes:
    sock.settimeout(30)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, "the connection closed before a response"
        data += chunk
    return data


def test_revocation_is_exact_across_workers() -> None:
    """The workers read revocations from the one store: a revoke answered by one process invalidates a token
    the other issued, and a token issued after it is valid, whichever process answers each request."""
    with subprocess.Popen(
        [sys.executable, "-m", "acs_identity.emulator", "--http", "--port", "0", "--workers", "2"],
        stdout=subprocess.PIPE,
        text=True,
    ) as proc:
        try:
            assert proc.stdout is not None
            endpoint = None
            for line in proc.stdout:
                match = re.match(r"Connection string: endpoint=(http://127.0.0.1:\d+)/;", line.strip())
                if match:
                    endpoint = match.group(1)
                    break
            assert endpoint is not None

            def fresh() -> httpx.Client:  # a connection of its own: the kernel picks the process
                return httpx.Client(base_url=endpoint, headers={"Connection": "close"})

            with fresh() as client:
                user = Api(client).create_user()
            for _ in range(6):
                with fresh() as client:
                    before = Api(client).issue(user).json()["token"]
                with fresh() as client:
                    assert (
                        Api(client).request("POST", id_path(user, "/:revokeAccessTokens")).status_code == 204
                    )
                with fresh() as client:
                    after = Api(client).issue(user).json()["token"]
                for token, valid in ((before, False), (after, True)):
                    with fresh() as client:
                        checked = client.post("/_emulator/tokens/:validate", json={"token": token})
                        assert checked.json()["valid"] is valid
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) in (0, 128 + signal.SIGTERM)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads worker processes from Linux /proc")
def test_worker_processes_make_one_identity_per_custom_id(tmp_path: Path) -> None:
    """Two worker processes on one SQLite file, 16 connections creating one custom id at once: one identity."""
    command = [sys.executable, "-m", "acs_identity.emulator", "--http", "--port", "0", "--workers", "2"]
    with subprocess.Popen(
        [*command, "--data", str(tmp_path / "shared.db")], stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            endpoint = None
            for line in proc.stdout:
                match = re.match(r"Connection string: endpoint=(http://127.0.0.1:\d+)/;", line.strip())
                if match:
                    endpoint = match.group(1)
                    break
            assert endpoint is not None
            with httpx.Client(base_url=endpoint) as client:
                Api(client).create_user()  # a worker is up
            barrier = threading.Barrier(16)
            ids: list[str] = []

            def create() -> None:
                with httpx.Client(base_url=endpoint) as client:
                    request = client.build_request(
                        "POST",
                        "/identities",
                        params={"api-version": "2025-03-02-preview"},
                        json={"customId": "c"},
                    )
                    request.headers.update(hmac_headers("POST", request.url, request.content))
                    barrier.wait()
                    response = client.send(request)
                    assert response.status_code == 201, response.text
                    ids.append(response.json()["identity"]["id"])

            threads = [threading.Thread(target=create) for _ in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(ids) == 16 and len(set(ids)) == 1
            with httpx.Client(base_url=endpoint) as client:
                assert client.get("/_emulator/info").json()["identities"] == 2  # the first user and "c"
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(timeout=30) in (0, 128 + signal.SIGTERM)
