"""The module paths code imports from Microsoft's package exist in ours with the same names, so replacing
`azure.communication.identity` by `acs_identity` in an import works; and they are the real homes (the package's
public names are the same objects)."""

from __future__ import annotations

import importlib
import inspect
from types import ModuleType

import pytest
from azure.core.credentials import AccessToken

import acs_identity
import acs_identity.aio
from acs_identity._api_versions import DEFAULT_VERSION, ApiVersion
from acs_identity._shared import models, user_credential, user_credential_async, utils

# Microsoft's module -> ours; the names each defines publicly must exist in ours.
MODULES = {
    "azure.communication.identity._shared.models": "acs_identity._shared.models",
    "azure.communication.identity._shared.utils": "acs_identity._shared.utils",
    "azure.communication.identity._shared.user_credential": "acs_identity._shared.user_credential",
    "azure.communication.identity._shared.user_credential_async": "acs_identity._shared.user_credential_async",
    "azure.communication.identity._api_versions": "acs_identity._api_versions",
}
# Defined there but not meant for callers (their helpers, base classes and test scaffolding).
NOT_PORTED = {"DeprecatedEnumMeta"}


def public_definitions(module: ModuleType) -> set[str]:
    names = set()
    for name, value in vars(module).items():
        if name.startswith("_") or name in NOT_PORTED:
            continue
        defined_here = getattr(value, "__module__", None) == module.__name__
        if defined_here or (isinstance(value, str | ApiVersion) and name.isupper()):
            names.add(name)
    return names


@pytest.mark.parametrize(("theirs", "ours"), MODULES.items(), ids=MODULES.values())
def test_every_public_name_of_microsofts_module_is_in_ours(theirs: str, ours: str) -> None:
    expected = public_definitions(importlib.import_module(theirs))
    assert expected, theirs
    missing = expected - set(vars(importlib.import_module(ours)))
    assert not missing


def test_the_package_exports_the_shared_modules_own_objects() -> None:
    assert acs_identity.CommunicationTokenCredential is user_credential.CommunicationTokenCredential
    assert acs_identity.aio.CommunicationTokenCredential is user_credential_async.CommunicationTokenCredential
    assert acs_identity.identifier_from_raw_id is models.identifier_from_raw_id
    assert acs_identity.aio.CommunicationUserIdentifier is models.CommunicationUserIdentifier
    assert acs_identity.ApiVersion is ApiVersion is acs_identity.aio.ApiVersion
    assert acs_identity.parse_connection_string is acs_identity.aio.parse_connection_string
    # Functions and classes are defined where Microsoft's are, not re-exported from elsewhere.
    for module in (models, utils, user_credential, user_credential_async):
        for name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            if inspect.isclass(value) or inspect.isfunction(value):
                assert value.__module__ == module.__name__, name


@pytest.mark.parametrize(
    "conn_str",
    [
        "endpoint=https://contoso.communication.azure.com/;accesskey=a2V5",
        "endpoint=https://contoso.communication.azure.com;accesskey=a2V5",
        "endpoint=localhost:8080/;accesskey=a2V5",
        "Endpoint=https://127.0.0.1:8443/;AccessKey=a2V5",
    ],
)
def test_parse_connection_str_as_microsofts(conn_str: str) -> None:
    from azure.communication.identity._shared.utils import parse_connection_str as theirs

    assert utils.parse_connection_str(conn_str) == theirs(conn_str)


def test_parse_connection_str_errors() -> None:
    with pytest.raises(ValueError, match="connection string is None"):
        utils.parse_connection_str(None)
    with pytest.raises(ValueError, match="lacks accesskey") as info:
        utils.parse_connection_str("endpoint=https://x/;accesskey=")
    assert "accesskey=" not in str(info.value).split(";")[0]


def test_public_parse_connection_string_keeps_the_scheme() -> None:
    assert acs_identity.parse_connection_string("endpoint=https://x.example/;accesskey=a2V5") == (
        "https://x.example/",
        "a2V5",
    )


def test_api_versions_as_microsofts() -> None:
    from azure.communication.identity._api_versions import DEFAULT_VERSION as THEIR_DEFAULT
    from azure.communication.identity._api_versions import ApiVersion as Theirs

    assert {member.name: member.value for member in Theirs}.items() <= {
        m.name: m.value for m in ApiVersion
    }.items()
    assert ApiVersion(THEIR_DEFAULT.value).value == "2023-10-01"  # theirs' default is one of ours
    assert DEFAULT_VERSION is acs_identity.ApiVersion.V2026_09_23


def test_create_access_token_as_microsofts() -> None:
    from azure.communication.identity._shared.utils import create_access_token as theirs

    token = "eyJhbGciOiJIUzI1NiJ9.eyJleHAiOiAxNzAwMDAwMDAwfQ.c2ln"  # {"exp": 1700000000}
    assert utils.create_access_token(token) == theirs(token) == AccessToken(token, 1_700_000_000)
    with pytest.raises(ValueError):
        utils.create_access_token("foo.bar.tar")
    with pytest.raises(ValueError):
        theirs("foo.bar.tar")
    assert isinstance(utils.get_current_utc_as_int(), int)
    assert utils.get_current_utc_time().endswith(" GMT") and len(utils.get_current_utc_time()) == 29
