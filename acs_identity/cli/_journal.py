"""An append-only JSONL file that is both a command's output and its resume journal.

A line is written with one os.write (so a kill leaves at most one torn last line) as soon as its
operation is confirmed; fsync runs in batches. On open, the complete lines are the work already
done; a torn tail is cut off so the next append starts on a fresh line.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any, cast

from ._errors import CliError

try:  # Advisory lock so two runs cannot append to the same journal; POSIX only.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def read_records(path: Path, *, key: str = "id") -> tuple[list[dict[str, Any]], int]:
    """(complete records, byte length of the valid prefix). A torn or unparsable LAST line is not a record."""
    data = path.read_bytes() if path.exists() else b""
    records: list[dict[str, Any]] = []
    valid_end = 0
    position = 0
    lines = data.split(b"\n")
    # The piece after the final newline is empty when the file ends cleanly; otherwise it is torn.
    complete, tail = lines[:-1], lines[-1]
    for number, line in enumerate(complete, start=1):
        end = position + len(line) + 1
        if line.strip():
            record = _parse(line, key)
            if record is None:
                if number == len(complete) and not tail:
                    break  # a damaged last line: treat like a torn one
                raise CliError(
                    f"{path}: line {number} is not a JSON object with an {key!r}; fix or remove it"
                )
            records.append(record)
        valid_end = end
        position = end
    return records, valid_end


def _parse(line: bytes, key: str) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    record = cast("dict[str, Any]", value)
    return record if isinstance(record.get(key), str) else None


class Journal:
    """Open with `open()`, then `append()` each confirmed record; `close()` syncs and unlocks."""

    def __init__(
        self, path: Path, *, key: str = "id", sync_every: int = 200, sync_interval: float = 1.0
    ) -> None:
        self.path = path
        self.key = key
        self._sync_every = sync_every
        self._sync_interval = sync_interval
        self._fd: int | None = None
        self._unsynced = 0
        self._last_sync = time.monotonic()
        self.records: list[dict[str, Any]] = []

    def open(self) -> list[dict[str, Any]]:
        if self.path.parent and not self.path.parent.exists():
            raise CliError(f"{self.path}: the directory does not exist")
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # 0600: the lines carry tokens
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise CliError(f"{self.path} is in use by another acs-identity run") from None
            records, valid_end = read_records(self.path, key=self.key)
            if os.fstat(fd).st_size != valid_end:
                os.ftruncate(fd, valid_end)  # drop the torn line a killed run left behind
                os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_END)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.records = records
        return records

    def append(self, record: dict[str, Any]) -> None:
        if self._fd is None:
            raise RuntimeError("journal is not open")
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        written = os.write(self._fd, line)
        while written < len(line):  # regular files write fully; loop in case of a short write
            written += os.write(self._fd, line[written:])
        self.records.append(record)
        self._unsynced += 1
        if self._unsynced >= self._sync_every or time.monotonic() - self._last_sync >= self._sync_interval:
            self.sync()

    def sync(self) -> None:
        if self._fd is not None and self._unsynced:
            os.fsync(self._fd)
            self._unsynced = 0
            self._last_sync = time.monotonic()

    def close(self) -> None:
        if self._fd is None:
            return
        try:
            self.sync()
        finally:
            os.close(self._fd)  # closing releases the flock
            self._fd = None

    def __enter__(self) -> Journal:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
