"""A typed provisioning job written the way a user would use the new api-versions' features: custom ids
(2025-03-02-preview), user details, Entra assignments, and repeatable creates that survive a rerun
(2023-08-01). Type-checked by mypy --strict and pyright strict with the rest of tests/; run by
tests/typing/test_preview_example.py."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from datetime import UTC, datetime

from acs_identity import (
    CommunicationIdentityClient,
    CommunicationUserDetail,
    EntraAssignment,
    EntraPrincipalType,
    RepeatabilityOutcome,
    RepeatabilityResult,
)


def ensure_user(client: CommunicationIdentityClient, app_user_id: str) -> CommunicationUserDetail:
    """The ACS user of an application's own user id, created on first use (preview)."""
    user = client.create_user(custom_id=app_user_id)
    return client.get_user_detail(user)


def group_members_may_sign_in(client: CommunicationIdentityClient, tenant: str, group: str, app: str) -> int:
    wanted = EntraAssignment(group, tenant, EntraPrincipalType.GROUP, (app,))
    client.update_entra_assignments({group: wanted})
    groups = [a for a in client.list_entra_assignments() if a.principal_type == EntraPrincipalType.GROUP]
    return len(groups)


@dataclass
class Pending:
    """What a provisioning tool stores before it sends a create, so that a rerun repeats it."""

    request_id: str
    first_sent: datetime


def provision(
    client: CommunicationIdentityClient, names: Iterable[str], journal: MutableMapping[str, Pending]
) -> dict[str, tuple[str, bool]]:
    """name -> (user id, whether the service processed the create repeatably) (2023-08-01)."""
    created: dict[str, tuple[str, bool]] = {}
    for name in names:
        pending = journal.setdefault(name, Pending(str(uuid.uuid4()), datetime.now(UTC)))
        outcomes: list[RepeatabilityOutcome] = []
        user, _token = client.create_user_and_token(
            ["chat"],
            repeatability_request_id=pending.request_id,
            repeatability_first_sent=pending.first_sent,
            repeatability_hook=outcomes.append,
        )
        accepted = bool(outcomes) and outcomes[0].result is RepeatabilityResult.ACCEPTED
        created[name] = (user.properties["id"], accepted)
    return created
