"""The asyncio CommunicationTokenCredential (an azure-core AsyncTokenCredential), at the path of Microsoft's
``_shared/user_credential_async.py``.

Same decisions as the sync class (``acs_identity._token_refresh``); this module adds the asyncio lock,
the waiting and the timer task.
"""

from __future__ import annotations

import asyncio
import logging
from asyncio import Condition
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Any

from azure.core.credentials import AccessToken

from .._token_refresh import PROACTIVE_MARGIN_S, Action, Clock, TokenState
from .utils import get_current_utc_as_int

__all__ = ["AsyncTimer", "AsyncTokenRefresher", "CommunicationTokenCredential"]

_LOGGER = logging.getLogger(__name__)

AsyncTokenRefresher = Callable[[], Awaitable[AccessToken | str]]
"""Returns a fresh token: an AccessToken, or a JWT whose ``exp`` claim gives the expiry."""


def _now() -> float:
    # Looked up on every call, so replacing this module's get_current_utc_as_int moves the clock, as
    # Microsoft's own tests of their credential do.
    return get_current_utc_as_int()


class AsyncTimer:
    """Awaits ``callback()`` after ``interval`` seconds in a task of the running loop; cancellable."""

    def __init__(self, interval: float, callback: Callable[[], Awaitable[None]]) -> None:
        self.interval = interval
        self._callback = callback
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        await asyncio.sleep(self.interval)
        await self._callback()

    def cancel(self) -> asyncio.Task[None] | None:
        """Cancel the task (unless it is the one running this, which is about to finish); return it."""
        task, self._task = self._task, None
        if task is not None and task is not asyncio.current_task():
            task.cancel()
            return task
        return None


class CommunicationTokenCredential:
    """A Communication Services user's token as an azure-core `AsyncTokenCredential`, renewed through
    `token_refresher` when it nears expiry.

    Only one refresh runs at a time; concurrent callers wait for it (or use the still-valid token).

    Args:
        token: The initial token, a JWT (only its `exp` claim is read; the signature is not checked).
        token_refresher: Called with no arguments for a new token when the cached one has expired or is about
            to; must return an unexpired `AccessToken` or JWT `str` (a coroutine function).
            Without one, `get_token` returns the
            token as given, even once it has expired (as Microsoft's 1.5.0 does).
        proactive_refresh: Also refresh in the background 10 minutes before expiry, so `get_token` never
            waits for the refresher (the timer starts when the credential is entered and after each refresh).
            Needs `token_refresher`; `await close()` (or use `async with`) when done.

    Raises:
        ValueError: `token` is not a JWT with an `exp` claim, or `proactive_refresh` without a refresher.
        TypeError: `token` is not a str, or `token_refresher` is not callable.
    """

    def __init__(
        self,
        token: str,
        *,
        token_refresher: AsyncTokenRefresher | None = None,
        proactive_refresh: bool = False,
        _clock: Clock = _now,
    ) -> None:
        # _clock is for tests: the time source that decides expiry.
        if token_refresher is not None and not callable(token_refresher):
            raise TypeError("token_refresher must be callable")
        self._state = TokenState(
            token, has_refresher=token_refresher is not None, proactive=proactive_refresh, clock=_clock
        )
        self._refresher = token_refresher
        # asyncio primitives bind to the loop on first use (3.10+), so creating them here is fine.
        self._cond = Condition()
        self._timer: AsyncTimer | None = None

    async def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        """Return the current token, refreshed first if it has expired or is about to.

        The arguments are azure-core's `TokenCredential` protocol; a Communication Services token has no scopes,
        so they are accepted and ignored.

        Args:
            *scopes: Ignored.
            claims: Ignored.
            tenant_id: Ignored.
            enable_cae: Ignored.
            **kwargs: Ignored.

        Returns:
            The token; `expires_on` is in epoch seconds.

        Raises:
            ValueError: The refresher returned an expired token (or a JWT without a valid `exp`).
            TypeError: The refresher returned neither an `AccessToken` nor a str.
            RuntimeError: The credential has been closed.
        """
        token = self._state.fresh_token()
        if token is not None:
            return token
        try:
            token, refreshed = await self._refresh(self._state.margin)
        except Exception as exc:
            fallback = self._state.usable_despite_failed_refresh()
            if fallback is None:
                raise
            # Type only: the refresher's message could contain anything.
            _LOGGER.warning(
                "Token refresh failed (%s); using the current token meanwhile.", type(exc).__name__
            )
            return fallback
        if refreshed:
            self._arm_timer()
        return token

    async def _refresh(self, margin: float) -> tuple[AccessToken, bool]:
        """Refresh unless the token has ``margin`` left; True if this call ran the refresher."""
        refresher = self._refresher
        if refresher is None:  # pragma: no cover - fresh_token/timer_delay rule this out
            raise RuntimeError("no token_refresher")
        async with self._cond:
            while True:
                action, token = self._state.next_action(margin)
                if action is Action.USE_CACHED:
                    return token, False
                if action is Action.REFRESH:
                    break
                await self._cond.wait()
        try:
            new = await refresher()
        except BaseException:
            # Release ownership before awaiting the lock, so it holds even if this task is cancelled again.
            self._state.abort_refresh()
            async with self._cond:
                self._cond.notify_all()
            raise
        async with self._cond:
            try:
                return self._state.finish_refresh(new), True
            finally:
                self._cond.notify_all()

    def _arm_timer(self, *, after_failure: bool = False) -> None:
        # Single-threaded (one loop), so no lock is needed around the timer itself.
        delay = self._state.timer_delay(after_failure=after_failure)
        timer = AsyncTimer(delay, self._on_timer) if delay is not None else None
        old, self._timer = self._timer, timer
        if old is not None:
            old.cancel()
        if timer is not None:
            timer.start()

    async def _on_timer(self) -> None:
        if self._state.closed:
            return
        try:
            await self._refresh(PROACTIVE_MARGIN_S)
        except Exception as exc:
            # Type only: the refresher's message could contain anything. get_token will retry on demand.
            _LOGGER.warning("Proactive token refresh failed (%s); will retry.", type(exc).__name__)
            self._arm_timer(after_failure=True)
        else:
            self._arm_timer()

    async def close(self) -> None:
        """Cancel the proactive timer task; a proactive credential cannot be used afterwards. Idempotent."""
        self._state.closed = True
        timer, self._timer = self._timer, None
        task = timer.cancel() if timer is not None else None
        if task is not None:
            await asyncio.wait([task])  # let it unwind; never raises its cancellation here

    aclose = close

    async def __aenter__(self) -> CommunicationTokenCredential:
        self._state.ensure_open()
        if self._state.proactive:
            self._arm_timer()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return self._state.describe(type(self).__name__)
