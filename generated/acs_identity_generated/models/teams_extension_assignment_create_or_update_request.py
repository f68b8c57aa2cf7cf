from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.teams_extension_principal_type import TeamsExtensionPrincipalType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TeamsExtensionAssignmentCreateOrUpdateRequest")


@_attrs_define
class TeamsExtensionAssignmentCreateOrUpdateRequest:
    """Request to create or replace a Teams Phone Extension assignment.

    Attributes:
        principal_type (str | TeamsExtensionPrincipalType): A known principal type, or one this client does not know
            yet.
        client_ids (list[str] | Unset): Entra ID client ids allowed to exchange tokens for this principal.
    """

    principal_type: str | TeamsExtensionPrincipalType
    client_ids: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        principal_type: str
        if isinstance(self.principal_type, TeamsExtensionPrincipalType):
            principal_type = self.principal_type.value
        else:
            principal_type = self.principal_type

        client_ids: list[str] | Unset = UNSET
        if not isinstance(self.client_ids, Unset):
            client_ids = self.client_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "principalType": principal_type,
            }
        )
        if client_ids is not UNSET:
            field_dict["clientIds"] = client_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_principal_type(data: object) -> str | TeamsExtensionPrincipalType:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_principal_type_type_0 = TeamsExtensionPrincipalType(
                    data
                )

                return componentsschemas_principal_type_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(str | TeamsExtensionPrincipalType, data)

        principal_type = _parse_principal_type(d.pop("principalType"))

        client_ids = cast(list[str], d.pop("clientIds", UNSET))

        teams_extension_assignment_create_or_update_request = cls(
            principal_type=principal_type,
            client_ids=client_ids,
        )

        teams_extension_assignment_create_or_update_request.additional_properties = d
        return teams_extension_assignment_create_or_update_request

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
