"""Repeatable creates (OASIS Repeatable Requests 1.0, api-version 2023-08-01): the two request headers, their
rules, and the service's `Repeatability-Result` answer.

The values are fixed when an operation's `Call` is built, so every retry of one call sends the same two
headers and the service executes the create at most once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import cast

from ._enums import CaseInsensitiveEnumMeta

REQUEST_ID_HEADER = "Repeatability-Request-ID"
FIRST_SENT_HEADER = "Repeatability-First-Sent"
RESULT_HEADER = "Repeatability-Result"


class RepeatabilityResult(StrEnum, metaclass=CaseInsensitiveEnumMeta):
    """The service's `Repeatability-Result` answer to a repeatable request (an open set)."""

    ACCEPTED = "accepted"
    """The service guarantees one execution for this request id: the answer is that execution's, whether this
    request was the first or a repeat of it."""
    REJECTED = "rejected"
    """The service refused the repeatability headers (malformed, outside its window, or a different request
    under an id already used); it comes with an error status."""


@dataclass(frozen=True, slots=True)
class RepeatabilityOutcome:
    """What a repeatable create sent and what the service answered (passed to `repeatability_hook`).

    Attributes:
        request_id: The `Repeatability-Request-ID` sent (a lower-case UUID).
        first_sent: The `Repeatability-First-Sent` sent (aware, UTC, whole seconds).
        result: The service's `Repeatability-Result` (a `RepeatabilityResult`, or the service's string when
            this client does not know it); None when the service did not process the request repeatably.
    """

    request_id: str
    first_sent: datetime
    result: RepeatabilityResult | str | None

    @property
    def accepted(self) -> bool:
        """True when the service answered `Repeatability-Result: accepted`."""
        return self.result == RepeatabilityResult.ACCEPTED


RepeatabilityHook = Callable[[RepeatabilityOutcome], object]


@dataclass(frozen=True, slots=True)
class Repeatability:
    """One call's repeatability values, fixed for all its attempts."""

    request_id: str
    first_sent: datetime

    @property
    def first_sent_header(self) -> str:
        return imf_fixdate(self.first_sent)

    def answered(self, response_headers: Mapping[str, str]) -> RepeatabilityOutcome:
        return RepeatabilityOutcome(self.request_id, self.first_sent, parse_result(response_headers))


def sent_in(request_headers: Mapping[str, str]) -> Repeatability:
    """The values a prepared request carries (its two headers, as the generated builder names them)."""
    return Repeatability(
        request_headers[REQUEST_ID_HEADER], parse_imf_fixdate(request_headers[FIRST_SENT_HEADER])
    )


# email.utils (also what signs x-ms-date in _auth) is imported where used: only repeatable creates need it.
def imf_fixdate(moment: datetime) -> str:
    """RFC 7231's IMF-fixdate of an aware datetime, e.g. `Sun, 10 Sep 2023 20:39:30 GMT` (whole seconds)."""
    from email.utils import formatdate

    return formatdate(int(moment.timestamp()), usegmt=True)


def parse_imf_fixdate(text: str) -> datetime:
    """The aware UTC datetime of an IMF-fixdate that `imf_fixdate` wrote."""
    from email.utils import parsedate_to_datetime

    return parsedate_to_datetime(text).astimezone(UTC)


def parse_result(headers: Mapping[str, str]) -> RepeatabilityResult | str | None:
    value = headers.get(RESULT_HEADER)
    if value is None:
        return None
    try:
        return RepeatabilityResult(value.strip().lower())
    except ValueError:
        return value


def check_request_id(value: object) -> str:
    """The spec's `format: uuid` in its 8-4-4-4-12 hex form (uuid.UUID alone would also take braces,
    "urn:uuid:" or no dashes), lower-cased; or a uuid.UUID."""
    import uuid  # here, not at `import acs_identity`: only a repeatable create needs it

    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"repeatability_request_id must be a str or uuid.UUID, not {type(value).__name__}")
    try:
        canonical: str | None = str(uuid.UUID(value))
    except ValueError:
        canonical = None
    if canonical is None or canonical != value.lower():
        raise ValueError(
            f"repeatability_request_id must be a UUID (8-4-4-4-12 hex digits, e.g. {uuid.UUID(int=0)}), "
            f"got {value!r}"
        )
    return canonical


def check_first_sent(value: object) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"repeatability_first_sent must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            "repeatability_first_sent must be an aware datetime (e.g. datetime.now(UTC)), not a naive one"
        )
    return value.astimezone(UTC).replace(microsecond=0)


def check_hook(value: object) -> RepeatabilityHook:
    if not callable(value):
        raise TypeError(f"repeatability_hook must be callable, not {type(value).__name__}")
    return cast("RepeatabilityHook", value)


def repeatability(request_id: object, first_sent: object) -> Repeatability:
    """The call's values: the caller's (both or neither), else a new uuid4 and the current time."""
    if (request_id is None) != (first_sent is None):
        given, missing = (
            ("repeatability_request_id", "repeatability_first_sent")
            if first_sent is None
            else ("repeatability_first_sent", "repeatability_request_id")
        )
        raise ValueError(
            f"{given} needs {missing} too: a repeated request must send both values it was first sent with"
        )
    if request_id is None:
        import uuid

        return Repeatability(str(uuid.uuid4()), datetime.now(UTC).replace(microsecond=0))
    return Repeatability(check_request_id(request_id), check_first_sent(first_sent))
