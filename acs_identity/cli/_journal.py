"""An append-only JSONL file that is both a command's output and its resume journal.

A line is written with one os.write (so a kill leaves at most one torn last line) as soon as its
operation is confirmed; fsync runs in batches. On open, the complete lines are the work already
done; a torn tail is cut off so the next append starts on a fresh line.

A journal may also hold control lines (a JSON object whose one key is in CONTROL_KEYS): the run's own
bookkeeping, written and synced *before* the requests they describe, so a rerun can repeat those
requests exactly. Readers of records skip them.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from ._errors import CliError

try:  # Advisory lock so two runs cannot append to the same journal; POSIX only.
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


CONTROL_KEYS = frozenset({"bulkRun", "bulkSend"})


@dataclass
class JournalContents:
    records: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    controls: list[tuple[str, dict[str, Any]]] = field(default_factory=list[tuple[str, dict[str, Any]]])
    valid_end: int = 0  # byte length of the valid prefix


def read_records(path: Path, *, key: str = "id") -> tuple[list[dict[str, Any]], int]:
    """(complete records, byte length of the valid prefix). A torn or unparsable LAST line is not a record."""
    contents = read_journal(path, key=key)
    return contents.records, contents.valid_end


def read_journal(path: Path, *, key: str = "id") -> JournalContents:
    """Records and control lines, in file order; a torn or unparsable LAST line is neither."""
    data = path.read_bytes() if path.exists() else b""
    contents = JournalContents()
    position = 0
    lines = data.split(b"\n")
    # The piece after the final newline is empty when the file ends cleanly; otherwise it is torn.
    complete, tail = lines[:-1], lines[-1]
    for number, line in enumerate(complete, start=1):
        end = position + len(line) + 1
        if line.strip():
            value = _parse(line)
            control = _control(value) if value is not None else None
            if control is not None:
                contents.controls.append(control)
            elif value is not None and isinstance(value.get(key), str):
                contents.records.append(value)
            elif number == len(complete) and not tail:
                break  # a damaged last line: treat like a torn one
            else:
                raise CliError(
                    f"{path}: line {number} is not a JSON object with an {key!r}; fix or remove it"
                )
        contents.valid_end = end
        position = end
    return contents


def _parse(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return cast("dict[str, Any]", value)


def _control(value: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    if len(value) != 1:
        return None
    ((name, body),) = value.items()
    if name not in CONTROL_KEYS or not isinstance(body, dict):
        return None
    return name, cast("dict[str, Any]", body)


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
        self.controls: list[tuple[str, dict[str, Any]]] = []
        self._created = False

    def open(self) -> list[dict[str, Any]]:
        if self.path.parent and not self.path.parent.exists():
            raise CliError(f"{self.path}: the directory does not exist")
        self._created = not self.path.exists()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # 0600: the lines carry tokens
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise CliError(f"{self.path} is in use by another acs-identity run") from None
            contents = read_journal(self.path, key=self.key)
            if os.fstat(fd).st_size != contents.valid_end:
                os.ftruncate(fd, contents.valid_end)  # drop the torn line a killed run left behind
                os.fsync(fd)
            os.lseek(fd, 0, os.SEEK_END)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self.records = contents.records
        self.controls = contents.controls
        return self.records

    def append(self, record: dict[str, Any]) -> None:
        self._write_line(record)
        self.records.append(record)
        self._unsynced += 1
        if self._unsynced >= self._sync_every or time.monotonic() - self._last_sync >= self._sync_interval:
            self.sync()

    def write_control(self, name: str, body: dict[str, Any]) -> None:
        """Write a control line and make it durable before returning: the caller acts on it next."""
        if name not in CONTROL_KEYS:
            raise ValueError(f"not a control line: {name!r}")
        self._write_line({name: body})
        self.controls.append((name, body))
        self._unsynced += 1
        self.sync()
        if self._created:
            # A new file's directory entry must be durable too, or a crash could lose the whole file.
            _fsync_directory(self.path.parent)
            self._created = False

    def _write_line(self, value: dict[str, Any]) -> None:
        if self._fd is None:
            raise RuntimeError("journal is not open")
        line = (json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        written = os.write(self._fd, line)
        while written < len(line):  # regular files write fully; loop in case of a short write
            written += os.write(self._fd, line[written:])

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


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory or Path("."), os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms whose directories cannot be opened (Windows)
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - file systems that refuse fsync on a directory
        pass
    finally:
        os.close(fd)
