"""Run many service operations with bounded concurrency, re-queuing transient failures a bounded number of times."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from .._retry import RetryPolicy

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Failure:
    """How to treat one failed attempt."""

    reason: str  # short label for the summary: "429", "503", "connection lost", ...
    message: str  # one secret-free line
    retryable: bool = False
    fatal: bool = False  # nothing else can succeed (bad credentials, bad request): stop the run
    retry_after: float | None = None


@dataclass
class PoolStats:
    succeeded: int = 0
    requeued: Counter[str] = field(default_factory=Counter[str])
    failed: Counter[str] = field(default_factory=Counter[str])
    failure_messages: dict[str, str] = field(default_factory=dict[str, str])
    fatal: str | None = None
    not_attempted: int = 0


# The client's backoff rule (exponential, jittered, capped), with a longer cap: the client already retried,
# so the service needs a real pause before an item is tried again.
default_backoff = RetryPolicy(backoff_factor=0.5, backoff_max=10.0).backoff


@dataclass
class _Item(Generic[T]):
    value: T
    attempt: int = 1


class _Run(Generic[T, R]):
    def __init__(
        self,
        work: Callable[[T], Awaitable[R]],
        on_success: Callable[[T, R], None],
        classify: Callable[[Exception], Failure],
        *,
        max_attempts: int,
        give_up_after: int,
        backoff: Callable[[int], float],
        on_progress: Callable[[int], None] | None,
    ) -> None:
        self.work = work
        self.on_success = on_success
        self.classify = classify
        self.max_attempts = max_attempts
        self.give_up_after = give_up_after
        self.backoff = backoff
        self.on_progress = on_progress
        self.stats = PoolStats()
        self.queue: asyncio.Queue[_Item[T]] = asyncio.Queue()
        self.stop = False
        self.consecutive_failures = 0
        self.crash: BaseException | None = None

    async def worker(self) -> None:
        while True:
            item = await self.queue.get()
            try:
                if self.stop:
                    self.stats.not_attempted += 1
                    continue
                await self._attempt(item)
            except asyncio.CancelledError:
                raise
            except BaseException as error:
                # A bug or a local failure (e.g. the disk is full): stop feeding work and re-raise after join.
                if self.crash is None:
                    self.crash = error
                self.stop = True
            finally:
                self.queue.task_done()

    async def _attempt(self, item: _Item[T]) -> None:
        try:
            result = await self.work(item.value)
        except Exception as error:
            await self._failed(item, self.classify(error))
            return
        self.consecutive_failures = 0
        self.on_success(item.value, result)
        self.stats.succeeded += 1
        if self.on_progress is not None:
            self.on_progress(1)

    async def _failed(self, item: _Item[T], failure: Failure) -> None:
        self.consecutive_failures += 1
        if failure.fatal:
            self._halt(failure.message)
            self.stats.not_attempted += 1
            return
        if failure.retryable and item.attempt < self.max_attempts and not self.stop:
            if self.consecutive_failures >= self.give_up_after:
                self._halt(
                    f"giving up after {self.consecutive_failures} failures in a row; last: {failure.message}"
                )
                self.stats.not_attempted += 1
                return
            self.stats.requeued[failure.reason] += 1
            delay = failure.retry_after if failure.retry_after is not None else self.backoff(item.attempt)
            await asyncio.sleep(max(0.0, delay))
            # Put back before task_done so queue.join() cannot finish while this item is pending.
            self.queue.put_nowait(_Item(item.value, item.attempt + 1))
            return
        self.stats.failed[failure.reason] += 1
        self.stats.failure_messages.setdefault(failure.reason, failure.message)

    def _halt(self, message: str) -> None:
        if self.stats.fatal is None:
            self.stats.fatal = message
        self.stop = True


async def run_pool(
    items: Sequence[T],
    work: Callable[[T], Awaitable[R]],
    on_success: Callable[[T, R], None],
    classify: Callable[[Exception], Failure],
    *,
    concurrency: int,
    max_attempts: int = 6,
    give_up_after: int = 200,
    backoff: Callable[[int], float] = default_backoff,
    on_progress: Callable[[int], None] | None = None,
) -> PoolStats:
    """Apply `work` to every item with at most `concurrency` in flight; `on_success` runs once per success."""
    run: _Run[T, R] = _Run(
        work,
        on_success,
        classify,
        max_attempts=max_attempts,
        give_up_after=give_up_after,
        backoff=backoff,
        on_progress=on_progress,
    )
    for value in items:
        run.queue.put_nowait(_Item(value))
    workers = [asyncio.create_task(run.worker()) for _ in range(max(1, min(concurrency, len(items))))]
    try:
        await run.queue.join()
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
    if run.crash is not None:
        raise run.crash
    return run.stats
