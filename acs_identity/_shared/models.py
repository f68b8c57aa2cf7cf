"""Communication identifiers and their raw-id encoding, at the path of Microsoft's ``_shared/models.py``.

Names, raw-id rules and the public prefix constants follow the official SDKs (and the JS/.NET
``createIdentifierFromRawId`` for Teams Extension users); the classes here are immutable, hashable and typed,
and ``vars(identifier)`` gives ``properties`` and ``raw_id`` as Microsoft's do (the Azure CLI serialises results
that way). ``identifier_from_raw_id(x).raw_id == x`` holds for every string ``x``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from enum import Enum, StrEnum
from typing import (
    TYPE_CHECKING,
    Any,
    Literal,
    NotRequired,
    Protocol,
    Self,
    TypeAlias,
    TypedDict,
    cast,
    runtime_checkable,
)

from .._enums import CaseInsensitiveEnumMeta

__all__ = [
    "ACS_USER_DOD_CLOUD_PREFIX",
    "ACS_USER_GCCH_CLOUD_PREFIX",
    "ACS_USER_PREFIX",
    "BOT_DOD_CLOUD_GLOBAL_PREFIX",
    "BOT_DOD_CLOUD_PREFIX",
    "BOT_GCCH_CLOUD_GLOBAL_PREFIX",
    "BOT_GCCH_CLOUD_PREFIX",
    "BOT_PREFIX",
    "BOT_PUBLIC_CLOUD_PREFIX",
    "PHONE_NUMBER_PREFIX",
    "SPOOL_USER_PREFIX",
    "TEAMS_APP_DOD_CLOUD_PREFIX",
    "TEAMS_APP_GCCH_CLOUD_PREFIX",
    "TEAMS_APP_PUBLIC_CLOUD_PREFIX",
    "TEAMS_USER_ANONYMOUS_PREFIX",
    "TEAMS_USER_DOD_CLOUD_PREFIX",
    "TEAMS_USER_GCCH_CLOUD_PREFIX",
    "TEAMS_USER_PUBLIC_CLOUD_PREFIX",
    "AnyCommunicationIdentifier",
    "CommunicationCloudEnvironment",
    "CommunicationIdentifier",
    "CommunicationIdentifierKind",
    "CommunicationUserIdentifier",
    "CommunicationUserProperties",
    "MicrosoftTeamsAppIdentifier",
    "MicrosoftTeamsAppProperties",
    "MicrosoftTeamsUserIdentifier",
    "MicrosoftTeamsUserProperties",
    "PhoneNumberIdentifier",
    "PhoneNumberProperties",
    "TeamsExtensionUserIdentifier",
    "TeamsExtensionUserProperties",
    "UnknownIdentifier",
    "UnknownIdentifierProperties",
    "identifier_from_raw_id",
]


class _KindMeta(CaseInsensitiveEnumMeta):
    """Also answers the deprecated name ``MICROSOFT_BOT`` (any case), with a DeprecationWarning."""

    def __getattr__(cls, name: str) -> Enum:
        if name.upper() == "MICROSOFT_BOT":
            warnings.warn(
                "CommunicationIdentifierKind.MICROSOFT_BOT is deprecated: use MICROSOFT_TEAMS_APP",
                DeprecationWarning,
                stacklevel=2,
            )
            name = "MICROSOFT_TEAMS_APP"
        return super().__getattr__(name)


class CommunicationIdentifierKind(StrEnum, metaclass=_KindMeta):
    """The kind of a communication identifier.

    Prefer ``raw_id`` to ``kind == UNKNOWN`` when dealing with identifiers this version cannot classify:
    a future version may give them a kind of their own. ``MICROSOFT_BOT`` is a deprecated name of
    ``MICROSOFT_TEAMS_APP``.
    """

    UNKNOWN = "unknown"
    COMMUNICATION_USER = "communication_user"
    PHONE_NUMBER = "phone_number"
    MICROSOFT_TEAMS_USER = "microsoft_teams_user"
    MICROSOFT_TEAMS_APP = "microsoft_teams_app"
    TEAMS_EXTENSION_USER = "teams_extension_user"


class CommunicationCloudEnvironment(StrEnum, metaclass=CaseInsensitiveEnumMeta):
    """The cloud an identifier belongs to."""

    PUBLIC = "PUBLIC"
    DOD = "DOD"
    GCCH = "GCCH"


@runtime_checkable
class CommunicationIdentifier(Protocol):
    """What every identifier offers (the official SDK's protocol, so its identifiers satisfy it too)."""

    @property
    def raw_id(self) -> str:
        """The canonical string form of the identifier (e.g. `8:acs:...`, `4:+14255550123`)."""
        ...

    @property
    def kind(self) -> CommunicationIdentifierKind:
        """What kind of identifier this is."""
        ...

    @property
    def properties(self) -> Mapping[str, Any]:
        """The identifier's fields, as the kind's `...Properties` typed dict."""
        ...


class CommunicationUserProperties(TypedDict):
    id: str


class PhoneNumberProperties(TypedDict):
    value: str
    is_anonymous: bool
    asserted_id: NotRequired[str]


class MicrosoftTeamsUserProperties(TypedDict):
    user_id: str
    is_anonymous: bool
    cloud: CommunicationCloudEnvironment


class MicrosoftTeamsAppProperties(TypedDict):
    app_id: str
    cloud: CommunicationCloudEnvironment


class TeamsExtensionUserProperties(TypedDict):
    user_id: str
    tenant_id: str
    resource_id: str
    cloud: CommunicationCloudEnvironment


class UnknownIdentifierProperties(TypedDict):
    pass


# The raw-id prefixes, under the names Microsoft's _shared/models.py exports.
PHONE_NUMBER_PREFIX = "4:"
BOT_PREFIX = "28:"
BOT_PUBLIC_CLOUD_PREFIX = "28:orgid:"
BOT_DOD_CLOUD_PREFIX = "28:dod:"
BOT_DOD_CLOUD_GLOBAL_PREFIX = "28:dod-global:"
BOT_GCCH_CLOUD_PREFIX = "28:gcch:"
BOT_GCCH_CLOUD_GLOBAL_PREFIX = "28:gcch-global:"
TEAMS_APP_PUBLIC_CLOUD_PREFIX = BOT_PUBLIC_CLOUD_PREFIX
TEAMS_APP_DOD_CLOUD_PREFIX = BOT_DOD_CLOUD_PREFIX
TEAMS_APP_GCCH_CLOUD_PREFIX = BOT_GCCH_CLOUD_PREFIX
TEAMS_USER_ANONYMOUS_PREFIX = "8:teamsvisitor:"
TEAMS_USER_PUBLIC_CLOUD_PREFIX = "8:orgid:"
TEAMS_USER_DOD_CLOUD_PREFIX = "8:dod:"
TEAMS_USER_GCCH_CLOUD_PREFIX = "8:gcch:"
ACS_USER_PREFIX = "8:acs:"
ACS_USER_DOD_CLOUD_PREFIX = "8:dod-acs:"
ACS_USER_GCCH_CLOUD_PREFIX = "8:gcch-acs:"
SPOOL_USER_PREFIX = "8:spool:"

_PHONE_PREFIX = PHONE_NUMBER_PREFIX
_PHONE_ANONYMOUS = "anonymous"
_TEAMS_VISITOR_PREFIX = TEAMS_USER_ANONYMOUS_PREFIX
_SPOOL_PREFIX = SPOOL_USER_PREFIX
_TEAMS_USER_PREFIX = {
    CommunicationCloudEnvironment.PUBLIC: TEAMS_USER_PUBLIC_CLOUD_PREFIX,
    CommunicationCloudEnvironment.DOD: TEAMS_USER_DOD_CLOUD_PREFIX,
    CommunicationCloudEnvironment.GCCH: TEAMS_USER_GCCH_CLOUD_PREFIX,
}
_TEAMS_APP_PREFIX = {
    CommunicationCloudEnvironment.PUBLIC: TEAMS_APP_PUBLIC_CLOUD_PREFIX,
    CommunicationCloudEnvironment.DOD: TEAMS_APP_DOD_CLOUD_PREFIX,
    CommunicationCloudEnvironment.GCCH: TEAMS_APP_GCCH_CLOUD_PREFIX,
}
_ACS_PREFIX = {
    CommunicationCloudEnvironment.PUBLIC: ACS_USER_PREFIX,
    CommunicationCloudEnvironment.DOD: ACS_USER_DOD_CLOUD_PREFIX,
    CommunicationCloudEnvironment.GCCH: ACS_USER_GCCH_CLOUD_PREFIX,
}


def _require_str(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    return value


def _optional_raw_id(value: object) -> str | None:
    return None if value is None else _require_str("raw_id", value)


def _to_cloud(value: object) -> CommunicationCloudEnvironment:
    if isinstance(value, CommunicationCloudEnvironment):
        return value
    if isinstance(value, str):
        try:
            return CommunicationCloudEnvironment(value.upper())
        except ValueError:
            pass
        raise ValueError(f"unknown cloud {value!r}; expected one of PUBLIC, DOD, GCCH")
    raise TypeError(f"cloud must be a CommunicationCloudEnvironment or str, not {type(value).__name__}")


class _Identifier:
    """Shared behaviour: immutable, equal and hashable by raw id."""

    __slots__ = ("_raw_id",)
    _raw_id: str

    def _init(self, raw_id: str, **fields: object) -> None:
        # Attributes are written once here, bypassing the __setattr__ guard.
        object.__setattr__(self, "_raw_id", raw_id)
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    @property
    def raw_id(self) -> str:
        """The canonical string form; store this and restore with ``identifier_from_raw_id``."""
        return self._raw_id

    @property
    def properties(self) -> Mapping[str, Any]:
        raise NotImplementedError  # pragma: no cover - every identifier class defines it

    # vars(identifier) and identifier.__dict__ give what they give for Microsoft's identifiers, whose public
    # attributes are instance attributes: serialisers such as the Azure CLI's read them that way. A fresh
    # dict each time, so changing it cannot change the identifier.
    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        return {"properties": self.properties, "raw_id": self._raw_id}

    if not TYPE_CHECKING:  # hidden from type checkers, which then flag any assignment statically

        def __setattr__(self, name: str, value: object) -> None:
            raise AttributeError(f"{type(self).__name__} is immutable")

        def __delattr__(self, name: str) -> None:
            raise AttributeError(f"{type(self).__name__} is immutable")

    def __setstate__(self, state: tuple[object, dict[str, object]]) -> None:
        # pickle/copy restore slots through setattr, which the guard above forbids.
        _, slots = state
        for name, value in slots.items():
            object.__setattr__(self, name, value)

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> Self:
        return self

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Identifier):
            return self._raw_id == other._raw_id
        # Duck-typed so identifiers of the official SDK compare equal too (theirs compare by raw id as well).
        other_raw = getattr(other, "raw_id", None)
        if isinstance(other_raw, str):
            return self._raw_id == other_raw
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._raw_id)

    def _repr(self, *args: object, derived_raw_id: str, **kwargs: object) -> str:
        parts = [repr(a) for a in args]
        parts += [f"{k}={v!r}" for k, v in kwargs.items()]
        if self._raw_id != derived_raw_id:
            parts.append(f"raw_id={self._raw_id!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def _cloud_repr(cloud: CommunicationCloudEnvironment) -> dict[str, object]:
    # Show the cloud only when it is not the default, as the constructor would be called.
    return {} if cloud is CommunicationCloudEnvironment.PUBLIC else {"cloud": _EnumRepr(cloud)}


class _EnumRepr:
    __slots__ = ("_member",)

    def __init__(self, member: Enum) -> None:
        self._member = member

    def __repr__(self) -> str:
        return f"{type(self._member).__name__}.{self._member.name}"


class CommunicationUserIdentifier(_Identifier):
    """A user created by the Identity API (raw id ``8:acs:…``, ``8:dod-acs:…``, ``8:gcch-acs:…``, ``8:spool:…``)."""

    __slots__ = ("_id",)
    kind: Literal[CommunicationIdentifierKind.COMMUNICATION_USER] = (
        CommunicationIdentifierKind.COMMUNICATION_USER
    )
    _id: str

    def __init__(self, id: str, *, raw_id: str | None = None) -> None:
        """Args:
            id: The user's id, as the Identity API returned it (it is also the raw id).
            raw_id: The raw id, when it is known (e.g. from the service); by default derived from the other arguments.

        Raises:
            TypeError: An argument of the wrong type.
            ValueError: An empty id or an unknown cloud.
        """
        _require_str("id", id)
        explicit = _optional_raw_id(raw_id)
        self._init(explicit if explicit is not None else id, _id=id)

    @property
    def id(self) -> str:
        """The user's id (equal to the raw id unless one was given)."""
        return self._id

    @property
    def properties(self) -> CommunicationUserProperties:
        """A fresh dict on every access: changing it cannot change the identifier."""
        return {"id": self._id}

    def __repr__(self) -> str:
        return self._repr(self._id, derived_raw_id=self._id)


class PhoneNumberIdentifier(_Identifier):
    """A phone number (raw id ``4:<number>``; ``4:anonymous`` for a hidden caller id).

    A number part containing ``_`` carries an asserted id after the last ``_`` (as in the official SDKs),
    which tells apart several connections through the same number.
    """

    __slots__ = ("_value",)
    kind: Literal[CommunicationIdentifierKind.PHONE_NUMBER] = CommunicationIdentifierKind.PHONE_NUMBER
    _value: str

    def __init__(self, value: str, *, raw_id: str | None = None) -> None:
        """Args:
            value: The phone number in E.164 format, e.g. `+14255550123`.
            raw_id: The raw id, when it is known (e.g. from the service); by default derived from the other arguments.

        Raises:
            TypeError: An argument of the wrong type.
            ValueError: An empty id or an unknown cloud.
        """
        _require_str("value", value)
        explicit = _optional_raw_id(raw_id)
        self._init(explicit if explicit is not None else _PHONE_PREFIX + value, _value=value)

    @property
    def value(self) -> str:
        """The phone number, e.g. `+14255550123`."""
        return self._value

    @property
    def is_anonymous(self) -> bool:
        """True for a hidden caller id (raw id `4:anonymous`)."""
        return self._raw_id == _PHONE_PREFIX + _PHONE_ANONYMOUS

    @property
    def asserted_id(self) -> str | None:
        """The part after the last ``_`` of the number in the raw id, or None if there is none (or it is empty)."""
        if not self._raw_id.startswith(_PHONE_PREFIX) or self.is_anonymous:
            return None
        _, underscore, asserted = self._raw_id[len(_PHONE_PREFIX) :].rpartition("_")
        return asserted if underscore and asserted else None

    @property
    def properties(self) -> PhoneNumberProperties:
        """`value`, `is_anonymous` and, when the raw id carries one, `asserted_id`."""
        props: PhoneNumberProperties = {"value": self._value, "is_anonymous": self.is_anonymous}
        asserted = self.asserted_id
        if asserted is not None:
            props["asserted_id"] = asserted
        return props

    def __repr__(self) -> str:
        return self._repr(self._value, derived_raw_id=_PHONE_PREFIX + self._value)


class MicrosoftTeamsUserIdentifier(_Identifier):
    """A Microsoft Teams user (``8:orgid:``, ``8:dod:``, ``8:gcch:``) or anonymous visitor (``8:teamsvisitor:``)."""

    __slots__ = ("_cloud", "_is_anonymous", "_user_id")
    kind: Literal[CommunicationIdentifierKind.MICROSOFT_TEAMS_USER] = (
        CommunicationIdentifierKind.MICROSOFT_TEAMS_USER
    )
    _user_id: str
    _is_anonymous: bool
    _cloud: CommunicationCloudEnvironment

    def __init__(
        self,
        user_id: str,
        *,
        is_anonymous: bool = False,
        cloud: CommunicationCloudEnvironment | str = CommunicationCloudEnvironment.PUBLIC,
        raw_id: str | None = None,
    ) -> None:
        """Args:
            user_id: The Teams user's Entra ID object id (or the visitor's id).
            is_anonymous: True for an anonymous Teams visitor (`8:teamsvisitor:`).
            cloud: The cloud the identifier belongs to (`CommunicationCloudEnvironment` or its str value) [PUBLIC].
            raw_id: The raw id, when it is known (e.g. from the service); by default derived from the other arguments.

        Raises:
            TypeError: An argument of the wrong type.
            ValueError: An empty id or an unknown cloud.
        """
        _require_str("user_id", user_id)
        if not isinstance(is_anonymous, bool):
            raise TypeError(f"is_anonymous must be a bool, not {type(is_anonymous).__name__}")
        cloud_env = _to_cloud(cloud)
        explicit = _optional_raw_id(raw_id)
        derived = self._format(user_id, is_anonymous, cloud_env)
        self._init(
            explicit if explicit is not None else derived,
            _user_id=user_id,
            _is_anonymous=is_anonymous,
            _cloud=cloud_env,
        )

    @staticmethod
    def _format(user_id: str, is_anonymous: bool, cloud: CommunicationCloudEnvironment) -> str:
        return (_TEAMS_VISITOR_PREFIX if is_anonymous else _TEAMS_USER_PREFIX[cloud]) + user_id

    @property
    def user_id(self) -> str:
        """The Teams user's Entra ID object id (or the visitor's id)."""
        return self._user_id

    @property
    def is_anonymous(self) -> bool:
        """True for an anonymous Teams visitor."""
        return self._is_anonymous

    @property
    def cloud(self) -> CommunicationCloudEnvironment:
        """The cloud the user belongs to."""
        return self._cloud

    @property
    def properties(self) -> MicrosoftTeamsUserProperties:
        """`user_id`, `is_anonymous` and `cloud`."""
        return {"user_id": self._user_id, "is_anonymous": self._is_anonymous, "cloud": self._cloud}

    def __repr__(self) -> str:
        extra: dict[str, object] = {"is_anonymous": True} if self._is_anonymous else {}
        return self._repr(
            self._user_id,
            derived_raw_id=self._format(self._user_id, self._is_anonymous, self._cloud),
            **extra,
            **_cloud_repr(self._cloud),
        )


class _TeamsAppProperties(dict[str, Any]):
    """Also answers the keys of the deprecated MicrosoftBotIdentifier's properties, as Microsoft's do:
    ``bot_id`` (the app id) and ``is_resource_account_configured`` (True)."""

    def __missing__(self, key: str) -> Any:
        if key == "bot_id":
            return self["app_id"]
        if key == "is_resource_account_configured":
            return True
        raise KeyError(key)


class MicrosoftTeamsAppIdentifier(_Identifier):
    """A Microsoft Teams application, e.g. a bot (``28:orgid:``, ``28:dod:``, ``28:gcch:``)."""

    __slots__ = ("_app_id", "_cloud")
    kind: Literal[CommunicationIdentifierKind.MICROSOFT_TEAMS_APP] = (
        CommunicationIdentifierKind.MICROSOFT_TEAMS_APP
    )
    _app_id: str
    _cloud: CommunicationCloudEnvironment

    def __init__(
        self,
        app_id: str,
        *,
        cloud: CommunicationCloudEnvironment | str = CommunicationCloudEnvironment.PUBLIC,
        raw_id: str | None = None,
    ) -> None:
        """Args:
            app_id: The Teams application's id.
            cloud: The cloud the identifier belongs to (`CommunicationCloudEnvironment` or its str value) [PUBLIC].
            raw_id: The raw id, when it is known (e.g. from the service); by default derived from the other arguments.

        Raises:
            TypeError: An argument of the wrong type.
            ValueError: An empty id or an unknown cloud.
        """
        _require_str("app_id", app_id)
        cloud_env = _to_cloud(cloud)
        explicit = _optional_raw_id(raw_id)
        derived = _TEAMS_APP_PREFIX[cloud_env] + app_id
        self._init(explicit if explicit is not None else derived, _app_id=app_id, _cloud=cloud_env)

    @property
    def app_id(self) -> str:
        """The Teams application's id."""
        return self._app_id

    @property
    def cloud(self) -> CommunicationCloudEnvironment:
        """The cloud the application belongs to."""
        return self._cloud

    @property
    def properties(self) -> MicrosoftTeamsAppProperties:
        """`app_id` and `cloud`."""
        return cast(MicrosoftTeamsAppProperties, _TeamsAppProperties(app_id=self._app_id, cloud=self._cloud))

    def __repr__(self) -> str:
        return self._repr(
            self._app_id,
            derived_raw_id=_TEAMS_APP_PREFIX[self._cloud] + self._app_id,
            **_cloud_repr(self._cloud),
        )


class _MicrosoftBotIdentifier(MicrosoftTeamsAppIdentifier):  # pyright: ignore[reportUnusedClass]
    """The deprecated MicrosoftBotIdentifier, a MicrosoftTeamsAppIdentifier (private, as in Microsoft's
    package; kept for code written against it)."""

    __slots__ = ()

    def __init__(
        self,
        bot_id: str,
        *,
        is_resource_account_configured: bool = True,
        cloud: CommunicationCloudEnvironment | str = CommunicationCloudEnvironment.PUBLIC,
        raw_id: str | None = None,
    ) -> None:
        """``is_resource_account_configured`` is accepted and ignored: every Teams app has the same form."""
        warnings.warn(
            "MicrosoftBotIdentifier is deprecated: use MicrosoftTeamsAppIdentifier",
            DeprecationWarning,
            stacklevel=2,
        )
        super().__init__(bot_id, cloud=cloud, raw_id=raw_id)


class TeamsExtensionUserIdentifier(_Identifier):
    """A Teams Phone user extended through a Communication Services resource.

    Raw id ``8:acs:{resource_id}_{tenant_id}_{user_id}`` (``8:dod-acs:`` / ``8:gcch-acs:`` in other clouds).
    """

    __slots__ = ("_cloud", "_resource_id", "_tenant_id", "_user_id")
    kind: Literal[CommunicationIdentifierKind.TEAMS_EXTENSION_USER] = (
        CommunicationIdentifierKind.TEAMS_EXTENSION_USER
    )
    _user_id: str
    _tenant_id: str
    _resource_id: str
    _cloud: CommunicationCloudEnvironment

    def __init__(
        self,
        user_id: str,
        tenant_id: str,
        resource_id: str,
        *,
        cloud: CommunicationCloudEnvironment | str = CommunicationCloudEnvironment.PUBLIC,
        raw_id: str | None = None,
    ) -> None:
        """Args:
            user_id: The Teams user's Entra ID object id.
            tenant_id: The user's Entra ID tenant id.
            resource_id: The Communication Services resource's immutable id.
            cloud: The cloud the identifier belongs to (`CommunicationCloudEnvironment` or its str value) [PUBLIC].
            raw_id: The raw id, when it is known (e.g. from the service); by default derived from the other arguments.

        Raises:
            TypeError: An argument of the wrong type.
            ValueError: An empty id or an unknown cloud.
        """
        _require_str("user_id", user_id)
        _require_str("tenant_id", tenant_id)
        _require_str("resource_id", resource_id)
        cloud_env = _to_cloud(cloud)
        explicit = _optional_raw_id(raw_id)
        derived = self._format(user_id, tenant_id, resource_id, cloud_env)
        self._init(
            explicit if explicit is not None else derived,
            _user_id=user_id,
            _tenant_id=tenant_id,
            _resource_id=resource_id,
            _cloud=cloud_env,
        )

    @staticmethod
    def _format(user_id: str, tenant_id: str, resource_id: str, cloud: CommunicationCloudEnvironment) -> str:
        return f"{_ACS_PREFIX[cloud]}{resource_id}_{tenant_id}_{user_id}"

    @property
    def user_id(self) -> str:
        """The Teams user's Entra ID object id."""
        return self._user_id

    @property
    def tenant_id(self) -> str:
        """The user's Entra ID tenant id."""
        return self._tenant_id

    @property
    def resource_id(self) -> str:
        """The Communication Services resource's immutable id."""
        return self._resource_id

    @property
    def cloud(self) -> CommunicationCloudEnvironment:
        """The cloud the user belongs to."""
        return self._cloud

    @property
    def properties(self) -> TeamsExtensionUserProperties:
        """`user_id`, `tenant_id`, `resource_id` and `cloud`."""
        return {
            "user_id": self._user_id,
            "tenant_id": self._tenant_id,
            "resource_id": self._resource_id,
            "cloud": self._cloud,
        }

    def __repr__(self) -> str:
        return self._repr(
            self._user_id,
            self._tenant_id,
            self._resource_id,
            derived_raw_id=self._format(self._user_id, self._tenant_id, self._resource_id, self._cloud),
            **_cloud_repr(self._cloud),
        )


class UnknownIdentifier(_Identifier):
    """An identifier this version cannot classify; only its raw id is known."""

    __slots__ = ()
    kind: Literal[CommunicationIdentifierKind.UNKNOWN] = CommunicationIdentifierKind.UNKNOWN

    def __init__(self, identifier: str) -> None:
        """Args:
            identifier: The raw id this version cannot classify (it is kept as the raw id).

        Raises:
            TypeError: `identifier` is not a str.
            ValueError: `identifier` is empty.
        """
        self._init(_require_str("identifier", identifier))

    @property
    def properties(self) -> UnknownIdentifierProperties:
        """`identifier`: the raw id."""
        return {}

    def __repr__(self) -> str:
        return self._repr(self._raw_id, derived_raw_id=self._raw_id)


AnyCommunicationIdentifier: TypeAlias = (
    CommunicationUserIdentifier
    | PhoneNumberIdentifier
    | MicrosoftTeamsUserIdentifier
    | MicrosoftTeamsAppIdentifier
    | TeamsExtensionUserIdentifier
    | UnknownIdentifier
)
"""Every identifier class; what ``identifier_from_raw_id`` returns (narrow with isinstance or ``kind``)."""


def _acs_user(cloud: CommunicationCloudEnvironment) -> Callable[[str, str], AnyCommunicationIdentifier]:
    def parse(raw_id: str, suffix: str) -> AnyCommunicationIdentifier:
        # As the JS/.NET SDKs decide: exactly three "_"-separated parts after the prefix is a Teams
        # Extension user ({resource}_{tenant}_{user}); a plain ACS user id has a different shape.
        parts = suffix.split("_")
        if len(parts) == 3:
            resource_id, tenant_id, user_id = parts
            return TeamsExtensionUserIdentifier(user_id, tenant_id, resource_id, cloud=cloud)
        return CommunicationUserIdentifier(raw_id)

    return parse


def _teams_user(cloud: CommunicationCloudEnvironment) -> Callable[[str, str], AnyCommunicationIdentifier]:
    return lambda _raw_id, suffix: MicrosoftTeamsUserIdentifier(suffix, cloud=cloud)


def _teams_app(cloud: CommunicationCloudEnvironment) -> Callable[[str, str], AnyCommunicationIdentifier]:
    return lambda _raw_id, suffix: MicrosoftTeamsAppIdentifier(suffix, cloud=cloud)


_PARSERS: dict[str, Callable[[str, str], AnyCommunicationIdentifier]] = {
    _TEAMS_VISITOR_PREFIX: lambda _raw_id, suffix: MicrosoftTeamsUserIdentifier(suffix, is_anonymous=True),
    _SPOOL_PREFIX: lambda raw_id, _suffix: CommunicationUserIdentifier(raw_id),
    **{prefix: _teams_user(cloud) for cloud, prefix in _TEAMS_USER_PREFIX.items()},
    **{prefix: _teams_app(cloud) for cloud, prefix in _TEAMS_APP_PREFIX.items()},
    **{prefix: _acs_user(cloud) for cloud, prefix in _ACS_PREFIX.items()},
}


def identifier_from_raw_id(raw_id: str) -> AnyCommunicationIdentifier:
    """Restore the identifier a raw id encodes; anything unrecognised becomes an `UnknownIdentifier`.

    The result's `raw_id` is always exactly `raw_id`.

    Args:
        raw_id: A raw id, e.g. `8:acs:...`, `4:+14255550123`, `8:orgid:...`, `28:orgid:...`.

    Returns:
        The identifier of the matching kind.

    Raises:
        TypeError: `raw_id` is not a str.
    """
    if not isinstance(raw_id, str):
        raise TypeError(f"raw_id must be a str, not {type(raw_id).__name__}")
    if raw_id.startswith(_PHONE_PREFIX):
        return PhoneNumberIdentifier(raw_id[len(_PHONE_PREFIX) :])
    # The prefix is the first two ":"-terminated segments; further colons belong to the suffix
    # (as in the official Python SDK, which splits with maxsplit=2).
    first, _, rest = raw_id.partition(":")
    second, sep, suffix = rest.partition(":")
    parse = _PARSERS.get(f"{first}:{second}:") if sep else None
    if parse is None:
        return UnknownIdentifier(raw_id)
    return parse(raw_id, suffix)
