"""CommunicationTokenCredential (sync and async): JWT expiry, on-demand and proactive refresh, one refresh at a
time, close. Time comes from an injected clock; timers are faked (or, where real, awaited through events)."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import threading
import traceback
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, Literal

import azure.communication.identity._shared.user_credential as ms_sync
import azure.communication.identity._shared.user_credential_async as ms_async
import pytest
from azure.core.credentials import AccessToken, TokenCredential
from azure.core.credentials_async import AsyncTokenCredential
from hypothesis import given
from hypothesis import strategies as st

import acs_identity._shared.user_credential as sync_module
import acs_identity._shared.user_credential_async as async_module
from acs_identity._shared.user_credential import CommunicationTokenCredential
from acs_identity._shared.user_credential_async import (
    CommunicationTokenCredential as AsyncCommunicationTokenCredential,
)
from acs_identity._shared.utils import create_access_token as access_token_from_jwt
from acs_identity._token_refresh import (
    MIN_RETRY_DELAY_S,
    ON_DEMAND_MARGIN_S,
    PROACTIVE_MARGIN_S,
    TokenState,
)

NOW = 1_800_000_000.0
GUARD = 10.0  # seconds: only a hang guard for event waits, never a synchronisation delay


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def make_jwt(exp: object, **claims: object) -> str:
    header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64url(json.dumps({"exp": exp, **claims}).encode())
    return f"{header}.{payload}.c2lnbmF0dXJl"


class FakeClock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class FakeTimer:
    """Stands in for threading.Timer / AsyncTimer: records what would be scheduled."""

    created: list[FakeTimer]

    def __init__(self, delay: float, callback: Callable[[], Any]) -> None:
        self.delay = delay
        self.callback = callback
        self.started = self.cancelled = False
        self.daemon = False
        FakeTimer.created.append(self)

    def start(self) -> None:
        self.started = True

    def cancel(self) -> None:
        self.cancelled = True


@pytest.fixture
def timers(monkeypatch: pytest.MonkeyPatch) -> list[FakeTimer]:
    FakeTimer.created = []
    monkeypatch.setattr(sync_module, "Timer", FakeTimer)
    monkeypatch.setattr(async_module, "AsyncTimer", FakeTimer)
    return FakeTimer.created


class Refresher:
    """Counts calls; hands out tokens valid for `lifetime` seconds from the clock."""

    def __init__(self, clock: FakeClock, lifetime: float = 3600) -> None:
        self.clock, self.lifetime, self.calls = clock, lifetime, 0

    def __call__(self) -> AccessToken:
        self.calls += 1
        exp = int(self.clock.now + self.lifetime)
        return AccessToken(make_jwt(exp, n=self.calls), exp)

    async def async_call(self) -> AccessToken:
        return self()


# ---- JWT decoding -------------------------------------------------------------------------------------------


def test_exp_is_decoded() -> None:
    token = make_jwt(1_700_000_123)
    assert access_token_from_jwt(token) == AccessToken(token, 1_700_000_123)
    assert access_token_from_jwt(make_jwt(1_700_000_123.9)).expires_on == 1_700_000_123


@given(st.integers(min_value=0, max_value=2**40), st.dictionaries(st.text(), st.text()))
def test_exp_decoded_whatever_the_other_claims(exp: int, claims: dict[str, str]) -> None:
    claims.pop("exp", None)
    # Arbitrary claims exercise both base64url-only characters ('-', '_') in the payload.
    token = make_jwt(exp, **claims)
    assert access_token_from_jwt(token).expires_on == exp


def test_standard_base64_payload_is_accepted() -> None:
    payload = base64.b64encode(json.dumps({"exp": 5, "x": "\xfb\xff"}).encode()).decode()
    assert access_token_from_jwt(f"a.{payload}.c").expires_on == 5


SECRET = "c2VjcmV0LXNpZ25hdHVyZS1kby1ub3QtbGVhaw"
NOT_UTF8 = b64url(b"\xff" + SECRET.encode())
INFINITE_EXP = b64url(b'{"exp": Infinity}')
NAN_EXP = b64url(b'{"exp": NaN}')
BAD_TOKENS = {
    "empty": ("", "3 '.'-separated segments"),
    "one segment": (SECRET, "3 '.'-separated segments"),
    "two segments": (f"{SECRET}.{SECRET}", "3 '.'-separated segments"),
    "four segments": (f"a.{b64url(b'{}')}.{SECRET}.d", "3 '.'-separated segments"),
    "bad base64": (f"a.{SECRET}!!.{SECRET}", "not valid base64url"),
    "impossible length": (f"a.abcde.{SECRET}", "not valid base64url"),
    "non-ascii": (f"a.é{SECRET}.{SECRET}", "not valid base64url"),
    "not json": (f"a.{b64url(SECRET.encode())}.{SECRET}", "not JSON"),
    "not utf-8": (f"a.{NOT_UTF8}.{SECRET}", "not JSON"),
    "json list": (f"a.{b64url(b'[1, 2]')}.{SECRET}", "not a JSON object"),
    "no exp": (f"a.{b64url(json.dumps({'sub': SECRET}).encode())}.{SECRET}", "no 'exp'"),
    "exp string": (make_jwt("1700000000", sub=SECRET), "not a finite number"),
    "exp bool": (make_jwt(True, sub=SECRET), "not a finite number"),
    "exp null": (make_jwt(None, sub=SECRET), "not a finite number"),
    "exp infinity": (f"a.{INFINITE_EXP}.{SECRET}", "not a finite number"),
    "exp nan": (f"a.{NAN_EXP}.{SECRET}", "not a finite number"),
    "deep json": (f"a.{b64url(b'[' * 100_000)}.{SECRET}", "not JSON"),
}


def assert_no_secret(exc: BaseException, *secrets: str) -> None:
    text = "".join(traceback.format_exception(exc))
    for secret in secrets:
        for fragment in {secret, *secret.split(".")} - {""}:
            if len(fragment) >= 8:
                assert fragment not in text


@pytest.mark.parametrize(("token", "problem"), BAD_TOKENS.values(), ids=BAD_TOKENS.keys())
def test_bad_token_is_a_value_error_naming_the_problem(token: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem) as info:
        CommunicationTokenCredential(token)
    assert_no_secret(info.value, token, SECRET)
    # No chained decoder error (its message could quote payload bytes).
    assert info.value.__cause__ is None
    assert info.value.__context__ is None or info.value.__suppress_context__
    with pytest.raises(ValueError, match=problem):
        AsyncCommunicationTokenCredential(token)


@pytest.mark.parametrize("token", [None, 1, b"a.b.c"])
def test_non_str_token_is_a_type_error(token: object) -> None:
    with pytest.raises(TypeError, match="token must be a str"):
        CommunicationTokenCredential(token)  # type: ignore[arg-type]


def test_constructor_argument_checks() -> None:
    with pytest.raises(ValueError, match="proactive_refresh=True needs a token_refresher"):
        CommunicationTokenCredential(make_jwt(NOW + 3600), proactive_refresh=True)
    with pytest.raises(ValueError, match="proactive_refresh=True needs a token_refresher"):
        AsyncCommunicationTokenCredential(make_jwt(NOW + 3600), proactive_refresh=True)
    with pytest.raises(TypeError, match="callable"):
        CommunicationTokenCredential(make_jwt(NOW + 3600), token_refresher="nope")  # type: ignore[arg-type]


def test_satisfies_azure_core_protocols() -> None:
    token = make_jwt(NOW + 3600)
    sync_cred: TokenCredential = CommunicationTokenCredential(token)
    async_cred: AsyncTokenCredential = AsyncCommunicationTokenCredential(token)
    assert isinstance(sync_cred, TokenCredential)
    assert isinstance(async_cred, AsyncTokenCredential)


# ---- core decisions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ttl", "delay"),
    [
        (24 * 3600, 24 * 3600 - PROACTIVE_MARGIN_S),  # expiry minus 10 minutes
        (PROACTIVE_MARGIN_S + 1, 1),
        (PROACTIVE_MARGIN_S, PROACTIVE_MARGIN_S / 2),  # inside the window: half the remaining life
        (300, 150),
        (40, MIN_RETRY_DELAY_S),  # ...but never sooner than the retry floor
        (0, 0),  # expired (entering `with`): at once
        (-5, 0),
    ],
)
def test_timer_delay(ttl: float, delay: float | None) -> None:
    clock = FakeClock()
    state = TokenState(make_jwt(int(NOW + ttl)), has_refresher=True, proactive=True, clock=clock)
    assert state.timer_delay() == delay
    # After a failed attempt on an expired token, not at once but after the floor: a failing refresher cannot spin.
    assert state.timer_delay(after_failure=True) == (MIN_RETRY_DELAY_S if ttl <= 0 else delay)
    state.closed = True
    assert state.timer_delay() is None
    assert (
        TokenState(make_jwt(int(NOW + ttl)), has_refresher=True, proactive=False, clock=clock).timer_delay()
        is None
    )


# ---- sync: on demand ---------------------------------------------------------------------------------------


def test_valid_token_is_returned_without_refreshing() -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    token = make_jwt(int(NOW + 3600))
    cred = CommunicationTokenCredential(token, token_refresher=refresher, _clock=clock)
    assert cred.get_token() == AccessToken(token, int(NOW + 3600))
    assert cred.get_token("https://communication.azure.com//.default") == AccessToken(token, int(NOW + 3600))
    assert refresher.calls == 0


def test_no_refresher_the_token_is_served_also_once_expired() -> None:
    """As Microsoft's: the service, not this machine's clock, decides whether it is still accepted."""
    clock = FakeClock()
    token = make_jwt(int(NOW + 60))
    cred = CommunicationTokenCredential(token, _clock=clock)
    assert cred.get_token().token == token  # inside the margin but nothing could renew it: still served
    clock.now = NOW + 3600
    assert cred.get_token() == AccessToken(token, int(NOW + 60))


def test_expired_token_triggers_one_refresh_then_cached() -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    cred = CommunicationTokenCredential(make_jwt(int(NOW - 1)), token_refresher=refresher, _clock=clock)
    first = cred.get_token()
    assert refresher.calls == 1 and first.expires_on == int(NOW + 3600)
    assert cred.get_token() is first
    assert refresher.calls == 1


@pytest.mark.parametrize(
    ("proactive", "ttl", "refreshes"),
    [
        (False, ON_DEMAND_MARGIN_S, 0),
        (False, ON_DEMAND_MARGIN_S - 1, 1),
        (False, 1, 1),
        (False, PROACTIVE_MARGIN_S - 1, 0),
        # With proactive refresh, get_token renews in the timer's window (10 minutes), as Microsoft's.
        (True, PROACTIVE_MARGIN_S, 0),
        (True, PROACTIVE_MARGIN_S - 1, 1),
        (True, ON_DEMAND_MARGIN_S, 1),
    ],
)
def test_on_demand_margin(proactive: bool, ttl: float, refreshes: int, timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    cred = CommunicationTokenCredential(
        make_jwt(int(NOW + ttl)), token_refresher=refresher, proactive_refresh=proactive, _clock=clock
    )
    cred.get_token()
    assert refresher.calls == refreshes
    # A refresh with proactive refresh arms the timer for the new token; nothing else does.
    assert [t.delay for t in timers] == ([3600 - PROACTIVE_MARGIN_S] if proactive and refreshes else [])


def test_refresher_may_return_a_jwt_string() -> None:
    clock = FakeClock()
    fresh = make_jwt(int(NOW + 7200))
    cred = CommunicationTokenCredential(make_jwt(int(NOW - 1)), token_refresher=lambda: fresh, _clock=clock)
    assert cred.get_token() == AccessToken(fresh, int(NOW + 7200))


def test_refresher_returning_expired_token_is_a_value_error_and_retried_next_time() -> None:
    clock = FakeClock()
    stale = make_jwt(int(NOW - 10), sub="stale-token-secret")
    results: list[AccessToken] = [AccessToken(stale, int(NOW - 10)), AccessToken(stale, int(NOW))]
    cred = CommunicationTokenCredential(make_jwt(int(NOW - 20)), token_refresher=results.pop, _clock=clock)
    for _ in range(2):
        with pytest.raises(ValueError, match="already expired") as info:
            cred.get_token()
        assert_no_secret(info.value, stale)
    assert not results  # each call retried the refresher: the failed refresh released ownership


def test_refresher_returning_wrong_type_is_a_type_error() -> None:
    cred = CommunicationTokenCredential(
        make_jwt(int(NOW - 1)),
        token_refresher=lambda: 42,  # type: ignore[arg-type,return-value]
        _clock=FakeClock(),
    )
    with pytest.raises(TypeError, match="must return an AccessToken or a JWT str, not int"):
        cred.get_token()


def test_refresher_exception_propagates_and_next_call_retries() -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    failures = [RuntimeError("boom")]

    def flaky() -> AccessToken:
        if failures:
            raise failures.pop()
        return refresher()

    cred = CommunicationTokenCredential(make_jwt(int(NOW - 1)), token_refresher=flaky, _clock=clock)
    with pytest.raises(RuntimeError, match="boom"):
        cred.get_token()
    assert cred.get_token().expires_on == int(NOW + 3600)
    assert refresher.calls == 1


# ---- sync: concurrency -----------------------------------------------------------------------------------


class CountingCondition(threading.Condition):
    """threading.Condition that lets a test wait until N threads are parked in wait()."""

    instances: ClassVar[list[CountingCondition]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.waiting = 0
        self.changed = threading.Condition()
        CountingCondition.instances.append(self)

    def wait(self, timeout: float | None = None) -> bool:
        with self.changed:
            self.waiting += 1
            self.changed.notify_all()
        try:
            return super().wait(timeout)
        finally:
            with self.changed:
                self.waiting -= 1


def run_threads(n: int, target: Callable[[], AccessToken]) -> list[AccessToken | BaseException]:
    results: list[AccessToken | BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            result: AccessToken | BaseException = target()
        except BaseException as exc:
            result = exc
        with lock:
            results.append(result)

    threads = [threading.Thread(target=work) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(GUARD)
        assert not thread.is_alive()
    return results


def test_concurrent_threads_cause_exactly_one_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 8
    CountingCondition.instances = []
    monkeypatch.setattr(sync_module, "Condition", CountingCondition)
    clock = FakeClock()
    inner = Refresher(clock)

    def held_refresher() -> AccessToken:
        cond = CountingCondition.instances[0]
        with cond.changed:  # hold the refresh until every other caller is parked waiting for it
            assert cond.changed.wait_for(lambda: cond.waiting == n - 1, GUARD)
        return inner()

    cred = CommunicationTokenCredential(make_jwt(int(NOW - 1)), token_refresher=held_refresher, _clock=clock)
    results = run_threads(n, cred.get_token)
    assert inner.calls == 1
    assert len(results) == n and all(r == results[0] for r in results)
    assert isinstance(results[0], AccessToken) and results[0].expires_on == int(NOW + 3600)


def test_while_refreshing_a_still_valid_token_is_served_without_waiting() -> None:
    clock = FakeClock()
    inner = Refresher(clock)
    entered, release = threading.Event(), threading.Event()
    old = make_jwt(int(NOW + 60))  # valid, but inside the on-demand margin

    def held_refresher() -> AccessToken:
        entered.set()
        assert release.wait(GUARD)
        return inner()

    cred = CommunicationTokenCredential(old, token_refresher=held_refresher, _clock=clock)
    refreshing = threading.Thread(target=cred.get_token)
    refreshing.start()
    assert entered.wait(GUARD)
    # These return at once (they would hang on the held refresher otherwise, and the joins would fail).
    assert all(r == AccessToken(old, int(NOW + 60)) for r in run_threads(4, cred.get_token))
    release.set()
    refreshing.join(GUARD)
    assert inner.calls == 1 and cred.get_token().expires_on == int(NOW + 3600)


# ---- sync: proactive ---------------------------------------------------------------------------------------


def test_proactive_timer_fires_ten_minutes_before_expiry_and_rearms(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock, lifetime=7200)
    cred = CommunicationTokenCredential(
        make_jwt(int(NOW + 3600)), token_refresher=refresher, proactive_refresh=True, _clock=clock
    )
    assert timers == []  # as Microsoft's: armed on entering `with` (and after a refresh), not on creation
    cred.__enter__()
    assert len(timers) == 1
    first = timers[0]
    assert first.started and first.daemon and first.delay == 3600 - PROACTIVE_MARGIN_S
    clock.now += first.delay
    first.callback()  # the timer fires
    assert refresher.calls == 1
    assert len(timers) == 2 and timers[1].started and timers[1].delay == 7200 - PROACTIVE_MARGIN_S
    # get_token serves the proactively refreshed token without calling the refresher again.
    assert cred.get_token().expires_on == int(clock.now + 7200) and refresher.calls == 1


def test_on_demand_refresh_rearms_the_timer(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    cred = CommunicationTokenCredential(
        make_jwt(int(NOW - 1)), token_refresher=refresher, proactive_refresh=True, _clock=clock
    )
    assert timers == []  # expired at construction: nothing to schedule
    cred.get_token()
    assert refresher.calls == 1 and len(timers) == 1 and timers[0].delay == 3600 - PROACTIVE_MARGIN_S


def test_timer_firing_early_does_not_refresh_but_rearms(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    CommunicationTokenCredential(
        make_jwt(int(NOW + 3600)), token_refresher=refresher, proactive_refresh=True, _clock=clock
    ).__enter__()
    clock.now += 1000  # well before the window (e.g. the wall clock was set back)
    timers[0].callback()
    assert refresher.calls == 0
    assert timers[-1].delay == 3600 - 1000 - PROACTIVE_MARGIN_S and timers[-1].started


def test_failed_proactive_refresh_logs_without_secrets_and_retries(
    timers: list[FakeTimer], caplog: pytest.LogCaptureFixture
) -> None:
    clock = FakeClock()
    token = make_jwt(int(NOW + 3600))

    def failing() -> AccessToken:
        raise RuntimeError(f"could not refresh {token}")

    cred = CommunicationTokenCredential(token, token_refresher=failing, proactive_refresh=True, _clock=clock)
    cred.__enter__()
    clock.now = NOW + 3001
    with caplog.at_level(logging.WARNING, logger=sync_module.__name__):
        timers[0].callback()
        assert "Proactive token refresh failed (RuntimeError)" in caplog.text
        assert timers[-1].delay == 599 / 2 and timers[-1].started  # retry at half the remaining life
        # get_token tries too (inside 10 minutes); failing, it serves the token while it has 2 minutes left.
        assert cred.get_token().token == token
        assert "Token refresh failed (RuntimeError); using the current token" in caplog.text
    assert token not in caplog.text
    clock.now = NOW + 3600 - ON_DEMAND_MARGIN_S + 1
    with pytest.raises(RuntimeError, match="could not refresh"):
        cred.get_token()


def test_close_cancels_the_timer_and_blocks_use(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    with CommunicationTokenCredential(
        make_jwt(int(NOW + 3600)), token_refresher=refresher, proactive_refresh=True, _clock=clock
    ) as cred:
        cred.get_token()
    assert timers[0].cancelled
    with pytest.raises(RuntimeError, match="closed"):
        cred.get_token()
    with pytest.raises(RuntimeError, match="closed"):
        cred.__enter__()
    timers[0].callback()  # a timer that fires anyway after close does nothing
    assert refresher.calls == 0 and len(timers) == 1
    cred.close()  # idempotent


def test_real_timer_is_cancelled_by_close() -> None:
    clock = FakeClock()
    cred = CommunicationTokenCredential(
        make_jwt(int(NOW + 3600)), token_refresher=Refresher(clock), proactive_refresh=True, _clock=clock
    ).__enter__()
    timer = cred._timer
    assert isinstance(timer, threading.Timer) and timer.daemon and timer.is_alive()
    assert timer.interval == 3600 - PROACTIVE_MARGIN_S
    cred.close()
    timer.join(GUARD)
    assert not timer.is_alive() and cred._timer is None


class RecordingTimer(threading.Timer):
    """A real threading.Timer that also records itself, so a test can wait for the re-arm after a refresh."""

    created: ClassVar[list[RecordingTimer]] = []
    rearmed = threading.Event()

    def __init__(self, interval: float, function: Callable[[], None]) -> None:
        super().__init__(interval, function)
        RecordingTimer.created.append(self)
        if interval > PROACTIVE_MARGIN_S:  # the timer armed for the refreshed (one-hour) token
            RecordingTimer.rearmed.set()


def test_real_timer_refreshes_in_the_background(monkeypatch: pytest.MonkeyPatch) -> None:
    RecordingTimer.created, RecordingTimer.rearmed = [], threading.Event()
    monkeypatch.setattr(sync_module, "Timer", RecordingTimer)
    clock = FakeClock(NOW + 0.99)
    refresher = Refresher(clock)
    # Due in 10 ms; until the clock below moves into the window, an early-firing timer just re-arms.
    with CommunicationTokenCredential(
        make_jwt(int(NOW) + 601), token_refresher=refresher, proactive_refresh=True, _clock=clock
    ) as cred:
        assert RecordingTimer.created[0].interval == pytest.approx(0.01)
        clock.now = NOW + 300
        assert RecordingTimer.rearmed.wait(GUARD)
        assert refresher.calls == 1
        assert cred.get_token().expires_on == int(NOW + 300 + 3600)
        last = RecordingTimer.created[-1]
        assert last.interval == 3600 - PROACTIVE_MARGIN_S
    last.join(GUARD)
    assert last.finished.is_set() and not last.is_alive()  # close cancelled it


def test_repr_never_shows_the_token() -> None:
    token = make_jwt(int(NOW + 3600))
    cred = CommunicationTokenCredential(token, token_refresher=Refresher(FakeClock()), _clock=FakeClock())
    text = repr(cred)
    assert token not in text and token.split(".")[1] not in text
    assert text.startswith("CommunicationTokenCredential(expires_on=") and "token_refresher=True" in text
    assert token not in repr(AsyncCommunicationTokenCredential(token))


# ---- async ---------------------------------------------------------------------------------------------


def async_refresher(refresher: Refresher) -> Callable[[], Awaitable[AccessToken]]:
    return refresher.async_call


async def test_async_expired_token_triggers_one_refresh() -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    cred = AsyncCommunicationTokenCredential(
        make_jwt(int(NOW - 1)), token_refresher=refresher.async_call, _clock=clock
    )
    first = await cred.get_token()
    assert refresher.calls == 1 and first.expires_on == int(NOW + 3600)
    assert await cred.get_token() is first and refresher.calls == 1


async def test_async_valid_token_and_no_refresher_expiry() -> None:
    clock = FakeClock()
    token = make_jwt(int(NOW + 10))
    cred = AsyncCommunicationTokenCredential(token, _clock=clock)
    assert (await cred.get_token()).token == token
    clock.now = NOW + 11
    assert (await cred.get_token()).token == token  # expired, and served: as Microsoft's


async def test_async_refresher_returning_expired_token_is_a_value_error() -> None:
    clock = FakeClock()
    stale = make_jwt(int(NOW - 10))

    async def refresher() -> AccessToken:
        return AccessToken(stale, int(NOW - 10))

    cred = AsyncCommunicationTokenCredential(make_jwt(int(NOW - 20)), token_refresher=refresher, _clock=clock)
    with pytest.raises(ValueError, match="already expired") as info:
        await cred.get_token()
    assert_no_secret(info.value, stale)


class CountingAsyncCondition(asyncio.Condition):
    target = 0
    instances: ClassVar[list[CountingAsyncCondition]] = []

    def __init__(self) -> None:
        super().__init__()
        self.waiting = 0
        self.piled_up = asyncio.Event()
        CountingAsyncCondition.instances.append(self)

    async def wait(self) -> Literal[True]:
        self.waiting += 1
        if self.waiting == self.target:
            self.piled_up.set()
        try:
            return await super().wait()
        finally:
            self.waiting -= 1


async def test_async_concurrent_tasks_cause_exactly_one_refresh(monkeypatch: pytest.MonkeyPatch) -> None:
    n = 8
    CountingAsyncCondition.instances, CountingAsyncCondition.target = [], n - 1
    monkeypatch.setattr(async_module, "Condition", CountingAsyncCondition)
    clock = FakeClock()
    inner = Refresher(clock)

    async def held_refresher() -> AccessToken:
        # Hold the refresh until every other task is parked waiting for it.
        await asyncio.wait_for(CountingAsyncCondition.instances[0].piled_up.wait(), GUARD)
        return inner()

    cred = AsyncCommunicationTokenCredential(
        make_jwt(int(NOW - 1)), token_refresher=held_refresher, _clock=clock
    )
    results = await asyncio.wait_for(asyncio.gather(*(cred.get_token() for _ in range(n))), GUARD)
    assert inner.calls == 1
    assert all(r == results[0] for r in results) and results[0].expires_on == int(NOW + 3600)


async def test_async_cancelled_refresh_releases_ownership() -> None:
    clock = FakeClock()
    inner = Refresher(clock)
    entered, never = asyncio.Event(), asyncio.Event()
    calls = 0

    async def refresher() -> AccessToken:
        nonlocal calls
        calls += 1
        if calls == 1:
            entered.set()
            await never.wait()
        return inner()

    cred = AsyncCommunicationTokenCredential(make_jwt(int(NOW - 1)), token_refresher=refresher, _clock=clock)
    stuck = asyncio.create_task(cred.get_token())
    await asyncio.wait_for(entered.wait(), GUARD)
    stuck.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stuck
    assert (await asyncio.wait_for(cred.get_token(), GUARD)).expires_on == int(NOW + 3600)
    assert calls == 2


async def test_async_proactive_timer_schedule_and_rearm(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock, lifetime=7200)
    cred = AsyncCommunicationTokenCredential(
        make_jwt(int(NOW + 3600)), token_refresher=refresher.async_call, proactive_refresh=True, _clock=clock
    )
    assert timers == []  # no loop work in __init__
    async with cred:
        assert len(timers) == 1 and timers[0].started and timers[0].delay == 3600 - PROACTIVE_MARGIN_S
        await cred.get_token()
        assert len(timers) == 1  # already armed: not re-armed per call
        clock.now += timers[0].delay
        await timers[0].callback()
        assert refresher.calls == 1
        assert len(timers) == 2 and timers[0].cancelled and timers[1].delay == 7200 - PROACTIVE_MARGIN_S
    assert timers[1].cancelled
    with pytest.raises(RuntimeError, match="closed"):
        await cred.get_token()
    await timers[1].callback()  # firing after close does nothing
    assert refresher.calls == 1 and len(timers) == 2


async def test_async_timer_is_armed_on_enter_and_after_a_refresh_only(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    cred = AsyncCommunicationTokenCredential(
        make_jwt(int(NOW + 3600)), token_refresher=refresher.async_call, proactive_refresh=True, _clock=clock
    )
    await cred.get_token()
    assert timers == []  # as Microsoft's: using it does not arm the timer
    clock.now = NOW + 3600 - PROACTIVE_MARGIN_S + 1
    await cred.get_token()  # inside 10 minutes: refreshed on demand, then armed for the new token
    assert refresher.calls == 1 and [t.delay for t in timers] == [3600 - PROACTIVE_MARGIN_S]
    await cred.aclose()
    assert timers[0].cancelled


async def test_async_real_timer_refreshes_and_close_cancels() -> None:
    clock = FakeClock(NOW + 0.99)
    inner = Refresher(clock)
    refreshed = asyncio.Event()

    async def refresher() -> AccessToken:
        result = inner()
        refreshed.set()
        return result

    # Due in 10 ms; until the clock below moves into the window, an early-firing timer just re-arms.
    async with AsyncCommunicationTokenCredential(
        make_jwt(int(NOW) + 601), token_refresher=refresher, proactive_refresh=True, _clock=clock
    ) as cred:
        clock.now = NOW + 300
        await asyncio.wait_for(refreshed.wait(), GUARD)
        assert inner.calls == 1
        # The timer task stores the token and re-arms without yielding after the refresher returns.
        assert (await cred.get_token()).expires_on == int(NOW + 300 + 3600)
        timer = cred._timer
        assert timer is not None and timer.interval == 3600 - PROACTIVE_MARGIN_S
        task = timer._task
        assert task is not None and not task.done()
    assert task.cancelled()


# ---- as Microsoft's 1.5.0 (compared by running theirs) ----------------------------------------------------


def microsoft(token: str, **kwargs: Any) -> Any:
    """Microsoft's sync credential (untyped, hence Any)."""
    return ms_sync.CommunicationTokenCredential(token, **kwargs)


