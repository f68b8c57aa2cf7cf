"""A faithful local emulator of the ACS Identity service (optional extra: acs-identity[emulator]).

    from acs_identity.emulator import Emulator
    with Emulator(https=True) as emu:
        client = CommunicationIdentityClient.from_connection_string(
            emu.connection_string, connection_verify=emu.ca_cert_path)

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
(malformed JSON), RequestEntityTooLarge 413 (bodies over MAX_BODY_BYTES), NotFound 404, MethodNotAllowed 405.

Faults (FaultConfig or "429=0.05,500=0,503=0.05,drop=0.01,latency=0.02,retry-after=1,seed=7"): the first four
are fractions of API requests; latency is seconds added to every API request; retry-after is the 429's
Retry-After in seconds (also sent as retry-after-ms); seed makes the sequence repeatable.
"""

from .._extras import missing_extra

# Without the extra, one line naming it rather than uvicorn's ImportError from deep inside.
if (_missing := missing_extra("emulator", "acs_identity.emulator")) is not None:
    raise _missing

from ._constants import DEV_ACCESS_KEY, MAX_BODY_BYTES, MAX_CLOCK_SKEW, entra_issuer
from ._credentials import EmulatorAsyncTokenCredential, EmulatorTokenCredential
from ._faults import FaultConfig
from ._server import DEFAULT_PORT, Emulator, serve

__all__ = [
    "DEFAULT_PORT",
    "DEV_ACCESS_KEY",
    "MAX_BODY_BYTES",
    "MAX_CLOCK_SKEW",
    "Emulator",
    "EmulatorAsyncTokenCredential",
    "EmulatorTokenCredential",
    "FaultConfig",
    "entra_issuer",
    "serve",
]
