"""The asynchronous CommunicationIdentityClient: each method is one delegation to the shared core."""

from __future__ import annotations

import ssl
from collections.abc import Sequence
from datetime import timedelta
from types import TracebackType
from typing import Any, Self, Unpack

import httpx
from azure.core.credentials import AccessToken, AzureKeyCredential
from azure.core.credentials_async import AsyncTokenCredential
from azure.core.pipeline.policies import AsyncHTTPPolicy, AsyncRetryPolicy, SansIOHTTPPolicy
from azure.core.pipeline.transport import AsyncHttpTransport

from .. import _operations as ops
from .._call_options import CallOptions
from .._client_base import ClientBase
from .._enums import CommunicationTokenScope, TeamsExtensionPrincipalType
from .._identifiers import CommunicationIdentifier, CommunicationUserIdentifier
from .._models import TeamsExtensionAssignment
from ._core_pipeline import AsyncCorePipeline
from ._pipeline import AsyncPipeline


class CommunicationIdentityClient(
    ClientBase[
        httpx.AsyncClient,
        httpx.AsyncBaseTransport | AsyncHttpTransport[Any, Any],
        AsyncHTTPPolicy[Any, Any] | SansIOHTTPPolicy[Any, Any],
        AsyncRetryPolicy[Any, Any],
        AzureKeyCredential | str | AsyncTokenCredential,
        AsyncPipeline | AsyncCorePipeline,
    ]
):
    """Asynchronous Azure Communication Services Identity client (drop-in for azure.communication.identity.aio's).

    `CommunicationIdentityClient(endpoint, credential, **options)` or
    `CommunicationIdentityClient.from_connection_string(conn_str, **options)`; options: see ClientOptions.
    Every operation takes azure-core's per-call keyword options (CallOptions).

    Errors: azure.core.exceptions (ClientAuthenticationError 401, ResourceNotFoundError 404,
    ResourceExistsError 409, HttpResponseError otherwise; ServiceRequestError/ServiceResponseError when the
    service could not be reached); ValueError/TypeError for invalid arguments, before anything is sent.
    """

    _http_client_class = httpx.AsyncClient
    _httpx_transport_class = httpx.AsyncBaseTransport
    _asynchronous = True
    _make_pipeline = AsyncPipeline
    _make_core_pipeline = AsyncCorePipeline

    @staticmethod
    def _default_transport(verify: bool | ssl.SSLContext) -> httpx.AsyncBaseTransport | None:
        # aiohttp's pool costs a fraction of httpcore's CPU per request under concurrency (scripts/bench.py);
        # without aiohttp installed, httpx's own transport serves.
        try:
            from ._aiohttp import AiohttpTransport
        except ImportError:
            return None
        return AiohttpTransport(verify=verify)

    @staticmethod
    def _is_core_transport(transport: object) -> bool:
        return isinstance(transport, AsyncHttpTransport)

    @staticmethod
    def _default_core_transport(**options: Any) -> AsyncHttpTransport[Any, Any]:
        # What Microsoft's async client sends with.
        from azure.core.pipeline.transport import AioHttpTransport

        transport: AsyncHttpTransport[Any, Any] = AioHttpTransport(**options)
        return transport

    async def create_user(self, **kwargs: Unpack[CallOptions]) -> CommunicationUserIdentifier:
        """Create a new identity."""
        return await self._pipeline.run(ops.create_user(self._config), kwargs)

    async def create_user_and_token(
        self,
        scopes: Sequence[CommunicationTokenScope | str],
        *,
        token_expires_in: timedelta | None = None,
        **kwargs: Unpack[CallOptions],
    ) -> tuple[CommunicationUserIdentifier, AccessToken]:
        """Create a new identity and a token for it in one request.

        `token_expires_in`: 1 to 24 hours, a whole number of minutes (default: the service's 24 hours).
        """
        return await self._pipeline.run(
            ops.create_user_and_token(self._config, scopes, token_expires_in), kwargs
        )

    async def get_token(
        self,
        user: CommunicationUserIdentifier | str,
        scopes: Sequence[CommunicationTokenScope | str],
        *,
        token_expires_in: timedelta | None = None,
        **kwargs: Unpack[CallOptions],
    ) -> AccessToken:
        """Issue a token for `user`; `expires_on` is in epoch seconds. `token_expires_in`: 1 to 24 hours, a
        whole number of minutes."""
        return await self._pipeline.run(ops.get_token(self._config, user, scopes, token_expires_in), kwargs)

    async def revoke_tokens(
        self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]
    ) -> None:
        """Revoke all tokens issued for `user`."""
        return await self._pipeline.run(ops.revoke_tokens(self._config, user), kwargs)

    async def delete_user(
        self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]
    ) -> None:
        """Delete `user` and revoke its tokens."""
        return await self._pipeline.run(ops.delete_user(self._config, user), kwargs)

    async def get_token_for_teams_user(
        self, aad_token: str, client_id: str, user_object_id: str, **kwargs: Unpack[CallOptions]
    ) -> AccessToken:
        """Exchange a Teams user's Entra ID token for a Communication Services token (api-version >= 2022-06-01)."""
        return await self._pipeline.run(
            ops.get_token_for_teams_user(self._config, aad_token, client_id, user_object_id), kwargs
        )

    async def exchange_teams_extension_token(
        self, entra_token: str, **kwargs: Unpack[CallOptions]
    ) -> tuple[CommunicationIdentifier, AccessToken]:
        """Exchange a Teams Phone Extension user's Entra ID token (sent as the bearer) for an identity and a
        token (api-version >= 2025-06-30)."""
        return await self._pipeline.run(ops.exchange_teams_extension_token(self._config, entra_token), kwargs)

    async def get_teams_extension_assignment(
        self, tenant_id: str, object_id: str, **kwargs: Unpack[CallOptions]
    ) -> TeamsExtensionAssignment:
        """Read a Teams Phone Extension assignment (api-version >= 2025-06-30)."""
        return await self._pipeline.run(
            ops.get_teams_extension_assignment(self._config, tenant_id, object_id), kwargs
        )

    async def create_or_update_teams_extension_assignment(
        self,
        tenant_id: str,
        object_id: str,
        principal_type: TeamsExtensionPrincipalType | str,
        client_ids: Sequence[str] | None = None,
        **kwargs: Unpack[CallOptions],
    ) -> TeamsExtensionAssignment:
        """Create or replace a Teams Phone Extension assignment (api-version >= 2025-06-30)."""
        return await self._pipeline.run(
            ops.create_or_update_teams_extension_assignment(
                self._config, tenant_id, object_id, principal_type, client_ids
            ),
            kwargs,
        )

    async def delete_teams_extension_assignment(
        self, tenant_id: str, object_id: str, **kwargs: Unpack[CallOptions]
    ) -> None:
        """Delete a Teams Phone Extension assignment (api-version >= 2025-06-30)."""
        return await self._pipeline.run(
            ops.delete_teams_extension_assignment(self._config, tenant_id, object_id), kwargs
        )

    async def close(self) -> None:
        """Close the connection pool (not an http_client the caller passed in)."""
        await self._pipeline.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
