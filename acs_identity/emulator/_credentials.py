"""azure-core token credentials whose tokens the emulator accepts as Entra ID bearer tokens."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any

from azure.core.credentials import AccessToken

if TYPE_CHECKING:
    from azure.core.credentials import TokenCredential
    from azure.core.credentials_async import AsyncTokenCredential


class EmulatorTokenCredential:
    """An azure-core `TokenCredential` backed by the emulator's test issuer (any scope gets a token for the
    Communication Services audience). Get one from `Emulator.token_credential()`.

    Args:
        mint: Returns a fresh token.
    """

    def __init__(self, mint: Callable[[], AccessToken]) -> None:
        self._mint = mint

    def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        """Mint a fresh token (the arguments are azure-core's protocol; all are ignored).

        Args:
            *scopes: Ignored.
            claims: Ignored.
            tenant_id: Ignored.
            enable_cae: Ignored.
            **kwargs: Ignored.

        Returns:
            An Entra ID token of the emulator's test issuer.
        """
        return self._mint()

    def close(self) -> None:
        """Nothing to release; part of azure-core's credential protocol."""
        pass

    def __enter__(self) -> EmulatorTokenCredential:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return "EmulatorTokenCredential()"


class EmulatorAsyncTokenCredential:
    """The `AsyncTokenCredential` twin of `EmulatorTokenCredential`; get one from `Emulator.async_token_credential()`.

    Args:
        mint: Returns a fresh token.
    """

    def __init__(self, mint: Callable[[], AccessToken]) -> None:
        self._mint = mint

    async def get_token(
        self,
        *scopes: str,
        claims: str | None = None,
        tenant_id: str | None = None,
        enable_cae: bool = False,
        **kwargs: Any,
    ) -> AccessToken:
        """Mint a fresh token (the arguments are azure-core's protocol; all are ignored).

        Args:
            *scopes: Ignored.
            claims: Ignored.
            tenant_id: Ignored.
            enable_cae: Ignored.
            **kwargs: Ignored.

        Returns:
            An Entra ID token of the emulator's test issuer.
        """
        return self._mint()

    async def close(self) -> None:
        """Nothing to release; part of azure-core's credential protocol."""
        pass

    async def __aenter__(self) -> EmulatorAsyncTokenCredential:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None = None,
        exc_value: BaseException | None = None,
        traceback: TracebackType | None = None,
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return "EmulatorAsyncTokenCredential()"


if TYPE_CHECKING:
    # mypy proves here that both classes satisfy azure-core's credential protocols.
    def _satisfies_protocols(  # pyright: ignore[reportUnusedFunction]
        mint: Callable[[], AccessToken],
    ) -> tuple[TokenCredential, AsyncTokenCredential]:
        return EmulatorTokenCredential(mint), EmulatorAsyncTokenCredential(mint)
