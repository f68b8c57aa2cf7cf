from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.communication_identity import CommunicationIdentity
    from ..models.communication_identity_access_token import (
        CommunicationIdentityAccessToken,
    )


T = TypeVar("T", bound="CommunicationIdentityAccessTokenResult")


@_attrs_define
class CommunicationIdentityAccessTokenResult:
    """A communication identity with, optionally, an access token.

    Attributes:
        identity (CommunicationIdentity): A communication identity.
        access_token (CommunicationIdentityAccessToken | Unset): An access token.
    """

    identity: CommunicationIdentity
    access_token: CommunicationIdentityAccessToken | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        identity = self.identity.to_dict()

        access_token: dict[str, Any] | Unset = UNSET
        if not isinstance(self.access_token, Unset):
            access_token = self.access_token.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "identity": identity,
            }
        )
        if access_token is not UNSET:
            field_dict["accessToken"] = access_token

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.communication_identity import (
            CommunicationIdentity,  # noqa: PLC0415
        )
        from ..models.communication_identity_access_token import (
            CommunicationIdentityAccessToken,  # noqa: PLC0415
        )

        d = dict(src_dict)
        identity = CommunicationIdentity.from_dict(d.pop("identity"))

        _access_token = d.pop("accessToken", UNSET)
        access_token: CommunicationIdentityAccessToken | Unset
        if isinstance(_access_token, Unset):
            access_token = UNSET
        else:
            access_token = CommunicationIdentityAccessToken.from_dict(_access_token)

        communication_identity_access_token_result = cls(
            identity=identity,
            access_token=access_token,
        )

        communication_identity_access_token_result.additional_properties = d
        return communication_identity_access_token_result

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
