"""Exactly-once bulk creation: which mechanism an api-version offers, and the keys each item is sent with.

- custom ids: every item has its own key (the user's, from a file, or a prefix plus the item's index). The
  service maps a custom id to one identity, so a retry, a rerun or a resume gets the same identity back.
- repeatability: every item is sent with a `Repeatability-Request-ID` that a rerun reproduces, and the
  `Repeatability-First-Sent` of its first sending. The service replays the first answer to a repeat, but only
  within its tracking window; after that an item that may have been created cannot be deduplicated, and is
  counted as a possible orphan.
- neither (older versions): a lost response may leave an orphan; the transport counts them.

What must be durable before a request is sent is written to the journal (the --out file) as control lines,
each synced before the requests it describes: the run's header (mechanism, run id, custom-id source) and,
for repeatability, a `bulkSend` line per batch of items (their epoch and first-sent time). A SIGKILL at any
instant therefore leaves either no such line (the requests were never sent) or a complete one.
"""

from __future__ import annotations

import enum
import math
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

from .._capabilities import REPEATABILITY_WINDOW_SECONDS, load_capabilities
from .._repeatability import imf_fixdate as format_http_date
from .._repeatability import parse_imf_fixdate as parse_http_date
from ._errors import CliError, UsageError
from ._journal import Journal
from ._options import check_custom_id

# A rerun after the service's repeatability window (REPEATABILITY_WINDOW_SECONDS) can no longer deduplicate an
# item an earlier run sent.

# Items declared per bulkSend line: enough to keep the syncs rare, few enough to keep first-sent times fresh.
_BATCH = 256


class Mechanism(enum.StrEnum):
    NONE = "none"
    CUSTOM_ID = "customId"
    REPEATABILITY = "repeatability"


# The capability record's feature names.
_FEATURES = {Mechanism.CUSTOM_ID: "custom_id", Mechanism.REPEATABILITY: "repeatability"}


def mechanism_for(api_version: str) -> Mechanism:
    """Custom ids where the version has them (they key the item forever), else repeatability, else none."""
    capabilities = load_capabilities().get(api_version)
    for mechanism in (Mechanism.CUSTOM_ID, Mechanism.REPEATABILITY):
        if capabilities is not None and capabilities.has(_FEATURES[mechanism]):
            return mechanism
    return Mechanism.NONE


def first_version_with(mechanism: Mechanism) -> str | None:
    feature = _FEATURES[mechanism]
    return load_capabilities().first_version_with(lambda capabilities: capabilities.has(feature))


# ------------------------------------------------------------------------------------------ custom ids


def derived_custom_id(prefix: str, index: int) -> str:
    """The custom id of item `index` (0-based) of a set made with --custom-id-prefix."""
    return f"{prefix}{index}"


def check_prefix(prefix: str, count: int) -> str:
    if not prefix:
        raise UsageError("--custom-id-prefix must not be empty")
    check_custom_id(derived_custom_id(prefix, max(0, count - 1)), "--custom-id-prefix")
    return prefix


def generated_prefix() -> str:
    """A prefix no other run uses: a set made without --custom-id-prefix shares no identity with another."""
    return f"bulk-{uuid.uuid4()}-"


def read_custom_ids(path: Path) -> tuple[str, ...]:
    """One custom id per line, all checked (length, duplicates) before anything is sent."""
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"--custom-ids {path}: not UTF-8 text") from None
    except OSError as error:
        raise UsageError(f"--custom-ids {path}: {error.strerror or error}") from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start an empty one
    first_seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        value = line.removesuffix("\r")
        check_custom_id(value, f"--custom-ids {path}: line {number}")
        if value in first_seen:
            raise UsageError(
                f"--custom-ids {path}: line {number} repeats the custom id of line {first_seen[value]}"
            )
        first_seen[value] = number
    if not first_seen:
        raise UsageError(f"--custom-ids {path}: the file holds no custom ids")
    return tuple(first_seen)


# ------------------------------------------------------------------------------------------ the header


@dataclass(frozen=True)
class RunHeader:
    """The journal's first line on an exactly-once version: what a rerun must repeat exactly."""

    mechanism: Mechanism
    run_id: str | None = None  # repeatability: the namespace of the request ids
    custom_id_prefix: str | None = None  # custom ids derived from a prefix
    custom_ids_file: bool = False  # custom ids from --custom-ids
    # repeatability: what every create carries (scopes, token lifetime); a repeat must be the same request
    request: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"format": 1, "mechanism": self.mechanism.value}
        if self.run_id is not None:
            body["runId"] = self.run_id
        if self.request is not None:
            body["request"] = self.request
        if self.custom_id_prefix is not None:
            body["customIdPrefix"] = self.custom_id_prefix
        if self.custom_ids_file:
            body["customIds"] = "file"
        return body

    @classmethod
    def from_json(cls, body: dict[str, Any], path: Path) -> RunHeader:
        try:
            mechanism = Mechanism(str(body.get("mechanism")))
            run_id = body.get("runId")
            prefix = body.get("customIdPrefix")
            if body.get("format") != 1 or mechanism is Mechanism.NONE:
                raise ValueError
            if mechanism is Mechanism.REPEATABILITY:
                uuid.UUID(str(run_id))
                if not isinstance(body.get("request"), dict):
                    raise ValueError
            elif not (isinstance(prefix, str) and prefix) and body.get("customIds") != "file":
                raise ValueError
        except ValueError:
            raise CliError(f"{path}: its bulkRun header is damaged; it cannot be resumed") from None
        return cls(
            mechanism,
            run_id=str(run_id) if run_id is not None else None,
            custom_id_prefix=prefix if isinstance(prefix, str) else None,
            custom_ids_file=body.get("customIds") == "file",
            request=cast("dict[str, Any]", body["request"])
            if isinstance(body.get("request"), dict)
            else None,
        )