def microsoft_async(token: str, **kwargs: Any) -> Any:
    return ms_async.CommunicationTokenCredential(token, **kwargs)


@pytest.mark.parametrize("proactive", [False, True])
@pytest.mark.parametrize(
    "ttl", [3600, PROACTIVE_MARGIN_S + 1, PROACTIVE_MARGIN_S - 1, ON_DEMAND_MARGIN_S - 1, -1]
)
def test_refreshes_when_microsofts_does(proactive: bool, ttl: int, monkeypatch: pytest.MonkeyPatch) -> None:
    now = int(NOW)
    # Both read the clock through their module's get_current_utc_as_int (Microsoft's tests patch it so).
    monkeypatch.setattr(ms_sync, "get_current_utc_as_int", lambda: now)
    monkeypatch.setattr(sync_module, "get_current_utc_as_int", lambda: now)
    calls = {"ours": 0, "theirs": 0}

    def refresher(who: str) -> Callable[[], AccessToken]:
        def refresh() -> AccessToken:
            calls[who] += 1
            return access_token_from_jwt(make_jwt(now + 7200))

        return refresh

    token = make_jwt(now + ttl)
    ours = CommunicationTokenCredential(token, token_refresher=refresher("ours"), proactive_refresh=proactive)
    theirs = microsoft(token, token_refresher=refresher("theirs"), proactive_refresh=proactive)
    try:
        assert ours.get_token().expires_on == theirs.get_token().expires_on
        assert (
            calls["ours"]
            == calls["theirs"]
            == (ttl < (PROACTIVE_MARGIN_S if proactive else ON_DEMAND_MARGIN_S))
        )
        # ...and both arm the timer only after a refresh (never on creation).
        assert (ours._timer is not None) == (theirs._timer is not None) == (proactive and calls["ours"] == 1)
    finally:
        ours.close()
        theirs.close()


