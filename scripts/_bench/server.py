"""The emulator in its own process (so its CPU is separate and measurable), and per-process CPU reading."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

_TICK = os.sysconf("SC_CLK_TCK")

# Runs in the child: the same serve() the CLI's `acs-identity emulator` runs, plus token_mode, which the
# CLI does not expose (benchmarks of the client use canned tokens so they measure the client). argv[4] > 0
# raises uvicorn's keep-alive timeout (5 s): between rounds a contender's pooled connections sit idle longer
# than that, and a connection the server closes just as a client reuses it fails the call. Azure's front
# ends keep idle connections for minutes, so the client benchmarks use 120 s.
_LAUNCHER = (
    "import sys\n"
    "import uvicorn\n"
    "from acs_identity.emulator import serve\n"
    "keep_alive = int(sys.argv[4])\n"
    "if keep_alive:\n"
    "    _init = uvicorn.Config.__init__\n"
    "    def _config(self, *args, **kwargs):\n"
    "        kwargs.setdefault('timeout_keep_alive', keep_alive)\n"
    "        _init(self, *args, **kwargs)\n"
    "    uvicorn.Config.__init__ = _config\n"
    "serve(https=True, host='127.0.0.1', port=0, token_mode=sys.argv[1], cert_out=sys.argv[2],\n"
    "      signing_threads=int(sys.argv[3]), print_fn=lambda s: print(s, flush=True))\n"
)


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process has used so far, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", "rb") as f:
        stat = f.read()
    # The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
    fields = stat[stat.rindex(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


@dataclass
class ServerInfo:
    endpoint: str
    connection_string: str
    cert_path: str
    pid: int


class EmulatorProcess:
    """`with EmulatorProcess("canned") as server:` an HTTPS emulator on a free loopback port."""

    def __init__(self, token_mode: str = "sign", signing_threads: int = 0, keep_alive: int = 0) -> None:
        self.token_mode = token_mode
        self.signing_threads = signing_threads
        self.keep_alive = keep_alive
        self._tmp = tempfile.TemporaryDirectory(prefix="acs-bench-")
        self.cert_path = str(Path(self._tmp.name) / "emulator.pem")
        self._proc: subprocess.Popen[str] | None = None
        self.endpoint = ""
        self.connection_string = ""

    def __enter__(self) -> Self:
        # Output goes to a file, not a pipe: nobody has to keep reading it while the server runs.
        log_path = Path(self._tmp.name) / "emulator.log"
        with open(log_path, "w") as log:
            self._proc = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    _LAUNCHER,
                    self.token_mode,
                    self.cert_path,
                    str(self.signing_threads),
                    str(self.keep_alive),
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
        deadline = time.monotonic() + 60
        while not self.connection_string:
            match = re.search(r"Connection string: (endpoint=(\S+?)/?;\S+)", log_path.read_text())
            if match:
                self.connection_string, self.endpoint = match.group(1), match.group(2)
            elif self._proc.poll() is not None or time.monotonic() > deadline:
                output = log_path.read_text()
                self.__exit__(None, None, None)
                raise RuntimeError(f"the emulator did not start:\n{output}")
            else:
                time.sleep(0.05)
        return self

    @property
    def pid(self) -> int:
        assert self._proc is not None
        return self._proc.pid

    def cpu(self) -> float:
        return process_cpu(self.pid)

    def info(self) -> ServerInfo:
        return ServerInfo(self.endpoint, self.connection_string, self.cert_path, self.pid)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._proc is not None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._tmp.cleanup()
