"""The service's behaviour, free of HTTP: identities (with custom ids), tokens, revocation, the Teams and
Entra ID exchanges and their assignments."""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from acs_identity._capabilities import CUSTOM_ID_MAX_LENGTH, VersionCapabilities, load_capabilities

from ._auth import verify_entra_token
from ._constants import (
    ACS_TOKEN_SCP,
    DEFAULT_ENTRA_AUDIENCE,
    ENTRA_AUDIENCES,
    MAX_TOKEN_MINUTES,
    RESOURCE_LOCATION,
    TEAMS_AUDIENCES,
    entra_issuer,
)
from ._errors import (
    ASSIGNMENT_NOT_FOUND,
    IDENTITY_NOT_FOUND,
    IDENTITY_NOT_OWNED,
    INVALID_ACCESS_TOKEN,
    ApiError,
    validation_error,
)
from ._jwt import RsaSigner, TokenError
from ._store import Assignment, EntraAssignment, IdentityRecord, Store

_GUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# 8:acs:<resourceId>_<userGuid> for a communication user, 8:acs:<resourceId>_<tenantId>_<userId> for a
# Teams Phone Extension user.
_IDENTITY_RE = re.compile(rf"8:acs:({_GUID})_({_GUID}(?:_{_GUID})?)")
# The principal types each kind of assignment knows, from the capability record.
_PRINCIPAL_TYPES = load_capabilities().principal_types("teams_extension")
_ENTRA_PRINCIPAL_TYPES = load_capabilities().principal_types("entra")

# The claim in which an ACS token records its identity's revocation count at issue.
REVOCATIONS_CLAIM = "revocations"
_ALL_SCOPES = ("chat", "voip", "chat.join", "chat.join.limited", "voip.join")


def format_expires_on(timestamp: float) -> str:
    """RFC 3339 with 7 fractional digits and +00:00, as the service writes expiresOn."""
    moment = datetime.fromtimestamp(timestamp, UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond:06d}0+00:00"


@dataclass(frozen=True, slots=True)
class Result:
    status: int
    body: dict[str, Any] | None = None
    headers: tuple[tuple[bytes, bytes], ...] = ()


def _new_key(store: Store, name: str) -> RsaSigner:
    pem = store.get_meta(name)
    if pem is None:
        store.set_meta(name, RsaSigner.generate().private_pem().decode("ascii"))
        # Re-read: with a shared SQLite file another worker may have stored its key first.
        pem = store.get_meta(name)
        assert pem is not None
    return RsaSigner.from_pem(pem.encode("ascii"))


def _meta(store: Store, name: str, default: str) -> str:
    value = store.get_meta(name)
    if value is None:
        store.set_meta(name, default)
        value = store.get_meta(name)
        assert value is not None
    return value