def test_patching_the_module_clock_moves_the_async_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(async_module, "get_current_utc_as_int", lambda: int(NOW) + 10**6)
    cred = AsyncCommunicationTokenCredential(
        make_jwt(int(NOW) + 3600), token_refresher=Refresher(FakeClock()).async_call
    )
    assert cred._state.clock() == int(NOW) + 10**6


# A JWT wrapped across lines, as Microsoft's test helper writes them.
WRAPPED = (
    f"{make_jwt(int(NOW) + 3600).split('.')[0]}.\n        {make_jwt(int(NOW) + 3600).split('.')[1]}.sig\n"
)


def test_whitespace_in_the_jwt_is_accepted_and_the_token_kept_as_given() -> None:
    theirs = microsoft(WRAPPED).get_token()
    ours = CommunicationTokenCredential(WRAPPED).get_token()
    assert ours == AccessToken(WRAPPED, int(NOW) + 3600)
    assert theirs.token == WRAPPED and theirs.expires_on == ours.expires_on
    compact = "".join(WRAPPED.split())
    assert access_token_from_jwt(" \t" + compact + "\r\n").expires_on == int(NOW) + 3600


async def test_async_whitespace_and_expired_static_token_as_microsofts() -> None:
    assert (await AsyncCommunicationTokenCredential(WRAPPED).get_token()).expires_on == int(NOW) + 3600
    expired = make_jwt(100)
    theirs = await microsoft_async(expired).get_token()
    ours = await AsyncCommunicationTokenCredential(expired).get_token()
    assert ours == AccessToken(expired, 100) and theirs.token == expired


