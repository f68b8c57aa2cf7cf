"""Every command, end to end against a loopback emulator: the main paths as `python -m acs_identity.cli` in a
subprocess (a real process's environment, stdin, stdout and stderr), the rest in this process through
`acs_identity.cli.run` (`run_here`: the same result, without starting an interpreter per command)."""

from __future__ import annotations

import time
import uuid
from datetime import datetime
from typing import Any

import pytest

from acs_identity import RetryPolicy

from .conftest import ENV_NAME, assert_one_line_error, ok_json, run_cli, run_here


def _expires_in_seconds(result: dict[str, Any]) -> float:
    return datetime.fromisoformat(result["expiresOn"]).timestamp() - time.time()


def test_user_create_and_delete(emulator: Any, conn: list[str]) -> None:
    created = ok_json(run_cli("user", "create", *conn))
    assert created["id"].startswith("8:acs:")
    deleted = ok_json(run_cli("user", "delete", "--user", created["id"], *conn))
    assert deleted == {"id": created["id"], "deleted": True}


def test_connection_string_from_environment(emulator: Any) -> None:
    created = ok_json(run_cli("user", "create", env={ENV_NAME: emulator.connection_string}))
    assert created["id"].startswith("8:acs:")


def test_token_issue_creates_a_user_when_none_is_given(emulator: Any, conn: list[str]) -> None:
    result = ok_json(run_here("token", "issue", "--scope", "chat", "--scope", "voip", *conn))
    assert result["user"]["id"].startswith("8:acs:")
    assert emulator.is_token_valid(result["token"])
    assert 23 * 3600 < _expires_in_seconds(result) <= 24 * 3600
    decoded = ok_json(run_here("token", "decode", result["token"]))
    assert sorted(decoded["scopes"]) == ["chat", "voip"]


def test_token_issue_for_a_user_with_expiry_then_revoke(emulator: Any, conn: list[str]) -> None:
    user = ok_json(run_here("user", "create", *conn))["id"]
    result = ok_json(
        run_here("token", "issue", "--scope", "chat,voip.join", "--user", user, "--expires-in", "90m", *conn)
    )
    assert result["user"]["id"] == user
    assert 85 * 60 < _expires_in_seconds(result) <= 90 * 60
    assert emulator.is_token_valid(result["token"])
    assert ok_json(run_here("token", "revoke", "--user", user, *conn)) == {"id": user, "revoked": True}
    assert not emulator.is_token_valid(result["token"])


def test_table_output(conn: list[str]) -> None:
    result = run_here("token", "issue", "--scope", "chat", "--output", "table", *conn)
    assert result.returncode == 0, result.stderr
    assert "user.id" in result.stdout and "expiresOn" in result.stdout and "8:acs:" in result.stdout


def test_get_for_teams_user(emulator: Any, conn: list[str]) -> None:
    oid = str(uuid.uuid4())
    entra = emulator.mint_entra_token(oid=oid)
    result = ok_json(
        run_here(
            "token",
            "get-for-teams-user",
            "--aad-token",
            entra,
            "--client",
            emulator.app_id,
            "--aad-user",
            oid,
            *conn,
        )
    )
    assert emulator.is_token_valid(result["token"])
    assert entra not in result["token"]


def test_get_for_teams_user_reads_the_token_from_stdin(emulator: Any, conn: list[str]) -> None:
    oid = str(uuid.uuid4())
    entra = emulator.mint_entra_token(oid=oid)
    result = run_cli(
        "token",
        "get-for-teams-user",
        "--aad-token",
        "-",
        "--client",
        emulator.app_id,
        "--aad-user",
        oid,
        *conn,
        input=entra + "\n",
    )
    assert emulator.is_token_valid(ok_json(result)["token"])


def test_get_for_teams_user_wrong_user_is_one_line(emulator: Any, conn: list[str], access_key: str) -> None:
    entra = emulator.mint_entra_token(oid=str(uuid.uuid4()))
    result = run_here(
        "token",
        "get-for-teams-user",
        "--aad-token",
        entra,
        "--client",
        emulator.app_id,
        "--aad-user",
        "someone-else",
        *conn,
    )
    assert_one_line_error(result, "400 InvalidUserId", [entra, access_key])


