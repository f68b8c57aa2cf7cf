"""Sending a prepared Call: the shared part (request building, retry decisions, logging, result/error
mapping) and the thin synchronous send/sleep loop. The async loop lives in acs_identity.aio._pipeline."""

from __future__ import annotations

import logging
import sys
import time
import uuid
from time import perf_counter
from typing import Generic, TypeVar

import httpx

from ._errors import decode_error, error_from_response, error_from_transport
from ._operations import Call
from ._retry import RetryPolicy
from ._version import VERSION

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

# Patched by tests (no real sleeping); the async loop has its own.
sleep = time.sleep

_URL_CACHE_SIZE = 256


class PipelineCore(Generic[ClientT]):
    """Everything about sending that does not depend on sync vs async."""

    def __init__(self, client: ClientT, auth: httpx.Auth, retry: RetryPolicy, owns_client: bool) -> None:
        self.client: ClientT = client
        self.auth = auth
        self.retry = retry
        self.owns_client = owns_client
        # Our own client carries the constant headers as its defaults (merged by httpx without per-call
        # overrides); a caller's client gets them on every request instead.
        if owns_client:
            client.headers.update(BASE_HEADERS)
            self._headers: dict[str, str] = {}
        else:
            self._headers = dict(BASE_HEADERS)
        self._json_headers = {**self._headers, "content-type": "application/json"}
        # Fast path for a client we own (nobody else can add hooks, cookies or headers to it): build the
        # request and hand it to the transport ourselves. httpx.Client.send's extras (cookie jar, redirect
        # and hook machinery, elapsed-time stream) cost about a fifth of a call's CPU and do nothing here.
        self.direct = owns_client and hasattr(client, "_transport_for_url")
        if self.direct:
            # The headers client.build_request would merge, merged once (httpx.Headers keeps their case).
            self._direct_headers = httpx.Headers(client.headers)
            self._direct_json_headers = httpx.Headers(client.headers)
            self._direct_json_headers["content-type"] = "application/json"
            self._extensions = {"timeout": client.timeout.as_dict()}
        self._urls: dict[str, httpx.URL] = {}

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth={self.auth!r}, retry={self.retry!r})"

    def _url(self, url: str) -> httpx.URL:
        # Parsing a URL is a sizeable part of a request's CPU; the same few recur (create_user, a user's
        # token refreshes), and httpx.URL is immutable.
        parsed = self._urls.get(url)
        if parsed is None:
            if len(self._urls) >= _URL_CACHE_SIZE:
                self._urls.clear()
            parsed = self._urls[url] = httpx.URL(url)
        return parsed

    def build(self, call: Call[object], request_id: str) -> httpx.Request:
        """A new request for each attempt (so no attempt's record changes when the next is signed)."""
        if self.direct:
            merged = httpx.Headers(
                self._direct_headers if call.content is None else self._direct_json_headers
            )
            merged["x-ms-client-request-id"] = request_id
            return httpx.Request(
                call.method,
                self._url(call.url),
                content=call.content,
                headers=merged,
                extensions=self._extensions,
            )
        headers = dict(self._headers if call.content is None else self._json_headers)
        headers["x-ms-client-request-id"] = request_id
        request: httpx.Request = self.client.build_request(
            call.method, self._url(call.url), content=call.content, headers=headers
        )
        return request

    def check_open(self) -> None:
        if self.client.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")

    def retry_delay(
        self, call: Call[object], response: httpx.Response, attempt: int, started: float
    ) -> float | None:
        """Log the attempt; the delay before retrying it, or None when `response` is final."""
        delay = self.retry.delay_after_response(response, attempt)
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
        request: httpx.Request,
        error: httpx.TransportError,
        attempt: int,
        started: float,
    ) -> float:
        """Log a transport error; the delay before retrying, or raise the mapped azure-core error."""
        delay = self.retry.delay_after_error(error, attempt)
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
    def result(call: Call[T], response: httpx.Response) -> T:
        if response.is_success:
            try:
                return call.parse(response)
            except (KeyError, TypeError, ValueError) as problem:
                raise decode_error(response, call.name, problem) from None
        raise error_from_response(response)


class Pipeline(PipelineCore[httpx.Client]):
    """The synchronous send/retry/sleep loop."""

    def run(self, call: Call[T]) -> T:
        # One request id per call, kept across retries (so the service can correlate the attempts).
        request_id = str(uuid.uuid4())
        auth = call.auth or self.auth
        attempt = 0
        while True:
            attempt += 1
            started = perf_counter()
            request = self.build(call, request_id)
            try:
                response = self.send(request, auth)
            except httpx.TransportError as error:
                wait = self.error_delay(call, request, error, attempt, started)
            else:
                delay = self.retry_delay(call, response, attempt, started)
                if delay is None:
                    return self.result(call, response)
                wait = delay
                response.close()
            sleep(wait)

    def send(self, request: httpx.Request, auth: httpx.Auth) -> httpx.Response:
        if not self.direct:
            return self.client.send(request, auth=auth)
        self.check_open()
        # The auth flow runs per attempt (a fresh signature or token each time), as in httpx.Client.send.
        flow = auth.sync_auth_flow(request)
        request = next(flow)
        while True:
            response = self._send_one(request)
            try:
                request = flow.send(response)
            except StopIteration:
                return response
            response.close()

    def _send_one(self, request: httpx.Request) -> httpx.Response:
        try:
            # httpx's own lookup of the transport for a URL (honours `mounts`); it has no public spelling.
            transport = self.client._transport_for_url(request.url)  # pyright: ignore[reportPrivateUsage]
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
            self.client.close()
