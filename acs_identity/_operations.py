"""The shared core of the sync and async clients: validation, request building and response parsing.

Each operation is a plain function of the client's `Config` and the caller's arguments. It validates
everything before any I/O and returns a `Call`: the method, absolute URL, headers, body bytes, an optional
auth override, and `parse(status_code, body) -> result`. The clients hand the `Call` to their pipeline, which
only sends, retries and maps errors. The wire contract is the generated package's: each operation's
`build_request` gives method, path, query, headers and body; its `parse_response` gives the generated model,
which this module maps to the public types (no JSON key is written here). The generated operation modules
are imported on an operation's first use, so importing the client loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx
from azure.core.credentials import AccessToken

from ._api_versions import ApiVersion
from ._auth import BearerValueAuth
from ._capabilities import CUSTOM_ID_MAX_LENGTH, VersionCapabilities, load_capabilities
from ._enums import EntraPrincipalType, TeamsExtensionPrincipalType
from ._generated.types import UNSET, HttpRequestParts, Unset
from ._models import CommunicationUserDetail, EntraAssignment, TeamsExtensionAssignment
from ._paging import Page, Paging
from ._repeatability import Repeatability, check_hook, repeatability, sent_in
from ._shared.models import CommunicationIdentifier, CommunicationUserIdentifier, identifier_from_raw_id

if TYPE_CHECKING:
    from ._generated.models.communication_identity import CommunicationIdentity
    from ._generated.models.communication_identity_access_token import CommunicationIdentityAccessToken
    from ._generated.models.communication_identity_access_token_result import (
        CommunicationIdentityAccessTokenResult,
    )
    from ._generated.models.entra_assignment import EntraAssignment as EntraAssignmentModel
    from ._generated.models.entra_assignment_create_or_update_request import (
        EntraAssignmentCreateOrUpdateRequest,
    )
    from ._generated.models.entra_assignments_response import EntraAssignmentsResponse
    from ._generated.models.teams_extension_assignment_response import TeamsExtensionAssignmentResponse

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
E = TypeVar("E", bound=StrEnum)  # the public open enums

_SUPPORTED = ", ".join(v.value for v in ApiVersion)
_NO_HEADERS: Mapping[str, str] = {}


class Call(Generic[T_co]):
    """One prepared operation: what to send and how to read the answer (`parse(status_code, body)` takes a
    success response)."""

    __slots__ = ("auth", "content", "headers", "method", "name", "parse", "url")

    def __init__(
        self,
        name: str,
        method: str,
        url: str,
        content: bytes | None,
        parse: Callable[[int, bytes], T_co],
        auth: httpx.Auth | None = None,
        headers: Mapping[str, str] = _NO_HEADERS,
    ) -> None:
        self.name = name
        self.method = method
        self.url = url
        self.content = content
        self.parse = parse
        self.auth = auth
        # The operation's own headers (Content-Type, header parameters); the pipeline adds its constant ones.
        self.headers = headers


class Config:
    """Per-client constants, computed once: base URL, api-version query, capabilities."""

    __slots__ = ("api_version", "base_url", "capabilities", "endpoint", "query", "scope_set")

    def __init__(self, endpoint: str, api_version: ApiVersion | str) -> None:
        self.endpoint = endpoint
        self.base_url = endpoint
        self.api_version = check_api_version(api_version)
        caps = load_capabilities().get(self.api_version)
        if caps is None:  # ApiVersion and spec/capabilities.json disagree: a packaging bug
            raise ValueError(f"api_version {self.api_version} has no capability record")
        self.capabilities: VersionCapabilities = caps
        self.scope_set = frozenset(caps.scopes)
        self.query = "?" + urlencode({"api-version": self.api_version})

    def __repr__(self) -> str:
        return f"Config(endpoint={self.endpoint!r}, api_version={self.api_version!r})"

    def call(
        self,
        name: str,
        parts: HttpRequestParts,
        parse: Callable[[int, bytes], T],
        auth: httpx.Auth | None = None,
    ) -> Call[T]:
        """A Call from a generated `build_request(...)` result."""
        params = parts.params
        # The usual query is the api-version alone: encoded once per client.
        query = self.query if params.keys() == {"api-version"} else "?" + urlencode(params, doseq=True)
        return Call(
            name, parts.method, self.base_url + parts.path + query, parts.content, parse, auth, parts.headers
        )


# --- validation -------------------------------------------------------------------------------------


def check_api_version(api_version: object) -> str:
    if not isinstance(api_version, str):
        raise TypeError(f"api_version must be an ApiVersion or str, not {type(api_version).__name__}")
    # A plain str, also for other packages' str enums (e.g. the official package's ApiVersion).
    value = str.__str__(api_version)
    if value not in load_capabilities().versions:
        raise ValueError(f"api_version {value!r} is not supported; supported versions: {_SUPPORTED}")
    return value


def _require(cfg: Config, operation: str, feature: str) -> None:
    if not cfg.capabilities.supports(operation):
        needed = load_capabilities().describe_versions_with(lambda c: c.supports(operation))
        raise ValueError(
            f"{feature} requires api-version {needed}; this client uses {cfg.api_version} "
            "(pass api_version=... when creating the client)"
        )


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value


def user_id(user: object) -> str:
    """The identity id of `user`: a CommunicationUserIdentifier, or its raw id as a str."""
    if isinstance(user, CommunicationUserIdentifier):
        return _text("user id", user.properties["id"])
    if isinstance(user, str):
        return _text("user", user)
    # Another package's communication user identifier (e.g. the official SDK's): same kind, same properties.
    properties = getattr(user, "properties", None)
    if getattr(user, "kind", None) == "communication_user" and isinstance(properties, Mapping):
        return _text("user id", cast("Mapping[str, object]", properties).get("id"))
    raise TypeError(
        f"user must be a CommunicationUserIdentifier (or its id as a str), not {type(user).__name__}"
    )


def scope_values(cfg: Config, scopes: object) -> list[str]:
    return check_scopes(scopes, cfg.scope_set, cfg.api_version)


def check_scopes(scopes: object, allowed: frozenset[str], api_version: str) -> list[str]:
    """The one scope rule (client and CLI): a scope a newer api-version brings is refused; one no version
    knows is sent as given."""
    if isinstance(scopes, str) or not isinstance(scopes, Iterable):
        raise TypeError(
            f"scopes must be a list of CommunicationTokenScope or str, not {type(scopes).__name__}"
        )
    values: list[str] = []
    for scope in cast("Iterable[object]", scopes):
        if not isinstance(scope, str):
            raise TypeError(
                f"each scope must be a CommunicationTokenScope or str, not {type(scope).__name__}"
            )
        value = str.__str__(scope)  # plain str, also for other packages' str enums
        if value not in allowed:
            if not value.strip():
                raise ValueError("a scope must be a non-empty string")
            needed = load_capabilities().describe_versions_with_scope(value)
            # Scopes no version knows pass through: the set is open and the service decides.
            if needed is not None:
                raise ValueError(
                    f"scope {value!r} requires api-version {needed}; this client uses {api_version}"
                )
        values.append(value)
    if not values:
        raise ValueError("scopes must contain at least one scope, e.g. [CommunicationTokenScope.CHAT]")
    return values


def expires_in_minutes(cfg: Config, token_expires_in: object) -> int | Unset:
    """`token_expires_in` as whole minutes: a timedelta from 1 to 24 hours that is a whole number of minutes
    (no silent rounding: timedelta(minutes=90, seconds=30) is refused)."""
    if token_expires_in is None:
        return UNSET
    return check_expires_in(token_expires_in, cfg.capabilities)


def check_expires_in(
    token_expires_in: object, caps: VersionCapabilities, name: str = "token_expires_in"
) -> int:
    """The one expiry rule (client and CLI): whole minutes within the api-version's limits."""
    if not isinstance(token_expires_in, timedelta):
        raise TypeError(f"{name} must be a datetime.timedelta, not {type(token_expires_in).__name__}")
    expiry = caps.expires_in_minutes
    if expiry is None:
        needed = load_capabilities().describe_versions_with(lambda c: c.expires_in_minutes is not None)
        raise ValueError(f"{name} requires api-version {needed}; this client uses {caps.api_version}")
    minutes, remainder = divmod(token_expires_in, timedelta(minutes=1))
    if remainder:
        raise ValueError(f"{name} must be a whole number of minutes, got {token_expires_in}")
    if not expiry.minimum <= minutes <= expiry.maximum:
        raise ValueError(
            f"{name} must be between {timedelta(minutes=expiry.minimum)} and "
            f"{timedelta(minutes=expiry.maximum)} (1 to 24 hours), got {token_expires_in}"
        )
    return int(minutes)


