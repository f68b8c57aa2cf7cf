"""The memory and SQLite stores behave the same."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from acs_identity.emulator._store import Assignment, MemoryStore, SqliteStore, Store


@pytest.fixture(params=["memory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    made: Store = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "s.db")
    yield made
    made.close()


def test_identity_lifecycle(store: Store) -> None:
    assert store.get_identity("a") is None
    store.add_identity("a", 10.0)
    store.add_identity("a", 20.0)  # a second add keeps the first record
    record = store.get_identity("a")
    assert record is not None and (record.created_at, record.revoked_at) == (10.0, None)
    assert store.revoke("a", 15.5)
    record = store.get_identity("a")
    assert record is not None and record.revoked_at == 15.5
    assert store.delete_identity("a", 16.0)
    assert store.get_identity("a") is None
    assert not store.delete_identity("a", 17.0)
    assert not store.revoke("a", 17.0)
    store.add_identity("a", 30.0)  # back again: tokens from before the deletion stay revoked
    record = store.get_identity("a")
    assert record is not None and (record.created_at, record.revoked_at) == (30.0, 16.0)


def test_meta_first_writer_wins(store: Store) -> None:
    store.set_meta("k", "one")
    store.set_meta("k", "two")
    assert store.get_meta("k") == "one"
    assert store.get_meta("missing") is None


def test_assignments(store: Store) -> None:
    first = Assignment("t", "o", "user", ("c1", "c2"))
    assert store.put_assignment(first)
    assert store.get_assignment("t", "o") == first
    second = Assignment("t", "o", "resourceAccount", None)
    assert not store.put_assignment(second)
    assert store.get_assignment("t", "o") == second
    assert store.delete_assignment("t", "o")
    assert not store.delete_assignment("t", "o")
    assert store.get_assignment("t", "o") is None
