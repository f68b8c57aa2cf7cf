"""Revocation is exact to the request: a token is valid until the next revoke or delete of its identity, whatever
the clock, and its iat is never in the future. Driven on the service itself (no HTTP), so a whole
interleaving runs within a second or two: the case the old whole-second rule got wrong."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acs_identity._capabilities import load_capabilities
from acs_identity.emulator._service import Service
from acs_identity.emulator._store import MemoryStore, SqliteStore, Store

_CAPS = load_capabilities().versions["2026-09-23"]
_TEMPLATE = MemoryStore()
Service(_TEMPLATE)  # generates the RSA keys once; each test's store starts with copies


def _service(store: Store) -> Service:
    for name in ("resource_id", "tenant_id", "app_id", "acs_signing_key", "entra_issuer_key"):
        value = _TEMPLATE.get_meta(name)
        assert value is not None
        store.set_meta(name, value)
    return Service(store)


def _create(service: Service) -> str:
    body = service.create_identity(_CAPS, {}).body
    assert body is not None
    return str(body["identity"]["id"])


def _issue(service: Service, identity: str) -> str:
    body = service.issue_access_token(_CAPS, identity, {"scopes": ["chat"]}).body
    assert body is not None
    return str(body["token"])


@pytest.mark.parametrize("kind", ["memory", "sqlite"])
def test_token_issued_between_two_revokes_is_valid_until_the_second(tmp_path: Path, kind: str) -> None:
    store: Store = MemoryStore() if kind == "memory" else SqliteStore(tmp_path / "r.db")
    service = _service(store)
    user = _create(service)
    for _ in range(20):  # the old rule failed 40 of 40 trials when both revokes fell in one second
        service.revoke_access_tokens(user)
        token = _issue(service, user)
        assert service.validate_token(token) == (True, None)
        service.revoke_access_tokens(user)
        assert service.validate_token(token) == (False, "the identity's tokens were revoked")
    store.close()


def test_iat_is_never_in_the_future_after_a_revoke() -> None:
    service = _service(MemoryStore())
    user = _create(service)
    for _ in range(10):
        service.revoke_access_tokens(user)
        token = _issue(service, user)
        claims = jwt.decode(token, service.signer.public_key, algorithms=["RS256"], audience=None)
        assert claims["iat"] <= time.time()
        assert int(claims["csi"]) <= time.time()


_OPS = st.lists(
    st.tuples(st.sampled_from(["issue", "revoke", "delete", "recreate"]), st.integers(0, 1)),
    min_size=1,
    max_size=20,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_OPS, persistent=st.booleans())
def test_any_interleaving_of_issue_revoke_delete(
    tmp_path: Path, ops: list[tuple[str, int]], persistent: bool
) -> None:
    """Model: a token is valid iff its identity still exists and was neither revoked nor deleted since."""
    store: Store = SqliteStore(tmp_path / f"p{time.monotonic_ns()}.db") if persistent else MemoryStore()
    service = _service(store)
    users = [_create(service), _create(service)]
    alive = [True, True]
    tokens: list[tuple[str, int, list[bool]]] = []  # (token, user, [still valid in the model])
    for op, who in ops:
        if op == "issue":
            if not alive[who]:
                continue
            tokens.append((_issue(service, users[who]), who, [True]))
        elif op in ("revoke", "delete"):
            if not alive[who]:
                continue
            if op == "revoke":
                service.revoke_access_tokens(users[who])
            else:
                service.delete_identity(users[who])
                alive[who] = False
            for _, owner, valid in tokens:
                if owner == who:
                    valid[0] = False
        else:  # a new identity in the slot (a deleted ACS identity does not come back)
            if alive[who]:
                continue
            users[who], alive[who] = _create(service), True
        for token, _, valid in tokens:
            assert service.validate_token(token)[0] is valid[0]
    store.close()