# --- response mapping: generated models -> public types -------------------------------------------


def expires_on_epoch(value: object) -> int:
    """Epoch seconds of the service's RFC 3339 time ('+00:00' or 'Z', up to 7 fractional digits)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        raise ValueError(f"expiresOn must be an RFC 3339 time, not {type(value).__name__}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp())


def _access_token(model: CommunicationIdentityAccessToken | Unset) -> AccessToken:
    if isinstance(model, Unset):
        raise ValueError("the response has no access token")
    if not isinstance(model.token, str):
        raise ValueError("the access token must be a string")
    return AccessToken(model.token, expires_on_epoch(model.expires_on))


def _identity_id(model: CommunicationIdentity) -> str:
    if not isinstance(model.id, str):
        raise ValueError("the identity id must be a string")
    return model.id


def _user(result: CommunicationIdentityAccessTokenResult) -> CommunicationUserIdentifier:
    return CommunicationUserIdentifier(_identity_id(result.identity))


def _user_and_token(
    result: CommunicationIdentityAccessTokenResult,
) -> tuple[CommunicationUserIdentifier, AccessToken]:
    return CommunicationUserIdentifier(_identity_id(result.identity)), _access_token(result.access_token)


def _extension(result: CommunicationIdentityAccessTokenResult) -> tuple[CommunicationIdentifier, AccessToken]:
    return identifier_from_raw_id(_identity_id(result.identity)), _access_token(result.access_token)


def _known(kind: type[E], value: str) -> E | str:
    """`value` as a member of the open enum `kind` when it is one, else as the service sent it."""
    try:
        return kind(value)
    except ValueError:
        return value


def _assignment(model: TeamsExtensionAssignmentResponse) -> TeamsExtensionAssignment:
    client_ids = model.client_ids if not isinstance(model.client_ids, Unset) else ()
    return TeamsExtensionAssignment(
        object_id=model.object_id,
        tenant_id=model.tenant_id,
        principal_type=_known(TeamsExtensionPrincipalType, str.__str__(model.principal_type)),
        client_ids=tuple(client_ids),
    )


# --- operations ---------------------------------------------------------------------------------------
# Each imports its generated operation (and request model) on first use: importing the client loads none.


def get_token(cfg: Config, user: object, scopes: object, token_expires_in: object) -> Call[AccessToken]:
    from ._generated.api.identity import issue_access_token as op
    from ._generated.models.communication_identity_access_token_request import (
        CommunicationIdentityAccessTokenRequest,
    )

    identity = user_id(user)
    body = CommunicationIdentityAccessTokenRequest(
        scopes=list(scope_values(cfg, scopes)),
        expires_in_minutes=expires_in_minutes(cfg, token_expires_in),
    )

    def parse(status_code: int, content: bytes) -> AccessToken:
        return _access_token(op.parse_response(status_code, content))

    return cfg.call("get_token", op.build_request(identity, body=body, api_version=cfg.api_version), parse)


def revoke_tokens(cfg: Config, user: object) -> Call[None]:
    from ._generated.api.identity import revoke_access_tokens as op

    parts = op.build_request(user_id(user), api_version=cfg.api_version)
    return cfg.call("revoke_tokens", parts, op.parse_response)


def delete_user(cfg: Config, user: object) -> Call[None]:
    from ._generated.api.identity import delete_identity as op

    parts = op.build_request(user_id(user), api_version=cfg.api_version)
    return cfg.call("delete_user", parts, op.parse_response)


def get_token_for_teams_user(
    cfg: Config, aad_token: object, client_id: object, user_object_id: object
) -> Call[AccessToken]:
    from ._generated.api.teams_user import exchange_teams_user_access_token as op
    from ._generated.models.teams_user_exchange_token_request import TeamsUserExchangeTokenRequest

    body = TeamsUserExchangeTokenRequest(
        token=_text("aad_token", aad_token),
        app_id=_text("client_id", client_id),
        user_id=_text("user_object_id", user_object_id),
    )
    _require(cfg, "exchange_teams_user_access_token", "get_token_for_teams_user")

    def parse(status_code: int, content: bytes) -> AccessToken:
        return _access_token(op.parse_response(status_code, content))

    parts = op.build_request(body=body, api_version=cfg.api_version)
    return cfg.call("get_token_for_teams_user", parts, parse)


def exchange_teams_extension_token(
    cfg: Config, entra_token: object
) -> Call[tuple[CommunicationIdentifier, AccessToken]]:
    from ._generated.api.teams_extension import exchange_teams_extension_access_token as op
    from ._generated.models.teams_extension_exchange_token_request import TeamsExtensionExchangeTokenRequest

    token = _text("entra_token", entra_token)
    _require(cfg, "exchange_teams_extension_access_token", "exchange_teams_extension_token")
    parts = op.build_request(body=TeamsExtensionExchangeTokenRequest(), api_version=cfg.api_version)

    def parse(status_code: int, content: bytes) -> tuple[CommunicationIdentifier, AccessToken]:
        return _extension(op.parse_response(status_code, content))

    # The Teams Phone Extension user's own Entra ID token authenticates this call, not the client's credential.
    return cfg.call("exchange_teams_extension_token", parts, parse, auth=BearerValueAuth(token))


def get_teams_extension_assignment(
    cfg: Config, tenant_id: object, object_id: object
) -> Call[TeamsExtensionAssignment]:
    from ._generated.api.teams_extension import get_teams_extension_assignment as op

    tenant, obj = _text("tenant_id", tenant_id), _text("object_id", object_id)
    _require(cfg, "get_teams_extension_assignment", "get_teams_extension_assignment")

    def parse(status_code: int, content: bytes) -> TeamsExtensionAssignment:
        return _assignment(op.parse_response(status_code, content))

    parts = op.build_request(tenant, obj, api_version=cfg.api_version)
    return cfg.call("get_teams_extension_assignment", parts, parse)


def create_or_update_teams_extension_assignment(
    cfg: Config, tenant_id: object, object_id: object, principal_type: object, client_ids: object
) -> Call[TeamsExtensionAssignment]:
    from ._generated.api.teams_extension import create_or_update_teams_extension_assignment as op
    from ._generated.models.teams_extension_assignment_create_or_update_request import (
        TeamsExtensionAssignmentCreateOrUpdateRequest,
    )

    tenant, obj = _text("tenant_id", tenant_id), _text("object_id", object_id)
    principal = _text("principal_type", principal_type)
    ids: list[str] | Unset = UNSET
    if client_ids is not None:
        if isinstance(client_ids, str) or not isinstance(client_ids, Iterable):
            raise TypeError(f"client_ids must be a list of str, not {type(client_ids).__name__}")
        ids = [_text("each client id", value) for value in cast("Iterable[object]", client_ids)]
    _require(
        cfg, "create_or_update_teams_extension_assignment", "create_or_update_teams_extension_assignment"
    )
    body = TeamsExtensionAssignmentCreateOrUpdateRequest(
        principal_type=str.__str__(principal), client_ids=ids
    )

    def parse(status_code: int, content: bytes) -> TeamsExtensionAssignment:
        return _assignment(op.parse_response(status_code, content))

    parts = op.build_request(tenant, obj, body=body, api_version=cfg.api_version)
    return cfg.call("create_or_update_teams_extension_assignment", parts, parse)


def delete_teams_extension_assignment(cfg: Config, tenant_id: object, object_id: object) -> Call[None]:
    from ._generated.api.teams_extension import delete_teams_extension_assignment as op

    tenant, obj = _text("tenant_id", tenant_id), _text("object_id", object_id)
    _require(cfg, "delete_teams_extension_assignment", "delete_teams_extension_assignment")
    parts = op.build_request(tenant, obj, api_version=cfg.api_version)
    return cfg.call("delete_teams_extension_assignment", parts, op.parse_response)


# --- custom ids, user details, repeatability (2023-08-01, 2025-03-02-preview) ---------------------------


def _require_feature(cfg: Config, feature: str, what: str) -> None:
    if not cfg.capabilities.has(feature):
        needed = load_capabilities().describe_versions_with(lambda c: c.has(feature))
        raise ValueError(
            f"{what} requires api-version {needed}; this client uses {cfg.api_version} "
            "(pass api_version=... when creating the client)"
        )


def check_custom_id(custom_id: object) -> str:
    """The one custom-id rule (client, CLI): a str of 1 to 256 characters."""
    if not isinstance(custom_id, str):
        raise TypeError(f"custom_id must be a str, not {type(custom_id).__name__}")
    if not 1 <= len(custom_id) <= CUSTOM_ID_MAX_LENGTH:
        raise ValueError(f"custom_id must be 1 to {CUSTOM_ID_MAX_LENGTH} characters, got {len(custom_id)}")
    return custom_id


def _custom_id(cfg: Config, custom_id: object) -> str | Unset:
    if custom_id is None:
        return UNSET
    value = check_custom_id(custom_id)
    _require_feature(cfg, "custom_id", "custom_id")
    return value


def _repeatability(cfg: Config, request_id: object, first_sent: object) -> Repeatability | None:
    """The call's repeatability values on a version with the feature (generated when not given); None on
    the others, where passing either is refused."""
    if not cfg.capabilities.has("repeatability"):
        if request_id is not None:
            _require_feature(cfg, "repeatability", "repeatability_request_id")
        if first_sent is not None:
            _require_feature(cfg, "repeatability", "repeatability_first_sent")
        return None
    return repeatability(request_id, first_sent)


def reporting(
    cfg: Config, call: Call[T], options: Mapping[str, Any], hook: object
) -> tuple[Call[T], Mapping[str, Any]]:
    """A repeatable create's options, with a response hook that tells `hook` (the caller's
    `repeatability_hook`) what was sent and the service's Repeatability-Result, once a success arrives."""
    if hook is None:
        return call, options
    report = check_hook(hook)
    _require_feature(cfg, "repeatability", "repeatability_hook")
    sent = sent_in(call.headers)
    caller_hook = options.get("raw_response_hook")

    def response_hook(response: Any) -> None:
        http = response.http_response
        if 200 <= http.status_code < 300:  # a success is final: no retry follows it
            report(sent.answered(http.headers))
        if caller_hook is not None:
            caller_hook(response)

    return call, {**options, "raw_response_hook": response_hook}


