"""Network logging: azure-core's record formats and logger names, with every secret redacted.

Two loggers, the ones azure-core itself writes to, so that the configuration users of Azure SDKs already have
(`logging.getLogger("azure")`, or silencing `azure.core.pipeline.policies.http_logging_policy`) applies as is:
- NETWORK_LOGGER: with `logging_enable=True` (client or call), each request and response in full at DEBUG,
  as azure-core's NetworkTraceLoggingPolicy writes them, but with `Authorization` (the HMAC signature or a
  bearer token) and every `"token"` value in a body (issued ACS tokens, Entra tokens being exchanged) redacted.
- HTTP_LOGGER: azure-core's HttpLoggingPolicy INFO summary (URL, method, allow-listed headers, status).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping

from ._http import REDACTED, redacted_headers

NETWORK_LOGGER = logging.getLogger("azure.core.pipeline.policies._universal")
HTTP_LOGGER = logging.getLogger("azure.core.pipeline.policies.http_logging_policy")

# The JSON members that carry tokens in this API's bodies: "token" (issued tokens, exchanged Entra tokens).
_TOKEN_MEMBER = re.compile(r'("token"\s*:\s*)"(?:[^"\\]|\\.)*"')


def redact_body(text: str) -> str:
    return _TOKEN_MEMBER.sub(rf'\1"{REDACTED}"', text)


def _headers_block(headers: Mapping[str, str]) -> str:
    return "".join(f"\n    '{name}': '{value}'" for name, value in redacted_headers(headers).items())


def log_request(method: str, url: str, headers: Mapping[str, str], body: bytes | None) -> None:
    text = f"Request URL: '{url}'\nRequest method: '{method}'\nRequest headers:{_headers_block(headers)}"
    text += "\nRequest body:"
    text += f"\n{redact_body(body.decode('utf-8', 'replace'))}" if body else "\nThis request has no body"
    NETWORK_LOGGER.debug(text)


def log_response(status_code: int, headers: Mapping[str, str], body: str) -> None:
    NETWORK_LOGGER.debug(
        "Response status: '%s'\nResponse headers:%s\nResponse content:\n%s",
        status_code,
        _headers_block(headers),
        redact_body(body),
    )


def network_logging(enabled: bool) -> bool:
    return enabled and NETWORK_LOGGER.isEnabledFor(logging.DEBUG)