class Service:
    """One emulated ACS resource. Keys and ids live in the store, so a persisted emulator keeps them."""

    def __init__(self, store: Store, *, token_mode: str = "sign") -> None:
        if token_mode not in ("sign", "canned"):
            raise ValueError("token_mode must be 'sign' or 'canned'")
        self.store = store
        self.token_mode = token_mode
        self.resource_id = _meta(store, "resource_id", str(uuid.uuid4()))
        self.tenant_id = _meta(store, "tenant_id", str(uuid.uuid4()))
        self.app_id = _meta(store, "app_id", str(uuid.uuid4()))
        self.signer = _new_key(store, "acs_signing_key")
        self.issuer_key = _new_key(store, "entra_issuer_key")
        self.jwks: dict[str, Any] = {"keys": [self.signer.jwk]}
        self._canned_token = ""
        self._memo: dict[tuple[str, str, int, int, int], str] = {}
        self._memo_second = 0
        if token_mode == "canned":
            canned_id = f"8:acs:{self.resource_id}_00000000-0000-0000-0000-000000000000"
            self._canned_token, _ = self._sign_acs_token(canned_id, _ALL_SCOPES, MAX_TOKEN_MINUTES * 60.0, 0)

    # --- identities -------------------------------------------------------------------------------------

    def _check_identity_id(self, identity_id: str) -> None:
        match = _IDENTITY_RE.fullmatch(identity_id)
        if match is None:
            raise ApiError(
                400, "InvalidIdentity", "Provided identity is not a valid communication identity.", "id"
            )
        if match.group(1).lower() != self.resource_id.lower():
            raise ApiError(401, *IDENTITY_NOT_OWNED)

    def _existing_identity(self, identity_id: str) -> IdentityRecord:
        """The identity's record; 404 when it does not exist."""
        self._check_identity_id(identity_id)
        record = self.store.get_identity(identity_id)
        if record is None:
            raise ApiError(404, *IDENTITY_NOT_FOUND)
        return record

    def create_identity(self, caps: VersionCapabilities, body: dict[str, Any]) -> Result:
        custom_id = _custom_id(caps, body)
        scopes = _scopes(caps, body.get("createTokenWithScopes"), "createTokenWithScopes", required=False)
        minutes = _expires_in_minutes(caps, body)
        # With a custom id already held, this is that identity ("the returned identity will be the same").
        record = self.store.create_identity(
            f"8:acs:{self.resource_id}_{uuid.uuid4()}", time.time(), custom_id
        )
        result: dict[str, Any] = {}
        if scopes:
            result["accessToken"] = self._token_body(record.id, scopes, minutes, record.revocations)
        result["identity"] = self._identity_body(caps, record)
        return Result(201, result)

    def get_identity(self, caps: VersionCapabilities, identity_id: str) -> Result:
        return Result(200, self._identity_body(caps, self._existing_identity(identity_id)))

    def _identity_body(self, caps: VersionCapabilities, record: IdentityRecord) -> dict[str, Any]:
        """The CommunicationIdentity of `caps`' schema: id, and where the version has them customId and
        lastTokenIssuedAt (when set)."""
        body: dict[str, Any] = {"id": record.id}
        if caps.has("custom_id") and record.custom_id is not None:
            body["customId"] = record.custom_id
        if caps.supports("get_identity"):
            issued = self.store.last_token_issued(record.id)
            if issued is not None:
                body["lastTokenIssuedAt"] = format_expires_on(issued)
        return body

    def identity_count(self) -> int:
        return self.store.count_identities()

    def delete_identity(self, identity_id: str) -> Result:
        self._existing_identity(identity_id)
        self.store.delete_identity(identity_id, time.time())
        return Result(204)

    def revoke_access_tokens(self, identity_id: str) -> Result:
        self._existing_identity(identity_id)
        self.store.revoke(identity_id, time.time())
        return Result(204)

    def issue_access_token(self, caps: VersionCapabilities, identity_id: str, body: dict[str, Any]) -> Result:
        return self.issue(self.check_issue(caps, identity_id, body))

    def check_issue(self, caps: VersionCapabilities, identity_id: str, body: dict[str, Any]) -> TokenRequest:
        """The validated request of issueAccessToken (raises ApiError), ready for issue()."""
        record = self._existing_identity(identity_id)
        scopes = _scopes(caps, body.get("scopes"), "scopes", required=True)
        minutes = _expires_in_minutes(caps, body)
        return TokenRequest(identity_id, scopes, minutes, record.revocations)

    def issue(self, request: TokenRequest) -> Result:
        return Result(
            200, self._token_body(request.identity_id, request.scopes, request.minutes, request.revocations)
        )

    def needs_signature(self, request: TokenRequest) -> bool:
        """Whether issue() would sign (an RSA operation) rather than reuse a token of this second."""
        if self.token_mode == "canned":
            return False
        key, _, _ = _memo_key(
            request.identity_id, ",".join(request.scopes), request.minutes * 60.0, request.revocations
        )
        return key not in self._memo

    # --- tokens -----------------------------------------------------------------------------------------

    def _token_body(
        self, identity_id: str, scopes: tuple[str, ...], minutes: int, revocations: int
    ) -> dict[str, str]:
        if self.token_mode == "canned":
            now = time.time()
            self.store.token_issued(identity_id, now)
            return {"token": self._canned_token, "expiresOn": format_expires_on(now + minutes * 60)}
        token, expires_at = self._sign_acs_token(identity_id, scopes, minutes * 60.0, revocations)
        return {"token": token, "expiresOn": format_expires_on(expires_at)}

    def _sign_acs_token(
        self, identity_id: str, scopes: tuple[str, ...], lifetime: float, revocations: int
    ) -> tuple[str, float]:
        acs_scope = ",".join(scopes)
        memo_key, iat, expires_at = _memo_key(identity_id, acs_scope, lifetime, revocations)
        # RS256 (PKCS#1 v1.5) is deterministic and the claims have whole-second resolution, so a token
        # asked for again within the same second is byte-for-byte the one already signed: reuse it.
        memo = self._memo
        if iat != self._memo_second:
            memo = self._memo = {}
            self._memo_second = iat
        token = memo.get(memo_key)
        if token is None:
            claims = {
                "skypeid": identity_id.removeprefix("8:"),
                "scp": ACS_TOKEN_SCP,
                "csi": str(iat),
                "exp": int(expires_at),
                "acsScope": acs_scope,
                "resourceId": self.resource_id,
                "resourceLocation": RESOURCE_LOCATION,
                "iat": iat,
                # Not in the service's tokens: how the emulator knows, exactly, whether a revocation came after.
                REVOCATIONS_CLAIM: revocations,
            }
            token = memo[memo_key] = self.signer.sign(claims)
        self.store.token_issued(identity_id, expires_at - lifetime)
        return token, expires_at

    def validate_token(self, token: str) -> tuple[bool, str | None]:
        """Whether an ACS token of this emulator would still be accepted, and if not why."""
        try:
            claims = self.signer.verify(token)
        except TokenError as exc:
            return False, str(exc)
        exp, iat = claims.get("exp"), claims.get("iat")
        if not isinstance(exp, int) or not isinstance(iat, int):
            return False, "the token lacks exp or iat"
        if exp <= time.time():
            return False, "the token has expired"
        if claims.get("resourceId") != self.resource_id:
            return False, "the token belongs to another resource"
        skype_id = claims.get("skypeid")
        if not isinstance(skype_id, str):
            return False, "the token has no skypeid"
        if not skype_id.startswith("acs:"):
            return True, None  # Teams user tokens are not tied to an identity of this resource.
        record = self.store.get_identity("8:" + skype_id)
        if record is None:
            return False, "the identity does not exist (deleted)"
        revocations = claims.get(REVOCATIONS_CLAIM)
        if isinstance(revocations, int) and not isinstance(revocations, bool):
            if revocations != record.revocations:
                return False, "the identity's tokens were revoked"
        elif record.revoked_at is not None and iat < record.revoked_at:
            return False, "the identity's tokens were revoked"  # a token from before the count existed
        return True, None

    def mint_entra_token(
        self,
        *,
        oid: str | None = None,
        appid: str | None = None,
        tid: str | None = None,
        lifetime: float = 3600.0,
        audience: str | None = None,
        extra_claims: Mapping[str, Any] | None = None,
    ) -> str:
        """An Entra ID access token of the emulator's test issuer; a claim set to None in extra_claims is
        left out."""
        now = int(time.time())
        tenant = tid or self.tenant_id
        claims: dict[str, Any] = {
            "aud": audience or DEFAULT_ENTRA_AUDIENCE,
            "iss": entra_issuer(tenant),
            "iat": now,
            "nbf": now,
            "exp": now + int(lifetime),
            "tid": tenant,
            "oid": oid or str(uuid.uuid4()),
            "appid": appid or self.app_id,
            "ver": "1.0",
        }
        claims["sub"] = claims["oid"]
        for name, value in (extra_claims or {}).items():
            if value is None:
                claims.pop(name, None)
            else:
                claims[name] = value
        return self.issuer_key.sign(claims)

    def mint_entra_token_request(self, body: dict[str, Any]) -> Result:
        """POST /_emulator/entraTokens/:mint {oid?, appId?, tenantId?, expiresInSeconds?, audience?}."""
        fields: dict[str, str] = {}
        for name in ("oid", "appId", "tenantId", "audience"):
            value = body.get(name)
            if value is not None and (not isinstance(value, str) or not value):
                raise validation_error(f"The {name} field must be a non-empty string.", name)
            if value is not None:
                fields[name] = value
        seconds = body.get("expiresInSeconds", 3600)
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not -86400 <= seconds <= 86400:
            raise validation_error(
                "The expiresInSeconds field must be a whole number within [-86400, 86400].",
                "expiresInSeconds",
            )
        oid = fields.get("oid") or str(uuid.uuid4())
        app_id = fields.get("appId") or self.app_id
        tenant = fields.get("tenantId") or self.tenant_id
        token = self.mint_entra_token(
            oid=oid, appid=app_id, tid=tenant, lifetime=seconds, audience=fields.get("audience")
        )
        return Result(
            200,
            {
                "token": token,
                "oid": oid,
                "appId": app_id,
                "tenantId": tenant,
                "expiresOn": format_expires_on(int(time.time()) + seconds),
            },
        )

    # --- Teams users ------------------------------------------------------------------------------------

    def exchange_teams_user_access_token(self, body: dict[str, Any]) -> Result:
        # The service checks the token before the other fields: a bad token with an empty userId is a 401.
        token = _required_string(body, "token")
        try:
            claims = verify_entra_token(self.issuer_key, token, TEAMS_AUDIENCES)
        except TokenError:
            raise ApiError(401, *INVALID_ACCESS_TOKEN) from None
        app_id = _required_string(body, "appId")
        user_id = _required_string(body, "userId")
        oid = claims.get("oid")
        token_app = claims.get("appid", claims.get("azp"))
        if not isinstance(oid, str) or not isinstance(token_app, str):
            raise ApiError(401, *INVALID_ACCESS_TOKEN)
        if token_app != app_id:
            raise ApiError(
                400, "InvalidAppId", "Provided appId doesn't match the appid claim of the token.", "appId"
            )
        if oid != user_id:
            raise ApiError(
                400, "InvalidUserId", "Provided userId doesn't match the oid claim of the token.", "userId"
            )
        expires_at = float(claims["exp"])
        now = time.time()
        acs_claims = {
            "skypeid": f"orgid:{oid}",
            "scp": ACS_TOKEN_SCP,
            "csi": str(int(now)),
            "exp": int(expires_at),
            "acsScope": "voip",
            "resourceId": self.resource_id,
            "resourceLocation": RESOURCE_LOCATION,
            "iat": int(now),
        }
        return Result(
            200, {"token": self.signer.sign(acs_claims), "expiresOn": format_expires_on(expires_at)}
        )

    # --- Teams Phone Extension --------------------------------------------------------------------------

    def _exchange_claims(self, bearer: str) -> tuple[str, str, str, dict[str, Any]]:
        """(tid, oid, appid, claims) of an Entra ID user's token, as both user-token exchanges check it."""
        try:
            claims = verify_entra_token(self.issuer_key, bearer, ENTRA_AUDIENCES)
        except TokenError:
            raise ApiError(401, *INVALID_ACCESS_TOKEN) from None
        tid, oid = claims.get("tid"), claims.get("oid")
        app_id = claims.get("appid", claims.get("azp"))
        if not isinstance(tid, str) or not isinstance(oid, str) or not isinstance(app_id, str):
            raise ApiError(
                401, "InvalidAccessToken", "Provided access token lacks the tid, oid or appid claim."
            )
        return tid, oid, app_id, claims

    def _exchange_result(
        self, caps: VersionCapabilities, tid: str, oid: str, claims: dict[str, Any]
    ) -> Result:
        """The Communication Services identity of an Entra ID user and a token expiring with theirs."""
        identity_id = f"8:acs:{self.resource_id}_{tid}_{oid}"
        self.store.add_identity(identity_id, time.time())
        record = self.store.get_identity(identity_id)
        revocations = 0 if record is None else record.revocations
        lifetime = min(float(claims["exp"]) - time.time(), MAX_TOKEN_MINUTES * 60.0)
        token, expires_at = self._sign_acs_token(identity_id, ("voip",), lifetime, revocations)
        return Result(
            200,
            {
                "identity": self._identity_body(caps, record or IdentityRecord(identity_id, time.time())),
                "accessToken": {"token": token, "expiresOn": format_expires_on(expires_at)},
            },
        )

    def exchange_teams_extension_access_token(self, caps: VersionCapabilities, bearer: str) -> Result:
        tid, oid, app_id, claims = self._exchange_claims(bearer)
        assignment = self.store.get_assignment(tid, oid)
        if assignment is None:
            raise ApiError(
                403,
                "AssignmentNotFound",
                "The user has no Teams Phone Extension assignment in this resource.",
            )
        if assignment.client_ids and app_id not in assignment.client_ids:
            raise ApiError(
                403, "ClientIdNotAllowed", "The token's client application is not allowed by the assignment."
            )
        return self._exchange_result(caps, tid, oid, claims)

    def get_assignment(self, tenant_id: str, object_id: str) -> Result:
        assignment = self.store.get_assignment(tenant_id, object_id)
        if assignment is None:
            raise ApiError(404, *ASSIGNMENT_NOT_FOUND)
        return Result(200, _assignment_body(assignment))

    def put_assignment(self, tenant_id: str, object_id: str, body: dict[str, Any]) -> Result:
        principal_type = body.get("principalType")
        if principal_type is None:
            raise validation_error("The principalType field is required.", "principalType")
        if principal_type not in _PRINCIPAL_TYPES:
            raise validation_error(f"The principalType must be {_one_of(_PRINCIPAL_TYPES)}.", "principalType")
        raw_ids = body.get("clientIds")
        client_ids: tuple[str, ...] | None = None
        if raw_ids is not None:
            if not isinstance(raw_ids, list) or not all(
                isinstance(i, str) for i in cast("list[object]", raw_ids)
            ):
                raise validation_error("The clientIds must be a list of strings.", "clientIds")
            client_ids = tuple(cast("list[str]", raw_ids))
        assignment = Assignment(tenant_id, object_id, principal_type, client_ids)
        created = self.store.put_assignment(assignment)
        return Result(201 if created else 200, _assignment_body(assignment))

    def delete_assignment(self, tenant_id: str, object_id: str) -> Result:
        if not self.store.delete_assignment(tenant_id, object_id):
            raise ApiError(404, *ASSIGNMENT_NOT_FOUND)
        return Result(204)

    # --- Entra ID users (api-version 2025-03-02-preview) ------------------------------------------------

    def exchange_entra_access_token(self, caps: VersionCapabilities, bearer: str) -> Result:
        """The user's own Entra ID token for an ACS token, if an assignment of the resource covers the user
        (as a user, through one of the token's groups, or their whole tenant) and allows the token's app."""
        tid, oid, app_id, claims = self._exchange_claims(bearer)
        groups = claims.get("groups")
        candidates = [oid]
        if isinstance(groups, list):
            candidates += [group for group in cast("list[object]", groups) if isinstance(group, str)]
        candidates.append(tid)
        covering = [
            assignment
            for object_id in candidates
            if (assignment := self.store.get_entra_assignment(object_id)) is not None
            and assignment.tenant_id == tid
            and _covers(assignment, object_id, oid, tid)
        ]
        if not covering:
            raise ApiError(403, "AssignmentNotFound", "The user has no Entra ID assignment in this resource.")
        if not any(app_id in assignment.client_ids for assignment in covering):
            raise ApiError(
                403, "ClientIdNotAllowed", "The token's client application is not allowed by the assignment."
            )
        return self._exchange_result(caps, tid, oid, claims)

    def list_entra_assignments(
        self, skip_token: str | None, page_size: int
    ) -> tuple[list[dict[str, Any]], str | None]:
        """One page of assignments and the skip token of the next page (None on the last)."""
        after = None if skip_token is None else _decode_skip_token(skip_token)
        page = self.store.list_entra_assignments(after, page_size + 1)
        more = len(page) > page_size
        page = page[:page_size]
        next_token = _encode_skip_token(page[-1].object_id) if more else None
        return [_entra_body(a) for a in page], next_token

    def get_entra_assignment(self, object_id: str) -> Result:
        assignment = self.store.get_entra_assignment(object_id)
        if assignment is None:
            raise ApiError(404, *ASSIGNMENT_NOT_FOUND)
        return Result(200, _entra_body(assignment))

    def put_entra_assignment(self, object_id: str, body: dict[str, Any]) -> Result:
        assignment = _entra_assignment(object_id, body, "")
        created = self.store.put_entra_assignment(assignment)
        return Result(201 if created else 200, _entra_body(assignment))

    def delete_entra_assignment(self, object_id: str) -> Result:
        if not self.store.delete_entra_assignment(object_id):
            raise ApiError(404, *ASSIGNMENT_NOT_FOUND)
        return Result(204)

    def update_entra_assignments(self, body: dict[str, Any]) -> Result:
        """A JSON merge patch of the assignments: objectId -> assignment, or null to remove it. All of it is
        validated before any of it applies; answers the assignments it set (204 when it only removed)."""
        changes: dict[str, EntraAssignment | None] = {}
        for object_id, value in body.items():
            if not object_id:
                raise validation_error("An objectId key must not be empty.", "objectId")
            if value is None:
                changes[object_id] = None
            elif isinstance(value, dict):
                changes[object_id] = _entra_assignment(
                    object_id, cast("dict[str, Any]", value), f"{object_id}."
                )
            else:
                raise validation_error(
                    "Each value must be an assignment object, or null to remove it.", object_id
                )
        self.store.update_entra_assignments(changes)
        value_list = [_entra_body(a) for a in changes.values() if a is not None]
        return Result(200, {"value": value_list}) if value_list else Result(204)


