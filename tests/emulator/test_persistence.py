"""data_path keeps identities, revocations, assignments, keys and the resource id across a restart."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from acs_identity.emulator import Emulator

from .helpers import Api, id_path


def test_restart_keeps_state(tmp_path: Path) -> None:
    data = tmp_path / "emulator.db"
    with Emulator(data_path=data) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        kept, revoked, deleted = api.create_user(), api.create_user(), api.create_user()
        kept_token = api.issue(kept).json()["token"]
        revoked_token = api.issue(revoked).json()["token"]
        assert api.request("POST", id_path(revoked, "/:revokeAccessTokens")).status_code == 204
        assert api.request("DELETE", id_path(deleted)).status_code == 204
        assignment = "/access/teamsExtension/tenants/t1/assignments/o1"
        assert (
            api.request("PUT", assignment, json={"principalType": "user", "clientIds": ["c"]}).status_code
            == 201
        )
        resource_id, jwks = emu.resource_id, emu.jwks

    with Emulator(data_path=data) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        assert emu.resource_id == resource_id
        assert emu.jwks == jwks
        assert emu.is_token_valid(kept_token)
        assert not emu.is_token_valid(revoked_token)
        assert api.issue(kept).status_code == 200
        fresh = api.issue(revoked).json()["token"]
        assert emu.is_token_valid(fresh)
        assert api.issue(deleted).status_code == 404
        assert api.request("GET", assignment).json()["clientIds"] == ["c"]


def test_memory_store_forgets(tmp_path: Path) -> None:
    with Emulator() as first, Emulator() as second:
        assert first.resource_id != second.resource_id


def test_sqlite_store_under_concurrent_requests(tmp_path: Path) -> None:
    with Emulator(data_path=tmp_path / "db.sqlite") as emu:
        created: list[str] = []
        errors: list[BaseException] = []

        def work() -> None:
            try:
                with httpx.Client(base_url=emu.endpoint) as client:
                    api = Api(client)
                    for _ in range(10):
                        user = api.create_user()
                        assert api.issue(user).status_code == 200
                        created.append(user)
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors
        assert len(set(created)) == 60


def test_restart_keeps_custom_ids_entra_assignments_and_last_token_issue(tmp_path: Path) -> None:
    data = tmp_path / "emulator.db"
    preview = "2025-03-02-preview"
    with Emulator(data_path=data) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        created = api.request("POST", "/identities", json={"customId": "kept"}, api_version=preview)
        identity_id = created.json()["identity"]["id"]
        assert api.issue(identity_id, api_version=preview).status_code == 200
        before = api.request("GET", id_path(identity_id), api_version=preview).json()
        assignment = {"tenantId": "t", "principalType": "group", "clientIds": ["c"]}
        assert (
            api.request(
                "PUT", "/access/entra/assignments/g1", json=assignment, api_version=preview
            ).status_code
            == 201
        )

    with Emulator(data_path=data) as emu, httpx.Client(base_url=emu.endpoint) as client:
        api = Api(client)
        assert api.request("GET", id_path(identity_id), api_version=preview).json() == before
        assert "lastTokenIssuedAt" in before
        again = api.request("POST", "/identities", json={"customId": "kept"}, api_version=preview)
        assert again.json()["identity"]["id"] == identity_id
        got = api.request("GET", "/access/entra/assignments/g1", api_version=preview).json()
        assert got == {"objectId": "g1", **assignment}
        assert client.get("/_emulator/info").json()["identities"] == 1
