"""The api-versions of the Identity API this client speaks, at the path of Microsoft's ``_api_versions.py``.

`ApiVersion` is generated from spec/capabilities.json (see `_capabilities`); the default is the record's,
the newest stable version, never a preview.
"""

from __future__ import annotations

from ._capabilities import DEFAULT_API_VERSION, ApiVersion

__all__ = ["DEFAULT_API_VERSION", "DEFAULT_VERSION", "ApiVersion"]

DEFAULT_VERSION = DEFAULT_API_VERSION
"""Microsoft's name for the default."""
