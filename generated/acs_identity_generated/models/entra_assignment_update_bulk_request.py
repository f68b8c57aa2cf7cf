from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.entra_assignment_create_or_update_request import (
        EntraAssignmentCreateOrUpdateRequest,
    )


T = TypeVar("T", bound="EntraAssignmentUpdateBulkRequest")


@_attrs_define
class EntraAssignmentUpdateBulkRequest:
    """A JSON merge patch of assignments: object id -> the assignment to create or replace, or null to remove it."""

    additional_properties: dict[str, EntraAssignmentCreateOrUpdateRequest | None] = (
        _attrs_field(init=False, factory=dict)
    )

    def to_dict(self) -> dict[str, Any]:
        from ..models.entra_assignment_create_or_update_request import (
            EntraAssignmentCreateOrUpdateRequest,  # noqa: PLC0415
        )

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            if isinstance(prop, EntraAssignmentCreateOrUpdateRequest):
                field_dict[prop_name] = prop.to_dict()
            else:
                field_dict[prop_name] = prop

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.entra_assignment_create_or_update_request import (
            EntraAssignmentCreateOrUpdateRequest,  # noqa: PLC0415
        )

        d = dict(src_dict)
        entra_assignment_update_bulk_request = cls()

        additional_properties = {}
        for prop_name, prop_dict in d.items():

            def _parse_additional_property(
                data: object,
            ) -> EntraAssignmentCreateOrUpdateRequest | None:
                if data is None:
                    return data
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    additional_property_type_1 = (
                        EntraAssignmentCreateOrUpdateRequest.from_dict(data)
                    )

                    return additional_property_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                return cast(EntraAssignmentCreateOrUpdateRequest | None, data)

            additional_property = _parse_additional_property(prop_dict)

            additional_properties[prop_name] = additional_property

        entra_assignment_update_bulk_request.additional_properties = (
            additional_properties
        )
        return entra_assignment_update_bulk_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> EntraAssignmentCreateOrUpdateRequest | None:
        return self.additional_properties[key]

    def __setitem__(
        self, key: str, value: EntraAssignmentCreateOrUpdateRequest | None
    ) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
