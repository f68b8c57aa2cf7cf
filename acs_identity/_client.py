"""The synchronous CommunicationIdentityClient: each method is one delegation to the shared core."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, Unpack

from ._client_base import ClientBase
from ._enums import CommunicationTokenScope, EntraPrincipalType, TeamsExtensionPrincipalType
from ._lazy import ModuleOnFirstUse
from ._models import CommunicationUserDetail, EntraAssignment, TeamsExtensionAssignment
from ._paging import item_paged, sent_then_paged
from ._shared.models import CommunicationIdentifier, CommunicationUserIdentifier

# Importing the class imports none of these: type checkers read them, and the first construction imports
# httpx, azure-core's pipeline and the operations (see `_wiring`); `ops` binds itself on first use.
if TYPE_CHECKING:
    from uuid import UUID

    import httpx
    from azure.core.credentials import AccessToken, AzureKeyCredential, TokenCredential
    from azure.core.paging import ItemPaged
    from azure.core.pipeline.policies import HTTPPolicy, RetryPolicy, SansIOHTTPPolicy
    from azure.core.pipeline.transport import HttpTransport

    from . import _operations as ops
    from ._call_options import CallOptions
    from ._core_pipeline import CorePipeline
    from ._pipeline import Pipeline
    from ._repeatability import RepeatabilityOutcome
    from ._wiring import Wiring

    # The base's type arguments name httpx's and azure-core's classes: written for type checkers only.
    _ClientBase = ClientBase[
        httpx.Client,
        httpx.BaseTransport | HttpTransport[Any, Any],
        HTTPPolicy[Any, Any] | SansIOHTTPPolicy[Any, Any],
        RetryPolicy[Any, Any],
        AzureKeyCredential | str | TokenCredential,
        Pipeline | CorePipeline,
    ]
else:
    # An import, so that the API reference (griffe) finds the base, and its __init__, too.
    from ._client_base import ClientBase as _ClientBase

    ops = ModuleOnFirstUse("._operations", __package__, globals(), "ops")


class CommunicationIdentityClient(_ClientBase):
    """The Communication Services Identity client (drop-in for
    `azure.communication.identity.CommunicationIdentityClient`).

    Create it with `CommunicationIdentityClient(endpoint, credential, **options)` or
    `CommunicationIdentityClient.from_connection_string(conn_str, **options)`; use it as a context manager
    (or call `close()`). The constructor's options are `ClientOptions`; every operation also takes azure-core's
    per-call keyword options (`CallOptions`).

    Errors are azure-core's exceptions: `ClientAuthenticationError` (401), `ResourceNotFoundError` (404),
    `ResourceExistsError` (409), `HttpResponseError` otherwise, and `ServiceRequestError` /
    `ServiceResponseError` when the service could not be reached. Invalid arguments raise `ValueError` or
    `TypeError` before anything is sent.
    """

    _asynchronous = False

    @staticmethod
    def _wiring() -> Wiring:
        from ._wiring import SYNC

        return SYNC

    def create_user(
        self,
        *,
        custom_id: str | None = None,
        repeatability_request_id: str | UUID | None = None,
        repeatability_first_sent: datetime | None = None,
        repeatability_hook: Callable[[RepeatabilityOutcome], object] | None = None,
        **kwargs: Unpack[CallOptions],
    ) -> CommunicationUserIdentifier:
        """Create a new Communication Services identity.

        Args:
            custom_id: Your own id for the user, 1 to 256 characters (api-version 2025-03-02-preview): creating
                with a custom id the service already holds returns that same user rather than a new one.
            repeatability_request_id: The `Repeatability-Request-ID` to send (api-version 2023-08-01): a UUID
                (`str` in 8-4-4-4-12 form, or `uuid.UUID`). On that version every create is repeatable: without
                one, the client generates a UUID per call; pass your own (with the same
                `repeatability_first_sent`) to repeat a create that may have happened, e.g. after a crash.
            repeatability_first_sent: The `Repeatability-First-Sent` to send with it: an aware `datetime`
                (sent as IMF-fixdate, whole seconds, UTC); required with `repeatability_request_id`.
            repeatability_hook: Called once, when the create succeeded, with a `RepeatabilityOutcome`: the
                values sent and the service's `Repeatability-Result`.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The new user (or, with a custom id or a repeated request, the one created before).

        Raises:
            ValueError: A custom id or repeatability value the client's api-version cannot carry, or one out of
                range (before anything is sent).
            TypeError: An argument of the wrong type, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(
            *ops.reporting(
                self._config,
                ops.create_user(self._config, custom_id, repeatability_request_id, repeatability_first_sent),
                kwargs,
                repeatability_hook,
            )
        )

    def create_user_and_token(
        self,
        scopes: Sequence[CommunicationTokenScope | str],
        *,
        token_expires_in: timedelta | None = None,
        custom_id: str | None = None,
        repeatability_request_id: str | UUID | None = None,
        repeatability_first_sent: datetime | None = None,
        repeatability_hook: Callable[[RepeatabilityOutcome], object] | None = None,
        **kwargs: Unpack[CallOptions],
    ) -> tuple[CommunicationUserIdentifier, AccessToken]:
        """Create a new identity and issue it a token, in one request.

        Args:
            scopes: What the token may be used for: `CommunicationTokenScope` members or their `str` values.
            token_expires_in: The token's lifetime: 1 to 24 hours, a whole number of minutes (default: the
                service's, 24 hours).
            custom_id: Your own id for the user, 1 to 256 characters (api-version 2025-03-02-preview): creating
                with a custom id the service already holds returns that same user rather than a new one.
            repeatability_request_id: The `Repeatability-Request-ID` to send (api-version 2023-08-01): a UUID
                (`str` in 8-4-4-4-12 form, or `uuid.UUID`). On that version every create is repeatable: without
                one, the client generates a UUID per call; pass your own (with the same
                `repeatability_first_sent`) to repeat a create that may have happened, e.g. after a crash.
            repeatability_first_sent: The `Repeatability-First-Sent` to send with it: an aware `datetime`
                (sent as IMF-fixdate, whole seconds, UTC); required with `repeatability_request_id`.
            repeatability_hook: Called once, when the create succeeded, with a `RepeatabilityOutcome`: the
                values sent and the service's `Repeatability-Result`.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The new user (or, with a custom id or a repeated request, the one created before) and a token;
            the token's `expires_on` is in epoch seconds.

        Raises:
            ValueError: An empty scope list, a scope, lifetime, custom id or repeatability value the client's
                api-version cannot carry, or a value out of range (before anything is sent).
            TypeError: An argument of the wrong type, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(
            *ops.reporting(
                self._config,
                ops.create_user_and_token(
                    self._config,
                    scopes,
                    token_expires_in,
                    custom_id,
                    repeatability_request_id,
                    repeatability_first_sent,
                ),
                kwargs,
                repeatability_hook,
            )
        )

    def get_token(
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
        return self._pipeline.run(ops.get_token(self._config, user, scopes, token_expires_in), kwargs)

    def revoke_tokens(self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]) -> None:
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
        return self._pipeline.run(ops.revoke_tokens(self._config, user), kwargs)

    def delete_user(self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]) -> None:
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
        return self._pipeline.run(ops.delete_user(self._config, user), kwargs)

    def get_token_for_teams_user(
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
        return self._pipeline.run(
            ops.get_token_for_teams_user(self._config, aad_token, client_id, user_object_id), kwargs
        )

    def exchange_teams_extension_token(
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
        return self._pipeline.run(ops.exchange_teams_extension_token(self._config, entra_token), kwargs)

    def get_teams_extension_assignment(
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
        return self._pipeline.run(
            ops.get_teams_extension_assignment(self._config, tenant_id, object_id), kwargs
        )

    def create_or_update_teams_extension_assignment(
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
        return self._pipeline.run(
            ops.create_or_update_teams_extension_assignment(
                self._config, tenant_id, object_id, principal_type, client_ids
            ),
            kwargs,
        )

    def delete_teams_extension_assignment(
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
        return self._pipeline.run(
            ops.delete_teams_extension_assignment(self._config, tenant_id, object_id), kwargs
        )

    def get_user_detail(
        self, user: CommunicationUserIdentifier | str, **kwargs: Unpack[CallOptions]
    ) -> CommunicationUserDetail:
        """Read what the service holds about a user: its custom id and when it was last issued a token
        (api-version 2025-03-02-preview; .NET's `GetUserDetail`).

        Args:
            user: The user: a `CommunicationUserIdentifier`, or its id (`8:acs:...`) as a `str`.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The user's details.

        Raises:
            ValueError: An empty user id, or an api-version without the operation (before anything is sent).
            TypeError: A user of the wrong type, or an unknown keyword option.
            ResourceNotFoundError: The user does not exist (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(ops.get_user_detail(self._config, user), kwargs)

    def exchange_entra_id_token(
        self, entra_token: str, **kwargs: Unpack[CallOptions]
    ) -> tuple[CommunicationIdentifier, AccessToken]:
        """Exchange an Entra ID user's token for an identity and a Communication Services token
        (api-version 2025-03-02-preview).

        The Entra ID token is sent as the request's bearer token, in place of the client's credential; the
        user (or a group or tenant it belongs to) needs an Entra assignment on this resource.

        Args:
            entra_token: The user's Entra ID access token.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The user's identity and its token; the token's `expires_on` is in epoch seconds.

        Raises:
            ValueError: An empty token, or an api-version without the exchange (before anything is sent).
            TypeError: A token that is not a str, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(ops.exchange_entra_id_token(self._config, entra_token), kwargs)

    def list_entra_assignments(self, **kwargs: Unpack[CallOptions]) -> ItemPaged[EntraAssignment]:
        """List the resource's Entra assignments, page by page as iteration reaches them (api-version
        2025-03-02-preview).

        Args:
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).
                They apply to every page's request.

        Returns:
            An iterator of assignments (azure-core's `ItemPaged`: `by_page()` gives the pages); each page is
            requested when iteration reaches it, following the service's `nextLink`.

        Raises:
            ValueError: An api-version without Entra assignments (before anything is sent).
            TypeError: An unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return item_paged(self._pipeline.run, ops.list_entra_assignments(self._config), kwargs)

    def get_entra_assignment(self, object_id: str, **kwargs: Unpack[CallOptions]) -> EntraAssignment:
        """Read an Entra assignment (api-version 2025-03-02-preview).

        Args:
            object_id: The Entra ID object id of the user, group or tenant.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The assignment.

        Raises:
            ValueError: An empty id, or an api-version without Entra assignments (before anything is sent).
            TypeError: An id that is not a str, or an unknown keyword option.
            ResourceNotFoundError: There is no such assignment (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(ops.get_entra_assignment(self._config, object_id), kwargs)

    def create_or_update_entra_assignment(
        self,
        object_id: str,
        tenant_id: str,
        principal_type: EntraPrincipalType | str,
        client_ids: Sequence[str],
        **kwargs: Unpack[CallOptions],
    ) -> EntraAssignment:
        """Create or replace an Entra assignment (api-version 2025-03-02-preview).

        Args:
            object_id: The Entra ID object id of the user, group or tenant.
            tenant_id: Its Entra ID tenant id.
            principal_type: `EntraPrincipalType.USER`, `GROUP` or `TENANT` (or their `str` values).
            client_ids: The Entra ID application ids allowed to exchange tokens for it.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Returns:
            The assignment as the service stored it.

        Raises:
            ValueError: An empty id, or an api-version without Entra assignments (before anything is sent).
            TypeError: An argument of the wrong type, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(
            ops.create_or_update_entra_assignment(
                self._config, object_id, tenant_id, principal_type, client_ids
            ),
            kwargs,
        )

    def delete_entra_assignment(self, object_id: str, **kwargs: Unpack[CallOptions]) -> None:
        """Delete an Entra assignment (api-version 2025-03-02-preview).

        Args:
            object_id: The Entra ID object id of the user, group or tenant.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).

        Raises:
            ValueError: An empty id, or an api-version without Entra assignments (before anything is sent).
            TypeError: An id that is not a str, or an unknown keyword option.
            ResourceNotFoundError: There is no such assignment (404).
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return self._pipeline.run(ops.delete_entra_assignment(self._config, object_id), kwargs)

    def update_entra_assignments(
        self, assignments: Mapping[str, EntraAssignment | None], **kwargs: Unpack[CallOptions]
    ) -> ItemPaged[EntraAssignment]:
        """Create, replace and delete many Entra assignments in one request (a JSON merge patch;
        api-version 2025-03-02-preview).

        The request is sent when this method is called; the result pages through the assignments the
        service answers with.

        Args:
            assignments: Object id -> the assignment to create or replace it with (its `object_id` must be
                that key), or None to delete it.
            **kwargs: azure-core's per-call options (`CallOptions`: headers, user_agent, request_id, timeout,
                connection_timeout, read_timeout, logging_enable, raw_request_hook, raw_response_hook, retry_*).
                They apply to every page's request.

        Returns:
            The service's answer as an iterator of assignments (azure-core's `ItemPaged`), following its
            `nextLink`; empty when the service answers with no content.

        Raises:
            ValueError: An empty mapping or id, a value whose object id is not its key, or an api-version without
                Entra assignments (before anything is sent).
            TypeError: A value that is not an `EntraAssignment` or None, or an unknown keyword option.
            ClientAuthenticationError: The service refused the credentials (401).
            HttpResponseError: Any other error the service answered with; `error.code` holds its code.
            ServiceRequestError: The service could not be reached (after the retries).
        """
        return sent_then_paged(
            self._pipeline.run, ops.update_entra_assignments(self._config, assignments), kwargs
        )

    def close(self) -> None:
        """Close the client's connection pool.

        An `http_client` the caller passed in is left open: the caller owns it. The client is also a context
        manager that closes itself on exit.
        """
        self._pipeline.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