def _create_parts(cfg: Config, body: Any, values: Repeatability | None) -> HttpRequestParts:
    from ._generated.api.identity import create_identity as op

    if values is None:
        return op.build_request(body=body, api_version=cfg.api_version)
    return op.build_request(
        body=body,
        api_version=cfg.api_version,
        repeatability_request_id=values.request_id,
        repeatability_first_sent=values.first_sent_header,
    )


def _parse_created(status_code: int, content: bytes) -> CommunicationIdentityAccessTokenResult:
    from ._generated.api.identity import create_identity as op

    return op.parse_response(status_code, content)


def create_user(
    cfg: Config,
    custom_id: object = None,
    repeatability_request_id: object = None,
    repeatability_first_sent: object = None,
) -> Call[CommunicationUserIdentifier]:
    from ._generated.models.communication_identity_create_request import CommunicationIdentityCreateRequest

    custom = _custom_id(cfg, custom_id)
    values = _repeatability(cfg, repeatability_request_id, repeatability_first_sent)
    body = UNSET if isinstance(custom, Unset) else CommunicationIdentityCreateRequest(custom_id=custom)

    def parse(status_code: int, content: bytes) -> CommunicationUserIdentifier:
        return _user(_parse_created(status_code, content))

    return cfg.call("create_user", _create_parts(cfg, body, values), parse)


