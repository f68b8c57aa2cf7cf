"""A faithful local emulator of the ACS Identity service (optional extra: acs-identity[emulator]).

    from acs_identity.emulator import Emulator
    with Emulator(https=True) as emu:
        client = CommunicationIdentityClient.from_connection_string(
            emu.connection_string, connection_verify=emu.ca_cert_path)

As a server: `acs-identity emulator` (or `python -m acs_identity.emulator`, the same flags, both built from
EmulatorOptions) serves https://localhost:8765 with a certificate kept in default_cert_dir() and prints the
connection string and the environment line (SSL_CERT_FILE, REQUESTS_CA_BUNDLE) that makes any client trust it.
The pytest plugin (acs_identity.emulator.pytest_plugin, registered with the extra) gives fixtures.

What it serves (`http://127.0.0.1:<port>` or `https://localhost:<port>`):

- every operation of the capability record (spec/capabilities.json, by canonical operation name; one route
  table in the emulator maps each to its method and path), for every api-version with that version's
  operations, features, scopes and expiresInMinutes rule; a missing or unsupported api-version (or an operation the
  version lacks) -> 400 MissingApiVersionParameter / UnsupportedApiVersion. Every response carries
  `api-supported-versions` and `ms-cv`, and echoes `x-ms-client-request-id`.
- api-version 2025-03-02-preview (marked "preview" in the capability record): `customId` on create (1-256
  characters; the same custom id always answers the same identity, atomically even under concurrent creates
  and across worker processes sharing a `--data` file); GET /identities/{id} -> {id, customId?,
  lastTokenIssuedAt?} (RFC 3339, updated by every token issued for the identity); the Entra ID exchange POST
  /access/entra/:exchangeAccessToken (the user's own test-issuer Entra token as bearer, allowed when an Entra
  assignment covers the user by object id (principalType user), by a group in the token's `groups` claim
  (group) or by its tenant (tenant), in the token's tenant, and lists the token's appid in clientIds: 403
  AssignmentNotFound / ClientIdNotAllowed otherwise); Entra assignments: GET /access/entra/assignments (pages
  of EmulatorOptions.page_size, ordered by objectId, `nextLink` an absolute URL with a `skipToken`), PATCH
  /access/entra/assignments (Content-Type application/merge-patch+json, else 415; objectId -> assignment or
  null to remove; validated whole before any of it applies; 200 with the assignments set, 204 when it only
  removed) and GET/PUT/DELETE /access/entra/assignments/{objectId}. customId on another version is a 400
  ValidationError naming the version.
- api-version 2023-08-01: repeatable creates. With `Repeatability-Request-ID` (a UUID) and
  `Repeatability-First-Sent` (an IMF-fixdate), a create is executed at most once: the same request again
  within EmulatorOptions.repeatability_window (default 300 s) gets the first answer, status and body, with
  `Repeatability-Result: accepted`; the id reused for a different request -> 400, a malformed header -> 400,
  a first-sent outside the window -> 412 PreconditionFailed, the first still executing (another worker) ->
  409, each with `Repeatability-Result: rejected`. Other versions ignore the headers (no Repeatability-Result),
  as a service without the feature does.
- GET /.well-known/jwks.json: the public key of the ACS token signer (RS256, RSA-2048, kid = RFC 7638
  thumbprint). POST /_emulator/tokens/:validate {"token"} -> {"valid", "reason"}. GET /_emulator/info ->
  {"resourceId", "tenantId", "identities"}: `identities` is the number of live (not deleted) identities it
  holds. These three need no authentication and are never faulted.

Authentication (401 code "Denied" when it fails): HMAC-SHA256 with the access key (DEV_ACCESS_KEY unless
given), recomputed from the request as received (the percent-encoded or the decoded path both pass, as the
official sync and async clients sign differently), date within MAX_CLOCK_SKEW (15 minutes), body hash
checked; or an Entra ID bearer token of the emulator's test issuer: signed by the emulator's own RSA key,
iss `https://login.microsoftonline.com/<tid>/v2.0` (entra_issuer), aud https://communication.azure.com
(with or without the trailing slash), unexpired. Emulator.mint_entra_token() mints such tokens;
token_credential() / async_token_credential() wrap it as azure-core credentials.

Errors as the service words them: ValidationError (target scopes / expiresInMinutes / createTokenWithScopes /
principalType / clientIds / token / appId / userId), IdentityNotFound 404, IdentityNotOwned 401,
InvalidIdentity 400 (malformed id), InvalidAccessToken 401 (Teams tokens), InvalidAppId / InvalidUserId 400,
AssignmentNotFound 404 (403 on the exchanges), UnsupportedMediaType 415, ClientIdNotAllowed 403, InvalidRequestBody 400
(malformed JSON), RequestEntityTooLarge 413 (bodies over Limits.max_body_bytes), NotFound 404, MethodNotAllowed 405.
Limits (EmulatorOptions.limits) bound header bytes (431), the request line (414), header/body time (408),
idle connections (closed) and concurrent connections (503).

With `data_path` everything above persists: identities with their custom ids and lastTokenIssuedAt (written
behind by a background thread, so other worker processes on the file see it up to 0.2 s late; all of it on a
clean stop), both kinds of assignment and the repeatable requests of the window.

Revocation is exact to the request: each ACS token carries its identity's revocation count at issue (claim
"revocations", which the service's tokens lack) and is valid until the next revocation or deletion.

Faults (FaultConfig or "429=0.05,500=0,503=0.05,drop=0.01,drop-after=0.01,latency=0.02,retry-after=1,seed=7"):
the first five are fractions of API requests (drop closes the connection before the request is executed,
drop-after once it has been: the service acted and the client never hears of it); latency is seconds added to
every API request; retry-after is the 429's Retry-After in seconds (also sent as retry-after-ms); seed makes
the sequence repeatable.
"""

from typing import TYPE_CHECKING

from .._extras import missing_extra
from .._lazy import lazy_getattr
from ._constants import DEV_ACCESS_KEY, MAX_BODY_BYTES, MAX_CLOCK_SKEW, entra_issuer
from ._faults import FaultConfig
from ._options import DEFAULT_PORT, EmulatorOptions, Limits, default_cert_dir

if TYPE_CHECKING:
    from ._credentials import EmulatorAsyncTokenCredential, EmulatorTokenCredential
    from ._server import Emulator, serve

# The server (uvicorn, cryptography) loads on first use: the command line reads the options above without it.
_lazy_server = lazy_getattr(
    __name__,
    globals(),
    {
        "Emulator": "._server",
        "serve": "._server",
        "EmulatorTokenCredential": "._credentials",
        "EmulatorAsyncTokenCredential": "._credentials",
    },
)

# Hidden from type checkers (they see the TYPE_CHECKING imports). Without the extra, one line naming it
# rather than uvicorn's ImportError from deep inside.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        if name in ("Emulator", "serve", "EmulatorTokenCredential", "EmulatorAsyncTokenCredential"):
            missing = missing_extra("emulator", "acs_identity.emulator")
            if missing is not None:
                raise missing
        return _lazy_server(name)


__all__ = [
    "DEFAULT_PORT",
    "DEV_ACCESS_KEY",
    "MAX_BODY_BYTES",
    "MAX_CLOCK_SKEW",
    "Emulator",
    "EmulatorAsyncTokenCredential",
    "EmulatorOptions",
    "EmulatorTokenCredential",
    "FaultConfig",
    "Limits",
    "default_cert_dir",
    "entra_issuer",
    "serve",
]
