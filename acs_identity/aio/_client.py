"""The asynchronous CommunicationIdentityClient: each method is one delegation to the shared core."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, Unpack

from .._client_base import ClientBase
from .._enums import CommunicationTokenScope, TeamsExtensionPrincipalType
from .._lazy import ModuleOnFirstUse
from .._models import TeamsExtensionAssignment
from .._shared.models import CommunicationIdentifier, CommunicationUserIdentifier

# Importing the class imports none of these: type checkers read them, and the first construction imports
# httpx, aiohttp, azure-core's pipeline and the operations (see `_wiring`); `ops` binds itself on first use.
if TYPE_CHECKING:
    import httpx
    from azure.core.credentials import AccessToken, AzureKeyCredential
    from azure.core.credentials_async import AsyncTokenCredential
    from azure.core.pipeline.policies import AsyncHTTPPolicy, AsyncRetryPolicy, SansIOHTTPPolicy
    from azure.core.pipeline.transport import AsyncHttpTransport

    from .. import _operations as ops
    from .._call_options import CallOptions
    from .._wiring import Wiring
    from ._core_pipeline import AsyncCorePipeline
    from ._pipeline import AsyncPipeline

    # The base's type arguments name httpx's and azure-core's classes: written for type checkers only.
    _ClientBase = ClientBase[
        httpx.AsyncClient,
        httpx.AsyncBaseTransport | AsyncHttpTransport[Any, Any],
        AsyncHTTPPolicy[Any, Any] | SansIOHTTPPolicy[Any, Any],
        AsyncRetryPolicy[Any, Any],
        AzureKeyCredential | str | AsyncTokenCredential,
        AsyncPipeline | AsyncCorePipeline,
    ]
else:
    # An import, so that the API reference (griffe) finds the base, and its __init__, too.
    from .._client_base import ClientBase as _ClientBase

    ops = ModuleOnFirstUse(".._operations", __package__, globals(), "ops")


class CommunicationIdentityClient(_ClientBase):
    """The asynchronous Communication Services Identity client: `acs_identity.CommunicationIdentityClient`'s
    methods as coroutines (drop-in for `azure.communication.identity.aio.CommunicationIdentityClient`).

    Create it with `CommunicationIdentityClient(endpoint, credential, **options)` or
    `CommunicationIdentityClient.from_connection_string(conn_str, **options)`, use it with `async with`
    (or `await client.close()`). The credential may be an `AsyncTokenCredential` (e.g. from
    `azure.identity.aio`). The default transport is aiohttp's connection pool behind httpx's interface.

    Errors are azure-core's exceptions: `ClientAuthenticationError` (401), `ResourceNotFoundError` (404),
    `ResourceExistsError` (409), `HttpResponseError` otherwise, and `ServiceRequestError` /
    `ServiceResponseError` when the service could not be reached. Invalid arguments raise `ValueError` or
    `TypeError` before anything is sent.
    """

    _asynchronous = True

    @staticmethod
    def _wiring() -> Wiring:
        from ._wiring import ASYNC

        return ASYNC

    async def create_user(self, **kwargs: Unpack[CallOptions]) -> CommunicationUserIdentifier:
        """Create a new Communication Services identity.

        Args:
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The new user.

        Raises:
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
            TypeError: An unknown keyword option.
        """
        return await self._pipeline.run(ops.create_user(self._config), kwargs)

    async def create_user_and_token(
        self,
        scopes: Sequence[CommunicationTokenScope | str],
        *,
        token_expires_in: timedelta | None = None,
        **kwargs: Unpack[CallOptions],
    ) -> tuple[CommunicationUserIdentifier, AccessToken]:
        """Create a new identity and issue it a token, in one request.

        Args:
            scopes: What the token may be used for: `CommunicationTokenScope` members or their `str` values.
            token_expires_in: The token's lifetime: 1 to 24 hours, a whole number of minutes (default: the
                service's, 24 hours).
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The new user and its token; the token's `expires_on` is in epoch seconds.

        Raises:
            ValueError: An empty scope list, a scope or lifetime the client's api-version cannot carry, or a
                lifetime out of range (before anything is sent).
            TypeError: Scopes that are not a list of str, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
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
        """Issue a token to an existing user.

        Args:
            user: The user: a `CommunicationUserIdentifier`, or its id (`8:acs:...`) as a `str`.
            scopes: What the token may be used for: `CommunicationTokenScope` members or their `str` values.
            token_expires_in: The token's lifetime: 1 to 24 hours, a whole number of minutes (default: the
                service's, 24 hours).
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The token; `expires_on` is in epoch seconds.

        Raises:
            ValueError: An empty user id or scope list, a scope or lifetime the client's api-version cannot carry,
                or a lifetime out of range (before anything is sent).
            TypeError: A user or scopes of the wrong type, or an unknown keyword option.
            ResourceNotFoundError: The user does not exist (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(ops.get_token(self._config, user, scopes, token_expires_in), kwargs)

    async def revoke_tokens(
        self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]
    ) -> None:
        """Revoke every token issued to a user so far.

        Args:
            user: The user: a `CommunicationUserIdentifier`, or its id (`8:acs:...`) as a `str`.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Raises:
            ValueError: An empty user id (before anything is sent).
            TypeError: A user of the wrong type, or an unknown keyword option.
            ResourceNotFoundError: The user does not exist (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(ops.revoke_tokens(self._config, user), kwargs)

    async def delete_user(
        self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]
    ) -> None:
        """Delete a user and revoke its tokens.

        Args:
            user: The user: a `CommunicationUserIdentifier`, or its id (`8:acs:...`) as a `str`.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Raises:
            ValueError: An empty user id (before anything is sent).
            TypeError: A user of the wrong type, or an unknown keyword option.
            ResourceNotFoundError: The user does not exist (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(ops.delete_user(self._config, user), kwargs)

    async def get_token_for_teams_user(
        self, aad_token: str, client_id: str, user_object_id: str, **kwargs: Unpack[CallOptions]
    ) -> AccessToken:
        """Exchange a Teams user's Entra ID token for a Communication Services token (api-version
        2022-06-01 or later).

        Args:
            aad_token: The Teams user's Entra ID access token (audience `https://communication.azure.com`).
            client_id: The Entra ID application (client) id the token was issued to; must match its `appid`.
            user_object_id: The Teams user's Entra ID object id; must match the token's `oid`.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The Communication Services token; `expires_on` is in epoch seconds.

        Raises:
            ValueError: An empty argument, or an api-version without the exchange (before anything is sent).
            TypeError: An argument that is not a str, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(
            ops.get_token_for_teams_user(self._config, aad_token, client_id, user_object_id), kwargs
        )

    async def exchange_teams_extension_token(
        self, entra_token: str, **kwargs: Unpack[CallOptions]
    ) -> tuple[CommunicationIdentifier, AccessToken]:
        """Exchange a Teams Phone Extension user's Entra ID token for an identity and a token
        (api-version 2025-06-30 or later).

        The Entra ID token is sent as the request's bearer token, in place of the client's credential.

        Args:
            entra_token: The user's Entra ID access token.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The user's identity (a `TeamsExtensionUserIdentifier` or `CommunicationUserIdentifier`) and its token.

        Raises:
            ValueError: An empty token, or an api-version without the exchange (before anything is sent).
            TypeError: A token that is not a str, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(ops.exchange_teams_extension_token(self._config, entra_token), kwargs)

    async def get_teams_extension_assignment(
        self, tenant_id: str, object_id: str, **kwargs: Unpack[CallOptions]
    ) -> TeamsExtensionAssignment:
        """Read a Teams Phone Extension assignment (api-version 2025-06-30 or later).

        Args:
            tenant_id: The Entra ID tenant of the user or resource account.
            object_id: Its Entra ID object id.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The assignment.

        Raises:
            ValueError: An empty id, or an api-version without assignments (before anything is sent).
            TypeError: An id that is not a str, or an unknown keyword option.
            ResourceNotFoundError: There is no such assignment (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
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
        """Create or replace a Teams Phone Extension assignment (api-version 2025-06-30 or later).

        Args:
            tenant_id: The Entra ID tenant of the user or resource account.
            object_id: Its Entra ID object id.
            principal_type: `TeamsExtensionPrincipalType.USER` or `RESOURCE_ACCOUNT` (or their `str` values).
            client_ids: The Entra ID application ids allowed to exchange tokens for it (default: the service's).
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The assignment as the service stored it.

        Raises:
            ValueError: An empty id, or an api-version without assignments (before anything is sent).
            TypeError: An argument of the wrong type, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(
            ops.create_or_update_teams_extension_assignment(
                self._config, tenant_id, object_id, principal_type, client_ids
            ),
            kwargs,
        )

    async def delete_teams_extension_assignment(
        self, tenant_id: str, object_id: str, **kwargs: Unpack[CallOptions]
    ) -> None:
        """Delete a Teams Phone Extension assignment (api-version 2025-06-30 or later).

        Args:
            tenant_id: The Entra ID tenant of the user or resource account.
            object_id: Its Entra ID object id.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Raises:
            ValueError: An empty id, or an api-version without assignments (before anything is sent).
            TypeError: An id that is not a str, or an unknown keyword option.
            ResourceNotFoundError: There is no such assignment (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return await self._pipeline.run(
            ops.delete_teams_extension_assignment(self._config, tenant_id, object_id), kwargs
        )

    async def close(self) -> None:
        """Close the client's connection pool.

        An `http_client` the caller passed in is left open: the caller owns it. The client is also a context
        manager that closes itself on exit.
        """
        await self._pipeline.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()
