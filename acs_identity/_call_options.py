"""azure-core's per-call keyword options: their declaration (for type checkers) and their validation.

Every operation of both clients takes `**kwargs: Unpack[CallOptions]`. The fast path applies them itself
(acs_identity._pipeline); the azure-core path hands them to azure-core's policies, which read the same names.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypedDict

if TYPE_CHECKING:
    from azure.core.pipeline import PipelineRequest, PipelineResponse


class CallOptions(TypedDict, total=False):
    """Keyword options of every operation, with azure-core's names and meanings."""

    headers: Mapping[str, str]
    """Extra request headers for this call (on top of the client's)."""
    user_agent: str
    """Prepended to the client's User-Agent for this call."""
    request_id: str
    """The `x-ms-client-request-id` of this call (default: a new UUID), kept across its retries."""
    timeout: float
    """Seconds the whole call may take, retries included (azure-core's operation timeout)."""
    connection_timeout: float
    """Seconds to wait for a connection, for this call."""
    read_timeout: float
    """Seconds to wait for the response, for this call."""
    logging_enable: bool
    """Log each request and response of this call at DEBUG (credentials and tokens redacted)."""
    raw_request_hook: Callable[[PipelineRequest[Any]], None]
    """Called with each attempt's request just before it is sent (after signing)."""
    raw_response_hook: Callable[[PipelineResponse[Any, Any]], None]
    """Called with each attempt's response."""
    retry_total: int
    """Retries for this call."""
    retry_backoff_factor: float
    """Backoff factor of this call's retries, in seconds."""
    retry_backoff_max: float
    """Longest wait between this call's retries, in seconds."""


_TYPES: dict[str, tuple[type, ...]] = {
    "headers": (Mapping,),
    "user_agent": (str,),
    "request_id": (str,),
    "timeout": (int, float),
    "connection_timeout": (int, float),
    "read_timeout": (int, float),
    "logging_enable": (bool,),
    "retry_total": (int,),
    "retry_backoff_factor": (int, float),
    "retry_backoff_max": (int, float),
}
_HOOKS = ("raw_request_hook", "raw_response_hook")
_NUMBERS = ("timeout", "connection_timeout", "read_timeout")


def check_call_options(operation: str, options: Mapping[str, object]) -> None:
    """Refuse an unknown option or a value of the wrong kind, naming it (before anything is sent)."""
    for name, value in options.items():
        if name in _HOOKS:
            if not callable(value):
                raise TypeError(f"{operation}(): {name} must be callable, not {type(value).__name__}")
            continue
        kinds = _TYPES.get(name)
        if kinds is None:
            raise TypeError(f"{operation}() got an unexpected keyword argument {name!r}")
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise TypeError(
                f"{operation}(): {name} must be {' or '.join(k.__name__ for k in kinds)}, "
                f"not {type(value).__name__}"
            )
        if name in _NUMBERS and not value > 0:  # type: ignore[operator]
            raise ValueError(f"{operation}(): {name} must be a number of seconds > 0, not {value!r}")
        if name == "headers":
            for key, item in value.items():  # type: ignore[attr-defined]
                if not isinstance(key, str) or not isinstance(item, str):
                    raise TypeError(f"{operation}(): headers must map str to str")