def create_user_and_token(
    cfg: Config,
    scopes: object,
    token_expires_in: object,
    custom_id: object = None,
    repeatability_request_id: object = None,
    repeatability_first_sent: object = None,
) -> Call[tuple[CommunicationUserIdentifier, AccessToken]]:
    from ._generated.models.communication_identity_create_request import CommunicationIdentityCreateRequest

    body = CommunicationIdentityCreateRequest(
        create_token_with_scopes=list(scope_values(cfg, scopes)),
        expires_in_minutes=expires_in_minutes(cfg, token_expires_in),
        custom_id=_custom_id(cfg, custom_id),
    )
    values = _repeatability(cfg, repeatability_request_id, repeatability_first_sent)

    def parse(status_code: int, content: bytes) -> tuple[CommunicationUserIdentifier, AccessToken]:
        return _user_and_token(_parse_created(status_code, content))

    return cfg.call("create_user_and_token", _create_parts(cfg, body, values), parse)


def _aware_utc(value: datetime | Unset) -> datetime | None:
    if isinstance(value, Unset):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def get_user_detail(cfg: Config, user: object) -> Call[CommunicationUserDetail]:
    from ._generated.api.identity import get_identity as op

    identity = user_id(user)
    _require(cfg, "get_identity", "get_user_detail")

    def parse(status_code: int, content: bytes) -> CommunicationUserDetail:
        model = op.parse_response(status_code, content)
        return CommunicationUserDetail(
            user=CommunicationUserIdentifier(_identity_id(model)),
            custom_id=None if isinstance(model.custom_id, Unset) else model.custom_id,
            last_token_issued_at=_aware_utc(model.last_token_issued_at),
        )

    return cfg.call("get_user_detail", op.build_request(identity, api_version=cfg.api_version), parse)


