"""Retry decisions (which outcomes to retry, how long to wait), shared by the sync and async loops."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

from ._tls import is_certificate_error

# azure-core's own set (its RetryPolicy's safe codes): the client, the official SDK and the CLI retry the same.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# Dropped connections, resets and timeouts are transient. POST /identities is retried too: a duplicate
# identity is harmless (and the bulk tool dedupes).
RETRYABLE_ERRORS: tuple[type[httpx.TransportError], ...] = (
    httpx.TimeoutException,
    httpx.NetworkError,
    httpx.RemoteProtocolError,
)


def parse_retry_after(headers: httpx.Headers, now: float | None = None) -> float | None:
    """Seconds to wait as the service asks: `retry-after-ms`/`x-ms-retry-after-ms` or `Retry-After`
    (delta-seconds or an HTTP date). None when absent or unreadable."""
    for name in ("retry-after-ms", "x-ms-retry-after-ms"):
        value = headers.get(name)
        if value is not None:
            try:
                return max(0.0, float(value) / 1000.0)
            except ValueError:
                pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """The fast path's retries: up to `total` retries; exponential backoff `backoff_factor * 2**(n-1)` with
    ±20% jitter, capped at `backoff_max`, or the service's Retry-After (capped at `backoff_max` as well).

    The client builds one from `retry_total`, `retry_backoff_factor` and `retry_backoff_max`; pass your own as
    `retry_policy=` to change how it waits (override `sleep` / `sleep_async`, e.g. to record the delays in a
    test instead of waiting). A call's `retry_*` options override its numbers, keeping its type.
    """

    total: int = 3
    backoff_factor: float = 0.8
    backoff_max: float = 60.0

    def __post_init__(self) -> None:
        if isinstance(self.total, bool) or not isinstance(self.total, int) or self.total < 0:
            raise ValueError(f"retry_total must be an int >= 0, not {self.total!r}")
        for name in ("backoff_factor", "backoff_max"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"retry_{name} must be a number >= 0, not {value!r}")

    def sleep(self, seconds: float) -> None:
        """Wait `seconds` before the next attempt (the sync client)."""
        time.sleep(seconds)

    async def sleep_async(self, seconds: float) -> None:
        """Wait `seconds` before the next attempt (the async client)."""
        import asyncio  # here: the sync client never needs asyncio, and its import is not free

        await asyncio.sleep(seconds)

    def backoff(self, attempt: int) -> float:
        """Delay after the `attempt`-th failed attempt (1-based), without a Retry-After."""
        delay = self.backoff_factor * (2.0 ** (attempt - 1)) * (0.8 + 0.4 * random.random())
        return min(self.backoff_max, delay)

    def delay_after_response(self, response: httpx.Response, attempt: int) -> float | None:
        """How long to wait before retrying, or None to stop here."""
        if response.status_code not in RETRY_STATUSES or attempt > self.total:
            return None
        requested = parse_retry_after(response.headers)
        if requested is not None:
            return min(self.backoff_max, requested)
        return self.backoff(attempt)

    def delay_after_error(self, error: httpx.TransportError, attempt: int) -> float | None:
        # An untrusted certificate stays untrusted: retrying would only delay the error.
        if attempt > self.total or not isinstance(error, RETRYABLE_ERRORS) or is_certificate_error(error):
            return None
        return self.backoff(attempt)
