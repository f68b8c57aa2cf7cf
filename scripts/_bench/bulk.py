"""`acs-identity bulk create` against the emulator as it really runs (signed tokens), timed as a subprocess."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .server import EmulatorProcess


def _cli() -> list[str]:
    script = shutil.which("acs-identity", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "acs_identity.cli"]


def measure_bulk(
    count: int, concurrency: int | None, *, timeout: float, signing_threads: int = 0
) -> dict[str, Any]:
    with (
        EmulatorProcess(token_mode="sign", signing_threads=signing_threads) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        out = Path(tmp) / "users.jsonl"
        command = [
            *_cli(),
            "bulk",
            "create",
            "--count",
            str(count),
            "--scope",
            "chat,voip",
            "--out",
            str(out),
            "--connection-string",
            server.connection_string,
            "--ca-cert",
            server.cert_path,
            "--progress",
            "none",
        ]
        if concurrency is not None:
            command += ["--concurrency", str(concurrency)]
        server_cpu = server.cpu()
        start = time.perf_counter()
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
            exit_code, stderr = done.returncode, done.stderr
        except subprocess.TimeoutExpired as expired:
            exit_code = None
            stderr = f"timed out after {timeout:g} s\n" + (expired.stderr or b"").decode(errors="replace")
        wall = time.perf_counter() - start
        server_cpu = server.cpu() - server_cpu
        lines = out.read_text().splitlines() if out.exists() else []
        ids = {json.loads(line)["id"] for line in lines}
    shown = [
        c if not c.startswith("endpoint=") else "endpoint=<emulator>;accesskey=<redacted>" for c in command
    ]
    return {
        "count": count,
        "concurrency": concurrency if concurrency is not None else "default",
        "wall_s": wall,
        "users_per_s": len(ids) / wall if wall else None,
        "exit_code": exit_code,
        "records": len(lines),
        "distinct_ids": len(ids),
        "server_cpu_s": server_cpu,
        "command": " ".join(shown[1:] if len(shown) and shown[0].endswith("acs-identity") else shown),
        "stderr_tail": stderr.strip().splitlines()[-3:] if exit_code != 0 else [],
    }
