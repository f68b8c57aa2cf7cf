"""The azure-core path: a client given an azure-core transport or azure-core policies sends through
azure-core's own Pipeline, with the policies in the order azure-core's PipelineClient builds them.

The same prepared `Call`s are sent; the request is signed by the same httpx.Auth flows (HMAC or bearer) run
inside an azure-core policy; results and errors are mapped as on the fast path. azure-core's
NetworkTraceLoggingPolicy (which logs the signature and issued tokens) is replaced by a redacting one with
the same `logging_enable` option. This module has the sync pipeline and what both share; the async one is in
acs_identity.aio._core_pipeline.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import httpx
from azure.core.pipeline import Pipeline, PipelineRequest, PipelineResponse
from azure.core.pipeline import policies as core_policies
from azure.core.rest import HttpRequest

from ._call_options import check_call_options
from ._http import RedactedRequest, ResponseView
from ._logging import log_request, log_response, network_logging
from ._operations import Call
from ._pipeline import BASE_HEADERS, USER_AGENT, finish
from ._retry import RetryPolicy
from ._tracing import http_tracing_policy, operation_span, tracing_enabled

T = TypeVar("T")

# The per-call auth override (the Teams Phone Extension exchange's own bearer token) travels in the context.
_AUTH_OPTION = "acs_identity_auth"
_SIGNED_HEADERS = ("authorization", "x-ms-date", "x-ms-content-sha256")

# Client options that only azure-core's pipeline carries: any of them selects this path.
CORE_OPTIONS = (
    "proxies",
    "connection_cert",
    "http_logging_policy",
    "headers_policy",
    "user_agent_policy",
    "retry_policy",
    "per_call_policies",
    "per_retry_policies",
)


@dataclass
class CoreSettings:
    """What the client's options say about an azure-core pipeline."""

    retry: RetryPolicy
    user_agent: str | None = None
    headers: Mapping[str, str] | None = None
    logging_enable: bool = False
    proxies: Mapping[str, str] | None = None
    http_logging_policy: Any = None
    headers_policy: Any = None
    user_agent_policy: Any = None
    retry_policy: Any = None
    per_call_policies: Any = None
    per_retry_policies: Any = None


def _as_list(policies: Any) -> list[Any]:
    if policies is None:
        return []
    if isinstance(policies, Sequence):
        items: Sequence[Any] = policies  # pyright: ignore[reportUnknownVariableType]
        return list(items)
    return [policies]


def build_policies(settings: CoreSettings, auth_policy: Any, *, asynchronous: bool) -> list[Any]:
    """azure-core PipelineClient's default order, with our auth, logging and tracing policies."""
    redirect_class = core_policies.AsyncRedirectPolicy if asynchronous else core_policies.RedirectPolicy
    retry_class: Any = core_policies.AsyncRetryPolicy if asynchronous else core_policies.RetryPolicy
    retry = settings.retry_policy or retry_class(
        retry_total=settings.retry.total,
        retry_backoff_factor=settings.retry.backoff_factor,
        retry_backoff_max=settings.retry.backoff_max,
    )
    base_headers = {name: value for name, value in BASE_HEADERS.items() if name != "user-agent"}
    return [
        core_policies.RequestIdPolicy(),
        settings.headers_policy
        or core_policies.HeadersPolicy(base_headers={**base_headers, **(settings.headers or {})}),
        settings.user_agent_policy
        or core_policies.UserAgentPolicy(base_user_agent=USER_AGENT, user_agent=settings.user_agent),
        core_policies.ProxyPolicy(proxies=dict(settings.proxies) if settings.proxies else None),
        core_policies.ContentDecodePolicy(),
        *_as_list(settings.per_call_policies),
        redirect_class.no_redirects(),  # a redirect would carry the signature to another URL
        retry,
        auth_policy,
        core_policies.CustomHookPolicy(),
        *_as_list(settings.per_retry_policies),
        RedactingNetworkTracePolicy(settings.logging_enable),
        http_tracing_policy(),
        settings.http_logging_policy or core_policies.HttpLoggingPolicy(),
    ]


# What may stand unescaped in a path segment (RFC 3986 pchar, less '+', which transports keep escaped).
_PCHAR_SAFE = "!$&'()*,;=:@-._~"


def wire_url(url: str) -> str:
    """`url` with each path segment in the form aiohttp (yarl) and requests both send unchanged.

    The signature covers the path as sent; yarl decodes escapes such as %3A that requests keeps, so the path
    is put in that decoded form first, and every transport then sends what was signed."""
    scheme, sep, rest = url.partition("://")
    path_start = rest.find("/")
    if path_start < 0:
        return url
    authority, path_and_query = rest[:path_start], rest[path_start:]
    path, qsep, query = path_and_query.partition("?")
    path = "/".join(quote(unquote(segment), safe=_PCHAR_SAFE) for segment in path.split("/"))
    return f"{scheme}{sep}{authority}{path}{qsep}{query}"


