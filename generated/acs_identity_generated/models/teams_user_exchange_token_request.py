from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TeamsUserExchangeTokenRequest")


@_attrs_define
class TeamsUserExchangeTokenRequest:
    """Request to exchange the Entra ID access token of a Teams user.

    Attributes:
        token (str): Entra ID access token of a Teams user.
        app_id (str): Client ID of the Entra ID application, checked against the token's appid claim.
        user_id (str): Object ID of the Entra ID user, checked against the token's oid claim.
    """

    token: str
    app_id: str
    user_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        token = self.token

        app_id = self.app_id

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "token": token,
                "appId": app_id,
                "userId": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        token = d.pop("token")

        app_id = d.pop("appId")

        user_id = d.pop("userId")

        teams_user_exchange_token_request = cls(
            token=token,
            app_id=app_id,
            user_id=user_id,
        )

        teams_user_exchange_token_request.additional_properties = d
        return teams_user_exchange_token_request

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
