"""The identifier example that both type checkers read also runs."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import example_identifiers


def test_every_kind_is_described() -> None:
    lines = example_identifiers.every_kind()
    assert lines[0] == "communication_user: 8:acs:resource_user"
    assert lines[1] == "phone_number: 4:+14255550123"
    assert len(lines) == 7


def test_narrowing_by_kind() -> None:
    assert example_identifiers.user_id_or_none("8:acs:resource_user") == "8:acs:resource_user"
    assert example_identifiers.user_id_or_none("4:+14255550123") is None
