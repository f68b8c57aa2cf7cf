"""One source per fact: spec/capabilities.json makes the public enums, the client's checks and the CLI's
choices and help, and changing it in that one place changes them all together."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from acs_identity import ApiVersion, CommunicationTokenScope, EntraPrincipalType, TeamsExtensionPrincipalType
from acs_identity._capabilities import load_capabilities
from acs_identity.cli._app import cli

REPO = Path(__file__).resolve().parents[2]
RECORD = REPO / "spec" / "capabilities.json"
SCRIPTS = REPO / "scripts"


def _record() -> dict[str, Any]:
    loaded = json.loads(RECORD.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _in_order(record: dict[str, Any], pick: Any) -> list[str]:
    return list(
        dict.fromkeys(v for version in sorted(record["versions"]) for v in pick(record["versions"][version]))
    )


def test_enums_are_the_record() -> None:
    record = _record()
    assert [v.value for v in ApiVersion] == sorted(record["versions"])
    assert [s.value for s in CommunicationTokenScope] == _in_order(record, lambda e: e["scopes"])
    assert [t.value for t in TeamsExtensionPrincipalType] == _in_order(
        record, lambda e: e.get("principal_types", {}).get("teams_extension", ())
    )
    assert [t.value for t in EntraPrincipalType] == _in_order(
        record, lambda e: e.get("principal_types", {}).get("entra", ())
    )


def test_capabilities_are_the_record() -> None:
    record, loaded = _record(), load_capabilities()
    assert loaded.default == record["default"]
    for version, entry in record["versions"].items():
        caps = loaded.versions[version]
        assert caps.operations == frozenset(entry["operations"])
        assert caps.scopes == tuple(entry["scopes"])
        assert caps.preview is entry.get("preview", False)
        assert caps.features == frozenset(entry.get("features", ()))
        expiry = entry["expires_in_minutes"]
        assert (caps.expires_in_minutes is None) is (expiry is None)


def test_the_enums_stay_case_insensitive() -> None:
    assert ApiVersion["v2025_03_02_preview"] is ApiVersion.V2025_03_02_PREVIEW
    assert CommunicationTokenScope.chat_join is CommunicationTokenScope.CHAT_JOIN
    assert TeamsExtensionPrincipalType["resource_account"] == "resourceAccount"


def test_cli_choices_and_help_are_the_record() -> None:
    runner = CliRunner()
    record = _record()
    issue = runner.invoke(cli, ["token", "issue", "--help"], terminal_width=400)
    assert issue.exit_code == 0, issue.output
    assert "[" + "|".join(sorted(record["versions"])) + "]" in issue.output
    assert ", ".join(record["versions"][record["default"]]["scopes"]) in issue.output
    assign = runner.invoke(cli, ["teams-extension", "assignment", "set", "--help"], terminal_width=400)
    assert ", ".join(TeamsExtensionPrincipalType) in assign.output


# Run with the temp module in place of acs_identity._capability_record (a finder ahead of the others hands it
# out when the package imports it): the package is then imported as a user would.
_PROBE = textwrap.dedent(
    """
    import importlib.util, json, sys

    class TempRecord:
        @staticmethod
        def find_spec(name, path=None, target=None):
            if name == "acs_identity._capability_record":
                return importlib.util.spec_from_file_location(name, sys.argv[1])
            return None

    sys.meta_path.insert(0, TempRecord)

    import httpx
    from click.testing import CliRunner
    from acs_identity import ApiVersion, CommunicationIdentityClient, CommunicationTokenScope, TeamsExtensionPrincipalType
    from acs_identity.cli._app import cli

    sent = []
    def answer(request):
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"token": "t", "expiresOn": "2030-01-01T00:00:00Z"})

    out = {"scope_member": CommunicationTokenScope.CHAT_GALAXY.value,
           "principal_member": TeamsExtensionPrincipalType.BOT.value,
           "version_member": ApiVersion.V2027_01_01.value}
    with CommunicationIdentityClient("https://x.communication.azure.com/", "a2V5",
                                     transport=httpx.MockTransport(answer)) as client:
        client.get_token("8:acs:u", scopes=["chat.galaxy"])
    out["sent"] = sent
    with CommunicationIdentityClient("https://x.communication.azure.com/", "a2V5", api_version="2025-06-30",
                                     transport=httpx.MockTransport(answer)) as client:
        try:
            client.get_token("8:acs:u", scopes=["chat.galaxy"])
        except ValueError as error:
            out["refused"] = str(error)
    runner = CliRunner()
    out["issue_help"] = runner.invoke(cli, ["token", "issue", "--help"], terminal_width=400).output
    out["assign_help"] = runner.invoke(cli, ["teams-extension", "assignment", "set", "--help"],
                                       terminal_width=400).output
    print(json.dumps(out))
    """
)


def _changed_record(tmp_path: Path) -> Path:
    """The record with a scope and a principal type added to the default version, and a new version."""
    record = _record()
    default = record["versions"][record["default"]]
    default["scopes"].append("chat.galaxy")
    default["principal_types"]["teams_extension"].append("bot")
    record["versions"]["2027-01-01"] = copy.deepcopy(record["versions"]["2025-06-30"])
    changed = tmp_path / "capabilities.json"
    changed.write_text(json.dumps(record), encoding="utf-8")
    return changed


def test_a_change_in_the_record_changes_enum_client_and_cli_together(tmp_path: Path) -> None:
    changed = _changed_record(tmp_path)
    module = tmp_path / "_capability_record.py"
    sys.path.insert(0, str(SCRIPTS))
    try:
        from _regen_capabilities import write_capability_module
    finally:
        sys.path.remove(str(SCRIPTS))
    assert write_capability_module(changed, module)
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(module)], capture_output=True, text=True, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["scope_member"], out["principal_member"], out["version_member"]) == (
        "chat.galaxy",
        "bot",
        "2027-01-01",
    )
    assert out["sent"] == [{"scopes": ["chat.galaxy"]}]  # the default version's client sends it
    # 2025-06-30 lacks it (and so does the copy 2027-01-01): the message names the one version that has it
    assert (
        out["refused"] == "scope 'chat.galaxy' requires api-version 2026-09-23; this client uses 2025-06-30"
    )
    assert "chat.join.limited, voip.join, chat.galaxy in api-version 2026-09-23" in out["issue_help"]
    assert "|2026-09-23|2027-01-01]" in out["issue_help"]
    assert "user, resourceAccount, bot" in out["assign_help"]


def test_check_fails_when_the_module_is_stale(tmp_path: Path) -> None:
    """regenerate.py --check compares the committed module with what the record produces."""
    changed = _changed_record(tmp_path)
    command = [sys.executable, str(SCRIPTS / "regenerate.py"), "--check", "--capabilities", str(changed)]
    command += ["--capabilities-module", str(REPO / "acs_identity" / "_capability_record.py")]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "_capability_record.py differs from what" in done.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["versions"]["2022-06-01"]["operations"].append("launch_rocket"),
            "not a canonical operation",
        ),
        (lambda r: r.update(default="2025-03-02-preview"), "'default' must name one of its stable versions"),
        (lambda r: r["versions"]["2025-03-02-preview"].pop("preview"), "'preview' must be true exactly"),
        (lambda r: r["versions"]["2022-06-01"].update(scope=["chat"]), "unknown key 'scope'"),
    ],
)
def test_a_bad_record_is_refused(change: Any, message: str) -> None:
    sys.path.insert(0, str(SCRIPTS))
    try:
        from _regen_capabilities import check_record
        from _regen_errors import SpecError
    finally:
        sys.path.remove(str(SCRIPTS))
    record = _record()
    change(record)
    with pytest.raises(SpecError, match=message):
        check_record(record)
