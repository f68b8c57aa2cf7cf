"""The emulator's HTTP face: a lean raw-ASGI app (no framework) routing the service's wire format."""

from __future__ import annotations

import asyncio
import base64
import json
import random
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, cast
from urllib.parse import parse_qsl, unquote

from acs_identity._capabilities import CapabilityRecord, VersionCapabilities

from ._auth import Authenticator, bearer_token
from ._constants import JSON_CONTENT_TYPE, MAX_BODY_BYTES, MAX_CLOCK_SKEW
from ._errors import ApiError
from ._faults import Fault, FaultInjector
from ._protocol import TRANSPORT_STATE_KEY
from ._service import Result, Service

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


_random = random.Random()
_JSON_HEADER = (b"content-type", JSON_CONTENT_TYPE.encode("ascii"))
_FAULT_ERRORS = {
    Fault.THROTTLE: ApiError(429, "TooManyRequests", "Too many requests; retry after the given delay."),
    Fault.INTERNAL_ERROR: ApiError(500, "InternalServerError", "An internal error occurred (injected)."),
    Fault.UNAVAILABLE: ApiError(503, "ServiceUnavailable", "The service is unavailable (injected)."),
}


def _route(method: str, parts: list[str]) -> tuple[str, tuple[str, ...]]:
    """(operation, path parameters) for a decoded path; ApiError 404/405 when nothing matches."""
    n = len(parts)
    operation: dict[str, str] = {}
    params: tuple[str, ...] = ()
    if n >= 1 and parts[0] == "identities":
        if n == 1:
            operation = {"POST": "create_identity"}
        elif n == 2:
            operation, params = {"DELETE": "delete_identity"}, (parts[1],)
        elif n == 3 and parts[2] == ":issueAccessToken":
            operation, params = {"POST": "issue_access_token"}, (parts[1],)
        elif n == 3 and parts[2] == ":revokeAccessTokens":
            operation, params = {"POST": "revoke_access_tokens"}, (parts[1],)
    elif parts == ["teamsUser", ":exchangeAccessToken"]:
        operation = {"POST": "exchange_teams_user_access_token"}
    elif n >= 2 and parts[0] == "access" and parts[1] == "teamsExtension":
        if n == 3 and parts[2] == ":exchangeAccessToken":
            operation = {"POST": "exchange_teams_extension_access_token"}
        elif n == 6 and parts[2] == "tenants" and parts[4] == "assignments":
            operation = {
                "GET": "get_teams_extension_assignment",
                "PUT": "create_or_update_teams_extension_assignment",
                "DELETE": "delete_teams_extension_assignment",
            }
            params = (parts[3], parts[5])
    elif parts == [".well-known", "jwks.json"]:
        operation = {"GET": "jwks"}
    elif parts == ["_emulator", "tokens", ":validate"]:
        operation = {"POST": "validate_token"}
    elif parts == ["_emulator", "info"]:
        operation = {"GET": "info"}
    elif parts == ["_emulator", "entraTokens", ":mint"]:
        operation = {"POST": "mint_entra_token"}
    if not operation:
        raise ApiError(404, "NotFound", "The requested resource does not exist.")
    name = operation.get(method)
    if name is None:
        allowed = ", ".join(sorted(operation)).encode("ascii")
        raise ApiError(
            405,
            "MethodNotAllowed",
            f"The method {method} is not allowed on this resource.",
            headers=((b"allow", allowed),),
        )
    return name, params


_UNVERSIONED = frozenset({"jwks", "validate_token", "info"})
_EMULATOR_ROUTES = _UNVERSIONED | {"mint_entra_token"}  # never faulted


