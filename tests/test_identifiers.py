"""Identifiers: raw-id parsing/formatting, equality, repr, immutability (examples + properties)."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import azure.communication.identity._shared.models as official_models
import pytest
from hypothesis import given
from hypothesis import strategies as st

import acs_identity._shared.models as models
from acs_identity._shared.models import (
    CommunicationCloudEnvironment,
    CommunicationIdentifier,
    CommunicationIdentifierKind,
    CommunicationUserIdentifier,
    MicrosoftTeamsAppIdentifier,
    MicrosoftTeamsUserIdentifier,
    PhoneNumberIdentifier,
    TeamsExtensionUserIdentifier,
    UnknownIdentifier,
    identifier_from_raw_id,
)

PUBLIC, DOD, GCCH = (
    CommunicationCloudEnvironment.PUBLIC,
    CommunicationCloudEnvironment.DOD,
    CommunicationCloudEnvironment.GCCH,
)
Kind = CommunicationIdentifierKind

ACS_USER = "8:acs:bbbcbc1e-9f06-482a-b5d8-20e3f26ef0cd_00000005-dd40-5d2b-2c8a-08482200b2ac"

# raw id -> (class, properties)
EXAMPLES: list[tuple[str, type, dict[str, Any]]] = [
    (ACS_USER, CommunicationUserIdentifier, {"id": ACS_USER}),
    ("8:dod-acs:res_user", CommunicationUserIdentifier, {"id": "8:dod-acs:res_user"}),
    ("8:gcch-acs:user", CommunicationUserIdentifier, {"id": "8:gcch-acs:user"}),
    (
        "8:spool:res_ten_user",
        CommunicationUserIdentifier,
        {"id": "8:spool:res_ten_user"},
    ),  # spool: never extension
    ("8:acs:a_b_c_d", CommunicationUserIdentifier, {"id": "8:acs:a_b_c_d"}),  # four parts: not extension
    ("8:acs:", CommunicationUserIdentifier, {"id": "8:acs:"}),
    (
        "8:acs:res_tenant_user",
        TeamsExtensionUserIdentifier,
        {"user_id": "user", "tenant_id": "tenant", "resource_id": "res", "cloud": PUBLIC},
    ),
    (
        "8:dod-acs:res_tenant_user",
        TeamsExtensionUserIdentifier,
        {"user_id": "user", "tenant_id": "tenant", "resource_id": "res", "cloud": DOD},
    ),
    (
        "8:gcch-acs:res_tenant_user",
        TeamsExtensionUserIdentifier,
        {"user_id": "user", "tenant_id": "tenant", "resource_id": "res", "cloud": GCCH},
    ),
    (
        "8:acs:__",
        TeamsExtensionUserIdentifier,
        {"user_id": "", "tenant_id": "", "resource_id": "", "cloud": PUBLIC},
    ),
    ("4:+14255550123", PhoneNumberIdentifier, {"value": "+14255550123", "is_anonymous": False}),
    ("4:anonymous", PhoneNumberIdentifier, {"value": "anonymous", "is_anonymous": True}),
    (
        "4:+14255550123_207ffef6-9444-41fb-92ab-20eacaae2768",
        PhoneNumberIdentifier,
        {
            "value": "+14255550123_207ffef6-9444-41fb-92ab-20eacaae2768",
            "is_anonymous": False,
            "asserted_id": "207ffef6-9444-41fb-92ab-20eacaae2768",
        },
    ),
    ("4:+1_a_b", PhoneNumberIdentifier, {"value": "+1_a_b", "is_anonymous": False, "asserted_id": "b"}),
    ("4:+1_", PhoneNumberIdentifier, {"value": "+1_", "is_anonymous": False}),  # empty asserted id: none
    ("4:", PhoneNumberIdentifier, {"value": "", "is_anonymous": False}),
    ("4:4:x", PhoneNumberIdentifier, {"value": "4:x", "is_anonymous": False}),
    ("8:orgid:u1", MicrosoftTeamsUserIdentifier, {"user_id": "u1", "is_anonymous": False, "cloud": PUBLIC}),
    ("8:dod:u1", MicrosoftTeamsUserIdentifier, {"user_id": "u1", "is_anonymous": False, "cloud": DOD}),
    ("8:gcch:u1", MicrosoftTeamsUserIdentifier, {"user_id": "u1", "is_anonymous": False, "cloud": GCCH}),
    (
        "8:teamsvisitor:v",
        MicrosoftTeamsUserIdentifier,
        {"user_id": "v", "is_anonymous": True, "cloud": PUBLIC},
    ),
    ("8:orgid:a:b", MicrosoftTeamsUserIdentifier, {"user_id": "a:b", "is_anonymous": False, "cloud": PUBLIC}),
    ("8:orgid:", MicrosoftTeamsUserIdentifier, {"user_id": "", "is_anonymous": False, "cloud": PUBLIC}),
    ("28:orgid:app", MicrosoftTeamsAppIdentifier, {"app_id": "app", "cloud": PUBLIC}),
    ("28:dod:app", MicrosoftTeamsAppIdentifier, {"app_id": "app", "cloud": DOD}),
    ("28:gcch:app", MicrosoftTeamsAppIdentifier, {"app_id": "app", "cloud": GCCH}),
    ("28:dod-global:app", UnknownIdentifier, {}),
    ("48:something", UnknownIdentifier, {}),
    ("8:ACS:x", UnknownIdentifier, {}),  # prefixes are case-sensitive
    ("8:acs", UnknownIdentifier, {}),
    ("8:", UnknownIdentifier, {}),
    (":", UnknownIdentifier, {}),
    ("::", UnknownIdentifier, {}),
    ("", UnknownIdentifier, {}),
    (" 8:acs:x", UnknownIdentifier, {}),
]


@pytest.mark.parametrize(("raw_id", "cls", "properties"), EXAMPLES, ids=[e[0] or "<empty>" for e in EXAMPLES])
def test_examples(raw_id: str, cls: type, properties: dict[str, Any]) -> None:
    ident = identifier_from_raw_id(raw_id)
    assert type(ident) is cls
    assert ident.raw_id == raw_id
    assert dict(ident.properties) == properties
    assert ident.kind is cls.kind
    assert isinstance(ident, CommunicationIdentifier)


def test_kinds() -> None:
    assert identifier_from_raw_id(ACS_USER).kind is Kind.COMMUNICATION_USER
    assert identifier_from_raw_id("4:+1").kind is Kind.PHONE_NUMBER
    assert identifier_from_raw_id("8:orgid:x").kind is Kind.MICROSOFT_TEAMS_USER
    assert identifier_from_raw_id("28:orgid:x").kind is Kind.MICROSOFT_TEAMS_APP
    assert identifier_from_raw_id("8:acs:r_t_u").kind is Kind.TEAMS_EXTENSION_USER
    assert identifier_from_raw_id("x").kind is Kind.UNKNOWN
    assert Kind("phone_number") is Kind.PHONE_NUMBER and str(Kind.PHONE_NUMBER) == "phone_number"


@pytest.mark.parametrize("bad", [None, 1, b"8:acs:x", ["8:acs:x"]])
def test_from_raw_id_rejects_non_str(bad: object) -> None:
    with pytest.raises(TypeError, match="raw_id must be a str"):
        identifier_from_raw_id(bad)  # type: ignore[arg-type]


# ---- constructors -----------------------------------------------------------------------------------------


def test_constructors_format_raw_ids() -> None:
    assert CommunicationUserIdentifier(ACS_USER).raw_id == ACS_USER
    assert CommunicationUserIdentifier(ACS_USER).properties["id"] == ACS_USER  # like the official SDK
    assert CommunicationUserIdentifier(ACS_USER).id == ACS_USER
    assert PhoneNumberIdentifier("+14255550123").raw_id == "4:+14255550123"
    assert MicrosoftTeamsUserIdentifier("u").raw_id == "8:orgid:u"
    assert MicrosoftTeamsUserIdentifier("u", cloud=DOD).raw_id == "8:dod:u"
    assert MicrosoftTeamsUserIdentifier("u", cloud="gcch").raw_id == "8:gcch:u"  # case-insensitive str
    assert MicrosoftTeamsUserIdentifier("u", is_anonymous=True, cloud=DOD).raw_id == "8:teamsvisitor:u"
    assert MicrosoftTeamsAppIdentifier("a").raw_id == "28:orgid:a"
    assert MicrosoftTeamsAppIdentifier("a", cloud="DOD").raw_id == "28:dod:a"
    assert TeamsExtensionUserIdentifier("u", "t", "r").raw_id == "8:acs:r_t_u"
    assert TeamsExtensionUserIdentifier("u", "t", "r", cloud=GCCH).raw_id == "8:gcch-acs:r_t_u"
    assert UnknownIdentifier("whatever").raw_id == "whatever"


def test_explicit_raw_id_wins() -> None:
    assert CommunicationUserIdentifier("id", raw_id="8:acs:other").raw_id == "8:acs:other"
    phone = PhoneNumberIdentifier("+1", raw_id="4:+1_asserted")
    assert phone.raw_id == "4:+1_asserted"
    assert phone.asserted_id == "asserted"
    assert phone.properties == {"value": "+1", "is_anonymous": False, "asserted_id": "asserted"}
    assert PhoneNumberIdentifier("x", raw_id="4:anonymous").is_anonymous
    assert MicrosoftTeamsUserIdentifier("u", raw_id="8:orgid:v").raw_id == "8:orgid:v"


def test_phone_number_attributes() -> None:
    assert not PhoneNumberIdentifier("+14255550123").is_anonymous
    assert PhoneNumberIdentifier("+14255550123").asserted_id is None
    assert PhoneNumberIdentifier("anonymous").is_anonymous
    assert PhoneNumberIdentifier("anonymous").asserted_id is None
    assert PhoneNumberIdentifier("+1_x_y").asserted_id == "y"
    # A raw id that is not in the 4: form (possible only through raw_id=) has no asserted id.
    assert PhoneNumberIdentifier("+1", raw_id="weird_x").asserted_id is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: CommunicationUserIdentifier(1),  # type: ignore[arg-type]
        lambda: CommunicationUserIdentifier("x", raw_id=1),  # type: ignore[arg-type]
        lambda: PhoneNumberIdentifier(None),  # type: ignore[arg-type]
        lambda: MicrosoftTeamsUserIdentifier(b"u"),  # type: ignore[arg-type]
        lambda: MicrosoftTeamsUserIdentifier("u", is_anonymous=1),  # type: ignore[arg-type]
        lambda: MicrosoftTeamsUserIdentifier("u", cloud=None),  # type: ignore[arg-type]
        lambda: MicrosoftTeamsAppIdentifier(1.0),  # type: ignore[arg-type]
        lambda: TeamsExtensionUserIdentifier("u", None, "r"),  # type: ignore[arg-type]
        lambda: UnknownIdentifier(None),  # type: ignore[arg-type]
    ],
)
def test_constructors_reject_wrong_types(make: Any) -> None:
    with pytest.raises(TypeError):
        make()


def test_unknown_cloud_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown cloud 'mars'"):
        MicrosoftTeamsAppIdentifier("a", cloud="mars")


# ---- equality, hashing, repr, immutability ------------------------------------------------------------------


def test_equality_and_hash_by_raw_id() -> None:
    a, b = CommunicationUserIdentifier(ACS_USER), identifier_from_raw_id(ACS_USER)
    assert a == b and hash(a) == hash(b)
    assert a != CommunicationUserIdentifier(ACS_USER + "x")
    assert MicrosoftTeamsUserIdentifier("u", cloud=DOD) != MicrosoftTeamsUserIdentifier("u")
    assert MicrosoftTeamsUserIdentifier("u") != MicrosoftTeamsAppIdentifier("u")
    assert len({a, b, PhoneNumberIdentifier("+1"), identifier_from_raw_id("4:+1")}) == 2
    lookup: dict[object, int] = {a: 1}
    assert lookup[b] == 1
    # Same raw id means same identity, whatever the class (as in the official SDK).
    assert UnknownIdentifier(ACS_USER) == a
    # A raw-id string is not an identifier.
    assert a != ACS_USER
    assert a != object()


def test_equality_with_official_sdk_identifiers() -> None:
    official = pytest.importorskip("azure.communication.identity")
    ours = CommunicationUserIdentifier(ACS_USER)
    theirs = official.CommunicationUserIdentifier(ACS_USER)
    assert ours == theirs
    assert theirs == ours
    assert PhoneNumberIdentifier("+1") != official.PhoneNumberIdentifier("+2")


def test_repr() -> None:
    assert repr(CommunicationUserIdentifier(ACS_USER)) == f"CommunicationUserIdentifier({ACS_USER!r})"
    assert repr(PhoneNumberIdentifier("+14255550123")) == "PhoneNumberIdentifier('+14255550123')"
    assert (
        repr(PhoneNumberIdentifier("+1", raw_id="4:+1_x")) == "PhoneNumberIdentifier('+1', raw_id='4:+1_x')"
    )
    assert repr(MicrosoftTeamsUserIdentifier("u")) == "MicrosoftTeamsUserIdentifier('u')"
    assert (
        repr(MicrosoftTeamsUserIdentifier("u", cloud="dod"))
        == "MicrosoftTeamsUserIdentifier('u', cloud=CommunicationCloudEnvironment.DOD)"
    )
    assert (
        repr(identifier_from_raw_id("8:teamsvisitor:v"))
        == "MicrosoftTeamsUserIdentifier('v', is_anonymous=True)"
    )
    assert (
        repr(MicrosoftTeamsAppIdentifier("a", cloud=GCCH))
        == "MicrosoftTeamsAppIdentifier('a', cloud=CommunicationCloudEnvironment.GCCH)"
    )
    assert repr(TeamsExtensionUserIdentifier("u", "t", "r")) == "TeamsExtensionUserIdentifier('u', 't', 'r')"
    assert repr(UnknownIdentifier("x")) == "UnknownIdentifier('x')"


def test_repr_evaluates_back_to_an_equal_identifier() -> None:
    namespace = {
        cls.__name__: cls
        for cls in (
            CommunicationCloudEnvironment,
            CommunicationUserIdentifier,
            PhoneNumberIdentifier,
            MicrosoftTeamsUserIdentifier,
            MicrosoftTeamsAppIdentifier,
            TeamsExtensionUserIdentifier,
            UnknownIdentifier,
        )
    }
    for raw_id, _, _ in EXAMPLES:
        ident = identifier_from_raw_id(raw_id)
        again: Any = eval(repr(ident), namespace)
        assert type(again) is type(ident) and again.raw_id == raw_id and again.properties == ident.properties


def test_immutable() -> None:
    ident = MicrosoftTeamsUserIdentifier("u")
    with pytest.raises(AttributeError):
        ident.raw_id = "8:orgid:v"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        ident._user_id = "v"
    with pytest.raises(AttributeError):
        del ident._user_id
    with pytest.raises(AttributeError):
        ident.anything = 1  # type: ignore[attr-defined]
    props = ident.properties
    props["user_id"] = "v"  # a copy: the identifier does not change
    assert ident.properties["user_id"] == "u" and ident.raw_id == "8:orgid:u"


@pytest.mark.parametrize(("raw_id", "cls", "properties"), EXAMPLES, ids=[e[0] or "<empty>" for e in EXAMPLES])
def test_pickle_and_copy(raw_id: str, cls: type, properties: dict[str, Any]) -> None:
    ident = identifier_from_raw_id(raw_id)
    copies: list[Any] = [pickle.loads(pickle.dumps(ident)), copy.copy(ident), copy.deepcopy(ident)]
    for again in copies:
        assert again == ident and again.properties == ident.properties
        assert type(again) is cls


# ---- as Microsoft's: vars(), MICROSOFT_BOT, the bot keys, the prefix constants -------------------------------


@pytest.mark.parametrize(("raw_id", "cls", "properties"), EXAMPLES, ids=[e[0] or "<empty>" for e in EXAMPLES])
def test_vars_as_microsofts(raw_id: str, cls: type, properties: dict[str, Any]) -> None:
    """vars() gives properties and raw_id, as for Microsoft's (whose are instance attributes): the Azure CLI
    serialises results through it. Ours may know more (Teams Extension users, anonymous phone numbers)."""
    ours, theirs = identifier_from_raw_id(raw_id), official_models.identifier_from_raw_id(raw_id)
    mine, their = vars(ours), vars(theirs)
    assert mine == ours.__dict__ == {"properties": properties, "raw_id": raw_id}
    assert set(mine) == set(their) and mine["raw_id"] == their["raw_id"]
    if type(ours).__name__ == type(theirs).__name__:
        assert {k: v for k, v in mine["properties"].items() if k in their["properties"]} == their[
            "properties"
        ]
    assert json.loads(json.dumps(mine)) == json.loads(
        json.dumps({"properties": properties, "raw_id": raw_id})
    )


def test_vars_is_a_copy_and_the_identifier_stays_immutable_and_hashable() -> None:
    ident = MicrosoftTeamsUserIdentifier("u")
    before = hash(ident)
    view = vars(ident)
    view["raw_id"] = "8:orgid:v"
    view["properties"]["user_id"] = "v"
    assert ident.raw_id == "8:orgid:u" and ident.properties["user_id"] == "u" and hash(ident) == before
    with pytest.raises(AttributeError):
        ident.__dict__ = {}  # type: ignore[misc]
    assert "kind" not in view and ident.kind is Kind.MICROSOFT_TEAMS_USER  # a class attribute, as theirs


def test_microsoft_bot_is_a_deprecated_alias() -> None:
    with pytest.warns(DeprecationWarning, match="MICROSOFT_BOT is deprecated"):
        assert Kind.MICROSOFT_BOT is Kind.MICROSOFT_TEAMS_APP  # type-checks too (the metaclass answers it)
    with pytest.warns(DeprecationWarning):
        assert Kind.microsoft_bot is Kind.MICROSOFT_TEAMS_APP
    with pytest.warns(DeprecationWarning):
        assert official_models.CommunicationIdentifierKind.MICROSOFT_BOT == Kind.MICROSOFT_TEAMS_APP
    by_name: Any = Kind
    with pytest.raises(KeyError):  # item access knows only the members, in both
        by_name["MICROSOFT_BOT"]
    with pytest.raises(AttributeError):
        Kind.MICROSOFT_ROBOT  # noqa: B018


def test_teams_app_properties_answer_the_bot_keys() -> None:
    ours, theirs = MicrosoftTeamsAppIdentifier("a"), official_models.MicrosoftTeamsAppIdentifier("a")
    both: list[Any] = [ours.properties, theirs.properties]
    for props in both:
        assert props["bot_id"] == "a" and props["is_resource_account_configured"] is True
        with pytest.raises(KeyError):
            props["other"]
    assert dict(ours.properties) == {"app_id": "a", "cloud": PUBLIC}


def test_deprecated_bot_identifier_is_a_teams_app() -> None:
    with pytest.warns(DeprecationWarning, match="MicrosoftBotIdentifier is deprecated"):
        bot = models._MicrosoftBotIdentifier("b", is_resource_account_configured=False, cloud="DOD")
    assert isinstance(bot, MicrosoftTeamsAppIdentifier) and bot == MicrosoftTeamsAppIdentifier("b", cloud=DOD)
    assert bot.raw_id == "28:dod:b" and bot.kind is Kind.MICROSOFT_TEAMS_APP and hash(bot) == hash("28:dod:b")


def test_prefix_constants_as_microsofts() -> None:
    names = [name for name in vars(official_models) if name.endswith("_PREFIX")]
    assert len(names) == 18
    for name in names:
        assert getattr(models, name) == getattr(official_models, name), name


# ---- properties (hypothesis) --------------------------------------------------------------------------------

clouds = st.sampled_from(list(CommunicationCloudEnvironment))
no_underscore = st.text().filter(lambda s: "_" not in s)
USER_PREFIX = {PUBLIC: "8:orgid:", DOD: "8:dod:", GCCH: "8:gcch:"}
APP_PREFIX = {PUBLIC: "28:orgid:", DOD: "28:dod:", GCCH: "28:gcch:"}
ACS_PREFIX = {PUBLIC: "8:acs:", DOD: "8:dod-acs:", GCCH: "8:gcch-acs:"}
# Raw ids that look like the known forms more often than uniform text would.
raw_ids = st.one_of(
    st.text(),
    st.builds(
        str.__add__,
        st.sampled_from(
            [
                *("4:", "8:", "28:", "8:acs:", "8:dod-acs:", "8:gcch-acs:", "8:spool:", "8:teamsvisitor:"),
                *USER_PREFIX.values(),
                *APP_PREFIX.values(),
            ]
        ),
        st.text(alphabet=st.sampled_from("ab_:-+1 é")),
    ),
)


@given(raw_ids)
def test_round_trip_any_string(raw_id: str) -> None:
    ident = identifier_from_raw_id(raw_id)
    assert ident.raw_id == raw_id
    again = identifier_from_raw_id(ident.raw_id)
    assert type(again) is type(ident)
    assert again == ident and hash(again) == hash(ident)
    assert again.properties == ident.properties


@given(raw_ids)
def test_agrees_with_official_sdk(raw_id: str) -> None:
    """Differential: same kind and properties as azure-communication-identity 1.5.0 (which predates Teams
    Extension users, so it reports those as communication users, and only gives phones a value)."""
    official = pytest.importorskip("azure.communication.identity")
    ours, theirs = identifier_from_raw_id(raw_id), official.identifier_from_raw_id(raw_id)
    assert theirs.raw_id == ours.raw_id == raw_id
    if isinstance(ours, TeamsExtensionUserIdentifier):
        assert theirs.kind == "communication_user"
        return
    assert theirs.kind == ours.kind
    for key, value in theirs.properties.items():
        assert ours.properties[key] == value  # type: ignore[literal-required]


@given(st.text(), st.booleans(), clouds)
def test_teams_user_forms(user_id: str, anonymous: bool, cloud: CommunicationCloudEnvironment) -> None:
    raw = ("8:teamsvisitor:" if anonymous else USER_PREFIX[cloud]) + user_id
    ident = identifier_from_raw_id(raw)
    assert isinstance(ident, MicrosoftTeamsUserIdentifier)
    assert ident.kind is Kind.MICROSOFT_TEAMS_USER
    assert ident.properties == {
        "user_id": user_id,
        "is_anonymous": anonymous,
        "cloud": PUBLIC if anonymous else cloud,
    }
    assert ident == MicrosoftTeamsUserIdentifier(user_id, is_anonymous=anonymous, cloud=cloud)


@given(st.text(), clouds)
def test_teams_app_forms(app_id: str, cloud: CommunicationCloudEnvironment) -> None:
    ident = identifier_from_raw_id(APP_PREFIX[cloud] + app_id)
    assert isinstance(ident, MicrosoftTeamsAppIdentifier)
    assert ident.kind is Kind.MICROSOFT_TEAMS_APP
    assert ident.properties == {"app_id": app_id, "cloud": cloud}
    assert ident == MicrosoftTeamsAppIdentifier(app_id, cloud=cloud)


@given(no_underscore, no_underscore, no_underscore, clouds)
def test_teams_extension_user_forms(
    user: str, tenant: str, resource: str, cloud: CommunicationCloudEnvironment
) -> None:
    made = TeamsExtensionUserIdentifier(user, tenant, resource, cloud=cloud)
    ident = identifier_from_raw_id(made.raw_id)
    assert isinstance(ident, TeamsExtensionUserIdentifier)
    assert ident.kind is Kind.TEAMS_EXTENSION_USER
    assert ident.properties == {"user_id": user, "tenant_id": tenant, "resource_id": resource, "cloud": cloud}
    assert (ident.user_id, ident.tenant_id, ident.resource_id, ident.cloud) == (user, tenant, resource, cloud)
    assert ident == made


@given(st.text().filter(lambda s: s.count("_") != 2), clouds)
def test_communication_user_forms(suffix: str, cloud: CommunicationCloudEnvironment) -> None:
    for raw in (ACS_PREFIX[cloud] + suffix, "8:spool:" + suffix):
        ident = identifier_from_raw_id(raw)
        assert isinstance(ident, CommunicationUserIdentifier)
        assert ident.kind is Kind.COMMUNICATION_USER
        assert ident.properties == {"id": raw}
        assert ident == CommunicationUserIdentifier(raw)


@given(st.text())
def test_phone_number_forms(value: str) -> None:
    ident = identifier_from_raw_id("4:" + value)
    assert isinstance(ident, PhoneNumberIdentifier)
    assert ident.kind is Kind.PHONE_NUMBER
    assert ident.value == value and ident == PhoneNumberIdentifier(value)
    assert ident.is_anonymous == (value == "anonymous")
    expected_asserted = value.split("_")[-1] if "_" in value and value.split("_")[-1] else None
    assert ident.asserted_id == expected_asserted
    assert ident.properties.get("asserted_id") == expected_asserted


@given(st.text())
def test_unknown_is_anything_else(raw_id: str) -> None:
    known = (
        "4:",
        "8:acs:",
        "8:dod-acs:",
        "8:gcch-acs:",
        "8:spool:",
        "8:teamsvisitor:",
        *USER_PREFIX.values(),
    )
    known += tuple(APP_PREFIX.values())
    ident = identifier_from_raw_id(raw_id)
    assert isinstance(ident, UnknownIdentifier) == (not raw_id.startswith(known))
