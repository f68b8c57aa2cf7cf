"""CommunicationTokenCredential: a Communication Services user token as an azure-core TokenCredential, at the
path of Microsoft's ``_shared/user_credential.py``.

The decisions (when to refresh, when to schedule, what to accept) live in ``acs_identity._token_refresh``;
this module adds the thread lock, the waiting and the ``threading.Timer``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from threading import TIMEOUT_MAX, Condition, Timer
from types import TracebackType
from typing import Any

from azure.core.credentials import AccessToken

from .._token_refresh import PROACTIVE_MARGIN_S, Action, Clock, TokenState
from .utils import get_current_utc_as_int

__all__ = ["CommunicationTokenCredential", "TokenRefresher"]

_LOGGER = logging.getLogger(__name__)

TokenRefresher = Callable[[], AccessToken | str]
"""Returns a fresh token: an AccessToken, or a JWT whose ``exp`` claim gives the expiry."""


def _now() -> float:
    # Looked up on every call, so replacing this module's get_current_utc_as_int moves the clock, as
    # Microsoft's own tests of their credential do.
    return get_current_utc_as_int()


class CommunicationTokenCredential:
    """A Communication Services user's token as an azure-core `TokenCredential`, renewed through
    `token_refresher` when it nears expiry.

    Only one refresh runs at a time; concurrent callers wait for it (or use the still-valid token).

    Args:
        token: The initial token, a JWT (only its `exp` claim is read; the signature is not checked).
        token_refresher: Called with no arguments for a new token when the cached one has expired or is about
            to; must return an unexpired `AccessToken` or JWT `str`. Without one, `get_token` returns the
            token as given, even once it has expired (as Microsoft's 1.5.0 does).
        proactive_refresh: Also refresh in the background 10 minutes before expiry, so `get_token` never
            waits for the refresher (the timer starts when the credential is entered and after each refresh).
            Needs `token_refresher`; call `close()` (or use `with`) when done.

    Raises:
        ValueError: `token` is not a JWT with an `exp` claim, or `proactive_refresh` without a refresher.
        TypeError: `token` is not a str, or `token_refresher` is not callable.
    """

    def __init__(
        self,
        token: str,
        *,
        token_refresher: TokenRefresher | None = None,
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
        self._cond = Condition()
        self._timer: Timer | None = None

    def get_token(
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
            token, refreshed = self._refresh(self._state.margin)
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

    def _refresh(self, margin: float) -> tuple[AccessToken, bool]:
        """Refresh unless the token has ``margin`` left; True if this call ran the refresher."""
        refresher = self._refresher
        if refresher is None:  # pragma: no cover - fresh_token/timer_delay rule this out
            raise RuntimeError("no token_refresher")
        with self._cond:
            while True:
                action, token = self._state.next_action(margin)
                if action is Action.USE_CACHED:
                    return token, False
                if action is Action.REFRESH:
                    break
                self._cond.wait()
        try:
            new = refresher()
        except BaseException:
            with self._cond:
                self._state.abort_refresh()
                self._cond.notify_all()
            raise
        with self._cond:
            try:
                return self._state.finish_refresh(new), True
            finally:
                self._cond.notify_all()

    def _arm_timer(self, *, after_failure: bool = False) -> None:
        with self._cond:
            delay = self._state.timer_delay(after_failure=after_failure)
            timer = None
            if delay is not None and delay <= TIMEOUT_MAX:
                timer = Timer(delay, self._on_timer)
                timer.daemon = True  # never keeps the interpreter alive
            # Swapped, never None in between: a reader always sees the armed timer.
            old, self._timer = self._timer, timer
            if old is not None:
                old.cancel()
            if timer is not None:
                timer.start()

    def _on_timer(self) -> None:
        if self._state.closed:
            return
        try:
            self._refresh(PROACTIVE_MARGIN_S)
        except Exception as exc:
            # Type only: the refresher's message could contain anything. get_token will retry on demand.
            _LOGGER.warning("Proactive token refresh failed (%s); will retry.", type(exc).__name__)
            self._arm_timer(after_failure=True)
        else:
            self._arm_timer()

    def close(self) -> None:
        """Stop the proactive timer; a proactive credential cannot be used afterwards. Idempotent."""
        with self._cond:
            self._state.closed = True
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def __enter__(self) -> CommunicationTokenCredential:
        self._state.ensure_open()
        if self._state.proactive:
            self._arm_timer()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return self._state.describe(type(self).__name__)
