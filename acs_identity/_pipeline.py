"""Sending a prepared Call on the fast path: the shared part (per-call options, request building, the raw
path's requests (acs_identity._raw), retry decisions, observers, result/error mapping) and the thin synchronous
send/sleep loop. The async loop lives in
acs_identity.aio._pipeline; the azure-core path (azure-core transports and policies) in _core_pipeline."""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import uuid
from collections.abc import Callable, Mapping
from time import perf_counter
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx
from azure.core.exceptions import ServiceRequestTimeoutError, ServiceResponseTimeoutError

from ._auth import BearerValueAuth, HmacAuth
from ._call_options import check_call_options
from ._errors import decode_error, error_from_response, error_from_transport, was_sent
from ._http import RedactedRequest, RequestView, ResponseView
from ._logging import HTTP_LOGGER, network_logging
from ._observe import AttemptObserver
from ._operations import Call
from ._raw import RawRequest, RawResponse, Target
from ._retry import RetryPolicy
from ._tracing import operation_span, tracing_enabled
from ._transports import Transports, TransportT
from ._version import VERSION

if TYPE_CHECKING:
    from ._httpcore import HttpcoreTransport

T = TypeVar("T")
ClientT = TypeVar("ClientT", httpx.Client, httpx.AsyncClient)

logger = logging.getLogger("acs_identity")

USER_AGENT = f"acs-identity/{VERSION} Python/{sys.version_info[0]}.{sys.version_info[1]}"
BASE_HEADERS = {
    "accept": "application/json",
    "user-agent": USER_AGENT,
    # As the official client: ask the service to echo our request id (useful in support cases).
    "x-ms-return-client-request-id": "true",
}

URL_CACHE_SIZE = 256
_RETRY_OPTIONS = ("retry_total", "retry_backoff_factor", "retry_backoff_max")


class _NoAuth(httpx.Auth):
    """For a caller's httpx client: our flow has signed the request already."""


NO_AUTH = _NoAuth()


def client_user_agent(user_agent: str | None) -> str:
    """azure-core's UserAgentPolicy composition: the caller's prefix, ours, then $AZURE_HTTP_USER_AGENT."""
    value = f"{user_agent} {USER_AGENT}" if user_agent else USER_AGENT
    env = os.environ.get("AZURE_HTTP_USER_AGENT")
    return f"{value} {env}" if env else value


class CallState:
    """One call's settings: the client's, overridden by the call's keyword options."""

    __slots__ = (
        "deadline",
        "headers",
        "http_log",
        "network_log",
        "observed",
        "request_hook",
        "request_id",
        "response_hook",
        "retry",
        "timeouts",
        "tracing",
    )

    deadline: float | None
    headers: dict[str, str] | None
    http_log: bool
    network_log: bool
    observed: bool
    request_hook: Callable[[Any], object] | None
    request_id: str
    response_hook: Callable[[Any], object] | None
    retry: RetryPolicy
    timeouts: dict[str, float | None] | None
    tracing: bool


