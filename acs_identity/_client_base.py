"""Construction shared by the sync and async clients: endpoint, credential, api-version, options, and the
choice of pipeline (the fast httpx path, or azure-core's when azure-core transports or policies are given)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypedDict, TypeVar, Unpack

from ._api_versions import DEFAULT_API_VERSION, ApiVersion
from ._endpoint import decode_access_key, normalize_endpoint, parse_connection_string
from ._lazy import import_httpx_without_its_cli

# Only type checkers read these: httpx, azure-core's pipeline and ssl load when the first client is built,
# not when the client classes are imported (`python -X importtime`: they cost more than the rest together).
if TYPE_CHECKING:
    import ssl

    import httpx
    from azure.core.pipeline.policies import (
        HeadersPolicy,
        HttpLoggingPolicy,
        SansIOHTTPPolicy,
        UserAgentPolicy,
    )

    from ._retry import RetryPolicy
    from ._transports import Transports
    from ._wiring import Wiring

HttpClientT = TypeVar("HttpClientT", "httpx.Client", "httpx.AsyncClient")
TransportT = TypeVar("TransportT")
PolicyT = TypeVar("PolicyT")
RetryPolicyT = TypeVar("RetryPolicyT")
CredentialT = TypeVar("CredentialT")
PipelineT = TypeVar("PipelineT")


class ClientOptions(TypedDict, Generic[HttpClientT, TransportT, PolicyT, RetryPolicyT], total=False):
    """The constructor's keyword options (from_connection_string takes the same). Defaults in brackets."""

    api_version: ApiVersion | str
    """The api-version to speak [the newest stable]; options it lacks are refused before sending."""
    http_client: HttpClientT | None
    """An httpx client to send with; the caller keeps ownership, and its timeouts and TLS settings apply."""
    transport: TransportT | None
    """An httpx transport, or an azure-core transport (RequestsTransport, AioHttpTransport, your own)."""
    connection_verify: bool | str | ssl.SSLContext
    """TLS verification: True, False, a CA bundle path or an SSLContext [True]."""
    connection_cert: str | tuple[str, str]
    """A client certificate (azure-core's option: the azure-core pipeline)."""
    connection_timeout: float
    """Seconds to wait for a connection [10]."""
    read_timeout: float
    """Seconds to wait for a response [30]."""
    retry_total: int
    """Retries of a failed attempt (408, 429, 5xx, connection errors) [3]."""
    retry_backoff_factor: float
    """Exponential backoff factor, seconds [0.8]."""
    retry_backoff_max: float
    """Longest wait between retries, seconds [60]."""
    user_agent: str
    """Prepended to the User-Agent of every request."""
    headers: Mapping[str, str]
    """Headers added to every request."""
    logging_enable: bool
    """Log every request and response at DEBUG, credentials and tokens redacted [False]."""
    proxies: Mapping[str, str]
    """Proxy URLs by scheme, as azure-core's ProxyPolicy takes them (the azure-core pipeline)."""
    http_logging_policy: HttpLoggingPolicy | SansIOHTTPPolicy[Any, Any]
    """Replaces azure-core's HttpLoggingPolicy (the azure-core pipeline)."""
    headers_policy: HeadersPolicy
    """Replaces azure-core's HeadersPolicy (the azure-core pipeline)."""
    user_agent_policy: UserAgentPolicy
    """Replaces azure-core's UserAgentPolicy (the azure-core pipeline)."""
    retry_policy: RetryPolicyT | RetryPolicy
    """Replaces azure-core's RetryPolicy (the azure-core pipeline); or an `acs_identity.RetryPolicy`, which
    keeps the fast path (its `sleep` waits between attempts; on the azure-core pipeline only its numbers
    apply). The retry_* options, if given too, override its numbers."""
    per_call_policies: PolicyT | Sequence[PolicyT]
    """azure-core policies run once per call, before the retry policy (the azure-core pipeline)."""
    per_retry_policies: PolicyT | Sequence[PolicyT]
    """azure-core policies run on every attempt, after signing (the azure-core pipeline)."""


_OPTION_NAMES = frozenset(ClientOptions.__annotations__)


