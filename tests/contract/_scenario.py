"""Every operation of the client once, against the emulator: what the contract tests run through each
pipeline, transport and option. Returns the secrets the run handled, for the no-leak checks."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from acs_identity.emulator import DEV_ACCESS_KEY, Emulator

from .conftest import invoke


async def every_operation(client: Any, emu: Emulator, **options: Any) -> list[str]:
    """Runs all ten operations with the per-call `options`; the secrets seen (tokens, key, signatures)."""
    secrets = [DEV_ACCESS_KEY]
    user = await invoke(client, "create_user", **options)
    other, token = await invoke(
        client, "create_user_and_token", ["chat"], token_expires_in=timedelta(hours=1), **options
    )
    secrets.append(token.token)
    secrets.append((await invoke(client, "get_token", user, ["chat", "voip"], **options)).token)
    await invoke(client, "revoke_tokens", user, **options)
    oid, app, tenant = str(uuid.uuid4()), emu.app_id, emu.tenant_id
    entra = emu.mint_entra_token(oid=oid, appid=app)
    secrets.append(entra)
    secrets.append((await invoke(client, "get_token_for_teams_user", entra, app, oid, **options)).token)
    await invoke(
        client,
        "create_or_update_teams_extension_assignment",
        tenant,
        oid,
        "user",
        client_ids=[app],
        **options,
    )
    assignment = await invoke(client, "get_teams_extension_assignment", tenant, oid, **options)
    assert assignment.object_id == oid
    extension_entra = emu.mint_entra_token(tid=tenant, oid=oid, appid=app)
    secrets.append(extension_entra)
    _, extension_token = await invoke(client, "exchange_teams_extension_token", extension_entra, **options)
    secrets.append(extension_token.token)
    await invoke(client, "delete_teams_extension_assignment", tenant, oid, **options)
    await invoke(client, "delete_user", user, **options)
    await invoke(client, "delete_user", other, **options)
    # The token parts are what a careless log would print; a JWT's signature part alone is distinctive.
    return secrets + [secret.rsplit(".", 1)[-1] for secret in secrets if secret.count(".") == 2]