def test_teams_extension_assignment_and_exchange(emulator: Any, conn: list[str]) -> None:
    tenant, oid = str(uuid.uuid4()), str(uuid.uuid4())
    target = ["--tenant", tenant, "--object", oid]
    assigned = ok_json(
        run_here("teams-extension", "assignment", "set", *target, "--client-id", emulator.app_id, *conn)
    )
    assert assigned == {
        "tenantId": tenant,
        "objectId": oid,
        "principalType": "user",
        "clientIds": [emulator.app_id],
    }
    assert ok_json(run_here("teams-extension", "assignment", "get", *target, *conn)) == assigned
    updated = ok_json(
        run_here(
            "teams-extension", "assignment", "set", *target, "--principal-type", "resourceAccount", *conn
        )
    )
    assert updated["principalType"] == "resourceAccount" and updated["clientIds"] == []

    entra = emulator.mint_entra_token(oid=oid, tid=tenant)
    exchanged = ok_json(run_here("teams-extension", "token", "exchange", "--entra-token", entra, *conn))
    assert exchanged["identity"]["rawId"].startswith("8:acs:")
    assert emulator.is_token_valid(exchanged["token"])

    assert ok_json(run_here("teams-extension", "assignment", "delete", *target, *conn))["deleted"] is True
    missing = run_here("teams-extension", "assignment", "get", *target, *conn)
    assert_one_line_error(missing, f"assignment {tenant}/{oid} not found")


def test_token_decode_and_verify(emulator: Any, conn: list[str]) -> None:
    token = ok_json(run_here("token", "issue", "--scope", "voip", "--expires-in", "1h", *conn))["token"]
    decoded = ok_json(run_here("token", "decode", token, "--verify", *conn))
    assert decoded["scopes"] == ["voip"]
    assert decoded["signature"]["verified"] is True
    assert decoded["expired"] is False
    assert decoded["timeLeft"].startswith(("59m", "1h"))
    assert decoded["claims"]["exp"] - decoded["claims"]["iat"] == 3600
    assert token not in str(decoded)
    with_url = ok_json(
        run_here("token", "decode", "-", "--verify", "--jwks-url", emulator.jwks_url, input=token)
    )
    assert with_url["signature"]["jwksUrl"] == emulator.jwks_url


def test_token_decode_verify_rejects_another_issuer(emulator: Any, conn: list[str]) -> None:
    foreign = emulator.mint_entra_token()  # signed by the emulator's Entra test issuer, not its ACS key
    result = run_here("token", "decode", foreign, "--verify", *conn)
    assert_one_line_error(result, "signature not verified", [foreign])


def test_token_decode_rejects_garbage() -> None:
    assert_one_line_error(run_here("token", "decode", "not-a-token"), "not a JWT")


# ------------------------------------------------------------------------------------------ error cases


def test_malformed_connection_string(access_key: str) -> None:
    result = run_here("user", "create", "--connection-string", f"https://x.example/;{access_key}")
    assert_one_line_error(result, "malformed connection string", [access_key])


def test_wrong_access_key(emulator: Any, access_key: str) -> None:
    wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmc="
    bad = emulator.connection_string.replace(access_key, wrong)
    result = run_here("user", "create", "--connection-string", bad)
    assert_one_line_error(result, "refused the credentials", [access_key, wrong])


def test_unknown_user(emulator: Any, conn: list[str], access_key: str) -> None:
    unknown = f"8:acs:{emulator.resource_id}_{uuid.uuid4()}"
    for args in (
        ["token", "issue", "--scope", "chat", "--user", unknown],
        ["user", "delete", "--user", unknown],
    ):
        result = run_here(*args, *conn)
        assert_one_line_error(result, f"user {unknown} not found", [access_key])


