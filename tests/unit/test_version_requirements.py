"""Messages that name the api-versions having what this client's version lacks: right with a preview
in the list (a preview sorts by date among the stable versions but is not "later" than them)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from acs_identity import ApiVersion, CommunicationIdentityClient
from acs_identity._capabilities import load_capabilities

ENDPOINT = "https://acs.example.communication.azure.com/"
KEY = "a2V5"


def _client(version: ApiVersion) -> CommunicationIdentityClient:
    return CommunicationIdentityClient(ENDPOINT, KEY, api_version=version)


def test_preview_is_marked_and_never_the_default() -> None:
    record = load_capabilities()
    assert record.versions["2025-03-02-preview"].preview
    assert not record.versions[record.default].preview
    assert [v for v, c in record.versions.items() if c.preview] == ["2025-03-02-preview"]


@pytest.mark.parametrize(
    ("predicate", "expected"),
    [
        (lambda c: c.expires_in_minutes is not None, "2022-10-01 or later"),
        (lambda c: "chat.join" in c.scopes, "2023-10-01 or later"),
        (lambda c: c.supports("get_identity"), "2025-03-02-preview"),
        (lambda c: c.supports("list_entra_assignments"), "2025-03-02-preview"),
        (
            lambda c: c.supports("get_teams_extension_assignment"),
            "2025-06-30 or later, or the preview 2025-03-02-preview",
        ),
        (lambda c: c.has("repeatability"), "2023-08-01"),
        (lambda c: c.has("custom_id"), "2025-03-02-preview"),
        (lambda c: c.supports("no_such_operation"), None),
    ],
)
def test_describe_versions_with(predicate: object, expected: str | None) -> None:
    assert load_capabilities().describe_versions_with(predicate) == expected  # type: ignore[arg-type]


def test_a_gap_lists_the_versions() -> None:
    """A stable version that lacks it breaks "or later": the versions are listed instead."""
    record = load_capabilities()
    having = {"2022-06-01", "2022-10-01", "2023-10-01"}
    assert record.describe_versions_with(lambda c: c.api_version in having) == (
        "2022-06-01, 2022-10-01 or 2023-10-01"
    )


def test_teams_extension_message_names_the_stable_and_the_preview() -> None:
    with (
        _client(ApiVersion.V2023_10_01) as client,
        pytest.raises(
            ValueError,
            match="requires api-version 2025-06-30 or later, or the preview 2025-03-02-preview; "
            "this client uses 2023-10-01",
        ),
    ):
        client.get_teams_extension_assignment("t", "o")


def test_scope_message_on_2023_08_01() -> None:
    with (
        _client(ApiVersion.V2023_08_01) as client,
        pytest.raises(
            ValueError,
            match=r"scope 'chat\.join' requires api-version 2023-10-01 or later; "
            "this client uses 2023-08-01",
        ),
    ):
        client.get_token("8:acs:x", scopes=["chat.join"])


def test_expiry_works_on_the_new_versions() -> None:
    from acs_identity._operations import check_expires_in

    for version in ("2023-08-01", "2025-03-02-preview"):
        caps = load_capabilities().versions[version]
        assert check_expires_in(timedelta(hours=2), caps) == 120
