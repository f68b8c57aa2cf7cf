"""The contenders: this client, the official SDK, and the raw floor (hand-signed requests on a bare httpx
client), each as a pair of no-argument calls `create()` (create_user_and_token) and `get_token()`."""

from __future__ import annotations

import base64
import json
import os
import ssl
import sys
from collections.abc import Awaitable, Callable
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    asynccontextmanager,
    contextmanager,
)
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any
from urllib.parse import urlsplit

import httpx

from acs_identity import _signing

from .server import ServerInfo

API_VERSION = "2026-09-23"
SCOPES = ["chat"]


@dataclass
class SyncCalls:
    create: Callable[[], object]
    get_token: Callable[[], object]


@dataclass
class AsyncCalls:
    create: Callable[[], Awaitable[object]]
    get_token: Callable[[], Awaitable[object]]


SyncFactory = Callable[[ServerInfo], AbstractContextManager[SyncCalls]]
AsyncFactory = Callable[[ServerInfo], AbstractAsyncContextManager[AsyncCalls]]


# --- the raw floor: what any client has to do (serialize, sign, send, read JSON) --------------------------


class _Signer:
    """Hand-signed requests with acs_identity._signing; the floor has no validation, retries or models."""

    def __init__(self, server: ServerInfo) -> None:
        parts = dict(p.split("=", 1) for p in server.connection_string.strip(";").split(";"))
        self.key = base64.b64decode(parts["accesskey"])
        self.endpoint = server.endpoint
        self.host = urlsplit(server.endpoint).netloc
        self.query = f"?api-version={API_VERSION}"

    def request(self, method: str, path: str, payload: dict[str, Any]) -> tuple[str, bytes, dict[str, str]]:
        body = json.dumps(payload).encode()
        path_query = path + self.query
        date = formatdate(usegmt=True)
        body_hash = _signing.content_hash(body)
        message = _signing.string_to_sign(method, path_query, date, self.host, body_hash)
        headers = {
            "x-ms-date": date,
            "x-ms-content-sha256": body_hash,
            "authorization": _signing.authorization(self.key, message),
            "content-type": "application/json",
        }
        return self.endpoint + path_query, body, headers


def _check(response: httpx.Response) -> Any:
    if response.status_code >= 300:
        raise RuntimeError(f"floor: HTTP {response.status_code}")
    return response.json()


@contextmanager
def floor_sync(server: ServerInfo):  # type: ignore[no-untyped-def]
    signer = _Signer(server)
    with httpx.Client(verify=ssl.create_default_context(cafile=server.cert_path)) as client:

        def create() -> object:
            url, body, headers = signer.request("POST", "/identities", {"createTokenWithScopes": SCOPES})
            return _check(client.post(url, content=body, headers=headers))

        user = _check_user(create())

        def get_token() -> object:
            url, body, headers = signer.request(
                "POST", f"/identities/{user}/:issueAccessToken", {"scopes": SCOPES}
            )
            return _check(client.post(url, content=body, headers=headers))

        yield SyncCalls(create, get_token)


def _check_user(data: object) -> str:
    assert isinstance(data, dict)
    user = data["identity"]["id"]
    assert isinstance(user, str)
    return user


def _async_floor(make_transport: Callable[[ssl.SSLContext], httpx.AsyncBaseTransport] | None) -> AsyncFactory:
    @asynccontextmanager
    async def factory(server: ServerInfo):  # type: ignore[no-untyped-def]
        signer = _Signer(server)
        context = ssl.create_default_context(cafile=server.cert_path)
        if make_transport is None:
            client = httpx.AsyncClient(verify=context)
        else:
            client = httpx.AsyncClient(transport=make_transport(context))
        async with client:

            async def create() -> object:
                url, body, headers = signer.request("POST", "/identities", {"createTokenWithScopes": SCOPES})
                return _check(await client.post(url, content=body, headers=headers))

            user = _check_user(await create())

            async def get_token() -> object:
                url, body, headers = signer.request(
                    "POST", f"/identities/{user}/:issueAccessToken", {"scopes": SCOPES}
                )
                return _check(await client.post(url, content=body, headers=headers))

            yield AsyncCalls(create, get_token)

    return factory


def _aiohttp_transport(context: ssl.SSLContext) -> httpx.AsyncBaseTransport:
    from httpx_aiohttp import AiohttpTransport

    return AiohttpTransport(verify=context)


floor_async = _async_floor(None)
floor_async_aiohttp = _async_floor(_aiohttp_transport)


# --- this client and the official SDK: the same calls, switching is one import -----------------------------


