"""The memory and SQLite stores behave the same."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from acs_identity.emulator._store import Assignment, EntraAssignment, MemoryStore, SqliteStore, Store


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


def test_custom_ids(store: Store) -> None:
    first = store.create_identity("a", 1.0, "mine")
    assert (first.id, first.custom_id) == ("a", "mine")
    again = store.create_identity("b", 2.0, "mine")
    assert again.id == "a" and store.get_identity("b") is None
    assert store.create_identity("c", 3.0, None).custom_id is None
    assert store.count_identities() == 2
    assert store.delete_identity("a", 4.0)
    assert store.create_identity("d", 5.0, "mine").id == "d"  # a deleted identity frees its custom id


def test_last_token_issued_at(store: Store) -> None:
    store.create_identity("a", 1.0, None)
    assert store.last_token_issued("a") is None
    store.token_issued("a", 5.0)
    assert store.last_token_issued("a") == 5.0
    store.token_issued("a", 6.0)
    assert store.last_token_issued("a") == 6.0
    assert store.last_token_issued("missing") is None


def test_entra_assignments(store: Store) -> None:
    a = EntraAssignment("a", "t", "user", ("c",))
    assert store.put_entra_assignment(a)
    assert not store.put_entra_assignment(a)
    assert store.get_entra_assignment("a") == a
    b, c = EntraAssignment("b", "t", "group", ()), EntraAssignment("c", "t", "tenant", ("x", "y"))
    store.update_entra_assignments({"b": b, "c": c, "a": None, "missing": None})
    assert store.list_entra_assignments(None, 10) == [b, c]
    assert store.list_entra_assignments(None, 1) == [b]
    assert store.list_entra_assignments("b", 10) == [c]
    assert store.delete_entra_assignment("b") and not store.delete_entra_assignment("b")
    store.reset()
    assert store.list_entra_assignments(None, 10) == []


def test_one_identity_per_custom_id_across_connections(tmp_path: Path) -> None:
    """Threads each with their own connection to one file, as worker processes have, race one custom id."""
    path = tmp_path / "shared.db"
    SqliteStore(path).close()
    barrier = threading.Barrier(12)
    held: list[str] = []

    def create(n: int) -> None:
        store = SqliteStore(path)
        try:
            barrier.wait()
            held.append(store.create_identity(f"id-{n}", float(n), "contested").id)
        finally:
            store.close()

    threads = [threading.Thread(target=create, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(held) == 12 and len(set(held)) == 1
    store = SqliteStore(path)
    assert store.count_identities() == 1
    store.close()


def test_last_token_issued_at_is_written_on_close(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    store = SqliteStore(path)
    store.create_identity("a", 1.0, None)
    store.token_issued("a", 7.5)
    store.close()
    reopened = SqliteStore(path)
    assert reopened.last_token_issued("a") == 7.5
    reopened.close()


def test_a_file_from_before_custom_ids_gains_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE identities (id TEXT PRIMARY KEY, created_at REAL NOT NULL, revoked_at REAL,"
        " deleted_at REAL); INSERT INTO identities (id, created_at) VALUES ('old', 1.0);"
    )
    db.commit()
    db.close()
    store = SqliteStore(path)
    record = store.get_identity("old")
    assert record is not None and (record.revocations, record.custom_id) == (0, None)
    assert store.create_identity("new", 2.0, "c").custom_id == "c"
    store.close()