# --- Entra ID: token exchange and assignments (2025-03-02-preview) --------------------------------------


def exchange_entra_id_token(
    cfg: Config, entra_token: object
) -> Call[tuple[CommunicationIdentifier, AccessToken]]:
    from ._generated.api.entra import exchange_entra_access_token as op
    from ._generated.models.entra_exchange_token_request import EntraExchangeTokenRequest

    token = _text("entra_token", entra_token)
    _require(cfg, "exchange_entra_access_token", "exchange_entra_id_token")
    parts = op.build_request(body=EntraExchangeTokenRequest(), api_version=cfg.api_version)

    def parse(status_code: int, content: bytes) -> tuple[CommunicationIdentifier, AccessToken]:
        return _extension(op.parse_response(status_code, content))

    # The Entra ID user's own token authenticates this call, not the client's credential.
    return cfg.call("exchange_entra_id_token", parts, parse, auth=BearerValueAuth(token))


def _entra_assignment(model: EntraAssignmentModel) -> EntraAssignment:
    return EntraAssignment(
        object_id=model.object_id,
        tenant_id=model.tenant_id,
        principal_type=_known(EntraPrincipalType, str.__str__(model.principal_type)),
        client_ids=tuple(model.client_ids),
    )


def _page(cfg: Config, model: EntraAssignmentsResponse | None) -> Page[EntraAssignment]:
    if model is None:  # 204 No Content (the bulk update may answer so)
        return Page((), None)
    link = None if isinstance(model.next_link, Unset) or not model.next_link else model.next_link
    items = tuple(_entra_assignment(item) for item in model.value)
    return Page(items, None if link is None else next_page_url(cfg, link))


