"""serve() (what the CLI runs): prints the connection string once it listens, and stops on SIGTERM."""

from __future__ import annotations

import re
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import httpx

from acs_identity.emulator import DEV_ACCESS_KEY

from .helpers import Api


def test_serve_prints_connection_string_and_serves(tmp_path: Path) -> None:
    cert = tmp_path / "cert.pem"
    proc = subprocess.Popen(
        [sys.executable, "-m", "acs_identity.emulator", "--port", "0", "--https", "--cert-out", str(cert)],
        stdout=subprocess.PIPE,
        text=True,
    )
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
        assert endpoint is not None
        with httpx.Client(base_url=endpoint, verify=ssl.create_default_context(cafile=str(cert))) as client:
            assert Api(client).request("POST", "/identities").status_code == 201
    finally:
        proc.send_signal(signal.SIGTERM)
        # uvicorn shuts down cleanly, then re-raises the signal so the exit status tells how it ended.
        assert proc.wait(timeout=30) in (0, -signal.SIGTERM)