class PipelineCore(Generic[ClientT, TransportT]):
    """Everything about sending that does not depend on sync vs async. `transports`: those of a client we
    built (`client` sends on them and nothing else), so requests go to them directly; None for a caller's
    client, which sends each request itself."""

    def __init__(
        self,
        client: ClientT,
        auth: httpx.Auth,
        retry: RetryPolicy,
        owns_client: bool,
        *,
        transports: Transports[TransportT] | None = None,
        user_agent: str | None = None,
        headers: Mapping[str, str] | None = None,
        logging_enable: bool = False,
    ) -> None:
        self.client: ClientT = client
        self.auth = auth
        self.retry = retry
        self.owns_client = owns_client
        self.logging_enable = logging_enable
        self.user_agent = client_user_agent(user_agent)
        base = {**BASE_HEADERS, "user-agent": self.user_agent, **(headers or {})}
        # Our own client carries the constant headers as its defaults (merged by httpx without per-call
        # overrides); a caller's client gets them on every request instead.
        if owns_client:
            client.headers.update(base)
            self._headers: dict[str, str] = {}
        else:
            self._headers = base
        self._json_headers = {**self._headers, "content-type": "application/json"}
        self._timeouts: dict[str, float | None] = client.timeout.as_dict()
        # Fast path for a client we built (nobody else can add hooks, cookies or headers to it): build the
        # request and hand it to the transport ourselves. httpx.Client.send's extras (cookie jar, redirect
        # and hook machinery, elapsed-time stream) cost about a fifth of a call's CPU and do nothing here.
        self.transports: Transports[TransportT] | None = transports
        # The one transport every request goes to when no proxy can apply (the usual case): no lookup.
        self._sole: TransportT | None = (
            None if transports is None or transports.proxies else transports.direct
        )
        if transports is not None:
            # The headers client.build_request would merge, merged once (httpx.Headers keeps their case).
            self._direct_headers = httpx.Headers(client.headers)
            self._direct_json_headers = httpx.Headers(client.headers)
            self._direct_json_headers["content-type"] = "application/json"
            self._extensions = {"timeout": self._timeouts}
        self._targets: dict[str, Target] = {}
        # For the raw path: httpx's merge of our client's constant headers, lower-cased.
        self._raw_headers = {name.lower(): value for name, value in client.headers.items()}
        self._raw_json_headers = {**self._raw_headers, "content-type": "application/json"}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth={self.auth!r}, retry={self.retry!r})"

    def _target(self, url: str) -> Target:
        # Parsing a URL is a sizeable part of a request's CPU; the same few recur (create_user, a user's
        # token refreshes), and httpx.URL is immutable.
        target = self._targets.get(url)
        if target is None:
            if len(self._targets) >= URL_CACHE_SIZE:
                self._targets.clear()
            target = self._targets[url] = Target(httpx.URL(url))
        return target

    def _url(self, url: str) -> httpx.URL:
        return self._target(url).url

    def prepare(self, call: Call[object], options: Mapping[str, Any]) -> CallState:
        """The call's settings, its keyword options checked first (so a bad one sends nothing)."""
        state = CallState()
        retry = self.retry
        if options:
            check_call_options(call.name, options)
            if any(name in options for name in _RETRY_OPTIONS):
                # replace(): a policy of the caller's own (its `sleep`, say) keeps its type and behaviour.
                retry = dataclasses.replace(
                    retry,
                    total=options.get("retry_total", retry.total),
                    backoff_factor=options.get("retry_backoff_factor", retry.backoff_factor),
                    backoff_max=options.get("retry_backoff_max", retry.backoff_max),
                )
            headers: dict[str, str] | None = None
            if "headers" in options or "user_agent" in options:
                headers = dict(options.get("headers", {}))
                if "user_agent" in options:
                    headers["user-agent"] = f"{options['user_agent']} {self.user_agent}"
            state.headers = headers
            timeouts = None
            if "connection_timeout" in options or "read_timeout" in options:
                timeouts = dict(self._timeouts)
                if "connection_timeout" in options:
                    timeouts["connect"] = options["connection_timeout"]
                if "read_timeout" in options:
                    timeouts["read"] = options["read_timeout"]
            state.timeouts = timeouts
            state.deadline = perf_counter() + options["timeout"] if "timeout" in options else None
            state.request_id = options.get("request_id") or str(uuid.uuid4())
            state.request_hook = options.get("raw_request_hook")
            state.response_hook = options.get("raw_response_hook")
            logging_enable = options.get("logging_enable", self.logging_enable)
        else:
            state.headers = state.timeouts = state.deadline = None
            state.request_hook = state.response_hook = None
            state.request_id = str(uuid.uuid4())
            logging_enable = self.logging_enable
        state.retry = retry
        state.network_log = network_logging(logging_enable)
        state.http_log = HTTP_LOGGER.isEnabledFor(logging.INFO)
        state.tracing = tracing_enabled()
        state.observed = (
            state.network_log
            or state.http_log
            or state.tracing
            or state.request_hook is not None
            or state.response_hook is not None
        )
        return state

    def _attempt_timeouts(self, state: CallState, after_response: bool) -> dict[str, float | None] | None:
        """This attempt's timeouts (None: the client's): the call's, capped by what its `timeout` leaves."""
        if state.deadline is None:
            return state.timeouts
        remaining = state.deadline - perf_counter()
        if remaining <= 0:  # azure-core's RetryPolicy raises the same two
            if after_response:
                raise ServiceResponseTimeoutError("Response timeout")
            raise ServiceRequestTimeoutError("Request timeout")
        base = state.timeouts or self._timeouts
        return {name: remaining if value is None else min(value, remaining) for name, value in base.items()}

    def build(self, call: Call[object], state: CallState, after_response: bool = False) -> httpx.Request:
        """A new request for each attempt (so no attempt's record changes when the next is signed)."""
        timeouts = self._attempt_timeouts(state, after_response)
        if self.transports is not None:
            merged = httpx.Headers(
                self._direct_headers if call.content is None else self._direct_json_headers
            )
            merged["x-ms-client-request-id"] = state.request_id
            if call.headers:
                merged.update(call.headers)
            if state.headers:
                merged.update(state.headers)
            return httpx.Request(
                call.method,
                self._url(call.url),
                content=call.content,
                headers=merged,
                extensions=self._extensions if timeouts is None else {"timeout": timeouts},
            )
        headers = httpx.Headers(self._headers if call.content is None else self._json_headers)
        headers["x-ms-client-request-id"] = state.request_id
        if call.headers:
            headers.update(call.headers)
        if state.headers:
            headers.update(state.headers)
        request: httpx.Request = self.client.build_request(
            call.method,
            self._url(call.url),
            content=call.content,
            headers=headers,
            **({} if timeouts is None else {"timeout": httpx.Timeout(**timeouts)}),  # type: ignore[arg-type]
        )
        return request

    # --- the raw path (acs_identity._raw): the parts of a request, for a transport with send_raw ---

    @staticmethod
    def raw_signer(auth: httpx.Auth, state: CallState) -> HmacAuth | BearerValueAuth | None:
        """`auth` when this call may take the raw path: nobody observes it and its auth signs from the
        request alone; else None."""
        if (
            state.observed
            or not isinstance(auth, HmacAuth | BearerValueAuth)
            or logger.isEnabledFor(logging.DEBUG)  # retry_delay logs every attempt
        ):
            return None
        return auth

    def raw_request(
        self, call: Call[object], state: CallState, signer: HmacAuth | BearerValueAuth, after_response: bool
    ) -> RawRequest:
        """The attempt's signed request: the client's constant headers (httpx's merge of them, lower-cased
        so that a call's own replace them), the call's, then the signature."""
        target = self._target(call.url)
        headers = dict(self._raw_headers if call.content is None else self._raw_json_headers)
        headers["x-ms-client-request-id"] = state.request_id
        for extra in (call.headers, state.headers):
            if extra:
                for name, value in extra.items():
                    headers[name.lower()] = value
        host = headers.get("host") or target.host
        headers.update(signer.signed_headers(call.method, host, target.path_query, call.content or b""))
        timeouts = self._attempt_timeouts(state, after_response) or self._timeouts
        return RawRequest(call.method, target, headers, call.content, timeouts)

    def raw_result(self, call: Call[T], request: RawRequest, answer: RawResponse) -> T:
        """A final 2xx's parsed result; httpx's objects are made only for the error an unreadable body
        raises."""
        return finish(
            call,
            answer.status,
            answer.body,
            lambda redact: self.view(answer.to_httpx(request.to_httpx()), redact),
        )

    def check_open(self) -> None:
        if self.client.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")

    def retry_delay(
        self, call: Call[object], state: CallState, response: httpx.Response, attempt: int, started: float
    ) -> float | None:
        """Log the attempt; the delay before retrying it, or None when `response` is final."""
        delay = state.retry.delay_after_response(response, attempt)
        if logger.isEnabledFor(logging.DEBUG) or delay is not None:
            logger.log(
                logging.DEBUG if delay is None else logging.INFO,
                "%s %s %s -> %d (attempt %d, %.1f ms)%s",
                call.name,
                response.request.method,
                response.request.url.path,
                response.status_code,
                attempt,
                (perf_counter() - started) * 1000.0,
                "" if delay is None else f"; retrying in {delay:.2f} s",
            )
        return delay

    def error_delay(
        self,
        call: Call[object],
        state: CallState,
        request: httpx.Request,
        error: httpx.TransportError,
        attempt: int,
        started: float,
    ) -> float:
        """Log a transport error; the delay before retrying, or raise the mapped azure-core error."""
        delay = state.retry.delay_after_error(error, attempt)
        logger.log(
            logging.WARNING if delay is None else logging.INFO,
            "%s %s %s -> %s (attempt %d, %.1f ms)%s",
            call.name,
            request.method,
            request.url.path,
            type(error).__name__,
            attempt,
            (perf_counter() - started) * 1000.0,
            "" if delay is None else f"; retrying in {delay:.2f} s",
        )
        if delay is None:
            raise error_from_transport(error, request, attempt) from error
        return delay

    @staticmethod
    def view(response: httpx.Response, redact_body: bool) -> ResponseView:
        """The error's `.response` (`redact_body`: for a 2xx that could not be parsed)."""
        return ResponseView.from_httpx(response, RedactedRequest(RequestView(response.request)), redact_body)

    @classmethod
    def result(cls, call: Call[T], response: httpx.Response) -> T:
        return finish(call, response.status_code, response.content, lambda redact: cls.view(response, redact))


