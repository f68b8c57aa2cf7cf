import asyncio
import json
from pathlib import Path

import pytest

from acs_identity.cli._bulk import classify as bulk_classify
from acs_identity.cli._bulk import fill_journal
from acs_identity.cli._journal import Journal, read_records
from acs_identity.cli._pool import Failure, run_pool


class Transient(Exception):
    pass


class Fatal(Exception):
    pass


def classify(error: Exception) -> Failure:
    if isinstance(error, Transient):
        return Failure("503", "unavailable", retryable=True, retry_after=0)
    if isinstance(error, Fatal):
        return Failure("401", "refused", fatal=True)
    return Failure("other", str(error))


def no_backoff(attempt: int) -> float:
    return 0.0


async def test_every_item_succeeds_once_despite_transient_failures() -> None:
    attempts: dict[int, int] = {}

    async def work(item: int) -> int:
        attempts[item] = attempts.get(item, 0) + 1
        if attempts[item] < 3 and item % 2:
            raise Transient()
        return item * 10

    done: list[tuple[int, int]] = []
    stats = await run_pool(
        range(20), work, lambda i, r: done.append((i, r)), classify, concurrency=4, backoff=no_backoff
    )
    assert sorted(done) == [(i, i * 10) for i in range(20)]
    assert stats.succeeded == 20
    assert stats.requeued["503"] == 20  # 10 odd items x 2 transient failures
    assert not stats.failed


async def test_attempts_are_bounded() -> None:
    async def work(item: int) -> int:
        raise Transient()

    stats = await run_pool(
        [1, 2], work, lambda i, r: None, classify, concurrency=2, max_attempts=3, backoff=no_backoff
    )
    assert stats.failed["503"] == 2
    assert stats.requeued["503"] == 4
    assert stats.succeeded == 0


async def test_fatal_failure_stops_the_run() -> None:
    started: list[int] = []

    async def work(item: int) -> int:
        started.append(item)
        raise Fatal()

    stats = await run_pool(range(50), work, lambda i, r: None, classify, concurrency=1, backoff=no_backoff)
    assert stats.fatal == "refused"
    assert started == [0]
    assert stats.not_attempted == 50


async def test_non_retryable_failure_is_counted_and_the_rest_continue() -> None:
    async def work(item: int) -> int:
        if item == 3:
            raise ValueError("bad item")
        return item

    stats = await run_pool(range(10), work, lambda i, r: None, classify, concurrency=3, backoff=no_backoff)
    assert stats.succeeded == 9
    assert stats.failed == {"other": 1}
    assert stats.failure_messages["other"] == "bad item"


async def test_a_crash_in_on_success_propagates_without_hanging() -> None:
    async def work(item: int) -> int:
        return item

    def on_success(item: int, result: int) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        await run_pool(range(10), work, on_success, classify, concurrency=2)


async def test_concurrency_is_bounded() -> None:
    in_flight = 0
    peak = 0

    async def work(item: int) -> int:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0)
        in_flight -= 1
        return item

    await run_pool(range(100), work, lambda i, r: None, classify, concurrency=7)
    assert 1 < peak <= 7


async def test_give_up_after_many_consecutive_failures() -> None:
    async def work(item: int) -> int:
        raise Transient()

    stats = await run_pool(
        range(100),
        work,
        lambda i, r: None,
        classify,
        concurrency=1,
        max_attempts=50,
        give_up_after=10,
        backoff=no_backoff,
    )
    assert stats.fatal is not None and "10 failures in a row" in stats.fatal


class FakeService:
    """Creates numbered identities, optionally failing every n-th call transiently."""

    def __init__(self, *, fail_every: int = 0, first_id: int = 0) -> None:
        self.created = 0
        self.calls = 0
        self.fail_every = fail_every
        self.next_id = first_id
        self.reached = asyncio.Event()
        self.reach_at: int | None = None

    async def create(self) -> dict[str, str]:
        self.calls += 1
        await asyncio.sleep(0)
        if self.fail_every and self.calls % self.fail_every == 0:
            raise Transient()
        self.created += 1
        self.next_id += 1
        if self.reach_at is not None and self.created >= self.reach_at:
            self.reached.set()
        return {"id": f"8:acs:fake_{self.next_id}", "token": "t"}


async def _fill(path: Path, target: int, service: FakeService) -> None:
    with Journal(path) as journal:
        await fill_journal(journal, target, service.create, classify, concurrency=8, max_attempts=5)


async def test_fill_journal_resumes_after_an_interruption(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    first_service = FakeService()
    first_service.reach_at = 37
    run = asyncio.create_task(_fill(path, 100, first_service))
    await first_service.reached.wait()
    run.cancel()  # what Ctrl+C does to asyncio.run's main task
    with pytest.raises(asyncio.CancelledError):
        await run
    first, _ = read_records(path)
    assert 37 <= len(first) < 100
    # A killed writer may also leave half a line behind.
    with path.open("a") as handle:
        handle.write('{"id": "8:acs:torn')
    service = FakeService(fail_every=7, first_id=1000)
    await _fill(path, 100, service)
    records, _ = read_records(path)
    ids = [r["id"] for r in records]
    assert len(ids) == 100 == len(set(ids))
    assert ids[: len(first)] == [r["id"] for r in first]
    assert service.created == 100 - len(first)


async def test_a_base_exception_in_work_propagates_without_hanging() -> None:
    class Crash(BaseException):
        pass

    async def work(item: int) -> int:
        raise Crash()

    with pytest.raises(Crash):
        await run_pool(range(10), work, lambda i, r: None, classify, concurrency=2)


async def test_fill_journal_is_a_no_op_when_complete(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps({"id": f"u{n}"}) + "\n" for n in range(5)))
    service = FakeService()
    await _fill(path, 5, service)
    assert service.calls == 0


async def test_fill_journal_never_writes_an_id_twice(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text(json.dumps({"id": "dup"}) + "\n")
    calls = 0

    async def create() -> dict[str, str]:
        nonlocal calls
        calls += 1
        return {"id": "dup" if calls == 1 else f"u{calls}"}

    with Journal(path) as journal:
        stats = await fill_journal(
            journal,
            3,
            create,
            lambda e: bulk_classify(e, fatal_statuses=frozenset()),
            concurrency=1,
            max_attempts=2,
        )
    ids = [r["id"] for r in read_records(path)[0]]
    assert ids == ["dup", "u2", "u3"]
    assert stats.requeued == {"duplicate id": 1}