class EmulatorApp:
    """ASGI application of one emulated resource."""

    def __init__(
        self,
        service: Service,
        access_key: bytes,
        capabilities: CapabilityRecord,
        faults: FaultInjector | None = None,
        signing_threads: int = 0,
        *,
        replay_window: float = MAX_CLOCK_SKEW.total_seconds(),
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.service = service
        self.auth = Authenticator(access_key, service.issuer_key, replay_window)
        self.max_body_bytes = max_body_bytes
        self.capabilities = capabilities
        self.faults = faults if faults is not None and faults.config.enabled else None
        supported = ", ".join(sorted(capabilities.versions))
        self._common_headers = [_JSON_HEADER, (b"api-supported-versions", supported.encode("ascii"))]
        workers = signing_threads if service.token_mode == "sign" else 0
        self._signing_pool = ThreadPoolExecutor(workers, "acs-emulator-sign") if workers else None

    def close(self) -> None:
        if self._signing_pool is not None:
            self._signing_pool.shutdown(wait=False, cancel_futures=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """ASGI, for any ASGI server; the emulator's own protocol calls respond() directly (less per request)."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        headers: dict[bytes, bytes] = dict(scope["headers"])
        method: str = scope["method"]
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode("utf-8")
        query: bytes = scope.get("query_string", b"")
        transport = scope.get("state", {}).get(TRANSPORT_STATE_KEY)
        try:
            operation, params = _route(method, _path_parts(raw_path))
            if self.faulted(operation):
                await self.inject_fault(transport)
            body = await _read_body(receive, headers, self.max_body_bytes)
            outcome = self.dispatch(operation, params, method, raw_path, query, headers, body)
            result = outcome if isinstance(outcome, Result) else await outcome
        except Dropped:
            await _await_disconnect(receive)
            return
        except ApiError as error:
            status, response_headers, payload = self.error_response(error, headers)
        else:
            status, response_headers, payload = self.result_response(result, headers)
        await send({"type": "http.response.start", "status": status, "headers": response_headers})
        await send({"type": "http.response.body", "body": payload})

    # --- the core both paths share -------------------------------------------------------------------

    def route(self, method: str, raw_path: bytes) -> tuple[str, tuple[str, ...]]:
        return _route(method, _path_parts(raw_path))

    def faulted(self, operation: str) -> bool:
        return self.faults is not None and operation not in _EMULATOR_ROUTES

    def _headers(self, request_headers: dict[bytes, bytes], json_body: bool) -> list[tuple[bytes, bytes]]:
        headers = list(self._common_headers) if json_body else self._common_headers[1:]
        # ms-cv is a correlation id, not a secret: the fast generator will do.
        headers.append((b"ms-cv", base64.b64encode(_random.randbytes(12))))
        request_id = request_headers.get(b"x-ms-client-request-id")
        if request_id is not None:
            headers.append((b"x-ms-client-request-id", request_id))
        return headers

    def result_response(
        self, result: Result, request_headers: dict[bytes, bytes]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        if result.body is None:  # 204: neither a body nor a Content-Length (RFC 9110)
            return result.status, self._headers(request_headers, False), b""
        return result.status, *self._json(result.body, self._headers(request_headers, True))

    def error_response(
        self, error: ApiError, request_headers: dict[bytes, bytes]
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        headers = self._headers(request_headers, True)
        headers.extend(error.headers)
        return error.status, *self._json(error.body(), headers)

    @staticmethod
    def _json(
        body: dict[str, Any], headers: list[tuple[bytes, bytes]]
    ) -> tuple[list[tuple[bytes, bytes]], bytes]:
        payload = json.dumps(body, separators=(",", ":")).encode("utf-8")
        headers.append((b"content-length", str(len(payload)).encode("ascii")))
        return headers, payload

    def dispatch(
        self,
        operation: str,
        params: tuple[str, ...],
        method: str,
        raw_path: bytes,
        query: bytes,
        headers: dict[bytes, bytes],
        body: bytes,
    ) -> Result | asyncio.Future[Result]:
        """The result of a routed, fully received request (raises ApiError); a future when it is signed in
        the pool."""
        if operation in _UNVERSIONED:
            return self._emulator_route(operation, body)
        if operation == "mint_entra_token":
            # Unversioned, but a token it mints authenticates API calls: it takes the resource's credentials.
            self.auth.authenticate(method, raw_path, query, headers, body)
            return self.service.mint_entra_token_request(_json_object(body))
        caps = self._version(query, operation)
        if operation == "exchange_teams_extension_access_token":
            # The extension user's own Entra ID token is the credential of this operation.
            bearer = bearer_token(headers)
            _json_object(body)
            return self.service.exchange_teams_extension_access_token(bearer)
        self.auth.authenticate(method, raw_path, query, headers, body)
        payload = _json_object(body)
        service = self.service
        if operation == "issue_access_token":
            request = service.check_issue(caps, params[0], payload)
            if self._signing_pool is not None and service.needs_signature(request):
                # RSA signing releases the GIL: a small pool lets signatures overlap with request handling.
                return asyncio.get_running_loop().run_in_executor(self._signing_pool, service.issue, request)
            return service.issue(request)
        if operation == "create_identity":
            return service.create_identity(caps, payload)
        if operation == "delete_identity":
            return service.delete_identity(params[0])
        if operation == "revoke_access_tokens":
            return service.revoke_access_tokens(params[0])
        if operation == "exchange_teams_user_access_token":
            return service.exchange_teams_user_access_token(payload)
        if operation == "get_teams_extension_assignment":
            return service.get_assignment(*params)
        if operation == "create_or_update_teams_extension_assignment":
            return service.put_assignment(params[0], params[1], payload)
        return service.delete_assignment(*params)

    def _version(self, query: bytes, operation: str) -> VersionCapabilities:
        version = None
        text = query.decode("latin-1")
        if text.startswith("api-version=") and "&" not in text and "%" not in text and "+" not in text:
            version = text[12:]  # the usual query, without the cost of a general parse
        else:
            for name, value in parse_qsl(text, keep_blank_values=True):
                if name == "api-version":
                    version = value
                    break
        if not version:
            raise ApiError(
                400,
                "MissingApiVersionParameter",
                "The api-version query parameter (?api-version=) is required for all requests.",
            )
        caps = self.capabilities.get(version)
        if caps is None:
            raise ApiError(
                400,
                "UnsupportedApiVersion",
                f"The api-version '{version}' is not supported; supported versions: "
                f"{', '.join(sorted(self.capabilities.versions))}.",
            )
        if not caps.supports(operation):
            first = self.capabilities.first_version_with(lambda c: c.supports(operation))
            raise ApiError(
                400,
                "UnsupportedApiVersion",
                f"The operation {operation} is not available in api-version '{version}'"
                + (f"; it needs {first} or later." if first else "."),
            )
        return caps

    def _emulator_route(self, operation: str, body: bytes) -> Result:
        if operation == "jwks":
            return Result(200, self.service.jwks)
        if operation == "info":
            return Result(200, {"resourceId": self.service.resource_id, "tenantId": self.service.tenant_id})
        token = _json_object(body).get("token")
        if not isinstance(token, str):
            raise ApiError(400, "ValidationError", "The token field is required.", "token")
        valid, reason = self.service.validate_token(token)
        return Result(200, {"valid": valid, "reason": reason})

    async def inject_fault(self, transport: asyncio.Transport | None) -> None:
        """Latency, then maybe a fault: raises ApiError, or Dropped once the connection is closed."""
        assert self.faults is not None
        config = self.faults.config
        if config.latency:
            await asyncio.sleep(config.latency)
        fault = self.faults.draw()
        if fault is None:
            return
        if fault is Fault.DROP:
            if transport is not None:
                transport.close()
                raise Dropped
            # Without access to the connection (another server), the nearest thing is a 503.
            fault = Fault.UNAVAILABLE
        error = _FAULT_ERRORS[fault]
        if fault is Fault.THROTTLE:
            seconds = config.retry_after
            text = str(int(seconds)) if seconds == int(seconds) else repr(seconds)
            error = ApiError(
                error.status,
                error.code,
                error.message,
                headers=(
                    (b"retry-after", text.encode("ascii")),
                    (b"retry-after-ms", str(round(seconds * 1000)).encode("ascii")),
                ),
            )
        raise error


class Dropped(Exception):
    """The connection was closed on purpose; nothing is to be sent."""


async def _read_body(receive: Receive, headers: dict[bytes, bytes], limit: int) -> bytes:
    declared = headers.get(b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Dropped
        chunk: bytes = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "RequestEntityTooLarge", f"The request body is larger than {limit} bytes.")


def _path_parts(raw_path: bytes) -> list[str]:
    return [unquote(p) if "%" in p else p for p in raw_path.decode("latin-1").split("/")[1:]]


def _json_object(body: bytes) -> dict[str, Any]:
    if not body.strip():
        return {}
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ApiError(400, "InvalidRequestBody", "The request body is not valid JSON.") from None
    if not isinstance(value, dict):
        raise ApiError(400, "InvalidRequestBody", "The request body must be a JSON object.")
    return cast("dict[str, Any]", value)


async def _await_disconnect(receive: Receive) -> None:
    # Waiting for the server to notice the closed connection keeps it from answering with its own 500.
    while (await receive())["type"] != "http.disconnect":
        pass


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
