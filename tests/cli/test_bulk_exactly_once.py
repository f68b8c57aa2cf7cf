"""Exactly-once bulk creation without a service: key derivation, the journal's header and bulkSend lines, the
plan a rerun makes from them, and whole interrupted runs against a fake service that loses responses."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from azure.core.credentials import AccessToken

from acs_identity import CommunicationUserIdentifier
from acs_identity._errors import error_from_response
from acs_identity.cli._bulk import classify, fill_items, item_creator, read_ids
from acs_identity.cli._bulk_plan import CreatePlan, plan_create
from acs_identity.cli._errors import CliError, UsageError
from acs_identity.cli._exactly_once import (
    Mechanism,
    RepeatabilityPlan,
    check_prefix,
    derived_custom_id,
    first_version_with,
    from_ranges,
    imf_fixdate,
    mechanism_for,
    parse_imf_fixdate,
    read_custom_ids,
    request_id,
    to_ranges,
)
from acs_identity.cli._journal import Journal, read_journal, read_records

RUN = uuid.UUID("0b7f3c1e-8d4a-4f4e-9a59-2f1c1d6e7a10")
T0 = 1_790_000_000.0  # a whole second


class Clock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


# ---------------------------------------------------------------------------------------- derivation


def test_request_ids_are_reproducible_and_distinct() -> None:
    assert request_id(RUN, 1, 7) == request_id(uuid.UUID(str(RUN)), 1, 7)
    ids = {request_id(RUN, epoch, index) for epoch in (1, 2) for index in range(100)}
    assert len(ids) == 200
    assert request_id(RUN, 1, 7).version == 5
    assert request_id(uuid.uuid4(), 1, 7) != request_id(RUN, 1, 7)


def test_imf_fixdate_round_trips_in_whole_seconds() -> None:
    text = imf_fixdate(T0 + 0.9)
    assert text.endswith(" GMT") and len(text) == len("Sun, 10 Sep 2023 20:39:30 GMT")
    assert parse_imf_fixdate(text) == T0
    assert imf_fixdate(1694378370) == "Sun, 10 Sep 2023 20:39:30 GMT"


def test_ranges() -> None:
    assert to_ranges([5, 1, 2, 3, 9, 10, 2]) == [[1, 3], [5, 5], [9, 10]]
    assert from_ranges([[1, 3], [5, 5]]) == [1, 2, 3, 5]
    assert to_ranges([]) == []


def test_mechanism_per_api_version() -> None:
    assert mechanism_for("2025-03-02-preview") is Mechanism.CUSTOM_ID
    assert mechanism_for("2023-08-01") is Mechanism.REPEATABILITY
    assert mechanism_for("2023-10-01") is Mechanism.NONE
    assert mechanism_for("2026-09-23") is Mechanism.NONE
    assert first_version_with(Mechanism.CUSTOM_ID) == "2025-03-02-preview"


def test_derived_custom_ids_and_their_limit() -> None:
    assert derived_custom_id("user-", 0) == "user-0"
    assert check_prefix("p" * 252, 10_000) == "p" * 252  # p...p9999 is 256 characters
    with pytest.raises(UsageError, match="custom_id must be 1 to 256 characters, got 257"):
        check_prefix("p" * 253, 10_000)
    with pytest.raises(UsageError, match="must not be empty"):
        check_prefix("", 5)


def test_custom_ids_file_is_checked_whole(tmp_path: Path) -> None:
    path = tmp_path / "ids.txt"
    path.write_text("alice\r\nbob\ncarol\n")
    assert read_custom_ids(path) == ("alice", "bob", "carol")
    path.write_text("alice\n\nbob\n")
    with pytest.raises(UsageError, match="line 2: custom_id must be 1 to 256 characters, got 0"):
        read_custom_ids(path)
    path.write_text("alice\nbob\n" + "x" * 257 + "\n")
    with pytest.raises(UsageError, match=r"line 3: .* got 257"):
        read_custom_ids(path)
    path.write_text("alice\nbob\nalice\n")
    with pytest.raises(UsageError, match="line 3 repeats the custom id of line 1"):
        read_custom_ids(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(UsageError, match="not UTF-8"):
        read_custom_ids(path)
    path.write_text("")
    with pytest.raises(UsageError, match="no custom ids"):
        read_custom_ids(path)


# ---------------------------------------------------------------------------------------- the journal


def test_control_lines_are_kept_apart_from_records(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path) as journal:
        journal.write_control("bulkRun", {"format": 1, "mechanism": "repeatability", "runId": str(RUN)})
        journal.append({"id": "u1", "index": 0})
        journal.write_control("bulkSend", {"epoch": 1, "firstSent": imf_fixdate(T0), "items": [[1, 1]]})
        journal.append({"id": "u2", "index": 1})
        with pytest.raises(ValueError, match="not a control line"):
            journal.write_control("id", {})
    contents = read_journal(path)
    assert [r["id"] for r in contents.records] == ["u1", "u2"]
    assert [name for name, _ in contents.controls] == ["bulkRun", "bulkSend"]
    assert [r["id"] for r in read_records(path)[0]] == ["u1", "u2"]
    assert read_ids(path) == ["u1", "u2"]  # bulk revoke/delete --in read only the identities


def test_a_torn_header_means_nothing_was_sent(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"bulkRun": {"format": 1, "mechani')
    with Journal(path) as journal:
        assert journal.controls == [] and journal.records == []
        plan = _plan(journal, Mechanism.REPEATABILITY, 3)
        assert plan.header_is_new and len(plan.todo) == 3
    assert path.read_text() == ""


def test_the_header_is_written_once_before_anything_else(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    with Journal(path) as journal:
        plan = _plan(journal, Mechanism.REPEATABILITY, 3)
        plan.begin(journal)
        plan.begin(journal)
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    assert len(lines) == 1 and set(lines[0]) == {"bulkRun"}
    header = lines[0]["bulkRun"]
    assert header["mechanism"] == "repeatability" and uuid.UUID(header["runId"]).version == 4
    with Journal(path) as journal:
        again = _plan(journal, Mechanism.REPEATABILITY, 3)
        assert not again.header_is_new and again.header == plan.header


def _plan(journal: Journal, mechanism: Mechanism, count: int, **kwargs: Any) -> CreatePlan:
    version = {Mechanism.CUSTOM_ID: "2025-03-02-preview", Mechanism.REPEATABILITY: "2023-08-01"}.get(
        mechanism, "2026-09-23"
    )
    return plan_create(journal, count=count, mechanism=mechanism, api_version=version, **kwargs)


# ---------------------------------------------------------------------------------------- repeatability plan


def _sent_lines(path: Path) -> list[dict[str, Any]]:
    return [body for name, body in read_journal(path).controls if name == "bulkSend"]


def test_a_batch_is_declared_durably_before_its_first_item_is_sent(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    clock = Clock()
    with Journal(path) as journal:
        plan = RepeatabilityPlan(journal, RUN, list(range(10)), batch=4, clock=clock)
        first = plan.sending_for(0)
        assert _sent_lines(path) == [
            {"epoch": 1, "firstSent": imf_fixdate(T0), "items": [[0, 3]], "afterWindow": 0}
        ]
        assert [plan.sending_for(i).epoch for i in (1, 2, 3)] == [1, 1, 1]
        assert plan.sending_for(4).epoch == 2 and len(_sent_lines(path)) == 2
        assert plan.sending_for(0) == first  # a retry repeats the id and the first-sent time
    assert first.request_id == request_id(RUN, 1, 0)
    assert first.first_sent_datetime == datetime.fromtimestamp(T0, UTC)


def test_a_rerun_within_the_window_repeats_the_ids_of_everything_possibly_sent(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    clock = Clock()
    with Journal(path) as journal:
        plan = RepeatabilityPlan(journal, RUN, list(range(10)), batch=4, clock=clock)
        before = {i: plan.sending_for(i) for i in range(6)}  # 0-3 in epoch 1, 4-7 declared in epoch 2
    clock.now += 200  # killed; rerun within 300 s
    with Journal(path) as journal:
        plan = RepeatabilityPlan(journal, RUN, list(range(10)), batch=4, clock=clock)
        assert {i: plan.sending_for(i) for i in range(6)} == before
        assert plan.sending_for(6).epoch == 2  # declared by the killed run: it may have been sent
        assert plan.sending_for(8).epoch == 3  # never declared: a new batch
        assert plan.after_window == 0


def test_a_rerun_after_the_window_counts_what_it_cannot_deduplicate(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    clock = Clock()
    with Journal(path) as journal:
        plan = RepeatabilityPlan(journal, RUN, list(range(6)), batch=4, clock=clock)
        old = plan.sending_for(0)
    clock.now += 301
    with Journal(path) as journal:
        plan = RepeatabilityPlan(journal, RUN, list(range(6)), batch=4, clock=clock)
        new = plan.sending_for(0)
        assert new.epoch == 2 and new.request_id != old.request_id and new.first_sent == T0 + 301
        assert plan.after_window == 1  # item 0 may exist already: a possible orphan, reported
        for index in (1, 2, 3):
            plan.sending_for(index)
        assert plan.after_window == 4
        assert plan.sending_for(4).epoch in (2, 3)  # never declared before: no orphan possible
        assert plan.after_window == 4
    assert sum(line["afterWindow"] for line in _sent_lines(path)) == 4
    with Journal(path) as journal:
        assert RepeatabilityPlan(journal, RUN, [], clock=clock).after_window_before == 4


def test_a_declared_but_unsent_item_is_refreshed_silently(tmp_path: Path) -> None:
    clock = Clock()
    with Journal(tmp_path / "out.jsonl") as journal:
        plan = RepeatabilityPlan(journal, RUN, list(range(4)), batch=4, clock=clock)
        plan.sending_for(0)
        clock.now += 200  # item 1 waited in the queue longer than half the window
        assert plan.sending_for(1).epoch == 2
        assert plan.sending_for(0).epoch == 1  # item 0 was sent: it keeps its id while the window lasts
        assert plan.after_window == 0


def test_a_412_moves_the_item_to_a_new_epoch_and_counts_it(tmp_path: Path) -> None:
    with Journal(tmp_path / "out.jsonl") as journal:
        plan = RepeatabilityPlan(journal, RUN, [0, 1], clock=Clock())
        assert plan.sending_for(0).epoch == 1
        plan.window_passed(0)
        assert plan.sending_for(0).epoch == 2
        assert plan.after_window == 1


# ---------------------------------------------------------------------------------------- plan checks


def _journal_with(tmp_path: Path, *lines: dict[str, Any]) -> Journal:
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    journal = Journal(path)
    journal.open()
    return journal


def test_a_rerun_must_repeat_the_mechanism(tmp_path: Path) -> None:
    header = {"bulkRun": {"format": 1, "mechanism": "customId", "customIdPrefix": "u-"}}
    journal = _journal_with(tmp_path, header, {"id": "a", "customId": "u-0"})
    try:
        with pytest.raises(CliError, match=r"started with custom ids.*--api-version 2025-03-02-preview"):
            _plan(journal, Mechanism.REPEATABILITY, 5)
        with pytest.raises(CliError, match="started with custom ids"):
            _plan(journal, Mechanism.NONE, 5)
    finally:
        journal.close()
    (tmp_path / "out.jsonl").unlink()
    journal = _journal_with(tmp_path, {"id": "a"}, {"id": "b"})
    try:
        with pytest.raises(CliError, match="without custom ids or repeatable requests"):
            _plan(journal, Mechanism.CUSTOM_ID, 5)
        assert len(_plan(journal, Mechanism.NONE, 5).todo) == 3
    finally:
        journal.close()


def test_custom_ids_from_a_prefix_resume_and_grow(tmp_path: Path) -> None:
    header = {"bulkRun": {"format": 1, "mechanism": "customId", "customIdPrefix": "u-"}}
    journal = _journal_with(tmp_path, header, {"id": "a", "customId": "u-0"}, {"id": "b", "customId": "u-2"})
    try:
        plan = _plan(journal, Mechanism.CUSTOM_ID, 5)
        assert [item.custom_id for item in plan.todo] == ["u-1", "u-3", "u-4"]
        assert plan.present(journal) == 2
        assert [item.custom_id for item in _plan(journal, Mechanism.CUSTOM_ID, 2).todo] == ["u-1"]
        assert _plan(journal, Mechanism.CUSTOM_ID, 5, custom_id_prefix="u-").todo == plan.todo
        with pytest.raises(CliError, match="started with --custom-id-prefix 'u-'; another prefix"):
            _plan(journal, Mechanism.CUSTOM_ID, 5, custom_id_prefix="v-")
        with pytest.raises(CliError, match="not --custom-ids"):
            _plan(journal, Mechanism.CUSTOM_ID, 5, custom_ids=["x"])
    finally:
        journal.close()


def test_custom_ids_from_a_file_resume(tmp_path: Path) -> None:
    header = {"bulkRun": {"format": 1, "mechanism": "customId", "customIds": "file"}}
    journal = _journal_with(tmp_path, header, {"id": "a", "customId": "bob"})
    try:
        plan = _plan(journal, Mechanism.CUSTOM_ID, 3, custom_ids=["alice", "bob", "carol"])
        assert [(item.index, item.custom_id) for item in plan.todo] == [(0, "alice"), (2, "carol")]
        with pytest.raises(CliError, match="pass the same file again"):
            _plan(journal, Mechanism.CUSTOM_ID, 3)
        with pytest.raises(CliError, match="1 identities whose custom id is not in the --custom-ids file"):
            _plan(journal, Mechanism.CUSTOM_ID, 2, custom_ids=["alice", "carol"])
    finally:
        journal.close()


def test_a_new_custom_id_set_without_a_prefix_gets_its_own(tmp_path: Path) -> None:
    with Journal(tmp_path / "a.jsonl") as first, Journal(tmp_path / "b.jsonl") as second:
        a, b = _plan(first, Mechanism.CUSTOM_ID, 2), _plan(second, Mechanism.CUSTOM_ID, 2)
    assert a.todo[0].custom_id != b.todo[0].custom_id
    assert a.header is not None and a.todo[0].custom_id == f"{a.header.custom_id_prefix}0"


# ---------------------------------------------------------------------------------------- whole runs


class FakeService:
    """The service's create with its exactly-once semantics; a `drop` fraction of calls (seeded) act, then lose
    their response. It yields once after acting, so cancelling the run there leaves a creation no line records."""

    def __init__(self, *, drop: float = 0.0, window: float = 300.0, clock: Clock | None = None) -> None:
        self.identities: list[str] = []
        self.by_custom_id: dict[str, str] = {}
        self.by_request_id: dict[str, str] = {}
        self.calls = 0
        self.drop = drop
        self.random = random.Random(11)
        self.window = window
        self.clock = clock or Clock()
        self.acted = asyncio.Event()
        self.act_limit: int | None = None

    async def create_user_and_token(
        self,
        scopes: Sequence[str],
        *,
        token_expires_in: timedelta | None = None,
        custom_id: str | None = None,
        repeatability_request_id: uuid.UUID | None = None,
        repeatability_first_sent: datetime | None = None,
    ) -> tuple[CommunicationUserIdentifier, AccessToken]:
        self.calls += 1
        await asyncio.sleep(0)
        key = str(repeatability_request_id) if repeatability_request_id is not None else None
        if repeatability_first_sent is not None and (
            self.clock() - repeatability_first_sent.timestamp() > self.window
        ):
            raise error_from_response(
                httpx.Response(
                    412,
                    json={
                        "error": {"code": "PreconditionFailed", "message": "first sent outside the window"}
                    },
                    headers={"Repeatability-Result": "rejected"},
                    request=httpx.Request("POST", "http://x/identities"),
                )
            )
        if custom_id is not None and custom_id in self.by_custom_id:
            identity = self.by_custom_id[custom_id]
        elif key is not None and key in self.by_request_id:
            identity = self.by_request_id[key]
        else:
            identity = f"8:acs:fake_{len(self.identities)}"
            self.identities.append(identity)
            if custom_id is not None:
                self.by_custom_id[custom_id] = identity
            if key is not None:
                self.by_request_id[key] = identity
        if self.act_limit is not None and len(self.identities) >= self.act_limit:
            self.acted.set()
        await asyncio.sleep(0)  # the response is on its way: a kill now loses it
        if self.random.random() < self.drop:
            raise httpx.ReadError("connection dropped after the service acted")
        return CommunicationUserIdentifier(identity), AccessToken(f"token-{identity}", 1_900_000_000)


async def _run(
    path: Path,
    service: FakeService,
    mechanism: Mechanism,
    count: int,
    *,
    stop_at: int | None = None,
    **kwargs: Any,
) -> CreatePlan:
    """One `bulk create` run against the fake; with stop_at, cancelled (as a kill) once the service made that many."""
    with Journal(path) as journal:
        plan = _plan(journal, mechanism, count, clock=service.clock, **kwargs)
        plan.begin(journal)
        create = item_creator(plan, service.create_user_and_token, ["chat"], None)
        run = asyncio.ensure_future(
            fill_items(
                journal,
                plan.todo,
                create,
                lambda error: classify(error, fatal_statuses=frozenset({400})),
                concurrency=16,
                max_attempts=10,
                backoff=lambda attempt: 0.0,
            )
        )
        if stop_at is None:
            stats = await run
            assert stats.failed == {}, stats.failure_messages
            return plan
        service.act_limit = stop_at
        await service.acted.wait()
        run.cancel()
        with pytest.raises(asyncio.CancelledError):
            await run
        return plan


def _identity_lines(path: Path) -> list[dict[str, Any]]:
    return read_records(path)[0]


@pytest.mark.parametrize("mechanism", [Mechanism.CUSTOM_ID, Mechanism.REPEATABILITY])
async def test_killed_run_with_lost_responses_then_rerun_leaves_exactly_one_identity_per_item(
    tmp_path: Path, mechanism: Mechanism
) -> None:
    path = tmp_path / "out.jsonl"
    service = FakeService(drop=0.1)
    await _run(path, service, mechanism, 200, stop_at=100)
    assert 0 < len(_identity_lines(path)) < 200
    assert len(service.identities) > len(_identity_lines(path))  # the kill lost some responses
    service.clock.now += 60
    plan = await _run(path, service, mechanism, 200)
    lines = _identity_lines(path)
    ids = [line["id"] for line in lines]
    assert len(ids) == 200 == len(set(ids))
    assert sorted(ids) == sorted(service.identities)  # the service holds exactly those: 0 orphans
    key = "customId" if mechanism is Mechanism.CUSTOM_ID else "index"
    assert len({line[key] for line in lines}) == 200
    assert plan.repeatability is None or plan.repeatability.after_window == 0


async def test_without_a_mechanism_the_same_run_leaves_orphans(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    service = FakeService(drop=0.1)
    await _run(path, service, Mechanism.NONE, 200, stop_at=100)
    await _run(path, service, Mechanism.NONE, 200)
    assert len({line["id"] for line in _identity_lines(path)}) == 200
    assert len(service.identities) > 200  # what possibleOrphans reports on these versions


async def test_a_rerun_after_the_window_reports_an_upper_bound_of_its_orphans(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    service = FakeService(drop=0.1)
    await _run(path, service, Mechanism.REPEATABILITY, 200, stop_at=100)
    service.clock.now += 3600
    plan = await _run(path, service, Mechanism.REPEATABILITY, 200)
    assert len({line["id"] for line in _identity_lines(path)}) == 200
    orphans = len(service.identities) - 200
    assert plan.repeatability is not None
    assert 0 < orphans <= plan.repeatability.after_window


async def test_a_412_during_a_run_is_retried_under_a_new_epoch(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    service = FakeService(window=100.0)  # shorter than the plan assumes: only the service's 412 tells
    with Journal(path) as journal:
        plan = _plan(journal, Mechanism.REPEATABILITY, 3, clock=service.clock)
        assert plan.repeatability is not None
        plan.repeatability.sending_for(0)  # item 0's first attempt...
        service.clock.now += 150  # ...and its retry after the service's window
        plan.begin(journal)
        create = item_creator(plan, service.create_user_and_token, ["chat"], None)
        stats = await fill_items(
            journal,
            plan.todo,
            create,
            lambda error: classify(error, fatal_statuses=frozenset()),
            concurrency=1,
            max_attempts=3,
            backoff=lambda attempt: 0.0,
        )
        assert stats.requeued == {"repeatability window passed": 1}
        assert plan.repeatability.after_window == 1
    assert len(_identity_lines(path)) == 3


def test_repeated_requests_must_repeat_the_token_options(tmp_path: Path) -> None:
    chat = {"scopes": ["chat"], "expiresInMinutes": None}
    with Journal(tmp_path / "out.jsonl") as journal:
        _plan(journal, Mechanism.REPEATABILITY, 3, request=chat).begin(journal)
    with Journal(tmp_path / "out.jsonl") as journal:
        assert len(_plan(journal, Mechanism.REPEATABILITY, 3, request=chat).todo) == 3
        with pytest.raises(CliError, match="--scope chat; now --scope chat,voip --expires-in 120m"):
            _plan(
                journal,
                Mechanism.REPEATABILITY,
                3,
                request={"scopes": ["chat", "voip"], "expiresInMinutes": 120},
            )


async def test_a_409_still_processing_is_asked_again(tmp_path: Path) -> None:
    service = FakeService()
    answers: list[int] = []

    async def busy_once(
        scopes: Sequence[str], **options: Any
    ) -> tuple[CommunicationUserIdentifier, AccessToken]:
        if not answers:
            answers.append(409)
            raise error_from_response(
                httpx.Response(
                    409,
                    json={"error": {"code": "Conflict", "message": "still being processed"}},
                    request=httpx.Request("POST", "http://x/identities"),
                )
            )
        return await service.create_user_and_token(scopes, **options)

    with Journal(tmp_path / "out.jsonl") as journal:
        plan = _plan(journal, Mechanism.REPEATABILITY, 2, clock=service.clock)
        plan.begin(journal)
        stats = await fill_items(
            journal,
            plan.todo,
            item_creator(plan, busy_once, ["chat"], None),
            lambda error: classify(error, fatal_statuses=frozenset({400})),
            concurrency=1,
            max_attempts=3,
            backoff=lambda attempt: 0.0,
        )
    assert stats.requeued == {"409 still processing": 1} and stats.succeeded == 2
    assert len(service.identities) == 2