def _sync_sdk(module: str, options: Callable[[ServerInfo], dict[str, Any]] | None = None) -> SyncFactory:
    @contextmanager
    def factory(server: ServerInfo):  # type: ignore[no-untyped-def]
        package = __import__(module, fromlist=["CommunicationIdentityClient"])
        kwargs = options(server) if options else {"connection_verify": server.cert_path}
        client = package.CommunicationIdentityClient.from_connection_string(
            server.connection_string, **kwargs
        )
        scopes = [package.CommunicationTokenScope.CHAT]
        try:
            user, _ = client.create_user_and_token(scopes=scopes)
            yield SyncCalls(
                lambda: client.create_user_and_token(scopes=scopes),
                lambda: client.get_token(user, scopes=scopes),
            )
        finally:
            # The official sync client (1.5.0) has neither close() nor a context manager.
            close = getattr(client, "close", None)
            if close is not None:
                close()

    return factory


def _async_sdk(module: str, options: Callable[[ServerInfo], dict[str, Any]] | None = None) -> AsyncFactory:
    @asynccontextmanager
    async def factory(server: ServerInfo):  # type: ignore[no-untyped-def]
        package = __import__(module, fromlist=["CommunicationIdentityClient"])
        scope_module = __import__(module.rsplit(".", 1)[0], fromlist=["CommunicationTokenScope"])
        scopes = [scope_module.CommunicationTokenScope.CHAT]
        kwargs = {"connection_verify": server.cert_path} | (options(server) if options else {})
        client = package.CommunicationIdentityClient.from_connection_string(
            server.connection_string, **kwargs
        )
        async with client:
            user, _ = await client.create_user_and_token(scopes=scopes)
            yield AsyncCalls(
                lambda: client.create_user_and_token(scopes=scopes),
                lambda: client.get_token(user, scopes=scopes),
            )

    return factory


def trust_system_wide(cert_path: str) -> bool:
    """Make the emulator's certificate part of the default trust (SSL_CERT_FILE) for aiohttp's default SSL
    context, which aiohttp builds when it is first imported; False if that already happened.

    The official aio client builds a new SSLContext for every request when connection_verify is a CA path,
    and aiohttp then opens a new TLS connection per call (measured: 200 connections for 200 calls). Against
    Azure it runs with connection_verify=True, the default trust, and reuses connections: so does it here."""
    if "aiohttp" in sys.modules:
        return False
    os.environ["SSL_CERT_FILE"] = cert_path
    return True


def _official_async_options(server: ServerInfo) -> dict[str, Any]:
    if os.environ.get("SSL_CERT_FILE") == server.cert_path:
        return {"connection_verify": True}
    return {}


def _requests_transport(server: ServerInfo) -> dict[str, Any]:
    from azure.core.pipeline.transport import RequestsTransport

    return {"transport": RequestsTransport(connection_verify=server.cert_path)}


def _aiohttp_core_transport(server: ServerInfo) -> dict[str, Any]:
    from azure.core.pipeline.transport import AioHttpTransport

    return {"transport": AioHttpTransport(connection_verify=server.cert_path)}


ours_sync = _sync_sdk("acs_identity")
# This client given an azure-core transport: it sends through azure-core's pipeline, as Microsoft's does.
ours_sync_core = _sync_sdk("acs_identity", _requests_transport)
ours_async_core = _async_sdk("acs_identity.aio", _aiohttp_core_transport)
official_sync = _sync_sdk("azure.communication.identity")
ours_async = _async_sdk("acs_identity.aio")
# This client on httpx's own async pool (httpcore), to show what the transport choice is worth.
ours_async_httpx = _async_sdk(
    "acs_identity.aio",
    lambda server: {
        "transport": httpx.AsyncHTTPTransport(verify=ssl.create_default_context(cafile=server.cert_path))
    },
)
official_async = _async_sdk("azure.communication.identity.aio", _official_async_options)
# As a user pointing the official aio client at a private CA (e.g. this emulator) would run it.
official_async_ca_path = _async_sdk("azure.communication.identity.aio")

SYNC_CONTENDERS: dict[str, SyncFactory] = {
    "ours": ours_sync,
    "ours (azure-core path)": ours_sync_core,
    "official": official_sync,
    "floor (httpx)": floor_sync,
}

ASYNC_CONTENDERS: dict[str, AsyncFactory] = {
    "ours": ours_async,
    "ours (httpx transport)": ours_async_httpx,
    "ours (azure-core path)": ours_async_core,
    "official": official_async,
    "official (CA path)": official_async_ca_path,
    "floor (httpx)": floor_async,
    "floor (httpx+aiohttp)": floor_async_aiohttp,
}
