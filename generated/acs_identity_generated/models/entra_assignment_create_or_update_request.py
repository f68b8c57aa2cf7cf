from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.entra_principal_type import EntraPrincipalType

T = TypeVar("T", bound="EntraAssignmentCreateOrUpdateRequest")


@_attrs_define
class EntraAssignmentCreateOrUpdateRequest:
    """Request to create or replace an Entra ID access assignment.

    Attributes:
        tenant_id (str):
        principal_type (EntraPrincipalType | str): A known Entra ID principal type, or one this client does not know
            yet.
        client_ids (list[str]): Entra ID client ids allowed to exchange tokens for this principal.
    """

    tenant_id: str
    principal_type: EntraPrincipalType | str
    client_ids: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tenant_id = self.tenant_id

        principal_type: str
        if isinstance(self.principal_type, EntraPrincipalType):
            principal_type = self.principal_type.value
        else:
            principal_type = self.principal_type

        client_ids = self.client_ids

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "tenantId": tenant_id,
                "principalType": principal_type,
                "clientIds": client_ids,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tenant_id = d.pop("tenantId")

        def _parse_principal_type(data: object) -> EntraPrincipalType | str:
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_entra_principal_type_or_string_type_0 = (
                    EntraPrincipalType(data)
                )

                return componentsschemas_entra_principal_type_or_string_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EntraPrincipalType | str, data)

        principal_type = _parse_principal_type(d.pop("principalType"))

        client_ids = cast(list[str], d.pop("clientIds"))

        entra_assignment_create_or_update_request = cls(
            tenant_id=tenant_id,
            principal_type=principal_type,
            client_ids=client_ids,
        )

        entra_assignment_create_or_update_request.additional_properties = d
        return entra_assignment_create_or_update_request

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
