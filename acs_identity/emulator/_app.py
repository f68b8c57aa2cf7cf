"""The emulator's HTTP face: a lean raw-ASGI app (no framework) routing the service's wire format."""

from __future__ import annotations

import asyncio
import base64
import contextvars
import json
import random
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import parse_qsl, unquote, urlencode

from acs_identity._capabilities import CapabilityRecord, VersionCapabilities

from ._auth import Authenticator, bearer_token
from ._constants import JSON_CONTENT_TYPE, MAX_BODY_BYTES, MAX_CLOCK_SKEW
from ._errors import ApiError
from ._faults import Fault, FaultInjector
from ._options import DEFAULT_PAGE_SIZE, DEFAULT_REPEATABILITY_SECONDS
from ._protocol import TRANSPORT_STATE_KEY
from ._repeatability import Repeatability
from ._service import Result, Service

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


_random = random.Random()
# Set by inject_fault() for a drop-after fault, read by dispatch() in the same request's task.
_DROP_AFTER: contextvars.ContextVar[object | None] = contextvars.ContextVar(
    "acs_emulator_drop_after", default=None
)
_NO_TRANSPORT = object()
_JSON_HEADER = (b"content-type", JSON_CONTENT_TYPE.encode("ascii"))
_FAULT_ERRORS = {
    Fault.THROTTLE: ApiError(429, "TooManyRequests", "Too many requests; retry after the given delay."),
    Fault.INTERNAL_ERROR: ApiError(500, "InternalServerError", "An internal error occurred (injected)."),
    Fault.UNAVAILABLE: ApiError(503, "ServiceUnavailable", "The service is unavailable (injected)."),
}


@dataclass(slots=True)  # not frozen: built per request, and a frozen __init__ costs more
class Call:
    """A routed, fully received request, as a handler sees it."""

    caps: VersionCapabilities | None  # None for the emulator's own, unversioned routes
    params: tuple[str, ...]
    method: str
    raw_path: bytes
    query: bytes
    headers: dict[bytes, bytes]
    body: bytes

    def json(self) -> dict[str, Any]:
        return _json_object(self.body)

    @property
    def version(self) -> VersionCapabilities:
        assert self.caps is not None
        return self.caps


Handler = Callable[["EmulatorApp", Call], "Result | asyncio.Future[Result]"]


@dataclass(frozen=True, slots=True)
class Route:
    """One operation: its method and path (None marks a path parameter), how it authenticates, and its
    handler. An API operation's name is its canonical name in the capability record, which says in which
    api-versions it exists; the emulator's own routes are unversioned and never faulted."""

    operation: str
    method: str
    path: tuple[str | None, ...]
    handler: Handler
    # "key": HMAC or an Entra ID bearer of the resource; "user": the caller's own Entra ID token is the
    # credential (the user-token exchanges); "none": open.
    auth: str = "key"
    versioned: bool = True
    # Derived from path, for matching: the index key, the literals the key leaves to check, parameter places.
    key: tuple[int, str | None, str | None] = field(init=False)
    checks: tuple[tuple[int, str], ...] = field(init=False)
    param_places: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.path)
        last = self.path[-1] if n > 1 else None
        keyed = {0, n - 1} if last is not None else {0}
        checks = tuple((i, part) for i, part in enumerate(self.path) if part is not None and i not in keyed)
        places = tuple(i for i, part in enumerate(self.path) if part is None)
        object.__setattr__(self, "key", (n, self.path[0], last))
        object.__setattr__(self, "checks", checks)
        object.__setattr__(self, "param_places", places)


