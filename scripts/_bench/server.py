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
from typing import Any, Self

from acs_identity.emulator import EmulatorOptions

_TICK = os.sysconf("SC_CLK_TCK")

# The client benchmarks keep idle connections for 120 s (the emulator's default keep-alive): between rounds a
# contender's pooled connections sit idle, and a connection the server closes just as a client reuses it
# fails the call. Azure's front ends keep idle connections for minutes too.


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process and its children (the emulator's worker
    processes) have used so far, from /proc/<pid>/stat."""
    total = 0.0
    for member in _process_tree(pid):
        try:
            with open(f"/proc/{member}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue  # a child that has just ended
        # The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
        fields = stat[stat.rindex(b")") + 2 :].split()
        total += (int(fields[11]) + int(fields[12])) / _TICK
    return total


def _process_tree(pid: int) -> list[int]:
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return [pid]
    return [pid, *(p for child in children for p in _process_tree(int(child)))]


@dataclass
class ServerInfo:
    endpoint: str
    connection_string: str
    cert_path: str
    pid: int


class EmulatorProcess:
    """`with EmulatorProcess(token_mode="canned") as server:` an HTTPS emulator on a free loopback port, run by
    `python -m acs_identity.emulator` with the flags of `options` (the same launcher as `acs-identity emulator`).
    """

    def __init__(self, options: EmulatorOptions | None = None, **changes: Any) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="acs-bench-")
        self.cert_path = str(Path(self._tmp.name) / "emulator.pem")
        options = (options or EmulatorOptions()).replace(port=0, **changes)
        if options.https:
            options = options.replace(cert_out=self.cert_path, cert_dir=str(Path(self._tmp.name) / "certs"))
        self.options = options
        self._proc: subprocess.Popen[str] | None = None
        self.endpoint = ""
        self.connection_string = ""

    def __enter__(self) -> Self:
        # Output goes to a file, not a pipe: nobody has to keep reading it while the server runs.
        log_path = Path(self._tmp.name) / "emulator.log"
        with open(log_path, "w") as log:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "acs_identity.emulator", *self.options.to_argv()],
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
