"""Construction shared by the sync and async clients: endpoint, credential, api-version, transport, retries."""

from __future__ import annotations

import inspect
import ssl
from typing import Any, ClassVar, Generic, Self, TypedDict, TypeVar, Unpack

import httpx
from azure.core.credentials import AzureKeyCredential

from ._api_versions import DEFAULT_API_VERSION, ApiVersion
from ._auth import AsyncBearerTokenAuth, BearerTokenAuth, HmacAuth
from ._endpoint import decode_access_key, normalize_endpoint, parse_connection_string
from ._operations import Config
from ._pipeline import PipelineCore
from ._retry import RetryPolicy
from ._tls import verify_setting

HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
CredentialT = TypeVar("CredentialT")
PipelineT = TypeVar("PipelineT", bound=PipelineCore[Any])


class ClientOptions(TypedDict, Generic[HttpClientT, TransportT], total=False):
    """The constructor's keyword options, which from_connection_string passes through (defaults: __init__)."""

    api_version: ApiVersion | str
    http_client: HttpClientT | None
    transport: TransportT | None
    connection_verify: bool | str | ssl.SSLContext
    connection_timeout: float
    read_timeout: float
    retry_total: int
    retry_backoff_factor: float
    retry_backoff_max: float


def make_auth(credential: object, asynchronous: bool) -> httpx.Auth:
    """HMAC for an access key (AzureKeyCredential or base64 str), bearer for a token credential."""
    if isinstance(credential, AzureKeyCredential):
        return HmacAuth(credential)
    if isinstance(credential, str):
        return HmacAuth(decode_access_key(credential))
    get_token = getattr(credential, "get_token", None)
    if callable(get_token):
        is_async = inspect.iscoroutinefunction(get_token)
        if asynchronous and not is_async:
            raise TypeError(
                f"{type(credential).__name__} is a synchronous TokenCredential; acs_identity.aio needs an "
                "AsyncTokenCredential (e.g. from azure.identity.aio)"
            )
        if is_async and not asynchronous:
            raise TypeError(
                f"{type(credential).__name__} is an AsyncTokenCredential; use acs_identity.aio's client, or a "
                "synchronous TokenCredential (e.g. from azure.identity)"
            )
        return AsyncBearerTokenAuth(credential) if asynchronous else BearerTokenAuth(credential)  # type: ignore[arg-type]
    raise TypeError(
        f"unsupported credential type {type(credential).__name__}: pass an AzureKeyCredential, the access key as "
        "a str, or an azure-core TokenCredential"
    )


class ClientBase(Generic[HttpClientT, TransportT, CredentialT, PipelineT]):
    """`__init__` and `from_connection_string` of both clients; the operations are defined by each client
    as one-line delegations to acs_identity._operations."""

    _http_client_class: ClassVar[type[httpx.Client] | type[httpx.AsyncClient]]
    _pipeline_class: ClassVar[type[PipelineCore[Any]]]
    _asynchronous: ClassVar[bool]

    def __init__(
        self,
        endpoint: str,
        credential: CredentialT,
        *,
        api_version: ApiVersion | str = DEFAULT_API_VERSION,
        http_client: HttpClientT | None = None,
        transport: TransportT | None = None,
        connection_verify: bool | str | ssl.SSLContext = True,
        connection_timeout: float = 10,
        read_timeout: float = 30,
        retry_total: int = 3,
        retry_backoff_factor: float = 0.8,
        retry_backoff_max: float = 60,
    ) -> None:
        """
        :param endpoint: the resource's endpoint, https://<resource>.communication.azure.com (plain http only
            for loopback hosts such as the local emulator).
        :param credential: AzureKeyCredential or the base64 access key (HMAC signing), or an azure-core
            TokenCredential (AsyncTokenCredential for acs_identity.aio) for Entra ID bearer tokens.
        :keyword api_version: an ApiVersion (default: the newest). Options the version lacks are refused
            before sending.
        :keyword http_client: an httpx client to send with; the caller keeps ownership (close() leaves it open)
            and its own timeouts/TLS settings apply.
        :keyword transport: an httpx transport for the client this object creates (e.g. httpx.MockTransport).
        :keyword connection_verify: TLS verification: True, False, a CA bundle path or an SSLContext.
        """
        if credential is None or credential == "":
            raise ValueError(
                "credential is required: an AzureKeyCredential, an access key or a TokenCredential"
            )
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both")
        for name, value in (("connection_timeout", connection_timeout), ("read_timeout", read_timeout)):
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"{name} must be a number of seconds > 0, not {value!r}")
        self._config = Config(normalize_endpoint(endpoint), api_version)
        auth = make_auth(credential, self._asynchronous)
        retry = RetryPolicy(retry_total, retry_backoff_factor, retry_backoff_max)
        if http_client is None:
            verify = verify_setting(connection_verify)
            client: Any = self._http_client_class(
                transport=transport if transport is not None else self._default_transport(verify),  # type: ignore[arg-type]
                verify=verify,
                timeout=httpx.Timeout(read_timeout, connect=connection_timeout),
                follow_redirects=False,  # a redirect would carry the signature to another URL
            )
            owns = True
        else:
            if not isinstance(http_client, self._http_client_class):
                raise TypeError(
                    f"http_client must be an {self._http_client_class.__name__}, not {type(http_client).__name__}"
                )
            client, owns = http_client, False
        self._pipeline: PipelineT = self._pipeline_class(client, auth, retry, owns)  # type: ignore[assignment]

    @staticmethod
    def _default_transport(verify: bool | ssl.SSLContext) -> Any:
        """The transport of a client we create when the caller names none; None: httpx's own."""
        return None

    @classmethod
    def from_connection_string(
        cls, conn_str: str, **options: Unpack[ClientOptions[HttpClientT, TransportT]]
    ) -> Self:
        """A client for `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`
        (HMAC authentication); keyword options as for the constructor."""
        endpoint, key = parse_connection_string(conn_str)
        # A str key is accepted by every client's credential type.
        return cls(endpoint, key, **options)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(endpoint={self._config.endpoint!r}, "
            f"api_version={self._config.api_version!r}, auth={self._pipeline.auth!r})"
        )
