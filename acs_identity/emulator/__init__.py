"""A faithful local emulator of the ACS Identity service (optional extra: acs-identity[emulator]).

from acs_identity.emulator import Emulator
with Emulator(https=True) as emu:
    client = CommunicationIdentityClient.from_connection_string(
        emu.connection_string, connection_verify=emu.ca_cert_path)
"""

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
