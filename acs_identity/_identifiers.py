"""The identifiers' former path, still imported by the clients (acs_identity._client, acs_identity.aio._client);
they live in acs_identity._shared.models. New code imports them from there or from acs_identity."""

from ._shared.models import CommunicationIdentifier, CommunicationUserIdentifier

__all__ = ["CommunicationIdentifier", "CommunicationUserIdentifier"]