def test_user_of_another_resource(conn: list[str]) -> None:
    foreign = f"8:acs:{uuid.uuid4()}_{uuid.uuid4()}"
    result = run_here("token", "revoke", "--user", foreign, *conn)
    assert_one_line_error(result, f"user {foreign}: the service refused the request (401 IdentityNotOwned")


def test_out_of_range_expiry_fails_before_any_request(access_key: str) -> None:
    # An unroutable endpoint: the error must come from validation, not from a connection attempt.
    unreachable = f"endpoint=http://127.0.0.1:9/;accesskey={access_key}"
    result = run_here(
        "token", "issue", "--scope", "chat", "--expires-in", "25h", "--connection-string", unreachable
    )
    assert_one_line_error(result, "--expires-in must be between 1:00:00 and 1 day", [access_key])


def test_unreadable_expiry(conn: list[str]) -> None:
    assert_one_line_error(
        run_here("token", "issue", "--scope", "chat", "--expires-in", "soon", *conn), "--expires-in"
    )


def test_missing_scope(conn: list[str], access_key: str) -> None:
    result = run_here("token", "issue", *conn)
    line = assert_one_line_error(result, "Missing option '--scope'", [access_key])
    assert result.returncode == 2 and "--help" in line


def test_unknown_scope_is_the_services_to_judge(conn: list[str]) -> None:
    # The client's rule (the scope set is open): sent as given; here the emulator refuses it.
    result = run_here("token", "issue", "--scope", "chat,video", *conn)
    assert_one_line_error(result, "the service answered 400 ValidationError: Invalid scopes - 'video'")


def test_scope_needs_newer_api_version(conn: list[str]) -> None:
    result = run_here("token", "issue", "--scope", "chat.join", "--api-version", "2022-10-01", *conn)
    assert_one_line_error(result, "scope 'chat.join' requires api-version 2023-10-01")


def test_no_connection_says_what_to_set() -> None:
    result = run_here("user", "create")
    assert_one_line_error(result, f"--connection-string, or the {ENV_NAME} environment variable")


def test_unreachable_service(access_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The library's retry policy (its public `sleep` seam): the retries are counted instead of waited for.
    waits: list[float] = []

    def count(self: RetryPolicy, seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(RetryPolicy, "sleep", count)
    result = run_here(
        "user", "create", "--connection-string", f"endpoint=http://127.0.0.1:9/;accesskey={access_key}"
    )
    assert_one_line_error(result, "cannot reach the service", [access_key])
    assert len(waits) == RetryPolicy().total, waits


def test_debug_shows_the_traceback_but_no_secret(conn: list[str], access_key: str) -> None:
    unknown = "8:acs:nobody"
    result = run_cli("token", "revoke", "--user", unknown, "--debug", *conn)
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("acs-identity: error:")
    assert access_key not in result.stderr


def test_emulator_flag(conn: list[str]) -> None:
    result = run_cli("user", "create", "--emulator")
    assert ok_json(result)["id"].startswith("8:acs:")
    assert "started the embedded emulator" in result.stderr


def test_emulator_flag_conflicts_with_a_connection(conn: list[str]) -> None:
    assert_one_line_error(run_here("user", "create", "--emulator", *conn), "--emulator cannot be combined")


# ----------------------------------------------------------------------------------------- quickstart


def _assert_quickstart(result: Any, emulator: bool) -> None:
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "quickstart OK"
    assert any("created user 8:acs:" in line for line in lines)
    assert any("1-hour lifetime" in line for line in lines)
    assert any("revoked" in line for line in lines)
    assert any("deleted users" in line for line in lines)
    assert any("exchanged a Teams user" in line for line in lines) == emulator
    assert ("started the embedded emulator" in result.stderr) == emulator
    # No full token anywhere: a JWT's header + claims would be far longer than the redacted form.
    for line in lines:
        assert not any(len(word) > 60 and word.startswith("eyJ") for word in line.split())


def test_quickstart_on_the_embedded_emulator() -> None:
    _assert_quickstart(run_cli("quickstart"), emulator=True)


def test_quickstart_against_a_configured_connection(conn: list[str]) -> None:
    _assert_quickstart(run_here("quickstart", *conn), emulator=False)
