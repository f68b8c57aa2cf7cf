"""The decision logic of CommunicationTokenCredential, shared by the sync and async classes.

Everything here is plain state and arithmetic, called with the credential's lock held where it mutates;
the sync/async modules add only the lock, the waiting and the timer.
"""

from __future__ import annotations

import base64
import binascii
import enum
import json
import math
import time
from collections.abc import Callable
from typing import cast

from azure.core.credentials import AccessToken
from azure.core.exceptions import ClientAuthenticationError

Clock = Callable[[], float]
"""Seconds since the epoch (``time.time``); injectable so tests control expiry."""

ON_DEMAND_MARGIN_S = 120.0
"""get_token refreshes a token with less than this left (2 minutes, as the official SDKs)."""
PROACTIVE_MARGIN_S = 600.0
"""The proactive timer refreshes this long before expiry (10 minutes, as the official SDKs)."""
MIN_RETRY_DELAY_S = 30.0
"""Floor for re-arming inside the proactive window, so a failing or short-lived refresher cannot spin."""

_CLOSED_MESSAGE = "This CommunicationTokenCredential has been closed and cannot be used any more."
_EXPIRED_NO_REFRESHER = (
    "The token of this CommunicationTokenCredential has expired and no token_refresher was given; "
    "create the credential with a fresh token, or pass token_refresher to renew it automatically."
)


def access_token_from_jwt(token: str) -> AccessToken:
    """Wrap ``token`` with the expiry read from its ``exp`` claim (the signature is not checked).

    Errors name the problem but never include the token or any part of it.
    """
    if not isinstance(token, str):
        raise TypeError(f"token must be a str, not {type(token).__name__}")
    segments = token.split(".")
    if len(segments) != 3:
        raise ValueError(f"token is not a JWT: expected 3 '.'-separated segments, found {len(segments)}")
    payload = _b64url_decode(segments[1])
    if payload is None:
        raise ValueError("token is not a JWT: its payload segment is not valid base64url")
    try:
        claims = json.loads(payload)
    except (ValueError, RecursionError):
        # `from None`: the decoder's message may quote payload bytes.
        raise ValueError("token is not a JWT: its payload is not JSON") from None
    if not isinstance(claims, dict):
        raise ValueError("token is not a JWT: its payload is not a JSON object")
    if "exp" not in claims:
        raise ValueError("token has no 'exp' (expiry) claim")
    exp: object = cast("dict[str, object]", claims)["exp"]
    if isinstance(exp, bool) or not isinstance(exp, int | float) or not math.isfinite(exp):
        raise ValueError("token's 'exp' claim is not a finite number")
    return AccessToken(token, int(exp))


def _b64url_decode(segment: str) -> bytes | None:
    stripped = segment.rstrip("=")
    if len(stripped) % 4 == 1:
        return None
    # Accept both alphabets (JWTs use base64url; some producers emit standard base64), strictly otherwise.
    standard = stripped.replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(standard + "=" * (-len(standard) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None


def validate_refreshed(value: object, now: float) -> AccessToken:
    """Check what a token_refresher returned: an AccessToken (or a JWT str) that has not expired."""
    if isinstance(value, str):
        token = access_token_from_jwt(value)
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

    __slots__ = ("clock", "closed", "has_refresher", "proactive", "refreshing", "token")

    def __init__(self, token: str, *, has_refresher: bool, proactive: bool, clock: Clock = time.time) -> None:
        if proactive and not has_refresher:
            raise ValueError("proactive_refresh=True needs a token_refresher.")
        self.token = access_token_from_jwt(token)
        self.has_refresher = has_refresher
        self.proactive = proactive
        self.clock = clock
        self.refreshing = False
        self.closed = False

    def ensure_open(self) -> None:
        if self.closed:
            raise RuntimeError(_CLOSED_MESSAGE)

    def fresh_token(self) -> AccessToken | None:
        """The cached token if get_token may return it as is; None if the caller must refresh."""
        self.ensure_open()
        token, now = self.token, self.clock()
        if not self.has_refresher:
            if now >= token.expires_on:
                raise ClientAuthenticationError(_EXPIRED_NO_REFRESHER)
            return token
        return token if token.expires_on - now >= ON_DEMAND_MARGIN_S else None

    def next_action(self, margin: float) -> tuple[Action, AccessToken]:
        """Decide, under the lock, whether this caller refreshes, waits for the refresh, or uses the cache.

        ``margin`` is how much lifetime must be left for the cached token to do (ON_DEMAND_MARGIN_S for
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

    def timer_delay(self) -> float | None:
        """Seconds until the proactive timer should fire for the current token, or None for no timer."""
        if not self.proactive or self.closed:
            return None
        ttl = self.token.expires_on - self.clock()
        if ttl <= 0:
            return None  # expired: the next get_token refreshes on demand and re-arms
        if ttl > PROACTIVE_MARGIN_S:
            return ttl - PROACTIVE_MARGIN_S
        # Already inside the window (short-lived token, or a failed attempt): retry at half the remaining life.
        return max(ttl / 2, MIN_RETRY_DELAY_S)

    def describe(self, cls_name: str) -> str:
        """A repr that shows the state but never the token."""
        return (
            f"{cls_name}(expires_on={self.token.expires_on}, token_refresher={self.has_refresher}, "
            f"proactive_refresh={self.proactive}, closed={self.closed})"
        )
