"""Shared types of the generated operations: UNSET, the request parts, the JSON codec."""

import json
from typing import Any, Literal, NamedTuple


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()


class HttpRequestParts(NamedTuple):
    """What one operation sends: method, path (path parameters quoted, relative to the endpoint), query
    parameters, headers, and the body bytes (None: no body)."""

    method: str
    path: str
    params: dict[str, Any]
    headers: dict[str, str]
    content: bytes | None


class UnexpectedStatus(ValueError):
    """A status the API description does not document for this operation's success responses."""

    def __init__(self, status_code: int, content: bytes) -> None:
        self.status_code = status_code
        self.content = content
        super().__init__(f"unexpected status {status_code}")


_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def encode_json(value: Any) -> bytes:
    """The body bytes of a JSON value: compact UTF-8, no NaN/Infinity (not JSON)."""
    return _encoder.encode(value).encode("utf-8")


def decode_json(content: bytes) -> Any:
    return json.loads(content)


__all__ = [
    "UNSET",
    "HttpRequestParts",
    "UnexpectedStatus",
    "Unset",
    "decode_json",
    "encode_json",
]