def read_header(journal: Journal) -> RunHeader | None:
    headers = [body for name, body in journal.controls if name == "bulkRun"]
    if not headers:
        return None
    if len(headers) > 1:
        raise CliError(f"{journal.path}: holds more than one bulkRun header; it cannot be resumed")
    return RunHeader.from_json(headers[0], journal.path)


# ------------------------------------------------------------------------------------------ repeatability


def request_id(run_id: uuid.UUID, epoch: int, index: int) -> uuid.UUID:
    """Item `index`'s Repeatability-Request-ID in `epoch`: a rerun derives the same one from the journal."""
    return uuid.uuid5(run_id, f"{epoch}:{index}")


def imf_fixdate(seconds: float) -> str:
    return format_http_date(datetime.fromtimestamp(math.floor(seconds), UTC))


def parse_imf_fixdate(text: str) -> float:
    return parse_http_date(text).timestamp()


def to_ranges(indices: Iterable[int]) -> list[list[int]]:
    """Sorted, inclusive [first, last] runs: a batch of consecutive items is one pair."""
    ranges: list[list[int]] = []
    for index in sorted(set(indices)):
        if ranges and ranges[-1][1] == index - 1:
            ranges[-1][1] = index
        else:
            ranges.append([index, index])
    return ranges


def from_ranges(ranges: Iterable[Sequence[int]]) -> list[int]:
    return [index for first, last in ranges for index in range(first, last + 1)]


@dataclass(frozen=True)
class Sending:
    """What item `index` is sent with; `first_sent` in epoch seconds, whole."""

    epoch: int
    request_id: uuid.UUID
    first_sent: float

    @property
    def first_sent_datetime(self) -> datetime:
        return datetime.fromtimestamp(self.first_sent, UTC)


class RepeatabilityPlan:
    """Gives each item the request id and first-sent time to send it with, declaring them durably first.

    An item a `bulkSend` line names may have been sent (by this run or a killed one): while the window
    lasts it is sent again with the same id, so the service replays the first answer instead of creating a
    second identity. Once the window has passed that is impossible: it gets a new id in a new epoch and is
    counted in `after_window`, the honest number of possible orphans.
    """

    def __init__(
        self,
        journal: Journal,
        run_id: uuid.UUID,
        todo: Sequence[int],
        *,
        window: float = REPEATABILITY_WINDOW_SECONDS,
        batch: int = _BATCH,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._journal = journal
        self._run_id = run_id
        self._window = window
        self._batch = max(1, batch)
        self._clock = clock
        self._assigned: dict[int, tuple[int, float]] = {}  # index -> (epoch, first sent)
        self._epoch = 0
        self.after_window_before = 0  # recorded by earlier runs
        for name, body in journal.controls:
            if name != "bulkSend":
                continue
            epoch, first_sent = int(body["epoch"]), parse_imf_fixdate(str(body["firstSent"]))
            self._epoch = max(self._epoch, epoch)
            self.after_window_before += int(body.get("afterWindow", 0))
            for index in from_ranges(body["items"]):
                self._assigned[index] = (epoch, first_sent)  # a later line supersedes an earlier one
        # Named by an earlier run's line: it may have been sent. Those this run names are added as it sends.
        self._maybe_sent = set(self._assigned)
        self._todo = list(todo)
        self._cursor = 0
        self.after_window = 0

    def sending_for(self, index: int) -> Sending:
        """Call right before sending item `index` (every attempt): any line it needs is synced first."""
        now = self._clock()
        assigned = self._assigned.get(index)
        if assigned is not None:
            epoch, first_sent = assigned
            age = now - first_sent
            if index in self._maybe_sent:
                if age < self._window:
                    return self._sending(index, epoch, first_sent)
                return self._declare(index, now, after_window=True)
            if age < self._window / 2:  # declared but never sent: fresh enough to start its window now
                self._maybe_sent.add(index)
                return self._sending(index, epoch, first_sent)
        return self._declare(index, now, after_window=False)

    def window_passed(self, index: int) -> None:
        """The service refused the item's first-sent time as too old: its next sending needs a new epoch."""
        if index in self._assigned:
            epoch, _ = self._assigned[index]
            self._assigned[index] = (epoch, -math.inf)
        self._maybe_sent.add(index)

    def _sending(self, index: int, epoch: int, first_sent: float) -> Sending:
        return Sending(epoch, request_id(self._run_id, epoch, index), first_sent)

    def _declare(self, index: int, now: float, *, after_window: bool) -> Sending:
        batch = [index]
        while len(batch) < self._batch and self._cursor < len(self._todo):
            candidate = self._todo[self._cursor]
            self._cursor += 1
            if candidate != index and candidate not in self._assigned and candidate not in self._maybe_sent:
                batch.append(candidate)
        self._epoch += 1
        first_sent = float(math.floor(now))
        self._journal.write_control(
            "bulkSend",
            {
                "epoch": self._epoch,
                "firstSent": imf_fixdate(first_sent),
                "items": to_ranges(batch),
                "afterWindow": 1 if after_window else 0,
            },
        )
        for item in batch:
            self._assigned[item] = (self._epoch, first_sent)
        self._maybe_sent.add(index)
        if after_window:
            self.after_window += 1
        return Sending(self._epoch, request_id(self._run_id, self._epoch, index), first_sent)