def test_expired_static_token_is_returned_as_microsofts() -> None:
    expired = make_jwt(100)
    assert microsoft(expired).get_token().token == expired
    assert CommunicationTokenCredential(expired).get_token() == AccessToken(expired, 100)


def test_closing_a_credential_without_proactive_refresh_leaves_it_usable() -> None:
    token = make_jwt(int(NOW) + 3600)
    with CommunicationTokenCredential(token, _clock=FakeClock()) as cred:
        pass
    assert cred.get_token().token == token  # nothing was stopped, as with Microsoft's
    with microsoft(token) as theirs:
        pass
    assert theirs.get_token().token == token


def test_entering_with_an_expired_token_refreshes_at_once_in_the_background(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    refresher = Refresher(clock)
    with CommunicationTokenCredential(
        make_jwt(int(NOW - 60)), token_refresher=refresher, proactive_refresh=True, _clock=clock
    ) as cred:
        assert [t.delay for t in timers] == [0]  # as Microsoft's, whose timer fires at once too
        timers[0].callback()
        assert refresher.calls == 1 and timers[-1].delay == 3600 - PROACTIVE_MARGIN_S
        assert cred.get_token().expires_on == int(NOW + 3600) and refresher.calls == 1


async def test_async_entering_arms_the_timer_each_time_until_closed(timers: list[FakeTimer]) -> None:
    clock = FakeClock()
    cred = AsyncCommunicationTokenCredential(
        make_jwt(int(NOW + 3600)),
        token_refresher=Refresher(clock).async_call,
        proactive_refresh=True,
        _clock=clock,
    )
    async with cred:
        assert [t.delay for t in timers] == [3600 - PROACTIVE_MARGIN_S]
    with pytest.raises(RuntimeError, match="has been closed"):
        await cred.__aenter__()
