"""The shared core of the sync and async clients: validation, request building and response parsing.

Each operation is a plain function of the client's `Config` and the caller's arguments. It validates
everything before any I/O and returns a `Call`: the method, absolute URL, JSON body bytes, an optional
auth override, and `parse(response) -> result`. The clients hand the `Call` to their pipeline, which only
sends, retries and maps errors. URLs and bodies come from the generated package's canonical
`_get_kwargs` and request models, so they follow spec/openapi.yaml.
"""

# The generated request builders are named `_get_kwargs` by openapi-python-client; using them is the design.
# pyright: reportPrivateUsage=false

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar, cast
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

# The generated package's canonical operation modules (aliased: our functions use the client's names).
from acs_identity_generated.api.identity import create_identity as _create_identity
from acs_identity_generated.api.identity import delete_identity as _delete_identity
from acs_identity_generated.api.identity import issue_access_token as _issue_access_token
from acs_identity_generated.api.identity import revoke_access_tokens as _revoke_access_tokens
from acs_identity_generated.api.teams_extension import (
    create_or_update_teams_extension_assignment as _put_assignment,
)
from acs_identity_generated.api.teams_extension import delete_teams_extension_assignment as _delete_assignment
from acs_identity_generated.api.teams_extension import (
    exchange_teams_extension_access_token as _exchange_extension_token,
)
from acs_identity_generated.api.teams_extension import get_teams_extension_assignment as _get_assignment
from acs_identity_generated.api.teams_user import (
    exchange_teams_user_access_token as _exchange_teams_user_token,
)
from acs_identity_generated.models import (
    CommunicationIdentityAccessTokenRequest,
    CommunicationIdentityCreateRequest,
    TeamsExtensionAssignmentCreateOrUpdateRequest,
    TeamsExtensionExchangeTokenRequest,
    TeamsUserExchangeTokenRequest,
)
from acs_identity_generated.types import UNSET, Unset
from azure.core.credentials import AccessToken

from ._api_versions import ApiVersion
from ._auth import BearerValueAuth
from ._capabilities import VersionCapabilities, load_capabilities
from ._enums import EntraPrincipalType, TeamsExtensionPrincipalType
from ._models import CommunicationUserDetail, EntraAssignment, TeamsExtensionAssignment
from ._paging import Page, Paging
from ._repeatability import Repeatability, imf_fixdate, repeatability
from ._shared.models import CommunicationIdentifier, CommunicationUserIdentifier, identifier_from_raw_id

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)

_json_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_SUPPORTED = ", ".join(v.value for v in ApiVersion)