@dataclass(frozen=True, slots=True)
class TokenRequest:
    identity_id: str
    scopes: tuple[str, ...]
    minutes: int
    revocations: int


def _memo_key(
    identity_id: str, acs_scope: str, lifetime: float, revocations: int
) -> tuple[tuple[str, str, int, int, int], int, float]:
    """(memo key, iat, expiry instant) of a token issued now; iat is never in the future."""
    now = time.time()
    iat = int(now)
    expires_at = now + lifetime
    return (identity_id, acs_scope, iat, int(expires_at), revocations), iat, expires_at


def _assignment_body(assignment: Assignment) -> dict[str, Any]:
    body: dict[str, Any] = {
        "objectId": assignment.object_id,
        "tenantId": assignment.tenant_id,
        "principalType": assignment.principal_type,
    }
    if assignment.client_ids is not None:
        body["clientIds"] = list(assignment.client_ids)
    return body


def _custom_id(caps: VersionCapabilities, body: dict[str, Any]) -> str | None:
    if "customId" not in body:
        return None
    if not caps.has("custom_id"):
        raise validation_error(f"customId is not supported by api-version {caps.api_version}.", "customId")
    value = body["customId"]
    if not isinstance(value, str) or not 1 <= len(value) <= CUSTOM_ID_MAX_LENGTH:
        raise validation_error(
            f"CustomId: The field CustomId must be a string with a length between 1 and {CUSTOM_ID_MAX_LENGTH}.",
            "customId",
        )
    return value


