"""tests/typing/example_preview.py runs as written (respx), including a rerun that repeats its creates."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx
import respx

from acs_identity import ApiVersion, CommunicationIdentityClient

sys.path.insert(0, str(Path(__file__).resolve().parent))

import example_preview

CONN = (
    "endpoint=https://contoso.communication.azure.com/;accesskey=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
)
ENDPOINT = "https://contoso.communication.azure.com"
USER = "8:acs:00000000-0000-0000-0000-000000000001_00000000-0000-0000-0000-000000000002"
TOKEN = {"token": "tok", "expiresOn": "2026-11-30T10:00:00+00:00"}


def test_custom_ids_and_assignments() -> None:
    client = CommunicationIdentityClient.from_connection_string(
        CONN, api_version=ApiVersion.V2025_03_02_PREVIEW
    )
    group = {"objectId": "g", "tenantId": "t", "principalType": "group", "clientIds": ["a"]}
    with respx.mock(using="transports") as router, client:
        router.post(f"{ENDPOINT}/identities").respond(201, json={"identity": {"id": USER}})
        router.get(url__startswith=f"{ENDPOINT}/identities/").respond(
            200, json={"id": USER, "customId": "u-1"}
        )
        router.patch(f"{ENDPOINT}/access/entra/assignments").respond(204)
        router.get(f"{ENDPOINT}/access/entra/assignments").respond(200, json={"value": [group]})
        assert example_preview.ensure_user(client, "u-1").custom_id == "u-1"
        assert example_preview.group_members_may_sign_in(client, "t", "g", "a") == 1


def test_a_rerun_repeats_the_same_creates() -> None:
    journal: dict[str, example_preview.Pending] = {}
    sent: list[tuple[str, str]] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(
            (request.headers["repeatability-request-id"], request.headers["repeatability-first-sent"])
        )
        assert json.loads(request.content) == {"createTokenWithScopes": ["chat"]}
        body = {"identity": {"id": USER}, "accessToken": TOKEN}
        return httpx.Response(201, json=body, headers={"Repeatability-Result": "accepted"})

    for _run in range(2):  # the tool, run twice with the same journal
        client = CommunicationIdentityClient.from_connection_string(CONN, api_version=ApiVersion.V2023_08_01)
        with respx.mock(using="transports") as router, client:
            router.post(f"{ENDPOINT}/identities").mock(side_effect=answer)
            assert example_preview.provision(client, ["ann", "bob"], journal) == {
                "ann": (USER, True),
                "bob": (USER, True),
            }
    assert sent[:2] == sent[2:], "the rerun sends the journal's values again"
    assert sent[0] != sent[1]
