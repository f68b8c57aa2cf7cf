from typing import Any

import pytest

from acs_identity.cli._connection import (
    ENV_CONNECTION_STRING,
    ConnectionOptions,
    open_connection,
    parse_connection_string,
    resolve_api_version,
)
from acs_identity.cli._errors import CliError

KEY = "c2VjcmV0LWtleS1ub3QtZm9yLXByaW50aW5nLTEyMzQ1Njc4OTA="


def test_parse_connection_string() -> None:
    endpoint, key = parse_connection_string(f"endpoint=https://res.communication.azure.com/;accesskey={KEY}")
    assert (endpoint, key) == ("https://res.communication.azure.com", KEY)


def test_parse_connection_string_is_case_insensitive_and_tolerates_spaces() -> None:
    endpoint, key = parse_connection_string(f" Endpoint = https://x.example/ ; AccessKey={KEY};")
    assert (endpoint, key) == ("https://x.example", KEY)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        (f"https://x.example/;{KEY}", "every part must be name=value"),
        (f"endpoint=https://x.example/;secret={KEY}", "lacks accesskey"),
        (f"accesskey={KEY}", "lacks endpoint"),
        (f"endpoint=ftp://x/;accesskey={KEY}", "scheme must be https"),
        (f"endpoint=http://x.example/;accesskey={KEY}", "uses plain http"),
        # The client refuses a second endpoint= (which one did the user mean?); so does the CLI now.
        (f"endpoint=https://a.example/;endpoint=https://b.example/;accesskey={KEY}", "more than once"),
        ("endpoint=https://x.example/;accesskey=not base64!", "not valid base64"),
    ],
)
def test_malformed_connection_string_never_echoes_it(value: str, fragment: str) -> None:
    with pytest.raises(CliError) as caught:
        parse_connection_string(value)
    assert fragment in caught.value.message
    assert KEY not in caught.value.message


def test_nothing_configured_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    with pytest.raises(CliError) as caught, open_connection(ConnectionOptions()):
        pass
    message = caught.value.message
    assert "--connection-string" in message and ENV_CONNECTION_STRING in message and "--endpoint" in message


def test_environment_variable_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CONNECTION_STRING, f"endpoint=https://env.example/;accesskey={KEY}")
    with open_connection(ConnectionOptions()) as conn:
        assert conn.endpoint == "https://env.example"
        assert conn.access_key == KEY
        assert conn.source == ENV_CONNECTION_STRING


def test_flag_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CONNECTION_STRING, f"endpoint=https://env.example/;accesskey={KEY}")
    options = ConnectionOptions(connection_string=f"endpoint=https://flag.example/;accesskey={KEY}")
    with open_connection(options) as conn:
        assert conn.endpoint == "https://flag.example"


def test_endpoint_means_entra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    with open_connection(ConnectionOptions(endpoint="https://x.example")) as conn:
        assert conn.access_key is None


def test_malformed_environment_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_CONNECTION_STRING, "garbage")
    with pytest.raises(CliError, match=ENV_CONNECTION_STRING), open_connection(ConnectionOptions()):
        pass


def test_missing_ca_cert() -> None:
    options = ConnectionOptions(
        connection_string=f"endpoint=https://x/;accesskey={KEY}", ca_cert="/nonexistent.pem"
    )
    with pytest.raises(CliError, match="--ca-cert"), open_connection(options):
        pass


def test_api_version() -> None:
    assert resolve_api_version(None) == "2026-09-23"
    assert resolve_api_version("2021-03-07") == "2021-03-07"
    with pytest.raises(CliError, match="api_version '2020-01-01' is not supported; supported versions: "):
        resolve_api_version("2020-01-01")


def test_embedded_emulator_default(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("uvicorn")
    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    with open_connection(ConnectionOptions(), default_to_emulator=True) as conn:
        assert conn.emulator is not None
        assert conn.endpoint.startswith("http://127.0.0.1:")


def test_endpoint_without_azure_identity_says_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from acs_identity.cli._connection import sync_client

    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    monkeypatch.setitem(sys.modules, "azure.identity", None)  # behaves as if not installed
    with open_connection(ConnectionOptions(endpoint="https://x.example")) as conn:
        with pytest.raises(CliError, match="pip install azure-identity"):
            sync_client(conn)


def test_endpoint_with_azure_identity_uses_default_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("azure.identity")
    from acs_identity.cli._connection import sync_client

    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    with (
        open_connection(ConnectionOptions(endpoint="https://x.example")) as conn,
        sync_client(conn) as client,
    ):
        assert type(client).__name__ == "CommunicationIdentityClient"


def test_resolve_connection_is_side_effect_free(monkeypatch: pytest.MonkeyPatch) -> None:
    from acs_identity.cli._connection import resolve_connection

    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    assert resolve_connection(ConnectionOptions(emulator=True)) is None
    with pytest.raises(CliError, match="cannot be combined"):
        resolve_connection(ConnectionOptions(emulator=True, endpoint="https://x.example"))


def test_endpoint_signs_in_with_entra_id(
    monkeypatch: pytest.MonkeyPatch, emulator: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """--endpoint sends a bearer token from the Entra credential (here the emulator's stand-in for one)."""
    import json

    from acs_identity.cli import _connection, run

    monkeypatch.delenv(ENV_CONNECTION_STRING, raising=False)
    monkeypatch.setattr(
        _connection,
        "_entra_credential",
        lambda *, asynchronous: (
            emulator.async_token_credential() if asynchronous else emulator.token_credential()
        ),
    )
    assert run(["user", "create", "--endpoint", emulator.endpoint]) == 0
    assert json.loads(capsys.readouterr().out)["id"].startswith("8:acs:")
