"""Timed runs of the contenders, interleaved in rounds (ABCABC...) because the machine is noisy."""

from __future__ import annotations

import asyncio
import math
import statistics
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AsyncExitStack, ExitStack
from dataclasses import asdict, dataclass, field
from typing import Any

from .contenders import AsyncCalls, AsyncFactory, SyncCalls, SyncFactory
from .server import EmulatorProcess


@dataclass
class Sample:
    calls: int
    client_cpu_s: float
    wall_s: float
    server_cpu_s: float

    # NaN rather than ZeroDivisionError for an empty sample: the report shows it as missing.
    @property
    def cpu_ms_per_call(self) -> float:
        return 1000.0 * self.client_cpu_s / self.calls if self.calls else math.nan

    @property
    def calls_per_s(self) -> float:
        return self.calls / self.wall_s if self.wall_s > 0 else math.nan

    @property
    def server_cpu_ms_per_call(self) -> float:
        return 1000.0 * self.server_cpu_s / self.calls if self.calls else math.nan


@dataclass
class Series:
    """The samples of one contender in one scenario and their medians."""

    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        if not self.samples:
            raise RuntimeError(f"every sample failed: {self.errors}")
        return {
            "errors": self.errors,
            "cpu_ms_per_call": statistics.median(s.cpu_ms_per_call for s in self.samples),
            "calls_per_s": statistics.median(s.calls_per_s for s in self.samples),
            "server_cpu_ms_per_call": statistics.median(s.server_cpu_ms_per_call for s in self.samples),
            "rounds": len(self.samples),
            "calls": sum(s.calls for s in self.samples),
            "samples": [
                asdict(s)
                | {
                    "cpu_ms_per_call": s.cpu_ms_per_call,
                    "calls_per_s": s.calls_per_s,
                    "server_cpu_ms_per_call": s.server_cpu_ms_per_call,
                }
                for s in self.samples
            ],
        }


def rotations(names: list[str], rounds: int) -> Iterator[list[str]]:
    """Each round runs every contender once; the starting contender rotates so none is always first."""
    for r in range(rounds):
        k = r % len(names)
        yield names[k:] + names[:k]


def _timed_sync(fn: Callable[[], object], calls: int, server: EmulatorProcess) -> Sample:
    server_cpu = server.cpu()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(calls):
        fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Sample(calls, cpu, wall, server.cpu() - server_cpu)


def run_sync(
    contenders: dict[str, SyncFactory],
    server: EmulatorProcess,
    calls: int,
    rounds: int,
    warmup: int,
) -> dict[str, dict[str, Series]]:
    """{operation: {contender: Series}} for create_user_and_token and get_token."""
    results: dict[str, dict[str, Series]] = {"create_user_and_token": {}, "get_token": {}}
    info = server.info()
    with ExitStack() as stack:
        clients: dict[str, SyncCalls] = {name: stack.enter_context(f(info)) for name, f in contenders.items()}
        for operation in results:
            for name, client in clients.items():
                fn = client.create if operation == "create_user_and_token" else client.get_token
                for _ in range(warmup):
                    fn()
                results[operation][name] = Series()
            for order in rotations(list(clients), rounds):
                for name in order:
                    client = clients[name]
                    fn = client.create if operation == "create_user_and_token" else client.get_token
                    series = results[operation][name]
                    try:
                        series.samples.append(_timed_sync(fn, calls, server))
                    except Exception as error:  # a failed sample is reported, not fatal
                        series.errors.append(_describe(error))
    return results


def _describe(error: BaseException) -> str:
    if isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return f"{type(error).__name__}: {error}"[:300]


async def _timed_async(
    fn: Callable[[], Awaitable[object]], concurrency: int, seconds: float, server: EmulatorProcess
) -> Sample:
    deadline = 0.0

    async def worker() -> int:
        # At least one call each, however late the worker starts: a short --quick window on a loaded
        # machine could otherwise end with no call at all (and no figure to divide by).
        done = 0
        while True:
            await fn()
            done += 1
            if time.perf_counter() >= deadline:
                return done

    server_cpu = server.cpu()
    cpu, wall = time.process_time(), time.perf_counter()
    deadline = wall + seconds
    # A TaskGroup: if a call fails, the other workers stop too instead of running into the next sample.
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(worker()) for _ in range(concurrency)]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return Sample(sum(t.result() for t in tasks), cpu, wall, server.cpu() - server_cpu)


async def _warm(fn: Callable[[], Awaitable[object]], concurrency: int, per_worker: int) -> None:
    async def worker() -> None:
        for _ in range(per_worker):
            await fn()

    async with asyncio.TaskGroup() as group:
        for _ in range(concurrency):
            group.create_task(worker())


async def _run_async(
    contenders: dict[str, AsyncFactory],
    server: EmulatorProcess,
    levels: list[int],
    seconds: float,
    rounds: int,
    warmup: int,
) -> dict[int, dict[str, Series]]:
    results: dict[int, dict[str, Series]] = {}
    info = server.info()
    async with AsyncExitStack() as stack:
        clients: dict[str, AsyncCalls] = {}
        for name, factory in contenders.items():
            clients[name] = await stack.enter_async_context(factory(info))
        for level in levels:
            results[level] = {name: Series() for name in clients}
            for client in clients.values():
                await _warm(client.create, level, warmup)  # open this level's connections before timing
            for order in rotations(list(clients), rounds):
                for name in order:
                    series = results[level][name]
                    try:
                        series.samples.append(
                            await _timed_async(clients[name].create, level, seconds, server)
                        )
                    except Exception as error:  # a failed sample is reported, not fatal
                        series.errors.append(_describe(error))
    return results


def run_async(
    contenders: dict[str, AsyncFactory],
    server: EmulatorProcess,
    levels: list[int],
    seconds: float,
    rounds: int,
    warmup: int = 3,
) -> dict[int, dict[str, Series]]:
    """{in-flight level: {contender: Series}} of create_user_and_token; `warmup` calls per worker first."""
    return asyncio.run(_run_async(contenders, server, levels, seconds, rounds, warmup))
