"""Repeatable requests (OASIS Repeatable Requests 1.0, as ACS applies them): a create carrying
Repeatability-Request-ID and Repeatability-First-Sent is executed at most once within the tracked window.

- a new request id within the window: executed, its answer kept, `Repeatability-Result: accepted`;
- the same id again, for the same request: the kept answer (same status and body), `accepted`;
- the same id for a different request (method, path, query, body or first-sent differ): 400, `rejected`;
- the same id while the first is still being executed (another worker): 409, `rejected`;
- an id that is not a UUID, or a first-sent missing or not an IMF-fixdate: 400, `rejected`;
- a first-sent outside the window: 412, `rejected` (the service may have forgotten the first answer).

A 5xx is not kept: the request may be retried with the same id and is executed again.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
import uuid
from calendar import timegm
from collections.abc import Callable

from ._errors import ApiError, validation_error
from ._service import Result
from ._store import RepeatableRecord, Store

REQUEST_ID_HEADER = b"repeatability-request-id"
FIRST_SENT_HEADER = b"repeatability-first-sent"
RESULT_HEADER = b"repeatability-result"

_ACCEPTED = (RESULT_HEADER, b"accepted")
_REJECTED = (RESULT_HEADER, b"rejected")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_IMF_FIXDATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ("
    + "|".join(_MONTHS)
    + r") (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT"
)


def parse_imf_fixdate(text: str) -> float | None:
    """Epoch seconds of an IMF-fixdate (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT"; None if not one."""
    match = _IMF_FIXDATE.fullmatch(text)
    if match is None:
        return None
    day, month, year, hour, minute, second = match.groups()
    fields = (int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second))
    if not (1 <= fields[2] <= 31 and fields[3] <= 23 and fields[4] <= 59 and fields[5] <= 60):
        return None
    return float(timegm((*fields, 0, 0, 0)))


class Repeatability:
    """Runs repeatable requests against a store; `clock` is injectable so tests need no waiting."""

    def __init__(self, store: Store, window: float, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self.window = window
        self._clock = clock

    def run(
        self,
        headers: dict[bytes, bytes],
        request: tuple[str, bytes, bytes, bytes],
        execute: Callable[[], Result],
    ) -> Result:
        """`execute()` at most once for the request's id; without Repeatability-Request-ID, just execute().
        `request` is (method, path, query, body): what must match for a repeat."""
        raw_id = headers.get(REQUEST_ID_HEADER)
        if raw_id is None:
            return execute()
        request_id = _request_id(raw_id)
        raw_first_sent = headers.get(FIRST_SENT_HEADER)
        first_sent = None if raw_first_sent is None else parse_imf_fixdate(raw_first_sent.decode("latin-1"))
        if first_sent is None:
            raise validation_error(
                "The Repeatability-First-Sent header is required with Repeatability-Request-ID and must be an"
                " IMF-fixdate, e.g. 'Sun, 06 Nov 1994 08:49:37 GMT'.",
                "Repeatability-First-Sent",
            ).with_headers(_REJECTED)
        now = self._clock()
        if abs(now - first_sent) > self.window:
            raise ApiError(
                412,
                "PreconditionFailed",
                f"The Repeatability-First-Sent header is outside the {self.window:g}-second window in which"
                " repeatable requests are tracked.",
                "Repeatability-First-Sent",
                headers=(_REJECTED,),
            )
        fingerprint = _fingerprint(request, first_sent)
        held = self._store.claim_repeatable(
            RepeatableRecord(request_id, fingerprint, first_sent), horizon=now - self.window
        )
        if held is not None:
            return _replay(held, fingerprint)
        try:
            result = execute()
        except ApiError as error:
            if error.status >= 500:
                self._store.forget_repeatable(request_id)
                raise
            self._store.answer_repeatable(request_id, error.status, json.dumps(error.body()))
            raise error.with_headers(_ACCEPTED) from None
        except BaseException:
            self._store.forget_repeatable(request_id)
            raise
        self._store.answer_repeatable(request_id, result.status, json.dumps(result.body))
        return Result(result.status, result.body, (*result.headers, _ACCEPTED))


def _request_id(raw: bytes) -> str:
    text = raw.decode("latin-1").strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise validation_error(
            "The Repeatability-Request-ID header must be a UUID.", "Repeatability-Request-ID"
        ).with_headers(_REJECTED) from None


def _fingerprint(request: tuple[str, bytes, bytes, bytes], first_sent: float) -> str:
    method, path, query, body = request
    digest = hashlib.sha256()
    for part in (method.encode("ascii"), path, query, body, repr(first_sent).encode("ascii")):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _replay(held: RepeatableRecord, fingerprint: str) -> Result:
    if held.fingerprint != fingerprint:
        raise validation_error(
            "The Repeatability-Request-ID was sent before with a different request.",
            "Repeatability-Request-ID",
        ).with_headers(_REJECTED)
    if held.status is None or held.body is None:
        raise ApiError(
            409,
            "Conflict",
            "The first request with this Repeatability-Request-ID is still being processed.",
            headers=(_REJECTED,),
        )
    body = json.loads(held.body)
    if held.status >= 400:
        error = body["error"]
        raise ApiError(
            held.status, error["code"], error["message"], error.get("target"), headers=(_ACCEPTED,)
        )
    return Result(held.status, body, (_ACCEPTED,))