def finish(call: Call[T], status_code: int, body: bytes, view: Callable[[bool], ResponseView]) -> T:
    """The parsed result of a 2xx, else the azure-core error (`view(redact_body)` builds `.response`)."""
    if 200 <= status_code < 300:
        try:
            return call.parse(status_code, body)
        except (KeyError, TypeError, ValueError) as problem:
            raise decode_error(view(True), call.name, problem) from None
    raise error_from_response(view(False))


class Pipeline(PipelineCore[httpx.Client, httpx.BaseTransport]):
    """The synchronous send/retry/sleep loop."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from ._httpcore import HttpcoreTransport

        # Our httpcore transport itself (a subclass may override handle_request): the raw path.
        sole = self._sole
        self._raw = sole if type(sole) is HttpcoreTransport else None

    def _send_raw(self, transport: HttpcoreTransport, request: RawRequest) -> RawResponse:
        self.check_open()
        try:
            return transport.send_raw(request)
        except httpx.TransportError as error:
            error.request = request.to_httpx()  # as on the httpx path
            raise

    def run(self, call: Call[T], options: Mapping[str, Any]) -> T:
        state = self.prepare(call, options)
        if not state.tracing:
            return self._run(call, state)
        with operation_span(call.name):
            return self._run(call, state)

    def _run(self, call: Call[T], state: CallState) -> T:
        auth = call.auth or self.auth
        transport = self._raw
        signer = None if transport is None else self.raw_signer(auth, state)
        attempt = 0
        after_response = False
        while True:
            attempt += 1
            started = perf_counter()
            request: httpx.Request | None = None
            try:
                if transport is None or signer is None:
                    request = self.build(call, state, after_response)
                    response = self.send(request, auth, state, attempt)
                else:
                    sent = self.raw_request(call, state, signer, after_response)
                    answer = self._send_raw(transport, sent)
                    if answer.final_success:  # no retry, no log line: parsed from the bytes
                        return self.raw_result(call, sent, answer)
                    response = answer.to_httpx(sent.to_httpx())
            except httpx.TransportError as error:
                request = request or error.request
                wait = self.error_delay(call, state, request, error, attempt, started)
                after_response = was_sent(error)
            else:
                delay = self.retry_delay(call, state, response, attempt, started)
                if delay is None:
                    return self.result(call, response)
                wait = delay
                after_response = True
                response.close()
            state.retry.sleep(wait)

    def send(
        self, request: httpx.Request, auth: httpx.Auth, state: CallState, attempt: int
    ) -> httpx.Response:
        self.check_open()
        # The auth flow runs per attempt (a fresh signature or token each time), as in httpx.Client.send.
        flow = auth.sync_auth_flow(request)
        request = next(flow)
        while True:
            response = self._observed(request, state, attempt)
            try:
                request = flow.send(response)
            except StopIteration:
                return response
            response.close()

    def _observed(self, request: httpx.Request, state: CallState, attempt: int) -> httpx.Response:
        if not state.observed:
            return self._send_one(request)
        observer = AttemptObserver(state, request, attempt)
        try:
            response = self._send_one(request)
        except BaseException:
            observer.failed()
            raise
        observer.received(response)
        return response

    def _send_one(self, request: httpx.Request) -> httpx.Response:
        transports = self.transports
        if transports is None:
            return self.client.send(request, auth=NO_AUTH)
        try:
            transport = self._sole or transports.for_url(request.url)
            response = transport.handle_request(request)
            response.request = request
            try:
                response.read()
            except BaseException:
                response.close()
                raise
        except httpx.RequestError as error:
            error.request = request
            raise
        return response

    def close(self) -> None:
        if self.owns_client:
            self.client.close()  # closes `transports.direct`, its transport
            if self.transports is not None:
                for proxy in self.transports.proxies.values():
                    proxy.close()