class Call(Generic[T_co]):
    """One prepared operation: what to send and how to read the answer (`parse` takes a success body)."""

    __slots__ = ("auth", "content", "method", "name", "parse", "url")

    def __init__(
        self,
        name: str,
        method: str,
        url: str,
        content: bytes | None,
        parse: Callable[[bytes], T_co],
        auth: httpx.Auth | None = None,
    ) -> None:
        self.name = name
        self.method = method
        self.url = url
        self.content = content
        self.parse = parse
        self.auth = auth


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
        kwargs: Mapping[str, Any],
        parse: Callable[[bytes], T],
        auth: httpx.Auth | None = None,
    ) -> Call[T]:
        """A Call from a generated `_get_kwargs(...)` result."""
        params = kwargs["params"]
        query = self.query if params.keys() == {"api-version"} else "?" + urlencode(params)
        body = kwargs.get("json")
        content = None if body is None else _json_encoder.encode(body).encode("utf-8")
        return Call(
            name, kwargs["method"].upper(), self.base_url + kwargs["url"] + query, content, parse, auth
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


# --- response parsing -------------------------------------------------------------------------------


def expires_on_epoch(value: object) -> int:
    """Epoch seconds of the service's RFC 3339 time ('+00:00' or 'Z', up to 7 fractional digits)."""
    if not isinstance(value, str):
        raise ValueError(f"expiresOn must be a string, not {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return int(parsed.timestamp())


def _access_token(data: Mapping[str, Any]) -> AccessToken:
    return AccessToken(data["token"], expires_on_epoch(data["expiresOn"]))


def _identity_id(data: Mapping[str, Any]) -> str:
    value = data["identity"]["id"]
    if not isinstance(value, str):
        raise ValueError("identity.id must be a string")
    return value


# Parsing reads the JSON directly (the shapes of the generated models) rather than through their from_dict:
# measured ~10 us per call cheaper (from_dict ~10-14 us vs ~1-3 us), ~5% of a whole call. These few fields
# are all the results expose; tests/unit/test_operations_core.py checks both readings agree.
def _parse_user(body: bytes) -> CommunicationUserIdentifier:
    return CommunicationUserIdentifier(_identity_id(json.loads(body)))


def _parse_user_and_token(body: bytes) -> tuple[CommunicationUserIdentifier, AccessToken]:
    data = json.loads(body)
    return CommunicationUserIdentifier(_identity_id(data)), _access_token(data["accessToken"])


def _parse_token(body: bytes) -> AccessToken:
    return _access_token(json.loads(body))


def _parse_none(body: bytes) -> None:
    return None


def _parse_extension(body: bytes) -> tuple[CommunicationIdentifier, AccessToken]:
    data = json.loads(body)
    return identifier_from_raw_id(_identity_id(data)), _access_token(data["accessToken"])


def _principal_type(value: str) -> TeamsExtensionPrincipalType | str:
    try:
        return TeamsExtensionPrincipalType(value)
    except ValueError:
        return value


def _parse_assignment(body: bytes) -> TeamsExtensionAssignment:
    data = json.loads(body)
    client_ids = data.get("clientIds") or ()
    return TeamsExtensionAssignment(
        object_id=data["objectId"],
        tenant_id=data["tenantId"],
        principal_type=_principal_type(data["principalType"]),
        client_ids=tuple(client_ids),
    )


# --- operations ---------------------------------------------------------------------------------------


def get_token(cfg: Config, user: object, scopes: object, token_expires_in: object) -> Call[AccessToken]:
    identity = user_id(user)
    body = CommunicationIdentityAccessTokenRequest(
        scopes=list(scope_values(cfg, scopes)),
        expires_in_minutes=expires_in_minutes(cfg, token_expires_in),
    )
    kwargs = _issue_access_token._get_kwargs(identity, body=body, api_version=cfg.api_version)
    return cfg.call("get_token", kwargs, _parse_token)


def revoke_tokens(cfg: Config, user: object) -> Call[None]:
    kwargs = _revoke_access_tokens._get_kwargs(user_id(user), api_version=cfg.api_version)
    return cfg.call("revoke_tokens", kwargs, _parse_none)


def delete_user(cfg: Config, user: object) -> Call[None]:
    kwargs = _delete_identity._get_kwargs(user_id(user), api_version=cfg.api_version)
    return cfg.call("delete_user", kwargs, _parse_none)


def get_token_for_teams_user(
    cfg: Config, aad_token: object, client_id: object, user_object_id: object
) -> Call[AccessToken]:
    body = TeamsUserExchangeTokenRequest(
        token=_text("aad_token", aad_token),
        app_id=_text("client_id", client_id),
        user_id=_text("user_object_id", user_object_id),
    )
    _require(cfg, "exchange_teams_user_access_token", "get_token_for_teams_user")
    kwargs = _exchange_teams_user_token._get_kwargs(body=body, api_version=cfg.api_version)
    return cfg.call("get_token_for_teams_user", kwargs, _parse_token)


def exchange_teams_extension_token(
    cfg: Config, entra_token: object
) -> Call[tuple[CommunicationIdentifier, AccessToken]]:
    token = _text("entra_token", entra_token)
    _require(cfg, "exchange_teams_extension_access_token", "exchange_teams_extension_token")
    kwargs = _exchange_extension_token._get_kwargs(
        body=TeamsExtensionExchangeTokenRequest(), api_version=cfg.api_version
    )
    # The Teams Phone Extension user's own Entra ID token authenticates this call, not the client's credential.
    return cfg.call("exchange_teams_extension_token", kwargs, _parse_extension, auth=BearerValueAuth(token))


def get_teams_extension_assignment(
    cfg: Config, tenant_id: object, object_id: object
) -> Call[TeamsExtensionAssignment]:
    tenant, obj = _text("tenant_id", tenant_id), _text("object_id", object_id)
    _require(cfg, "get_teams_extension_assignment", "get_teams_extension_assignment")
    kwargs = _get_assignment._get_kwargs(tenant, obj, api_version=cfg.api_version)
    return cfg.call("get_teams_extension_assignment", kwargs, _parse_assignment)


def create_or_update_teams_extension_assignment(
    cfg: Config, tenant_id: object, object_id: object, principal_type: object, client_ids: object
) -> Call[TeamsExtensionAssignment]:
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
        principal_type=str.__str__(principal),
        client_ids=ids,
    )
    kwargs = _put_assignment._get_kwargs(tenant, obj, body=body, api_version=cfg.api_version)
    return cfg.call("create_or_update_teams_extension_assignment", kwargs, _parse_assignment)


def delete_teams_extension_assignment(cfg: Config, tenant_id: object, object_id: object) -> Call[None]:
    tenant, obj = _text("tenant_id", tenant_id), _text("object_id", object_id)
    _require(cfg, "delete_teams_extension_assignment", "delete_teams_extension_assignment")
    kwargs = _delete_assignment._get_kwargs(tenant, obj, api_version=cfg.api_version)
    return cfg.call("delete_teams_extension_assignment", kwargs, _parse_none)


# --- custom ids, user details, repeatability (2023-08-01, 2025-03-02-preview) ---------------------------

# The service's limit on a custom id (the preview's CommunicationIdentityCreateRequest.customId).
CUSTOM_ID_MAX_LENGTH = 256

Prepared = tuple[Call[T], Mapping[str, Any]]
"""A Call and the per-call options to send it with (a repeatable create adds its hook to them)."""


def _require_feature(cfg: Config, feature: str, what: str) -> None:
    if not cfg.capabilities.has(feature):
        needed = load_capabilities().describe_versions_with(lambda c: c.has(feature))
        raise ValueError(
            f"{what} requires api-version {needed}; this client uses {cfg.api_version} "
            "(pass api_version=... when creating the client)"
        )


def check_custom_id(custom_id: object) -> str:
    """The one custom-id rule (client, CLI, emulator): a str of 1 to 256 characters."""
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


def _repeatability(cfg: Config, request_id: object, first_sent: object, hook: object) -> Repeatability | None:
    """The call's repeatability values on a version with the feature (generated when not given); None on
    the others, where passing any of them is refused."""
    if not cfg.capabilities.has("repeatability"):
        given = [
            name
            for name, value in (
                ("repeatability_request_id", request_id),
                ("repeatability_first_sent", first_sent),
                ("repeatability_hook", hook),
            )
            if value is not None
        ]
        if given:
            _require_feature(cfg, "repeatability", given[0])
        return None
    return repeatability(request_id, first_sent, hook)


def _with_repeatability(
    call: Call[T], options: Mapping[str, Any], values: Repeatability | None
) -> Prepared[T]:
    """The call's options with its repeatability headers (the same on every attempt) and, when the caller
    asked for one, a response hook that reports the service's answer to a success."""
    if values is None:
        return call, options
    merged: dict[str, Any] = dict(options)
    merged["headers"] = {**options.get("headers", {}), **values.headers()}
    if values.hook is not None:
        report = values.hook
        caller_hook = options.get("raw_response_hook")

        def response_hook(response: Any) -> None:
            http = response.http_response
            if 200 <= http.status_code < 300:  # a success is final: no retry follows it
                report(values.outcome(http.headers))
            if caller_hook is not None:
                caller_hook(response)

        merged["raw_response_hook"] = response_hook
    return call, merged


def _create_kwargs(cfg: Config, body: Any, values: Repeatability | None) -> dict[str, Any]:
    if values is None:
        return _create_identity._get_kwargs(body=body, api_version=cfg.api_version)
    return _create_identity._get_kwargs(
        body=body,
        api_version=cfg.api_version,
        repeatability_request_id=values.request_id,
        repeatability_first_sent=imf_fixdate(values.first_sent),
    )


def create_user(
    cfg: Config,
    options: Mapping[str, Any],
    custom_id: object = None,
    repeatability_request_id: object = None,
    repeatability_first_sent: object = None,
    repeatability_hook: object = None,
) -> Prepared[CommunicationUserIdentifier]:
    custom = _custom_id(cfg, custom_id)
    values = _repeatability(cfg, repeatability_request_id, repeatability_first_sent, repeatability_hook)
    body = UNSET if isinstance(custom, Unset) else CommunicationIdentityCreateRequest(custom_id=custom)
    call = cfg.call("create_user", _create_kwargs(cfg, body, values), _parse_user)
    return _with_repeatability(call, options, values)


def create_user_and_token(
    cfg: Config,
    options: Mapping[str, Any],
    scopes: object,
    token_expires_in: object,
    custom_id: object = None,
    repeatability_request_id: object = None,
    repeatability_first_sent: object = None,
    repeatability_hook: object = None,
) -> Prepared[tuple[CommunicationUserIdentifier, AccessToken]]:
    body = CommunicationIdentityCreateRequest(
        create_token_with_scopes=list(scope_values(cfg, scopes)),
        expires_in_minutes=expires_in_minutes(cfg, token_expires_in),
        custom_id=_custom_id(cfg, custom_id),
    )
    values = _repeatability(cfg, repeatability_request_id, repeatability_first_sent, repeatability_hook)
    call = cfg.call("create_user_and_token", _create_kwargs(cfg, body, values), _parse_user_and_token)
    return _with_repeatability(call, options, values)


def _aware_utc(value: datetime | Unset) -> datetime | None:
    if isinstance(value, Unset):
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse_user_detail(body: bytes) -> CommunicationUserDetail:
    from acs_identity_generated.models import CommunicationIdentity

    model = CommunicationIdentity.from_dict(json.loads(body))
    if not isinstance(model.id, str):
        raise ValueError("id must be a string")
    return CommunicationUserDetail(
        user=CommunicationUserIdentifier(model.id),
        custom_id=None if isinstance(model.custom_id, Unset) else model.custom_id,
        last_token_issued_at=_aware_utc(model.last_token_issued_at),
    )


def get_user_detail(cfg: Config, user: object) -> Call[CommunicationUserDetail]:
    from acs_identity_generated.api.identity import get_identity as op

    identity = user_id(user)
    _require(cfg, "get_identity", "get_user_detail")
    kwargs = op._get_kwargs(identity, api_version=cfg.api_version)
    return cfg.call("get_user_detail", kwargs, _parse_user_detail)


# --- Entra ID: token exchange and assignments (2025-03-02-preview) --------------------------------------


def exchange_entra_id_token(
    cfg: Config, entra_token: object
) -> Call[tuple[CommunicationIdentifier, AccessToken]]:
    from acs_identity_generated.api.entra import exchange_entra_access_token as op
    from acs_identity_generated.models import EntraExchangeTokenRequest

    token = _text("entra_token", entra_token)
    _require(cfg, "exchange_entra_access_token", "exchange_entra_id_token")
    kwargs = op._get_kwargs(body=EntraExchangeTokenRequest(), api_version=cfg.api_version)
    # The Entra ID user's own token authenticates this call, not the client's credential.
    return cfg.call("exchange_entra_id_token", kwargs, _parse_extension, auth=BearerValueAuth(token))


def _entra_principal_type(value: str) -> EntraPrincipalType | str:
    try:
        return EntraPrincipalType(value)
    except ValueError:
        return value


def _entra_assignment(model: Any) -> EntraAssignment:
    return EntraAssignment(
        object_id=model.object_id,
        tenant_id=model.tenant_id,
        principal_type=_entra_principal_type(str.__str__(model.principal_type)),
        client_ids=tuple(model.client_ids),
    )


def _parse_entra_assignment(body: bytes) -> EntraAssignment:
    from acs_identity_generated.models import EntraAssignment as Model

    return _entra_assignment(Model.from_dict(json.loads(body)))


def _page_parser(cfg: Config) -> Callable[[bytes], Page[EntraAssignment]]:
    def parse(body: bytes) -> Page[EntraAssignment]:
        from acs_identity_generated.models import EntraAssignmentsResponse

        if not body:  # 204 No Content (the bulk update may answer so)
            return Page((), None)
        model = EntraAssignmentsResponse.from_dict(json.loads(body))
        link = None if isinstance(model.next_link, Unset) or not model.next_link else model.next_link
        items = tuple(_entra_assignment(item) for item in model.value)
        return Page(items, None if link is None else next_page_url(cfg, link))

    return parse


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
    parse = _page_parser(cfg)

    def next_call(url: str) -> Call[Page[EntraAssignment]]:
        return Call(name, "GET", url, None, parse)

    return Paging(first, next_call)


def list_entra_assignments(cfg: Config) -> Paging[EntraAssignment]:
    from acs_identity_generated.api.entra import list_entra_assignments as op

    _require(cfg, "list_entra_assignments", "list_entra_assignments")
    kwargs = op._get_kwargs(api_version=cfg.api_version)
    first = cfg.call("list_entra_assignments", kwargs, _page_parser(cfg))
    return _entra_paging(cfg, "list_entra_assignments", first)


def get_entra_assignment(cfg: Config, object_id: object) -> Call[EntraAssignment]:
    from acs_identity_generated.api.entra import get_entra_assignment as op

    obj = _text("object_id", object_id)
    _require(cfg, "get_entra_assignment", "get_entra_assignment")
    kwargs = op._get_kwargs(obj, api_version=cfg.api_version)
    return cfg.call("get_entra_assignment", kwargs, _parse_entra_assignment)


def _client_ids(client_ids: object) -> list[str]:
    if isinstance(client_ids, str) or not isinstance(client_ids, Iterable):
        raise TypeError(f"client_ids must be a list of str, not {type(client_ids).__name__}")
    return [_text("each client id", value) for value in cast("Iterable[object]", client_ids)]


def _entra_request(tenant_id: object, principal_type: object, client_ids: object) -> Any:
    from acs_identity_generated.models import EntraAssignmentCreateOrUpdateRequest

    return EntraAssignmentCreateOrUpdateRequest(
        tenant_id=_text("tenant_id", tenant_id),
        principal_type=str.__str__(_text("principal_type", principal_type)),
        client_ids=_client_ids(client_ids),
    )


def create_or_update_entra_assignment(
    cfg: Config, object_id: object, tenant_id: object, principal_type: object, client_ids: object
) -> Call[EntraAssignment]:
    from acs_identity_generated.api.entra import create_or_update_entra_assignment as op

    obj = _text("object_id", object_id)
    body = _entra_request(tenant_id, principal_type, client_ids)
    _require(cfg, "create_or_update_entra_assignment", "create_or_update_entra_assignment")
    kwargs = op._get_kwargs(obj, body=body, api_version=cfg.api_version)
    return cfg.call("create_or_update_entra_assignment", kwargs, _parse_entra_assignment)


def delete_entra_assignment(cfg: Config, object_id: object) -> Call[None]:
    from acs_identity_generated.api.entra import delete_entra_assignment as op

    obj = _text("object_id", object_id)
    _require(cfg, "delete_entra_assignment", "delete_entra_assignment")
    kwargs = op._get_kwargs(obj, api_version=cfg.api_version)
    return cfg.call("delete_entra_assignment", kwargs, _parse_none)


def update_entra_assignments(cfg: Config, assignments: object) -> Paging[EntraAssignment]:
    from acs_identity_generated.api.entra import update_entra_assignments as op
    from acs_identity_generated.models import EntraAssignmentUpdateBulkRequest

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
    kwargs = op._get_kwargs(body=body, api_version=cfg.api_version)
    first = cfg.call("update_entra_assignments", kwargs, _page_parser(cfg))
    return _entra_paging(cfg, "update_entra_assignments", first)