def make_auth(credential: object, asynchronous: bool) -> httpx.Auth:
    """HMAC for an access key (AzureKeyCredential or base64 str), bearer for a token credential."""
    import inspect

    from azure.core.credentials import AzureKeyCredential

    from ._auth import AsyncBearerTokenAuth, BearerTokenAuth, HmacAuth

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


def _retry_policy(options: Mapping[str, Any]) -> RetryPolicy:
    """The fast path's policy: `retry_policy` if it is ours, else a new one; retry_* override its numbers."""
    import dataclasses

    from ._retry import RetryPolicy

    given = options.get("retry_policy")
    policy = given if isinstance(given, RetryPolicy) else RetryPolicy()
    numbers = {
        field: options[name]
        for field, name in (
            ("total", "retry_total"),
            ("backoff_factor", "retry_backoff_factor"),
            ("backoff_max", "retry_backoff_max"),
        )
        if name in options
    }
    return dataclasses.replace(policy, **numbers) if numbers else policy


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"{name} must be a number of seconds > 0, not {value!r}")
    return value


class ClientBase(Generic[HttpClientT, TransportT, PolicyT, RetryPolicyT, CredentialT, PipelineT]):
    """`__init__` and `from_connection_string` of both clients; the operations are defined by each client
    as one-line delegations to acs_identity._operations."""

    _asynchronous: ClassVar[bool]
    _pipeline: PipelineT

    def __init__(
        self,
        endpoint: str,
        credential: CredentialT,
        **options: Unpack[ClientOptions[HttpClientT, TransportT, PolicyT, RetryPolicyT]],
    ) -> None:
        """Create a client for one Communication Services resource.

        Args:
            endpoint: The resource's endpoint, `https://<resource>.communication.azure.com` (plain `http://`
                only for loopback hosts such as the local emulator).
            credential: An `AzureKeyCredential` or the base64 access key as a `str` (HMAC-SHA256 request
                signing), or an azure-core `TokenCredential` (an `AsyncTokenCredential` for
                `acs_identity.aio`) for Entra ID bearer tokens.
            **options: The keyword options of `ClientOptions`: api_version, http_client, transport,
                connection_verify, connection_timeout, read_timeout, retry_total, retry_backoff_factor,
                retry_backoff_max, user_agent, headers, logging_enable, and azure-core's proxies,
                connection_cert and policies (which select the azure-core pipeline).

        Raises:
            ValueError: A malformed or non-loopback `http://` endpoint, a missing credential, an unknown
                api-version, a timeout that is not a positive number, or options that cannot be combined.
            TypeError: A credential, transport or http_client of the wrong kind (e.g. a synchronous
                TokenCredential for the async client), or an unknown option.
        """
        # The first construction imports what a client is built from; httpx without its command line.
        import_httpx_without_its_cli()
        import ssl

        import httpx

        from ._core_pipeline import CORE_OPTIONS, CoreSettings
        from ._operations import Config
        from ._retry import RetryPolicy
        from ._tls import verify_setting

        unknown = sorted(set(options) - _OPTION_NAMES)
        if unknown:
            raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {unknown[0]!r}")
        if credential is None or credential == "":
            raise ValueError(
                "credential is required: an AzureKeyCredential, an access key or a TokenCredential"
            )
        http_client = options.get("http_client")
        transport = options.get("transport")
        if http_client is not None and transport is not None:
            raise ValueError("pass either http_client or transport, not both")
        connection_timeout = _seconds("connection_timeout", options.get("connection_timeout", 10))
        read_timeout = _seconds("read_timeout", options.get("read_timeout", 30))
        self._config = Config(normalize_endpoint(endpoint), options.get("api_version", DEFAULT_API_VERSION))
        auth = make_auth(credential, self._asynchronous)
        retry = _retry_policy(options)
        user_agent = options.get("user_agent")
        headers = options.get("headers")
        logging_enable = options.get("logging_enable", False)
        connection_verify = options.get("connection_verify", True)
        # Our own RetryPolicy is the fast path's; only azure-core's selects the azure-core pipeline.
        core_given = [
            name
            for name, value in ((name, options.get(name)) for name in CORE_OPTIONS)
            if value is not None and not isinstance(value, RetryPolicy)
        ]
        wiring = self._wiring()
        if transport is not None and not isinstance(transport, wiring.httpx_transport_class):
            if not wiring.is_core_transport(transport):
                raise TypeError(
                    f"transport must be an {wiring.httpx_transport_class.__name__} or an azure-core "
                    f"{'AsyncHttpTransport' if self._asynchronous else 'HttpTransport'}, not {type(transport).__name__}"
                )
            core_given.append("transport")
        elif core_given and transport is not None:
            raise ValueError(
                f"{core_given[0]} is an azure-core option: it needs an azure-core transport (or none), not an "
                "httpx transport"
            )
        if core_given:
            if http_client is not None:
                raise ValueError(f"http_client cannot be combined with azure-core's {core_given[0]}")
            if isinstance(connection_verify, ssl.SSLContext):
                raise ValueError(
                    "connection_verify: azure-core transports take True, False or a CA bundle path"
                )
            settings = CoreSettings(
                retry=retry,
                user_agent=user_agent,
                headers=headers,
                logging_enable=logging_enable,
                proxies=options.get("proxies"),
                http_logging_policy=options.get("http_logging_policy"),
                headers_policy=options.get("headers_policy"),
                user_agent_policy=options.get("user_agent_policy"),
                retry_policy=None if "retry_policy" not in core_given else options.get("retry_policy"),
                per_call_policies=options.get("per_call_policies"),
                per_retry_policies=options.get("per_retry_policies"),
            )
            if transport is None:
                transport = wiring.default_core_transport(
                    connection_verify=connection_verify,
                    connection_cert=options.get("connection_cert"),
                    connection_timeout=connection_timeout,
                    read_timeout=read_timeout,
                )
            self._pipeline = wiring.make_core_pipeline(transport, settings, auth)
            return
        transports: Transports[Any] | None = None
        if http_client is None:
            transports = self._transports(wiring, transport, verify_setting(connection_verify))
            # It sends on `transports.direct` alone (an explicit transport: httpx mounts no proxies), so
            # closing it closes that; the pipeline sends on the transports itself and closes the proxies'.
            client: Any = wiring.http_client_class(
                transport=transports.direct,
                timeout=httpx.Timeout(read_timeout, connect=connection_timeout),
                follow_redirects=False,  # a redirect would carry the signature to another URL
            )
            owns = True
        else:
            if not isinstance(http_client, wiring.http_client_class):
                raise TypeError(
                    f"http_client must be an {wiring.http_client_class.__name__}, not {type(http_client).__name__}"
                )
            client, owns = http_client, False
        self._pipeline = wiring.make_pipeline(
            client,
            auth,
            retry,
            owns,
            transports=transports,
            user_agent=user_agent,
            headers=headers,
            logging_enable=logging_enable,
        )

    @staticmethod
    def _transports(wiring: Wiring, transport: Any, verify: bool | ssl.SSLContext) -> Transports[Any]:
        """What a client we build sends on: the caller's transport alone (as with httpx.Client(transport=),
        no proxies from the environment), else the default transport, which reads the environment's proxies
        itself, else httpx's own, with one more per proxy of the environment (as httpx.Client mounts them)."""
        from ._transports import Transports

        if transport is not None:
            return Transports(transport)
        default = wiring.default_transport(verify)
        if default is not None:
            return Transports(default)
        return Transports[Any].from_environment(
            lambda proxy: wiring.httpx_transport(verify=verify, proxy=proxy)
        )

    @staticmethod
    def _wiring() -> Wiring:
        """Supplied by each client: what it is built from (imported here, on the first construction)."""
        raise NotImplementedError

    @classmethod
    def from_connection_string(
        cls, conn_str: str, **options: Unpack[ClientOptions[HttpClientT, TransportT, PolicyT, RetryPolicyT]]
    ) -> Self:
        """Create a client from a connection string (HMAC authentication with its access key).

        Args:
            conn_str: `endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>`, as the
                Azure portal shows it (names are case-insensitive).
            **options: The constructor's keyword options (`ClientOptions`).

        Returns:
            The client.

        Raises:
            ValueError: A malformed connection string (the message never includes the key), or an invalid
                option as for the constructor.
            TypeError: An unknown option.
        """
        endpoint, key = parse_connection_string(conn_str)
        # A str key is accepted by every client's credential type.
        return cls(endpoint, key, **options)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(endpoint={self._config.endpoint!r}, "
            f"api_version={self._config.api_version!r}, auth={self._pipeline.auth!r})"  # type: ignore[attr-defined]
        )
