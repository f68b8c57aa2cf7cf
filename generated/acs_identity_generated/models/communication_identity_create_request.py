from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.communication_identity_token_scope import CommunicationIdentityTokenScope
from ..types import UNSET, Unset

T = TypeVar("T", bound="CommunicationIdentityCreateRequest")


@_attrs_define
class CommunicationIdentityCreateRequest:
    """Request to create a new identity with an optional access token.

    Attributes:
        custom_id (str | Unset): Your own id for the identity, at most 256 characters (2025-03-02-preview); creating
            again with the same customId returns the same identity.
        create_token_with_scopes (list[CommunicationIdentityTokenScope | str] | Unset): Also issue an access token with
            these scopes for the new identity.
        expires_in_minutes (int | Unset): Validity of the token in minutes, 60 to 1440; the service uses 1440 when
            absent.
    """

    custom_id: str | Unset = UNSET
    create_token_with_scopes: list[CommunicationIdentityTokenScope | str] | Unset = (
        UNSET
    )
    expires_in_minutes: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        custom_id = self.custom_id

        create_token_with_scopes: list[str] | Unset = UNSET
        if not isinstance(self.create_token_with_scopes, Unset):
            create_token_with_scopes = []
            for create_token_with_scopes_item_data in self.create_token_with_scopes:
                create_token_with_scopes_item: str
                if isinstance(
                    create_token_with_scopes_item_data, CommunicationIdentityTokenScope
                ):
                    create_token_with_scopes_item = (
                        create_token_with_scopes_item_data.value
                    )
                else:
                    create_token_with_scopes_item = create_token_with_scopes_item_data
                create_token_with_scopes.append(create_token_with_scopes_item)

        expires_in_minutes = self.expires_in_minutes

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if custom_id is not UNSET:
            field_dict["customId"] = custom_id
        if create_token_with_scopes is not UNSET:
            field_dict["createTokenWithScopes"] = create_token_with_scopes
        if expires_in_minutes is not UNSET:
            field_dict["expiresInMinutes"] = expires_in_minutes

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        custom_id = d.pop("customId", UNSET)

        _create_token_with_scopes = d.pop("createTokenWithScopes", UNSET)
        create_token_with_scopes: (
            list[CommunicationIdentityTokenScope | str] | Unset
        ) = UNSET
        if _create_token_with_scopes is not UNSET:
            create_token_with_scopes = []
            for create_token_with_scopes_item_data in _create_token_with_scopes:

                def _parse_create_token_with_scopes_item(
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

                create_token_with_scopes_item = _parse_create_token_with_scopes_item(
                    create_token_with_scopes_item_data
                )

                create_token_with_scopes.append(create_token_with_scopes_item)

        expires_in_minutes = d.pop("expiresInMinutes", UNSET)

        communication_identity_create_request = cls(
            custom_id=custom_id,
            create_token_with_scopes=create_token_with_scopes,
            expires_in_minutes=expires_in_minutes,
        )

        communication_identity_create_request.additional_properties = d
        return communication_identity_create_request

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