def _one_of(names: tuple[str, ...]) -> str:
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def _covers(assignment: EntraAssignment, object_id: str, oid: str, tid: str) -> bool:
    """Whether the assignment found under `object_id` is of the kind that id names for this user."""
    if object_id == oid:
        return assignment.principal_type == "user"
    if object_id == tid:
        return assignment.principal_type == "tenant"
    return assignment.principal_type == "group"


def _entra_assignment(object_id: str, body: dict[str, Any], prefix: str) -> EntraAssignment:
    tenant_id = body.get("tenantId")
    if not isinstance(tenant_id, str) or not tenant_id:
        raise validation_error("The tenantId field is required.", f"{prefix}tenantId")
    principal_type = body.get("principalType")
    if principal_type is None:
        raise validation_error("The principalType field is required.", f"{prefix}principalType")
    if principal_type not in _ENTRA_PRINCIPAL_TYPES:
        raise validation_error(
            f"The principalType must be {_one_of(_ENTRA_PRINCIPAL_TYPES)}.", f"{prefix}principalType"
        )
    raw_ids = body.get("clientIds")
    if raw_ids is None:
        raise validation_error("The clientIds field is required.", f"{prefix}clientIds")
    if not isinstance(raw_ids, list) or not all(
        isinstance(i, str) and i for i in cast("list[object]", raw_ids)
    ):
        raise validation_error("The clientIds must be a list of non-empty strings.", f"{prefix}clientIds")
    return EntraAssignment(object_id, tenant_id, principal_type, tuple(cast("list[str]", raw_ids)))


