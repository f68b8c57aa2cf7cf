"""What watches each attempt on the fast path, in azure-core's order: the raw request/response hooks, network
logging, the CLIENT span and the HttpLoggingPolicy summary. Created only for calls that have one of them, so a
call without any pays nothing here."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
from azure.core.pipeline import PipelineContext, PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import HttpLoggingPolicy

from ._http import RequestView, ResponseView
from ._logging import log_request, log_response
from ._tracing import http_tracing_policy

if TYPE_CHECKING:
    from ._pipeline import CallState

# Stateless but for their configuration: one each serves every client.
_TRACING = http_tracing_policy()
_HTTP_LOGGING = HttpLoggingPolicy()


class AttemptObserver:
    """One attempt's observers; `received` or `failed` ends it."""

    __slots__ = ("request", "state")

    def __init__(self, state: CallState, request: httpx.Request, attempt: int) -> None:
        self.state = state
        context = PipelineContext(None)
        if attempt > 1:
            context["retry_count"] = attempt - 1  # azure-core's key: the span's http.request.resend_count
        self.request: PipelineRequest[Any] = PipelineRequest(RequestView(request), context)
        if state.request_hook is not None:
            state.request_hook(self.request)
        if state.network_log:
            log_request(request.method, str(request.url), request.headers, request.content)
        if state.tracing:
            _TRACING.on_request(self.request)
        if state.http_log:
            _HTTP_LOGGING.on_request(self.request)

    def received(self, response: httpx.Response) -> None:
        state, request = self.state, self.request
        view = ResponseView.from_httpx(response, request.http_request)
        pipeline_response: PipelineResponse[Any, Any] = PipelineResponse(
            request.http_request, view, request.context
        )
        if state.http_log:
            _HTTP_LOGGING.on_response(request, pipeline_response)
        if state.tracing:
            _TRACING.on_response(request, pipeline_response)
        if state.network_log:
            log_response(response.status_code, response.headers, view.text())
        if state.response_hook is not None:
            state.response_hook(pipeline_response)

    def failed(self) -> None:
        """From an `except` block: the CLIENT span records the exception being handled."""
        if self.state.tracing:
            _TRACING.on_exception(self.request)
