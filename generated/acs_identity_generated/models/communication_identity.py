from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="CommunicationIdentity")


@_attrs_define
class CommunicationIdentity:
    """A communication identity.

    Attributes:
        id (str): Identifier of the identity.
        custom_id (str | Unset): The custom id mapped to the identity, if any (2025-03-02-preview).
        last_token_issued_at (datetime.datetime | Unset): When a token was last issued for the identity
            (2025-03-02-preview).
    """

    id: str
    custom_id: str | Unset = UNSET
    last_token_issued_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        custom_id = self.custom_id

        last_token_issued_at: str | Unset = UNSET
        if not isinstance(self.last_token_issued_at, Unset):
            last_token_issued_at = self.last_token_issued_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if custom_id is not UNSET:
            field_dict["customId"] = custom_id
        if last_token_issued_at is not UNSET:
            field_dict["lastTokenIssuedAt"] = last_token_issued_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        custom_id = d.pop("customId", UNSET)

        _last_token_issued_at = d.pop("lastTokenIssuedAt", UNSET)
        last_token_issued_at: datetime.datetime | Unset
        if isinstance(_last_token_issued_at, Unset):
            last_token_issued_at = UNSET
        else:
            last_token_issued_at = datetime.datetime.fromisoformat(
                _last_token_issued_at
            )

        communication_identity = cls(
            id=id,
            custom_id=custom_id,
            last_token_issued_at=last_token_issued_at,
        )

        communication_identity.additional_properties = d
        return communication_identity

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
