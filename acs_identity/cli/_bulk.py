"""Bulk provisioning: create N users+tokens (resumable), and revoke/delete the users listed in a file.

Resumability: the --out JSONL file is the journal. A line is appended only after the service confirmed
the creation, so after any crash the complete lines are exactly the identities we know about, and a
rerun creates only the difference. On api-versions with custom ids or repeatable requests every item
is sent with a key a rerun repeats (see _exactly_once), so a creation whose response was lost is found
again instead of made twice. On the others nothing can rule out such a loss (connection dropped after
the service acted): the retry creates another identity and the first is an orphan on the service, never
a duplicate in the file. We count such lost responses at the transport and report them.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import httpx
from azure.core.exceptions import (
    ClientAuthenticationError,
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)

from .._retry import RETRY_STATUSES, RetryPolicy, parse_retry_after
from .._tls import verify_setting
from ._bulk_plan import CreatePlan, Item, plan_create
from ._connection import Connection, async_client
from ._errors import AUTH_FAILURE_CODES, describe, error_code
from ._exactly_once import Mechanism
from ._journal import Journal, read_records
from ._output import iso_from_epoch
from ._pool import Failure, PoolStats, default_backoff, run_pool
from ._progress import progress_reporter

if TYPE_CHECKING:
    from azure.core.credentials import AccessToken

    from .._shared.models import CommunicationUserIdentifier

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


class CountingTransport(httpx.AsyncBaseTransport):
    """Sees every attempt (including the client's own retries): counts throttling and lost responses."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner
        self.statuses: Counter[int] = Counter()
        self.connection_errors: Counter[str] = Counter()
        self.lost_creations = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = await self._inner.handle_async_request(request)
        except _NOT_SENT:
            self.connection_errors["connect failed"] += 1
            raise
        except httpx.TransportError:
            self.connection_errors["connection lost"] += 1
            # The request may have reached the service; for a creation that means a possible orphan.
            if request.method == "POST" and request.url.path.rstrip("/").endswith("/identities"):
                self.lost_creations += 1
            raise
        if response.status_code >= 400:
            self.statuses[response.status_code] += 1
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()


def _stop_on_sigterm() -> None:
    """SIGTERM stops the run like Ctrl+C (cancel, sync the journal, summarise) instead of dying mid-write."""
    task = asyncio.current_task()
    if task is not None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)


def make_transport(connection: Connection, concurrency: int) -> CountingTransport:
    # The async client's own aiohttp transport, with a pool as wide as the concurrency: aiohttp's pool
    # costs the same CPU per request however many connections it holds (httpcore's grows with them).
    # Imported here: every CLI command imports this module, and only bulk runs need aiohttp.
    from ..aio._aiohttp import AiohttpTransport

    verify = verify_setting(connection.verify)  # the clients' trust rule (--ca-cert, REQUESTS_CA_BUNDLE, ...)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return CountingTransport(AiohttpTransport(verify=verify, limits=limits))


def _retry_after(error: HttpResponseError) -> float | None:
    """The service's requested delay, read and capped by the client's own retry rules."""
    headers = getattr(getattr(error, "response", None), "headers", None)
    if headers is None:
        return None
    requested = parse_retry_after(httpx.Headers(headers))
    return None if requested is None else min(requested, RetryPolicy().backoff_max)


def classify(error: Exception, *, fatal_statuses: frozenset[int]) -> Failure:
    """Transient (re-queue), per-item failure, or fatal (stop the run: nothing else would succeed)."""
    message = describe(error)
    if isinstance(error, DuplicateIdentity):
        return Failure(
            "duplicate id", f"the service returned an id already in the output: {error}", retryable=True
        )
    if isinstance(error, WindowPassed):
        return Failure("repeatability window passed", str(error), retryable=True)
    if isinstance(error, StillProcessing):
        return Failure("409 still processing", str(error), retryable=True)
    if isinstance(error, ClientAuthenticationError) and error_code(error) in AUTH_FAILURE_CODES:
        return Failure("401", message, fatal=True)  # the credentials are wrong: every request would fail
    if isinstance(error, HttpResponseError):
        status = getattr(error, "status_code", None)
        code = error_code(error)
        reason = " ".join(str(part) for part in (status, code) if part) or "http error"
        if status in RETRY_STATUSES:
            return Failure(reason, message, retryable=True, retry_after=_retry_after(error))
        return Failure(reason, message, fatal=status in fatal_statuses)
    if isinstance(error, ServiceRequestError | httpx.ConnectError | httpx.ConnectTimeout):
        return Failure("connect failed", message, retryable=True)
    if isinstance(error, ServiceResponseError | httpx.TransportError):
        return Failure("connection lost", message, retryable=True)
    return Failure(type(error).__name__, message)


