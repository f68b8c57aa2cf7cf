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
from urllib.parse import urlencode

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
from ._enums import TeamsExtensionPrincipalType
from ._models import TeamsExtensionAssignment
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


def create_user(cfg: Config) -> Call[CommunicationUserIdentifier]:
    kwargs = _create_identity._get_kwargs(api_version=cfg.api_version)
    return cfg.call("create_user", kwargs, _parse_user)


def create_user_and_token(
    cfg: Config, scopes: object, token_expires_in: object
) -> Call[tuple[CommunicationUserIdentifier, AccessToken]]:
    body = CommunicationIdentityCreateRequest(
        create_token_with_scopes=list(scope_values(cfg, scopes)),
        expires_in_minutes=expires_in_minutes(cfg, token_expires_in),
    )
    kwargs = _create_identity._get_kwargs(body=body, api_version=cfg.api_version)
    return cfg.call("create_user_and_token", kwargs, _parse_user_and_token)


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