def http_request(call: Call[object]) -> HttpRequest:
    return HttpRequest(call.method, wire_url(call.url), headers=dict(call.headers), content=call.content)


def call_kwargs(call: Call[object], options: Mapping[str, Any]) -> dict[str, Any]:
    """The call's options as azure-core's policies read them (checked first: a bad one sends nothing)."""
    check_call_options(call.name, options)
    kwargs = dict(options)
    if call.auth is not None:
        kwargs[_AUTH_OPTION] = call.auth
    return kwargs


def core_result(call: Call[T], request: HttpRequest, response: Any) -> T:
    """The result of an azure-core response (azure.core.rest.HttpResponse), or the azure-core error."""
    return finish(
        call,
        response.status_code,
        response.body(),
        lambda redact: ResponseView.from_azure(response, RedactedRequest(request), redact_body=redact),
    )


def signing_flow(request: PipelineRequest[Any], default: httpx.Auth, asynchronous: bool) -> Any:
    """The auth flow (sync or async generator) that signs this request, seen as an httpx.Request."""
    context = request.context
    if _AUTH_OPTION in context.options:  # first attempt: keep it for the retries
        context[_AUTH_OPTION] = context.options.pop(_AUTH_OPTION)
    auth: httpx.Auth = context.get(_AUTH_OPTION) or default
    http = request.http_request
    probe = httpx.Request(http.method, http.url, headers=list(http.headers.items()), content=http.content)
    flow = auth.async_auth_flow(probe) if asynchronous else auth.sync_auth_flow(probe)
    return flow


def copy_signature(signed: httpx.Request, request: PipelineRequest[Any]) -> None:
    for name in _SIGNED_HEADERS:
        value = signed.headers.get(name)
        if value is not None:
            request.http_request.headers[name] = value


def flow_outcome(status_code: int) -> httpx.Response:
    """What a bearer flow reads of the response (a 401 drops the cached token)."""
    return httpx.Response(status_code)


class HttpxAuthPolicy(core_policies.HTTPPolicy[Any, Any]):
    """Signs each attempt with the client's httpx.Auth flow (fresh date and signature, or bearer token)."""

    def __init__(self, auth: httpx.Auth) -> None:
        super().__init__()
        self.auth = auth

    def send(self, request: PipelineRequest[Any]) -> PipelineResponse[Any, Any]:
        flow: Generator[httpx.Request, httpx.Response, None]
        flow = signing_flow(request, self.auth, asynchronous=False)
        copy_signature(next(flow), request)
        response = self.next.send(request)
        try:
            flow.send(flow_outcome(response.http_response.status_code))
        except StopIteration:
            pass
        return response


class RedactingNetworkTracePolicy(core_policies.SansIOHTTPPolicy):  # type: ignore[type-arg]
    """azure-core's NetworkTraceLoggingPolicy's `logging_enable` option and records, redacted."""

    def __init__(self, logging_enable: bool = False) -> None:
        self.enabled = logging_enable

    def on_request(self, request: PipelineRequest[Any]) -> None:
        enabled = request.context.options.pop("logging_enable", self.enabled)
        request.context["logging_enable"] = enabled
        if network_logging(enabled):
            http = request.http_request
            log_request(http.method, http.url, http.headers, http.content)

    def on_response(self, request: PipelineRequest[Any], response: PipelineResponse[Any, Any]) -> None:
        if network_logging(response.context.get("logging_enable", False)):
            http = response.http_response
            log_response(http.status_code, http.headers, http.text())


class CorePipeline:
    """Sends Calls through an azure-core Pipeline (sync)."""

    def __init__(self, transport: Any, settings: CoreSettings, auth: httpx.Auth) -> None:
        self.auth = auth
        self.retry = settings.retry
        self._pipeline: Pipeline[Any, Any] = Pipeline(
            transport, build_policies(settings, HttpxAuthPolicy(auth), asynchronous=False)
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(auth={self.auth!r})"

    def run(self, call: Call[T], options: Mapping[str, Any]) -> T:
        kwargs = call_kwargs(call, options)
        if not tracing_enabled():
            return self._send(call, kwargs)
        with operation_span(call.name):
            return self._send(call, kwargs)

    def _send(self, call: Call[T], kwargs: dict[str, Any]) -> T:
        request = http_request(call)
        return core_result(call, request, self._pipeline.run(request, **kwargs).http_response)

    def close(self) -> None:
        self._pipeline.__exit__()