class Router:
    """Finds the route of a method and path. Routes are indexed by segment count, first segment and last
    segment (when literal), so the usual request finds its one candidate in a dict lookup."""

    def __init__(self, routes: tuple[Route, ...]) -> None:
        self.routes = {route.operation: route for route in routes}
        self._index: dict[tuple[int, str | None, str | None], list[Route]] = {}
        for route in routes:
            self._index.setdefault(route.key, []).append(route)

    def match(self, method: str, parts: list[str]) -> tuple[Route, tuple[str, ...]]:
        """(route, path parameters); ApiError 404/405 when nothing matches."""
        n = len(parts)
        first = parts[0] if parts else None
        keys = ((n, first, parts[-1]), (n, first, None)) if n > 1 else ((n, first, None),)
        allowed: list[str] = []
        for key in keys:
            for route in self._index.get(key, ()):
                if route.checks and any(parts[i] != literal for i, literal in route.checks):
                    continue
                if route.method == method:
                    return route, tuple(map(parts.__getitem__, route.param_places))
                allowed.append(route.method)
        if not allowed:
            raise ApiError(404, "NotFound", "The requested resource does not exist.")
        raise ApiError(
            405,
            "MethodNotAllowed",
            f"The method {method} is not allowed on this resource.",
            headers=((b"allow", ", ".join(sorted(allowed)).encode("ascii")),),
        )


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
        repeatability_window: float = DEFAULT_REPEATABILITY_SECONDS,
        page_size: int = DEFAULT_PAGE_SIZE,
        https: bool = False,
    ) -> None:
        self.service = service
        self.auth = Authenticator(access_key, service.issuer_key, replay_window)
        self.max_body_bytes = max_body_bytes
        self.capabilities = capabilities
        self.faults = faults if faults is not None and faults.config.enabled else None
        self.repeatability = Repeatability(service.store, repeatability_window)
        self.page_size = page_size
        self.scheme = "https" if https else "http"
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
            operation, params = self.route(method, raw_path)
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
        route, params = ROUTER.match(method, _path_parts(raw_path))
        return route.operation, params

    def faulted(self, operation: str) -> bool:
        return self.faults is not None and ROUTER.routes[operation].versioned

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
            headers = self._headers(request_headers, False)
            headers.extend(result.headers)
            return result.status, headers, b""
        headers = self._headers(request_headers, True)
        headers.extend(result.headers)
        return result.status, *self._json(result.body, headers)

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
        the pool. The route's own record says how to check it and which handler answers it."""
        route = ROUTER.routes[operation]
        caps = self._version(query, operation) if route.versioned else None
        if route.auth == "key":
            self.auth.authenticate(method, raw_path, query, headers, body)
        call = Call(caps, params, method, raw_path, query, headers, body)
        if self.faults is not None and _DROP_AFTER.get() is not None:
            return self._drop_after(route, call)
        return route.handler(self, call)

    def _drop_after(self, route: Route, call: Call) -> Result | asyncio.Future[Result]:
        """Execute the request, then close its connection unanswered (the drop-after fault)."""
        transport = _DROP_AFTER.get()
        _DROP_AFTER.set(None)
        try:
            outcome = route.handler(self, call)
        except ApiError:
            outcome = None
        if transport is _NO_TRANSPORT:
            # Another server, without access to the connection: the nearest thing is a 503 after acting.
            raise _FAULT_ERRORS[Fault.UNAVAILABLE]
        connection = cast("asyncio.Transport", transport)  # uvloop's transports are not asyncio's classes
        if isinstance(outcome, asyncio.Future):
            outcome.add_done_callback(lambda _: connection.close())
            return outcome
        connection.close()
        raise Dropped

    def _version(self, query: bytes, operation: str) -> VersionCapabilities:
        version = None
        text = query.decode("latin-1")
        if text.startswith("api-version=") and "&" not in text and "%" not in text and "+" not in text:
            version = text[12:]  # the usual query, without the cost of a general parse
        else:
            version = _query_value(text, "api-version")
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
            # "X or later" only where it is true: a preview in between may have it while the next stable lacks it.
            having = self.capabilities.describe_versions_with(lambda c: c.supports(operation))
            raise ApiError(
                400,
                "UnsupportedApiVersion",
                f"The operation {operation} is not available in api-version '{version}'"
                + (f"; it needs api-version {having}." if having else "."),
            )
        return caps

    # --- handlers: one per route that needs more than a service call (named on_<operation>) ----------------------------------------------------------------------

    def on_issue_access_token(self, call: Call) -> Result | asyncio.Future[Result]:
        service = self.service
        request = service.check_issue(call.version, call.params[0], call.json())
        if self._signing_pool is not None and service.needs_signature(request):
            # RSA signing releases the GIL: a small pool lets signatures overlap with request handling.
            return asyncio.get_running_loop().run_in_executor(self._signing_pool, service.issue, request)
        return service.issue(request)

    def on_create_identity(self, call: Call) -> Result:
        caps = call.version
        if not caps.has("repeatability"):
            # Elsewhere the headers mean nothing to the service: no Repeatability-Result says so.
            return self.service.create_identity(caps, call.json())
        # Parsed inside: a malformed body is an answer of the repeatable request too.
        return self.repeatability.run(
            call.headers,
            (call.method, call.raw_path, call.query, call.body),
            lambda: self.service.create_identity(caps, call.json()),
        )

    def on_exchange_teams_extension_access_token(self, call: Call) -> Result:
        # The extension user's own Entra ID token is the credential of this operation.
        bearer = bearer_token(call.headers)
        call.json()
        return self.service.exchange_teams_extension_access_token(call.version, bearer)

    def on_exchange_entra_access_token(self, call: Call) -> Result:
        bearer = bearer_token(call.headers)
        call.json()
        return self.service.exchange_entra_access_token(call.version, bearer)

    def on_list_entra_assignments(self, call: Call) -> Result:
        text = call.query.decode("latin-1")
        value, next_token = self.service.list_entra_assignments(
            _query_value(text, _SKIP_TOKEN), self.page_size
        )
        body: dict[str, Any] = {"value": value}
        if next_token is not None:
            # An absolute link, as Azure's list operations give: the same path and version, the next page.
            host = call.headers.get(b"host", b"localhost").decode("latin-1")
            query = urlencode({"api-version": call.version.api_version, _SKIP_TOKEN: next_token})
            body["nextLink"] = f"{self.scheme}://{host}{call.raw_path.decode('latin-1')}?{query}"
        return Result(200, body)

    def on_update_entra_assignments(self, call: Call) -> Result:
        content_type = call.headers.get(b"content-type", b"").split(b";")[0].strip().lower()
        if content_type != MERGE_PATCH_CONTENT_TYPE:
            raise ApiError(
                415,
                "UnsupportedMediaType",
                f"The request's Content-Type must be {MERGE_PATCH_CONTENT_TYPE.decode()}.",
            )
        return self.service.update_entra_assignments(call.json())

    def on_emulator_info(self, call: Call) -> Result:
        service = self.service
        return Result(
            200,
            {
                "resourceId": service.resource_id,
                "tenantId": service.tenant_id,
                "identities": service.identity_count(),
            },
        )

    def on_validate_token(self, call: Call) -> Result:
        token = call.json().get("token")
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
        if fault is Fault.DROP_AFTER:
            # dispatch(), next in this request's task, sees it: the request is executed, then dropped.
            _DROP_AFTER.set(_NO_TRANSPORT if transport is None else transport)
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


