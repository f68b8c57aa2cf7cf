"""The decision logic of CommunicationTokenCredential, shared by the sync and async classes.

Everything here is plain state and arithmetic, called with the credential's lock held where it mutates;
the sync/async modules add only the lock, the waiting and the timer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from azure.core.credentials import AccessToken

from ._shared.utils import create_access_token

Clock = Callable[[], float]
"""Seconds since the epoch (``get_current_utc_as_int``); injectable so tests control expiry."""

ON_DEMAND_MARGIN_S = 120.0
"""get_token refreshes a token with less than this left (2 minutes, as the official SDKs)..."""
PROACTIVE_MARGIN_S = 600.0
"""...or 10 minutes with proactive_refresh, which is also when the timer refreshes (as the official SDKs)."""
MIN_RETRY_DELAY_S = 30.0
"""Floor for re-arming inside the proactive window, so a failing or short-lived refresher cannot spin."""

_CLOSED_MESSAGE = (
    "This CommunicationTokenCredential (proactive_refresh=True) has been closed: create a new one to go on."
)


def validate_refreshed(value: object, now: float) -> AccessToken:
    """Check what a token_refresher returned: an AccessToken (or a JWT str) that has not expired."""
    if isinstance(value, str):
        token = create_access_token(value)
    elif isinstance(value, AccessToken):
        token = value
    else:
        raise TypeError(
            f"token_refresher must return an AccessToken or a JWT str, not {type(value).__name__}"
        )
    if not isinstance(token.token, str) or not isinstance(token.expires_on, int | float):
        raise TypeError("token_refresher returned an AccessToken without a str token and numeric expires_on")
    if token.expires_on <= now:
        raise ValueError(
            f"The token returned by token_refresher has already expired "
            f"(expires_on={int(token.expires_on)}, now={int(now)})."
        )
    return token


class Action(enum.Enum):
    USE_CACHED = enum.auto()
    REFRESH = enum.auto()
    WAIT = enum.auto()


class TokenState:
    """The cached token and the refresh bookkeeping of one credential.

    ``fresh_token`` may be called without the lock (it only reads); ``next_action``, ``finish_refresh``,
    ``abort_refresh`` and ``timer_delay`` must be called with the credential's lock held.
    """

    __slots__ = ("clock", "closed", "has_refresher", "margin", "proactive", "refreshing", "token")

    def __init__(self, token: str, *, has_refresher: bool, proactive: bool, clock: Clock) -> None:
        if proactive and not has_refresher:
            raise ValueError("proactive_refresh=True needs a token_refresher.")
        self.token = create_access_token(token)
        self.has_refresher = has_refresher
        self.proactive = proactive
        # With proactive refresh, get_token also renews a token in the timer's window (as the official SDKs):
        # a timer that has not fired (a suspended laptop, a stalled loop) does not leave it short-lived.
        self.margin = PROACTIVE_MARGIN_S if proactive else ON_DEMAND_MARGIN_S
        self.clock = clock
        self.refreshing = False
        self.closed = False

    def ensure_open(self) -> None:
        # Only a proactive credential has anything to close (its timer); others stay usable, as the official
        # SDKs' do.
        if self.closed and self.proactive:
            raise RuntimeError(_CLOSED_MESSAGE)

    def fresh_token(self) -> AccessToken | None:
        """The cached token if get_token may return it as is; None if the caller must refresh.

        Without a refresher the token is returned even once expired: the service, not this machine's clock,
        decides whether it is still accepted (as the official SDKs do)."""
        self.ensure_open()
        token = self.token
        if not self.has_refresher or token.expires_on - self.clock() >= self.margin:
            return token
        return None

    def usable_despite_failed_refresh(self) -> AccessToken | None:
        """After get_token's refresh failed: the cached token if it still has the on-demand margin left.

        With proactive refresh get_token renews 10 minutes early; a refresher failing then (a blip in the
        application's token service) should not fail a caller while the token is good for minutes more."""
        token = self.token
        return token if token.expires_on - self.clock() >= ON_DEMAND_MARGIN_S else None

    def next_action(self, margin: float) -> tuple[Action, AccessToken]:
        """Decide, under the lock, whether this caller refreshes, waits for the refresh, or uses the cache.

        ``margin`` is how much lifetime must be left for the cached token to do (``self.margin`` for
        get_token, PROACTIVE_MARGIN_S for the timer). On REFRESH the caller owns the refresh and must
        call ``finish_refresh`` or ``abort_refresh``.
        """
        token, now = self.token, self.clock()
        # Strictly more than the margin: a timer armed for exactly `margin` before expiry must refresh.
        if token.expires_on - now > margin:
            return Action.USE_CACHED, token
        if self.refreshing:
            # Someone else is refreshing: a still-valid token will do meanwhile; an expired one will not.
            return (Action.USE_CACHED if now < token.expires_on else Action.WAIT), token
        self.refreshing = True
        return Action.REFRESH, token

    def finish_refresh(self, value: object) -> AccessToken:
        """Store what the refresher returned, if valid; releases ownership of the refresh either way."""
        try:
            self.token = validate_refreshed(value, self.clock())
            return self.token
        finally:
            self.refreshing = False

    def abort_refresh(self) -> None:
        """The refresher raised: release ownership so a later caller can try again."""
        self.refreshing = False

    def timer_delay(self, *, after_failure: bool = False) -> float | None:
        """Seconds until the proactive timer should fire for the current token, or None for no timer."""
        if not self.proactive or self.closed:
            return None
        ttl = self.token.expires_on - self.clock()
        if ttl > PROACTIVE_MARGIN_S:
            return ttl - PROACTIVE_MARGIN_S
        if ttl <= 0 and not after_failure:
            return 0.0  # expired (e.g. on entering `with`): refresh in the background at once
        # Inside the window (short-lived token, or a failed attempt): retry at half the remaining life.
        return max(ttl / 2, MIN_RETRY_DELAY_S)

    def describe(self, cls_name: str) -> str:
        """A repr that shows the state but never the token."""
        return (
            f"{cls_name}(expires_on={self.token.expires_on}, token_refresher={self.has_refresher}, "
            f"proactive_refresh={self.proactive}, closed={self.closed})"
        )
