from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.communication_identity_token_scope import CommunicationIdentityTokenScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommunicationIdentityAccessTokenRequest")


@_attrs_define
class CommunicationIdentityAccessTokenRequest:
    """Request to issue a new access token for an identity.

    Attributes:
        scopes (list[CommunicationIdentityTokenScope | str]): Scopes of the token.
        expires_in_minutes (int | Unset): Validity of the token in minutes, 60 to 1440; the service uses 1440 when
            absent.
    """

    scopes: list[CommunicationIdentityTokenScope | str]
    expires_in_minutes: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        scopes = []
        for scopes_item_data in self.scopes:
            scopes_item: str
            if isinstance(scopes_item_data, CommunicationIdentityTokenScope):
                scopes_item = scopes_item_data.value
            else:
                scopes_item = scopes_item_data
            scopes.append(scopes_item)

        expires_in_minutes = self.expires_in_minutes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "scopes": scopes,
            }
        )
        if expires_in_minutes is not UNSET:
            field_dict["expiresInMinutes"] = expires_in_minutes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        scopes = []
        _scopes = d.pop("scopes")
        for scopes_item_data in _scopes:

            def _parse_scopes_item(
                data: object,
            ) -> CommunicationIdentityTokenScope | str:
                try:
                    if not isinstance(data, str):
                        raise TypeError()
                    componentsschemas_token_scope_type_0 = (
                        CommunicationIdentityTokenScope(data)
                    )

                    return componentsschemas_token_scope_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(CommunicationIdentityTokenScope | str, data)

            scopes_item = _parse_scopes_item(scopes_item_data)

            scopes.append(scopes_item)

        expires_in_minutes = d.pop("expiresInMinutes", UNSET)

        communication_identity_access_token_request = cls(
            scopes=scopes,
            expires_in_minutes=expires_in_minutes,
        )

        communication_identity_access_token_request.additional_properties = d
        return communication_identity_access_token_request

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