def next_page_url(cfg: Config, link: str) -> str:
    """The absolute URL of a `nextLink`, with the client's api-version. A link to another origin is refused:
    the client's credential signs every page's request."""
    base = urlsplit(cfg.base_url)
    target = urlsplit(urljoin(cfg.base_url + "/", link))
    if (target.scheme.lower(), target.netloc.lower()) != (base.scheme.lower(), base.netloc.lower()):
        raise ValueError(
            f"nextLink points to {target.scheme}://{target.netloc}, not to the client's endpoint"
        )
    query = [(k, v) for k, v in parse_qsl(target.query, keep_blank_values=True) if k != "api-version"]
    query.append(("api-version", cfg.api_version))
    return urlunsplit((base.scheme, base.netloc, target.path, urlencode(query), ""))


def _entra_paging(cfg: Config, name: str, first: Call[Page[EntraAssignment]]) -> Paging[EntraAssignment]:
    """A paged Entra operation: its first Call, then a GET of each nextLink (answered as the list is)."""
    from ._generated.api.entra import list_entra_assignments as op

    def parse(status_code: int, content: bytes) -> Page[EntraAssignment]:
        return _page(cfg, op.parse_response(status_code, content))

    def next_call(url: str) -> Call[Page[EntraAssignment]]:
        return Call(name, "GET", url, None, parse)

    return Paging(first, next_call)


def list_entra_assignments(cfg: Config) -> Paging[EntraAssignment]:
    from ._generated.api.entra import list_entra_assignments as op

    _require(cfg, "list_entra_assignments", "list_entra_assignments")

    def parse(status_code: int, content: bytes) -> Page[EntraAssignment]:
        return _page(cfg, op.parse_response(status_code, content))

    first = cfg.call("list_entra_assignments", op.build_request(api_version=cfg.api_version), parse)
    return _entra_paging(cfg, "list_entra_assignments", first)