def _query_value(query: str, name: str) -> str | None:
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key == name:
            return value
    return None


_SKIP_TOKEN = "skipToken"
MERGE_PATCH_CONTENT_TYPE = b"application/merge-patch+json"
_ID = None  # a path parameter

# Every route of the emulator, once: the path, the auth and the handler. Which api-versions have each API
# operation is the capability record's to say (acs_identity._capabilities), checked in dispatch().
ROUTES: tuple[Route, ...] = (
    Route("create_identity", "POST", ("identities",), EmulatorApp.on_create_identity),
    Route(
        "get_identity",
        "GET",
        ("identities", _ID),
        lambda app, call: app.service.get_identity(call.version, call.params[0]),
    ),
    Route(
        "delete_identity",
        "DELETE",
        ("identities", _ID),
        lambda app, call: app.service.delete_identity(call.params[0]),
    ),
    Route(
        "issue_access_token",
        "POST",
        ("identities", _ID, ":issueAccessToken"),
        EmulatorApp.on_issue_access_token,
    ),
    Route(
        "revoke_access_tokens",
        "POST",
        ("identities", _ID, ":revokeAccessTokens"),
        lambda app, call: app.service.revoke_access_tokens(call.params[0]),
    ),
    Route(
        "exchange_teams_user_access_token",
        "POST",
        ("teamsUser", ":exchangeAccessToken"),
        lambda app, call: app.service.exchange_teams_user_access_token(call.json()),
    ),
    Route(
        "exchange_teams_extension_access_token",
        "POST",
        ("access", "teamsExtension", ":exchangeAccessToken"),
        EmulatorApp.on_exchange_teams_extension_access_token,
        auth="user",
    ),
    Route(
        "get_teams_extension_assignment",
        "GET",
        ("access", "teamsExtension", "tenants", _ID, "assignments", _ID),
        lambda app, call: app.service.get_assignment(*call.params),
    ),
    Route(
        "create_or_update_teams_extension_assignment",
        "PUT",
        ("access", "teamsExtension", "tenants", _ID, "assignments", _ID),
        lambda app, call: app.service.put_assignment(call.params[0], call.params[1], call.json()),
    ),
    Route(
        "delete_teams_extension_assignment",
        "DELETE",
        ("access", "teamsExtension", "tenants", _ID, "assignments", _ID),
        lambda app, call: app.service.delete_assignment(*call.params),
    ),
    Route(
        "exchange_entra_access_token",
        "POST",
        ("access", "entra", ":exchangeAccessToken"),
        EmulatorApp.on_exchange_entra_access_token,
        auth="user",
    ),
    Route(
        "list_entra_assignments",
        "GET",
        ("access", "entra", "assignments"),
        EmulatorApp.on_list_entra_assignments,
    ),
    Route(
        "update_entra_assignments",
        "PATCH",
        ("access", "entra", "assignments"),
        EmulatorApp.on_update_entra_assignments,
    ),
    Route(
        "get_entra_assignment",
        "GET",
        ("access", "entra", "assignments", _ID),
        lambda app, call: app.service.get_entra_assignment(call.params[0]),
    ),
    Route(
        "create_or_update_entra_assignment",
        "PUT",
        ("access", "entra", "assignments", _ID),
        lambda app, call: app.service.put_entra_assignment(call.params[0], call.json()),
    ),
    Route(
        "delete_entra_assignment",
        "DELETE",
        ("access", "entra", "assignments", _ID),
        lambda app, call: app.service.delete_entra_assignment(call.params[0]),
    ),
    # The emulator's own routes: no api-version, never faulted.
    Route(
        "jwks",
        "GET",
        (".well-known", "jwks.json"),
        lambda app, call: Result(200, app.service.jwks),
        auth="none",
        versioned=False,
    ),
    Route(
        "validate_token",
        "POST",
        ("_emulator", "tokens", ":validate"),
        EmulatorApp.on_validate_token,
        auth="none",
        versioned=False,
    ),
    Route("info", "GET", ("_emulator", "info"), EmulatorApp.on_emulator_info, auth="none", versioned=False),
    # A token it mints authenticates API calls: it takes the resource's credentials.
    Route(
        "mint_entra_token",
        "POST",
        ("_emulator", "entraTokens", ":mint"),
        lambda app, call: app.service.mint_entra_token_request(call.json()),
        versioned=False,
    ),
)
ROUTER = Router(ROUTES)
