"""What a `bulk create` run must do: check the journal against the command, list the missing items, key them.

The journal's header (written on the first run of an exactly-once version) fixes how items are keyed; a rerun
must repeat it. A command that would key the set differently (another mechanism, another prefix, another
custom-id file) is refused before anything is sent: continuing would create a second, different set.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._capabilities import REPEATABILITY_WINDOW_SECONDS
from ._errors import CliError
from ._exactly_once import (
    Mechanism,
    RepeatabilityPlan,
    RunHeader,
    Sending,
    derived_custom_id,
    first_version_with,
    generated_prefix,
    read_header,
)
from ._journal import Journal

_DESCRIBED = {
    Mechanism.CUSTOM_ID: "custom ids",
    Mechanism.REPEATABILITY: "repeatable requests",
    Mechanism.NONE: "neither custom ids nor repeatable requests",
}


@dataclass(frozen=True)
class Item:
    index: int
    custom_id: str | None = None


@dataclass
class CreatePlan:
    mechanism: Mechanism
    requested: int
    existing: int  # identity lines in the journal before this run
    todo: list[Item]
    header: RunHeader | None = None
    header_is_new: bool = False
    repeatability: RepeatabilityPlan | None = None
    planned_keys: set[Any] = field(default_factory=set[Any])  # the requested items' keys (customId / index)

    def begin(self, journal: Journal) -> None:
        """Make the header durable: nothing is sent before the keys a rerun must repeat are on disk."""
        if self.header is not None and self.header_is_new:
            journal.write_control("bulkRun", self.header.to_json())
            self.header_is_new = False

    def sending_for(self, item: Item) -> Sending | None:
        return None if self.repeatability is None else self.repeatability.sending_for(item.index)

    def line(self, item: Item, fields: dict[str, Any]) -> dict[str, Any]:
        """The journal line of a confirmed item: its key first, so a rerun knows which item it was."""
        if self.mechanism is Mechanism.CUSTOM_ID:
            return {"id": fields["id"], "customId": item.custom_id, **_without_id(fields)}
        if self.mechanism is Mechanism.REPEATABILITY:
            return {"id": fields["id"], "index": item.index, **_without_id(fields)}
        return fields

    def present(self, journal: Journal) -> int:
        """How many of the requested items the journal holds now."""
        if self.mechanism is Mechanism.NONE:
            return min(len(journal.records), self.requested)
        key = "customId" if self.mechanism is Mechanism.CUSTOM_ID else "index"
        return len({record.get(key) for record in journal.records} & self.planned_keys)

    @property
    def possible_orphans_before(self) -> int:
        return 0 if self.repeatability is None else self.repeatability.after_window_before


def _without_id(fields: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if name != "id"}


def plan_create(
    journal: Journal,
    *,
    count: int,
    mechanism: Mechanism,
    api_version: str,
    custom_id_prefix: str | None = None,
    custom_ids: Sequence[str] | None = None,
    request: dict[str, Any] | None = None,
    window: float = REPEATABILITY_WINDOW_SECONDS,
    clock: Callable[[], float] = time.time,
) -> CreatePlan:
    """The run's plan; raises CliError when the journal was started in a way this command does not repeat.

    `request` is what every create carries ({"scopes", "expiresInMinutes"}): repeated requests must repeat it.
    `window` and `clock` are the repeatability window assumed and the wall clock (seams for tests)."""
    header = read_header(journal)
    records = journal.records
    path = journal.path
    if mechanism is Mechanism.NONE:
        if header is not None:
            raise _other_mechanism(path, header.mechanism, mechanism, api_version)
        needed = max(0, count - len(records))
        return CreatePlan(mechanism, count, len(records), [Item(i) for i in range(needed)])
    if header is None and records:
        raise CliError(
            f"{path} holds identities created without custom ids or repeatable requests (no bulkRun header); "
            "finish it with the api-version it was started with, or use a new --out"
        )
    if header is not None and header.mechanism is not mechanism:
        raise _other_mechanism(path, header.mechanism, mechanism, api_version)
    if mechanism is Mechanism.CUSTOM_ID:
        return _plan_custom_ids(journal, header, count, custom_id_prefix, custom_ids)
    return _plan_repeatability(journal, header, count, request or {}, window, clock)


def _other_mechanism(path: Path, started: Mechanism, now: Mechanism, api_version: str) -> CliError:
    version = first_version_with(started) if started is not Mechanism.NONE else None
    advice = (
        f"rerun with --api-version {version}" if version else "rerun with the api-version it was started with"
    )
    return CliError(
        f"{path} was started with {_DESCRIBED[started]}, but api-version {api_version} uses {_DESCRIBED[now]}; "
        f"{advice}, or use a new --out"
    )


def _plan_custom_ids(
    journal: Journal,
    header: RunHeader | None,
    count: int,
    prefix: str | None,
    from_file: Sequence[str] | None,
) -> CreatePlan:
    path = journal.path
    header_is_new = header is None
    if header is None:
        header = RunHeader(
            Mechanism.CUSTOM_ID,
            custom_id_prefix=None if from_file is not None else (prefix or generated_prefix()),
            custom_ids_file=from_file is not None,
        )
    elif header.custom_ids_file and from_file is None:
        raise CliError(f"{path} was started with --custom-ids FILE; pass the same file again")
    elif not header.custom_ids_file and from_file is not None:
        raise CliError(
            f"{path} was started with --custom-id-prefix {header.custom_id_prefix!r}, not --custom-ids; "
            "rerun with that prefix, or use a new --out"
        )
    elif prefix is not None and prefix != header.custom_id_prefix:
        raise CliError(
            f"{path} was started with --custom-id-prefix {header.custom_id_prefix!r}; another prefix would be "
            "another set of identities: rerun with the same prefix (or none), or use a new --out"
        )
    if from_file is not None:
        planned = list(from_file[:count])
        known: set[str] = set(from_file)
    else:
        assert header.custom_id_prefix is not None
        planned = [derived_custom_id(header.custom_id_prefix, index) for index in range(count)]
        known = set(planned)
    held = [record.get("customId") for record in journal.records]
    if not all(isinstance(value, str) for value in held):
        raise CliError(
            f"{path}: a line has no customId; a set made with custom ids cannot be resumed without"
        )
    held_ids = [str(value) for value in held]
    strangers = [value for value in held_ids if value not in known]
    if strangers and from_file is not None:
        raise CliError(
            f"{path} holds {len(strangers)} identities whose custom id is not in the --custom-ids file "
            f"(the first: {strangers[0]!r}); pass the file the set was started with, or use a new --out"
        )
    if strangers:  # made with this prefix but a larger --count, or hand-edited: check they are ours
        assert header.custom_id_prefix is not None
        foreign = [value for value in strangers if not _is_derived(value, header.custom_id_prefix)]
        if foreign:
            raise CliError(
                f"{path} holds a custom id not made from its prefix {header.custom_id_prefix!r}: {foreign[0]!r}"
            )
    done = set(held_ids)
    todo = [Item(index, custom_id) for index, custom_id in enumerate(planned) if custom_id not in done]
    return CreatePlan(
        Mechanism.CUSTOM_ID,
        count,
        len(journal.records),
        todo,
        header=header,
        header_is_new=header_is_new,
        planned_keys=set(planned),
    )


def _is_derived(value: str, prefix: str) -> bool:
    rest = value.removeprefix(prefix)
    return value.startswith(prefix) and rest.isdigit() and rest == str(int(rest))


def _plan_repeatability(
    journal: Journal,
    header: RunHeader | None,
    count: int,
    request: dict[str, Any],
    window: float,
    clock: Callable[[], float],
) -> CreatePlan:
    path = journal.path
    header_is_new = header is None
    if header is None:
        header = RunHeader(Mechanism.REPEATABILITY, run_id=str(uuid.uuid4()), request=request)
    elif header.request != request:
        raise CliError(
            f"{path} was started with other token options ({_options(header.request)}; now {_options(request)}); "
            "a repeated request must be the same request: rerun with the same --scope and --expires-in, "
            "or use a new --out"
        )
    held = [record.get("index") for record in journal.records]
    if any(not isinstance(value, int) or isinstance(value, bool) or value < 0 for value in held):
        raise CliError(f"{path}: a line has no item index; a set made with repeatable requests needs it")
    done = set(held)
    todo = [Item(index) for index in range(count) if index not in done]
    assert header.run_id is not None
    plan = RepeatabilityPlan(
        journal, uuid.UUID(header.run_id), [item.index for item in todo], window=window, clock=clock
    )
    return CreatePlan(
        Mechanism.REPEATABILITY,
        count,
        len(journal.records),
        todo,
        header=header,
        header_is_new=header_is_new,
        repeatability=plan,
        planned_keys=set(range(count)),
    )


def _options(request: dict[str, Any] | None) -> str:
    request = request or {}
    scopes = ",".join(str(scope) for scope in request.get("scopes") or ())
    minutes = request.get("expiresInMinutes")
    return f"--scope {scopes}" + (f" --expires-in {minutes}m" if minutes is not None else "")