@dataclass
class BulkOutcome:
    summary: dict[str, Any]
    lines: list[str] = field(default_factory=list[str])  # human summary for stderr
    complete: bool = True


def _fmt_counts(counts: Counter[str] | dict[str, int]) -> str:
    return ", ".join(f"{name}: {n}" for name, n in sorted(counts.items())) or "none"


def _service_retries(transport: CountingTransport) -> dict[str, int]:
    seen: dict[str, int] = {str(status): n for status, n in sorted(transport.statuses.items())}
    seen.update(transport.connection_errors)
    return seen


# ---------------------------------------------------------------------------------------------- create


@dataclass(frozen=True)
class CreateRequest:
    count: int
    scopes: list[str]
    expires_in: timedelta | None
    concurrency: int
    out: Path
    progress: str
    max_attempts: int
    api_version: str = ""
    mechanism: Mechanism = Mechanism.NONE
    custom_id_prefix: str | None = None
    custom_ids: tuple[str, ...] | None = None  # from --custom-ids, checked


def run_bulk_create(request: CreateRequest, connect: Callable[[], Any]) -> BulkOutcome:
    """`connect` is a context-manager factory yielding a Connection (only entered when work remains)."""
    started = time.monotonic()
    journal = Journal(request.out)
    journal.open()
    try:
        plan = plan_create(
            journal,
            count=request.count,
            mechanism=request.mechanism,
            api_version=request.api_version,
            custom_id_prefix=request.custom_id_prefix,
            custom_ids=request.custom_ids,
            request=_request_options(request),
        )
        if not plan.todo:
            return _create_outcome(request, plan, journal, started, None, None, interrupted=False)
        with connect() as connection:
            started = time.monotonic()  # time the requests, not an embedded emulator's start-up
            plan.begin(journal)
            transport = make_transport(connection, request.concurrency)
            stats: PoolStats | None = None
            try:
                stats = asyncio.run(_create_all(request, plan, connection, transport, journal))
            except (KeyboardInterrupt, asyncio.CancelledError):
                return _create_outcome(request, plan, journal, started, None, transport, interrupted=True)
            return _create_outcome(request, plan, journal, started, stats, transport, interrupted=False)
    finally:
        journal.close()


