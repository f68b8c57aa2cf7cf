"""Fixed values of the emulator: the well-known key, limits and the names it puts in tokens."""

from __future__ import annotations

from datetime import timedelta

# The well-known development access key, like Azurite's: public by design, so never use it for a real resource.
DEV_ACCESS_KEY = "+hixM1zYZCxF8soreA/9i+3U7zYLl7GwRayhZ7XwGMjifQQTOqaEmQogB5ZCwrbzr1iPXd6wFd8jQwvY24sxXA=="
"""The emulator's default access key: fixed and public (like Azurite's), never for a real resource."""

# The service refuses HMAC requests whose x-ms-date is further than this from its clock.
MAX_CLOCK_SKEW = timedelta(minutes=15)
"""HMAC requests whose `x-ms-date` is further than this from the emulator's clock get 401."""

# Larger request bodies are refused with 413 before they are read to the end.
MAX_BODY_BYTES = 64 * 1024
"""Larger request bodies get 413 RequestEntityTooLarge."""

# Audiences the emulator accepts on Entra ID bearer tokens (Azure accepts both spellings).
ENTRA_AUDIENCES = ("https://communication.azure.com", "https://communication.azure.com/")
# Teams users' tokens for the exchange are issued for this audience in the real service; accept it too.
TEAMS_AUDIENCES = (
    *ENTRA_AUDIENCES,
    "https://auth.msft.communication.azure.com",
    "https://auth.msft.communication.azure.com/",
)
DEFAULT_ENTRA_AUDIENCE = "https://communication.azure.com"


def entra_issuer(tenant_id: str) -> str:
    """The `iss` of the emulator's test issuer: Entra ID's v2.0 form, but only the emulator's own key signs it.

    Args:
        tenant_id: The tenant id.

    Returns:
        `https://login.microsoftonline.com/<tenant_id>/v2.0`.
    """
    return f"https://login.microsoftonline.com/{tenant_id}/v2.0"


RESOURCE_LOCATION = "unitedstates"
# The `scp` claim the service puts in ACS tokens.
ACS_TOKEN_SCP = 1792
# Upper bound of an ACS token's lifetime, and the service's default when expiresInMinutes is absent.
MAX_TOKEN_MINUTES = 1440

JSON_CONTENT_TYPE = "application/json; charset=utf-8"
