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

- every operation of spec/openapi.yaml, for every api-version of spec/capabilities.json with that version's
  operations, scopes and expiresInMinutes rule; a missing or unsupported api-version (or an operation the
  version lacks) -> 400 MissingApiVersionParameter / UnsupportedApiVersion. Every response carries
  `api-supported-versions` and `ms-cv`, and echoes `x-ms-client-request-id`.
- GET /.well-known/jwks.json: the public key of the ACS token signer (RS256, RSA-2048, kid = RFC 7638
  thumbprint). POST /_emulator/tokens/:validate {"token"} -> {"valid", "reason"}. GET /_emulator/info.
  These three need no authentication and are never faulted.

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
AssignmentNotFound 404 (403 on the extension exchange), ClientIdNotAllowed 403, InvalidRequestBody 400
(malformed JSON), RequestEntityTooLarge 413 (bodies over Limits.max_body_bytes), NotFound 404, MethodNotAllowed 405.
Limits (EmulatorOptions.limits) bound header bytes (431), the request line (414), header/body time (408),
idle connections (closed) and concurrent connections (503).

Revocation is exact to the request: each ACS token carries its identity's revocation count at issue (claim
"revocations", which the service's tokens lack) and is valid until the next revocation or deletion.

Faults (FaultConfig or "429=0.05,500=0,503=0.05,drop=0.01,latency=0.02,retry-after=1,seed=7"): the first four
are fractions of API requests; latency is seconds added to every API request; retry-after is the 429's
Retry-After in seconds (also sent as retry-after-ms); seed makes the sequence repeatable.
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
