"""`acs-identity emulator` as a real subprocess: wait for its connection-string line, use it, stop it. (The
commands that use it run in this process, `run_here`, unless they depend on the process environment.)"""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import assert_one_line_error, cli_command, cli_env, ok_json, run_cli, run_here

pytest.importorskip("uvicorn")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Running:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: list[str] = []
        self.connection_string = ""
        assert process.stdout is not None
        for line in process.stdout:  # EOF ends the loop if the emulator dies instead
            self.lines.append(line.rstrip("\n"))
            if line.startswith("Connection string: "):
                self.connection_string = line.split(": ", 1)[1].strip()
            if line.startswith("Press Ctrl+C"):
                break
        assert self.connection_string, "\n".join(self.lines) + (
            process.stderr.read() if process.stderr else ""
        )


# One process each: these tests are not about the default worker count (two processes, which doubles the start-up
# cost); tests/e2e/test_default_launch.py starts it with no options at all.
_ONE_WORKER = ("--workers", "1")


@contextlib.contextmanager
def _running(*args: str) -> Iterator[Running]:
    process = subprocess.Popen(
        cli_command("emulator", *_ONE_WORKER, *args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    try:
        yield Running(process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def test_emulator_command_serves_until_interrupted() -> None:
    port = _free_port()
    with _running("--http", "--port", str(port)) as running:
        assert f"http://127.0.0.1:{port}" in running.lines[0]
        created = ok_json(run_here("user", "create", "--connection-string", running.connection_string))
        assert created["id"].startswith("8:acs:")
        running.process.send_signal(signal.SIGINT)
        assert running.process.wait(timeout=30) == 0


def test_https_emulator_with_ca_cert(tmp_path: Path) -> None:
    cert = tmp_path / "emulator.pem"
    with _running("--port", str(_free_port()), "--https", "--cert-out", str(cert)) as running:
        assert running.connection_string.startswith("endpoint=https://localhost:")
        assert cert.is_file()
        conn = ["--connection-string", running.connection_string]
        token = ok_json(run_here("token", "issue", "--scope", "chat", "--ca-cert", str(cert), *conn))["token"]
        decoded = ok_json(run_here("token", "decode", token, "--verify", "--ca-cert", str(cert), *conn))
        assert decoded["signature"]["verified"] is True
        untrusted = run_here("user", "create", *conn)
        line = assert_one_line_error(
            untrusted, "the service's TLS certificate is not trusted (self-signed certificate)"
        )
        assert "--ca-cert PATH" in line


def test_emulator_with_faults_and_data(tmp_path: Path) -> None:
    data = tmp_path / "emulator.sqlite"
    with _running(
        "--http", "--port", str(_free_port()), "--data", str(data), "--faults", "503=0.3,retry-after=0,seed=3"
    ) as running:
        # The client retries 503s, so faults slow the command down but it still succeeds.
        created = ok_json(run_here("user", "create", "--connection-string", running.connection_string))
        assert created["id"].startswith("8:acs:")
    assert data.is_file()


def test_emulator_command_rejects_bad_faults() -> None:
    assert_one_line_error(
        run_cli("emulator", "--port", "0", "--faults", "teapot=1"), "--faults: unknown fault setting"
    )


def test_emulator_command_port_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert_one_line_error(run_cli("emulator", "--port", str(port)), f"cannot serve on 127.0.0.1:{port}")


_OID = "0e5c3d2a-8b7f-4c1e-9a6d-5f4b3c2a1e0d"


def test_https_by_default_with_cert_hosts_and_a_trust_line(tmp_path: Path) -> None:
    env = {"ACS_IDENTITY_EMULATOR_CERT_DIR": str(tmp_path / "certs")}
    process = subprocess.Popen(
        cli_command(
            "emulator",
            *_ONE_WORKER,
            *("--port", str(_free_port()), "--cert-host", "emulator", "--cert-host", "10.0.0.7"),
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(env),
    )
    try:
        running = Running(process)
        assert running.connection_string.startswith("endpoint=https://localhost:")
        printed = {line.split(": ", 1)[0]: line.split(": ", 1)[1] for line in running.lines if ": " in line}
        cert = Path(printed["CA certificate"])
        assert cert.is_relative_to(tmp_path / "certs")
        assert "emulator" in printed["Certificate names"] and "10.0.0.7" in printed["Certificate names"]
        trust_line = printed["Trust it (our client and azure-communication-identity)"]
        assert trust_line.startswith("export SSL_CERT_FILE=") and "REQUESTS_CA_BUNDLE=" in trust_line
        bundle = trust_line.split("SSL_CERT_FILE=", 1)[1].split()[0]
        # Our client, given only the environment line, trusts it; and mint-token works against it.
        trusted = {"SSL_CERT_FILE": bundle, "REQUESTS_CA_BUNDLE": bundle}
        conn = ["--connection-string", running.connection_string]
        assert ok_json(run_cli("user", "create", *conn, env=trusted))["id"].startswith("8:acs:")
        minted = ok_json(run_cli("emulator", "mint-token", "--oid", _OID, *conn, env=trusted))
        assert minted["oid"] == _OID and minted["token"].count(".") == 2
        exchanged = ok_json(
            run_cli(
                "token",
                "get-for-teams-user",
                "--aad-token",
                minted["token"],
                "--client",
                minted["appId"],
                "--aad-user",
                _OID,
                *conn,
                env=trusted,
            )
        )
        assert exchanged["token"]
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_emulator_flags_are_checked_before_serving() -> None:
    assert_one_line_error(run_cli("emulator", "--http", "--cert-host", "x"), "need HTTPS")
    assert_one_line_error(run_cli("emulator", "--certfile", "a.pem"), "--certfile and --keyfile go together")
    assert_one_line_error(
        run_cli("emulator", "--max-connections", "0"), "--max-connections must be a positive"
    )


def test_mint_token_refuses_a_non_emulator(tmp_path: Path) -> None:
    result = run_cli(
        "emulator", "mint-token", "--connection-string", "endpoint=https://x.invalid/;accesskey=YWJj"
    )
    assert result.returncode != 0 and "Traceback" not in result.stderr