def _entra_body(assignment: EntraAssignment) -> dict[str, Any]:
    return {
        "objectId": assignment.object_id,
        "tenantId": assignment.tenant_id,
        "principalType": assignment.principal_type,
        "clientIds": list(assignment.client_ids),
    }


def _encode_skip_token(object_id: str) -> str:
    return base64.urlsafe_b64encode(object_id.encode("utf-8")).decode("ascii").rstrip("=")


def _decode_skip_token(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, ValueError):
        raise validation_error("The skipToken is not one this service issued.", "skipToken") from None


def _required_string(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise validation_error(f"The {name} field is required.", name)
    return value


def _scopes(caps: VersionCapabilities, raw: object, field: str, *, required: bool) -> tuple[str, ...]:
    if raw is None or raw == []:
        if required:
            raise validation_error("Scopes: The Scopes field is required.", "scopes")
        return ()
    if not isinstance(raw, list):
        raise validation_error("Invalid scopes - Scopes must be a list.", field)
    for scope in cast("list[object]", raw):
        if not isinstance(scope, str) or scope not in caps.scopes:
            raise validation_error(
                f"Invalid scopes - {scope!r} is not a scope of api-version {caps.api_version}.", field
            )
    return tuple(cast("list[str]", raw))


def _expires_in_minutes(caps: VersionCapabilities, body: dict[str, Any]) -> int:
    raw = body.get("expiresInMinutes")
    expiry = caps.expires_in_minutes
    if expiry is None:
        if "expiresInMinutes" in body:
            raise validation_error(
                f"expiresInMinutes is not supported by api-version {caps.api_version}.", "expiresInMinutes"
            )
        return MAX_TOKEN_MINUTES
    if "expiresInMinutes" not in body:
        return expiry.default
    # A present null is refused like any other value outside the interval, in the service's words.
    if isinstance(raw, bool) or not isinstance(raw, int) or not expiry.minimum <= raw <= expiry.maximum:
        raise validation_error(
            f"ExpiresInMinutes value {json.dumps(raw)} is invalid. "
            f"Value must be within the [{expiry.minimum}, {expiry.maximum}] interval.",
            "ExpiresInMinutes",
        )
    return raw