def get_entra_assignment(cfg: Config, object_id: object) -> Call[EntraAssignment]:
    from ._generated.api.entra import get_entra_assignment as op

    obj = _text("object_id", object_id)
    _require(cfg, "get_entra_assignment", "get_entra_assignment")

    def parse(status_code: int, content: bytes) -> EntraAssignment:
        return _entra_assignment(op.parse_response(status_code, content))

    return cfg.call("get_entra_assignment", op.build_request(obj, api_version=cfg.api_version), parse)


def _client_ids(client_ids: object) -> list[str]:
    if isinstance(client_ids, str) or not isinstance(client_ids, Iterable):
        raise TypeError(f"client_ids must be a list of str, not {type(client_ids).__name__}")
    return [_text("each client id", value) for value in cast("Iterable[object]", client_ids)]


def _entra_request(
    tenant_id: object, principal_type: object, client_ids: object
) -> EntraAssignmentCreateOrUpdateRequest:
    from ._generated.models.entra_assignment_create_or_update_request import (
        EntraAssignmentCreateOrUpdateRequest,
    )

    return EntraAssignmentCreateOrUpdateRequest(
        tenant_id=_text("tenant_id", tenant_id),
        principal_type=str.__str__(_text("principal_type", principal_type)),
        client_ids=_client_ids(client_ids),
    )


def create_or_update_entra_assignment(
    cfg: Config, object_id: object, tenant_id: object, principal_type: object, client_ids: object
) -> Call[EntraAssignment]:
    from ._generated.api.entra import create_or_update_entra_assignment as op

    obj = _text("object_id", object_id)
    body = _entra_request(tenant_id, principal_type, client_ids)
    _require(cfg, "create_or_update_entra_assignment", "create_or_update_entra_assignment")

    def parse(status_code: int, content: bytes) -> EntraAssignment:
        return _entra_assignment(op.parse_response(status_code, content))

    parts = op.build_request(obj, body=body, api_version=cfg.api_version)
    return cfg.call("create_or_update_entra_assignment", parts, parse)


def delete_entra_assignment(cfg: Config, object_id: object) -> Call[None]:
    from ._generated.api.entra import delete_entra_assignment as op

    obj = _text("object_id", object_id)
    _require(cfg, "delete_entra_assignment", "delete_entra_assignment")
    parts = op.build_request(obj, api_version=cfg.api_version)
    return cfg.call("delete_entra_assignment", parts, op.parse_response)


def update_entra_assignments(cfg: Config, assignments: object) -> Paging[EntraAssignment]:
    from ._generated.api.entra import update_entra_assignments as op
    from ._generated.models.entra_assignment_update_bulk_request import EntraAssignmentUpdateBulkRequest

    if not isinstance(assignments, Mapping):
        raise TypeError(
            "assignments must be a mapping of object id -> EntraAssignment or None, "
            f"not {type(assignments).__name__}"
        )
    entries = cast("Mapping[object, object]", assignments)
    if not entries:
        raise ValueError("assignments must name at least one object id")
    body = EntraAssignmentUpdateBulkRequest()
    for key, value in entries.items():
        obj = _text("each object id", key)
        if value is None:
            body[obj] = None  # merge patch: null removes the assignment
            continue
        if not isinstance(value, EntraAssignment):
            raise TypeError(
                f"assignments[{obj!r}] must be an EntraAssignment or None, not {type(value).__name__}"
            )
        if value.object_id != obj:
            raise ValueError(
                f"assignments[{obj!r}] is the assignment of object id {value.object_id!r}, not of its key"
            )
        body[obj] = _entra_request(value.tenant_id, value.principal_type, value.client_ids)
    _require(cfg, "update_entra_assignments", "update_entra_assignments")

    def parse(status_code: int, content: bytes) -> Page[EntraAssignment]:
        return _page(cfg, op.parse_response(status_code, content))

    first = cfg.call(
        "update_entra_assignments", op.build_request(body=body, api_version=cfg.api_version), parse
    )
    return _entra_paging(cfg, "update_entra_assignments", first)
