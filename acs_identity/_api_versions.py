"""The api-versions of the Identity API this client speaks, at the path of Microsoft's ``_api_versions.py``."""

from __future__ import annotations

from enum import StrEnum

from ._enums import CaseInsensitiveEnumMeta

__all__ = ["DEFAULT_API_VERSION", "DEFAULT_VERSION", "ApiVersion"]


class ApiVersion(StrEnum, metaclass=CaseInsensitiveEnumMeta):
    """The api-versions of the Identity API this client speaks, oldest first; the default is the newest
    stable one. ``V2025_03_02_PREVIEW`` is a preview: Azure may change or withdraw it, and it is never
    the default (it alone has custom ids, get-user and Entra ID assignments)."""

    V2021_03_07 = "2021-03-07"
    V2022_06_01 = "2022-06-01"
    V2022_10_01 = "2022-10-01"
    V2023_08_01 = "2023-08-01"
    V2023_10_01 = "2023-10-01"
    V2025_03_02_PREVIEW = "2025-03-02-preview"
    """A preview api-version (custom ids, get-user, Entra ID token exchange and assignments)."""
    V2025_06_30 = "2025-06-30"
    V2026_09_23 = "2026-09-23"


DEFAULT_API_VERSION = ApiVersion.V2026_09_23

DEFAULT_VERSION = DEFAULT_API_VERSION
"""Microsoft's name for the default."""
