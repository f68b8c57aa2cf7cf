"""The single commands of api-versions 2025-03-02-preview (user create --custom-id, user get, entra ...):
in process (`acs_identity.cli.run`) against respx for what goes on the wire and what is printed, and what is
refused (exit 2, one line) before anything is sent."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from acs_identity.cli import run

from .conftest import assert_one_line_error, ok_json, run_cli

ENDPOINT = "https://contoso.communication.azure.com"
KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
CONN = ["--connection-string", f"endpoint={ENDPOINT}/;accesskey={KEY}"]
PREVIEW = [*CONN, "--api-version", "2025-03-02-preview"]
USER_ID = "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
TENANT = "22222222-2222-2222-2222-222222222222"
OBJECT = "44444444-4444-4444-4444-444444444444"
OTHER = "55555555-5555-5555-5555-555555555555"
APP = "66666666-6666-6666-6666-666666666666"
ASSIGNMENT = {"objectId": OBJECT, "tenantId": TENANT, "principalType": "user", "clientIds": [APP]}
ENTRA_TOKEN = "entra-user-token-SECRET-77"


@pytest.fixture
def service() -> Iterator[respx.MockRouter]:
    with respx.mock(using="transports", assert_all_called=False) as router:
        yield router


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any, str]:
    code = run(list(args))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 and out.strip() else out), err


def _one_line_usage_error(code: int, err: str, fragment: str) -> None:
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and fragment in lines[0], err


def test_user_create_with_custom_id(service: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    route = service.post(f"{ENDPOINT}/identities").respond(201, json={"identity": {"id": USER_ID}})
    code, out, err = _run(capsys, "user", "create", "--custom-id", "app-user-1", *PREVIEW)
    assert code == 0, err
    assert out == {"id": USER_ID, "customId": "app-user-1"}
    assert json.loads(route.calls.last.request.content) == {"customId": "app-user-1"}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--custom-id", "x", *CONN], "--custom-id requires api-version 2025-03-02-preview"),
        (["--custom-id", "", *PREVIEW], "--custom-id: custom_id must be 1 to 256 characters, got 0"),
        (["--custom-id", "x" * 257, *PREVIEW], "got 257"),
    ],
)
def test_user_create_custom_id_refused_before_sending(
    service: respx.MockRouter, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    route = service.post(f"{ENDPOINT}/identities").respond(201, json={"identity": {"id": USER_ID}})
    code, _, err = _run(capsys, "user", "create", *args)
    _one_line_usage_error(code, err, fragment)
    assert not route.called


def test_user_get(service: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    service.get(url__startswith=f"{ENDPOINT}/identities/").respond(
        200, json={"id": USER_ID, "customId": "app-user-1", "lastTokenIssuedAt": "2026-11-30T10:00:00Z"}
    )
    code, out, err = _run(capsys, "user", "get", "--user", USER_ID, *PREVIEW)
    assert code == 0, err
    assert out == {"id": USER_ID, "customId": "app-user-1", "lastTokenIssuedAt": "2026-11-30T10:00:00+00:00"}


def test_user_get_of_a_missing_user_is_one_line(
    service: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    service.get(url__startswith=f"{ENDPOINT}/identities/").respond(
        404, json={"error": {"code": "IdentityNotFound", "message": "Identity not found."}}
    )
    code, _, err = _run(capsys, "user", "get", "--user", USER_ID, *PREVIEW)
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and USER_ID in err


def test_user_get_needs_the_preview(service: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    route = service.get(url__startswith=f"{ENDPOINT}/identities/").respond(200, json={"id": USER_ID})
    code, _, err = _run(capsys, "user", "get", "--user", USER_ID, *CONN)
    _one_line_usage_error(code, err, "user get requires api-version 2025-03-02-preview")
    assert not route.called


def test_entra_assignment_commands(service: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    one = f"{ENDPOINT}/access/entra/assignments/{OBJECT}"
    put = service.put(one).respond(201, json=ASSIGNMENT)
    service.get(one).respond(200, json=ASSIGNMENT)
    service.delete(one).respond(204)
    service.get(f"{ENDPOINT}/access/entra/assignments").mock(
        side_effect=lambda request: httpx.Response(
            200,
            json={"value": [{**ASSIGNMENT, "objectId": OTHER, "principalType": "group"}]}
            if "page" in request.url.params
            else {"value": [ASSIGNMENT], "nextLink": "/access/entra/assignments?page=2"},
        )
    )
    code, out, err = _run(
        capsys,
        "entra",
        "assignment",
        "set",
        "--object",
        OBJECT,
        "--tenant",
        TENANT,
        "--client-id",
        APP,
        *PREVIEW,
    )
    assert code == 0, err
    assert out == ASSIGNMENT
    assert json.loads(put.calls.last.request.content) == {
        "tenantId": TENANT,
        "principalType": "user",
        "clientIds": [APP],
    }
    assert _run(capsys, "entra", "assignment", "get", "--object", OBJECT, *PREVIEW)[1] == ASSIGNMENT
    listed = _run(capsys, "entra", "assignment", "list", *PREVIEW)[1]
    assert [row["objectId"] for row in listed] == [OBJECT, OTHER]
    assert _run(capsys, "entra", "assignment", "delete", "--object", OBJECT, *PREVIEW)[1] == {
        "objectId": OBJECT,
        "deleted": True,
    }


def test_entra_bulk_update(
    service: respx.MockRouter, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    patch = service.patch(f"{ENDPOINT}/access/entra/assignments").respond(200, json={"value": [ASSIGNMENT]})
    changes = {OBJECT: {"tenantId": TENANT, "principalType": "user", "clientIds": [APP]}, OTHER: None}
    path = tmp_path / "changes.json"
    path.write_text(json.dumps(changes))
    code, out, err = _run(capsys, "entra", "assignment", "bulk-update", "--file", str(path), *PREVIEW)
    assert code == 0, err
    assert out == [ASSIGNMENT]
    assert json.loads(patch.calls.last.request.content) == changes


@pytest.mark.parametrize(
    ("document", "fragment"),
    [
        ("not json", "--file: not JSON"),
        ("{}", "expected a non-empty JSON object"),
        (
            json.dumps({OBJECT: {"tenantId": TENANT}}),
            "needs tenantId (string), principalType (string) and clientIds",
        ),
        (json.dumps({OBJECT: 3}), "expected an object or null"),
    ],
)
def test_entra_bulk_update_bad_file(
    service: respx.MockRouter,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    document: str,
    fragment: str,
) -> None:
    patch = service.patch(f"{ENDPOINT}/access/entra/assignments").respond(204)
    path = tmp_path / "changes.json"
    path.write_text(document)
    code, _, err = _run(capsys, "entra", "assignment", "bulk-update", "--file", str(path), *PREVIEW)
    _one_line_usage_error(code, err, fragment)
    assert not patch.called


@pytest.mark.parametrize("command", [["assignment", "list"], ["assignment", "get", "--object", OBJECT]])
def test_entra_commands_need_the_preview(
    service: respx.MockRouter, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    route = service.route(url__startswith=f"{ENDPOINT}/access/entra").respond(200, json={"value": []})
    code, _, err = _run(capsys, "entra", *command, *CONN)
    _one_line_usage_error(code, err, "requires api-version 2025-03-02-preview")
    assert not route.called


def test_entra_token_exchange(service: respx.MockRouter, capsys: pytest.CaptureFixture[str]) -> None:
    route = service.post(f"{ENDPOINT}/access/entra/:exchangeAccessToken").respond(
        200,
        json={
            "identity": {"id": USER_ID},
            "accessToken": {"token": "acs-token", "expiresOn": "2026-11-30T10:00:00Z"},
        },
    )
    code, out, err = _run(capsys, "entra", "token", "exchange", "--entra-token", ENTRA_TOKEN, *PREVIEW)
    assert code == 0, err
    assert out == {
        "identity": {"rawId": USER_ID, "kind": "communication_user"},
        "token": "acs-token",
        "expiresOn": "2026-11-30T10:00:00+00:00",
    }
    assert route.calls.last.request.headers["authorization"] == f"Bearer {ENTRA_TOKEN}"


def test_entra_token_exchange_refused_keeps_the_token_secret(
    service: respx.MockRouter, capsys: pytest.CaptureFixture[str]
) -> None:
    service.post(f"{ENDPOINT}/access/entra/:exchangeAccessToken").respond(
        401, json={"error": {"code": "InvalidEntraToken", "message": f"bad token {ENTRA_TOKEN}"}}
    )
    code, out, err = _run(capsys, "entra", "token", "exchange", "--entra-token", ENTRA_TOKEN, *PREVIEW)
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert ENTRA_TOKEN not in err and ENTRA_TOKEN not in str(out)


# --- against the emulator, in a subprocess as a user runs it ---------------------------------------------


def _preview(conn: list[str]) -> list[str]:
    return [*conn, "--api-version", "2025-03-02-preview"]


def test_custom_id_and_user_get_on_the_emulator(emulator: Any, conn: list[str]) -> None:
    custom = f"cli-user-{uuid.uuid4()}"
    created = ok_json(run_cli("user", "create", "--custom-id", custom, *_preview(conn)))
    again = ok_json(run_cli("user", "create", "--custom-id", custom, *_preview(conn)))
    assert created == again == {"id": created["id"], "customId": custom}
    shown = ok_json(run_cli("user", "get", "--user", created["id"], *_preview(conn)))
    assert shown == {"id": created["id"], "customId": custom, "lastTokenIssuedAt": None}
    missing = run_cli(
        "user", "get", "--user", f"8:acs:{emulator.resource_id}_{uuid.uuid4()}", *_preview(conn)
    )
    assert missing.returncode == 1
    assert_one_line_error(missing, "not found")


def test_entra_commands_on_the_emulator(emulator: Any, conn: list[str], tmp_path: Path) -> None:
    tenant, oid, other = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    assigned = ok_json(
        run_cli(
            "entra", "assignment", "set", "--object", oid, "--tenant", tenant,
            "--client-id", emulator.app_id, *_preview(conn),
        )
    )  # fmt: skip
    assert assigned == {
        "objectId": oid,
        "tenantId": tenant,
        "principalType": "user",
        "clientIds": [emulator.app_id],
    }
    assert ok_json(run_cli("entra", "assignment", "get", "--object", oid, *_preview(conn))) == assigned
    exchanged = ok_json(
        run_cli(
            "entra", "token", "exchange", "--entra-token", "-", *_preview(conn),
            input=emulator.mint_entra_token(oid=oid, tid=tenant, appid=emulator.app_id) + "\n",
        )
    )  # fmt: skip
    assert emulator.is_token_valid(exchanged["token"])
    changes = tmp_path / "changes.json"
    changes.write_text(
        json.dumps(
            {other: {"tenantId": tenant, "principalType": "group", "clientIds": [emulator.app_id]}, oid: None}
        )
    )
    ok_json(run_cli("entra", "assignment", "bulk-update", "--file", str(changes), *_preview(conn)))
    listed = {
        row["objectId"]: row for row in ok_json(run_cli("entra", "assignment", "list", *_preview(conn)))
    }
    assert oid not in listed and listed[other]["principalType"] == "group"
    assert (
        ok_json(run_cli("entra", "assignment", "delete", "--object", other, *_preview(conn)))["deleted"]
        is True
    )
    gone = run_cli("entra", "assignment", "get", "--object", other, *_preview(conn))
    assert_one_line_error(gone, f"assignment {other}")