def _request_options(request: CreateRequest) -> dict[str, Any]:
    minutes = None if request.expires_in is None else int(request.expires_in.total_seconds() // 60)
    return {"scopes": list(request.scopes), "expiresInMinutes": minutes}


class DuplicateIdentity(Exception):
    """The service returned an id the journal already holds: it is never written twice."""


class WindowPassed(Exception):
    """The service refused an item's Repeatability-First-Sent as older than its window (412)."""


class StillProcessing(Exception):
    """The service is still executing the first request with this Repeatability-Request-ID (409)."""


async def fill_journal(
    journal: Journal,
    target: int,
    create: Callable[[], Awaitable[dict[str, Any]]],
    classify_error: Callable[[Exception], Failure],
    *,
    concurrency: int,
    max_attempts: int,
    on_progress: Callable[[int], None] | None = None,
) -> PoolStats:
    """Append confirmed creations until the journal holds `target` records; each id at most once."""

    async def create_any(_item: Item) -> dict[str, Any]:
        return await create()

    return await fill_items(
        journal,
        [Item(index) for index in range(max(0, target - len(journal.records)))],
        create_any,
        classify_error,
        concurrency=concurrency,
        max_attempts=max_attempts,
        on_progress=on_progress,
    )


async def fill_items(
    journal: Journal,
    items: Sequence[Item],
    create: Callable[[Item], Awaitable[dict[str, Any]]],
    classify_error: Callable[[Exception], Failure],
    *,
    concurrency: int,
    max_attempts: int,
    on_progress: Callable[[int], None] | None = None,
    backoff: Callable[[int], float] = default_backoff,
) -> PoolStats:
    """Append a confirmed line per item (`create` returns it); each identity id at most once."""
    seen = {record["id"] for record in journal.records}

    async def attempt(item: Item) -> dict[str, Any]:
        line = await create(item)
        if line["id"] in seen:
            raise DuplicateIdentity(line["id"])
        return line

    def record(_item: Item, line: dict[str, Any]) -> None:
        # Runs right after attempt() returns, with no await in between, so the check above still holds.
        seen.add(line["id"])
        journal.append(line)

    return await run_pool(
        items,
        attempt,
        record,
        classify_error,
        concurrency=concurrency,
        max_attempts=max_attempts,
        on_progress=on_progress,
        backoff=backoff,
    )


class CreateUserAndToken(Protocol):
    """The client's `create_user_and_token`, as much of it as bulk create uses (a seam for fakes)."""

    def __call__(
        self,
        scopes: Sequence[str],
        *,
        token_expires_in: timedelta | None = None,
        custom_id: str | None = None,
        repeatability_request_id: uuid.UUID | None = None,
        repeatability_first_sent: datetime | None = None,
    ) -> Awaitable[tuple[CommunicationUserIdentifier, AccessToken]]: ...


def item_creator(
    plan: CreatePlan,
    create_user_and_token: CreateUserAndToken,
    scopes: list[str],
    expires_in: timedelta | None,
) -> Callable[[Item], Awaitable[dict[str, Any]]]:
    """Creates one item with the key its plan gives it and returns its journal line (the client is a seam)."""

    async def send(item: Item) -> tuple[CommunicationUserIdentifier, AccessToken]:
        if item.custom_id is not None:
            return await create_user_and_token(scopes, token_expires_in=expires_in, custom_id=item.custom_id)
        sending = plan.sending_for(item)  # syncs the item's bulkSend line first, when it needs one
        if sending is not None:
            return await create_user_and_token(
                scopes,
                token_expires_in=expires_in,
                repeatability_request_id=sending.request_id,
                repeatability_first_sent=sending.first_sent_datetime,
            )
        return await create_user_and_token(scopes, token_expires_in=expires_in)

    async def create(item: Item) -> dict[str, Any]:
        try:
            user, token = await send(item)
        except HttpResponseError as error:
            status = getattr(error, "status_code", None)
            if plan.repeatability is not None and status == 412:
                plan.repeatability.window_passed(item.index)
                raise WindowPassed(describe(error)) from error
            if plan.repeatability is not None and status == 409:
                raise StillProcessing(describe(error)) from error  # ask again: the first answer will be kept
            raise
        fields = {
            "id": str(user.properties["id"]),
            "token": token.token,
            "expiresOn": iso_from_epoch(token.expires_on),
        }
        return plan.line(item, fields)

    return create


async def _create_all(
    request: CreateRequest,
    plan: CreatePlan,
    connection: Connection,
    transport: CountingTransport,
    journal: Journal,
) -> PoolStats:
    _stop_on_sigterm()
    client = async_client(connection, transport=transport)
    try:
        async with client:
            create = item_creator(plan, client.create_user_and_token, request.scopes, request.expires_in)
            with progress_reporter(
                request.progress, "creating", request.count, plan.present(journal)
            ) as advance:
                return await fill_items(
                    journal,
                    plan.todo,
                    create,
                    lambda error: classify(error, fatal_statuses=frozenset({400, 403, 404})),
                    concurrency=request.concurrency,
                    max_attempts=request.max_attempts,
                    on_progress=advance,
                )
    finally:
        await transport.aclose()


def _exactly_once_summary(
    plan: CreatePlan, transport: CountingTransport | None
) -> tuple[dict[str, Any], int | None, str]:
    """(summary fields, possible orphans of this run or None when it sent nothing, the human sentence)."""
    lost = transport.lost_creations if transport is not None else None
    fields: dict[str, Any] = {"mechanism": plan.mechanism.value}
    if plan.mechanism is Mechanism.CUSTOM_ID:
        assert plan.header is not None
        source = (
            "from --custom-ids"
            if plan.header.custom_ids_file
            else f"prefix {plan.header.custom_id_prefix!r} + item index"
        )
        fields["customIds"] = "file" if plan.header.custom_ids_file else plan.header.custom_id_prefix
        orphans = None if lost is None else 0
        sentence = f"exactly once by custom ids ({source})"
    elif plan.mechanism is Mechanism.REPEATABILITY:
        assert plan.header is not None and plan.repeatability is not None
        fields["runId"] = plan.header.run_id
        orphans = None if lost is None else plan.repeatability.after_window
        fields["possibleOrphansAllRuns"] = plan.possible_orphans_before + plan.repeatability.after_window
        sentence = f"exactly once by repeatable requests (run {plan.header.run_id})"
    else:
        orphans = lost
        sentence = "no exactly-once mechanism on this api-version: lost responses may leave orphans"
    if lost is not None and plan.mechanism is not Mechanism.NONE:
        fields["lostResponses"] = lost  # each one's retry found the first creation again: no orphan
    return fields, orphans, sentence


def _create_outcome(
    request: CreateRequest,
    plan: CreatePlan,
    journal: Journal,
    started: float,
    stats: PoolStats | None,
    transport: CountingTransport | None,
    *,
    interrupted: bool,
) -> BulkOutcome:
    existing = plan.existing
    total = len(journal.records)
    created = total - existing
    present = plan.present(journal)
    complete = present >= request.count
    seconds = time.monotonic() - started
    rate = created / seconds if seconds > 0 else 0.0
    summary: dict[str, Any] = {
        "command": "bulk create",
        "out": str(request.out),
        "requested": request.count,
        "existing": existing,
        "created": created,
        "total": total,
        "complete": complete,
        "interrupted": interrupted,
        "seconds": round(seconds, 3),
        "ratePerSecond": round(rate, 1),
    }
    exactly_once, orphans, sentence = _exactly_once_summary(plan, transport)
    summary.update(exactly_once)
    if stats is not None:
        summary["requeued"] = dict(stats.requeued)
        summary["failed"] = dict(stats.failed)
        summary["failures"] = dict(stats.failure_messages)
        if stats.fatal:
            summary["stoppedBecause"] = stats.fatal
    if transport is not None:
        summary["failedAttempts"] = _service_retries(transport)
        summary["possibleOrphans"] = orphans
    outcome = BulkOutcome(summary, complete=complete)
    if created == 0 and complete and transport is None:
        outcome.lines.append(
            f"bulk create: {request.out} already holds {present} of the {request.count} requested identities; "
            "nothing to do"
        )
        return outcome
    line = (
        f"bulk create: {present}/{request.count} identities in {request.out} "
        f"({created} created now, {existing} from before) in {seconds:.1f}s, {rate:.0f}/s"
    )
    if transport is not None:
        line += f"; failed attempts, retried: {_fmt_counts(_service_retries(transport))}"
    if stats is not None:
        line += f"; re-queued after client retries: {_fmt_counts(stats.requeued)}; failed: {_fmt_counts(stats.failed)}"
    outcome.lines.append(line)
    if stats is not None:
        outcome.lines.extend(
            f"  failed ({reason}): {message}" for reason, message in stats.failure_messages.items()
        )
        if stats.fatal:
            outcome.lines.append(f"  stopped: {stats.fatal}")
    if transport is not None:
        outcome.lines.append(f"  {sentence}; possible orphans: {orphans}")
    if plan.mechanism is Mechanism.NONE and transport is not None and transport.lost_creations:
        outcome.lines.append(
            f"  note: {transport.lost_creations} creation request(s) lost their response; each may have created "
            "an identity the service did not report (an orphan on the service, not in the output; the output has "
            "no duplicates)"
        )
    if plan.mechanism is not Mechanism.NONE and transport is not None and transport.lost_creations:
        outcome.lines.append(
            f"  note: {transport.lost_creations} creation request(s) lost their response; their retries carried "
            "the same key, so any identity the service had made was returned again (no orphan)"
        )
    if plan.repeatability is not None and orphans:
        outcome.lines.append(
            f"  note: {orphans} item(s) an earlier attempt may have created were sent again after the service's "
            "repeatability window had passed; each may have left an orphan identity on the service"
        )
    if interrupted:
        outcome.lines.append("  interrupted: rerun the same command to finish the set")
    elif not complete:
        outcome.lines.append(
            f"  {request.count - present} not created: rerun the same command to finish the set"
        )
    return outcome


# ---------------------------------------------------------------------------------------- revoke/delete


@dataclass(frozen=True)
class ApplyRequest:
    action: str  # "revoke" | "delete"
    source: Path
    concurrency: int
    progress: str
    max_attempts: int

    @property
    def sidecar(self) -> Path:
        return self.source.with_name(f"{self.source.name}.{self.action}-progress")


def read_ids(path: Path) -> list[str]:
    records, _ = read_records(path)
    return list(dict.fromkeys(str(record["id"]) for record in records))


def run_bulk_apply(request: ApplyRequest, connect: Callable[[], Any]) -> BulkOutcome:
    started = time.monotonic()
    ids = read_ids(request.source)
    sidecar = Journal(request.sidecar)
    done = {str(record["id"]) for record in sidecar.open()}
    try:
        todo = [user_id for user_id in ids if user_id not in done]
        stats: PoolStats | None = None
        interrupted = False
        if todo:
            with connect() as connection:
                started = time.monotonic()
                try:
                    stats = asyncio.run(_apply_all(request, connection, sidecar, todo, len(ids) - len(todo)))
                except (KeyboardInterrupt, asyncio.CancelledError):
                    interrupted = True
        return _apply_outcome(request, ids, done, sidecar, started, stats, interrupted)
    finally:
        sidecar.close()


async def _apply_all(
    request: ApplyRequest, connection: Connection, sidecar: Journal, todo: list[str], already: int
) -> PoolStats:
    from .._shared.models import CommunicationUserIdentifier

    _stop_on_sigterm()
    transport = make_transport(connection, request.concurrency)
    client = async_client(connection, transport=transport)
    past = "deleted" if request.action == "delete" else "revoked"
    try:
        async with client:

            async def apply(user_id: str) -> str:
                identifier = CommunicationUserIdentifier(user_id)
                try:
                    if request.action == "delete":
                        await client.delete_user(identifier)
                    else:
                        await client.revoke_tokens(identifier)
                except ResourceNotFoundError:
                    return "not found"  # already deleted: the goal state, so done
                return past

            with progress_reporter(request.progress, request.action, already + len(todo), already) as advance:
                return await run_pool(
                    todo,
                    apply,
                    lambda user_id, result: sidecar.append({"id": user_id, "result": result}),
                    lambda error: classify(error, fatal_statuses=frozenset({403})),
                    concurrency=request.concurrency,
                    max_attempts=request.max_attempts,
                    on_progress=advance,
                )
    finally:
        await transport.aclose()


def _apply_outcome(
    request: ApplyRequest,
    ids: list[str],
    done_before: set[str],
    sidecar: Journal,
    started: float,
    stats: PoolStats | None,
    interrupted: bool,
) -> BulkOutcome:
    wanted = set(ids)
    results = Counter(
        str(r.get("result")) for r in sidecar.records if r["id"] in wanted and r["id"] not in done_before
    )
    finished = len({r["id"] for r in sidecar.records} & wanted)
    seconds = time.monotonic() - started
    summary: dict[str, Any] = {
        "command": f"bulk {request.action}",
        "in": str(request.source),
        "progressFile": str(request.sidecar),
        "total": len(ids),
        "doneBefore": len(done_before & wanted),
        "doneNow": dict(results),
        "remaining": len(ids) - finished,
        "complete": finished == len(ids),
        "interrupted": interrupted,
        "seconds": round(seconds, 3),
    }
    if stats is not None:
        summary["requeued"] = dict(stats.requeued)
        summary["failed"] = dict(stats.failed)
        summary["failures"] = dict(stats.failure_messages)
        if stats.fatal:
            summary["stoppedBecause"] = stats.fatal
    outcome = BulkOutcome(summary, complete=finished == len(ids))
    outcome.lines.append(
        f"bulk {request.action}: {finished}/{len(ids)} done ({_fmt_counts(results)} now, "
        f"{len(done_before & wanted)} before) in {seconds:.1f}s"
        + (f"; failed: {_fmt_counts(stats.failed)}" if stats is not None and stats.failed else "")
    )
    if stats is not None:
        outcome.lines.extend(
            f"  failed ({reason}): {message}" for reason, message in stats.failure_messages.items()
        )
        if stats.fatal:
            outcome.lines.append(f"  stopped: {stats.fatal}")
    if not outcome.complete:
        outcome.lines.append("  rerun the same command to finish; done ones are skipped")
    return outcome
