"""Where the emulator keeps identities, revocations, assignments and its own keys: memory or SQLite."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True, slots=True)
class IdentityRecord:
    id: str
    created_at: float
    # When tokens were last revoked (epoch seconds), for tokens from before revocations were counted.
    revoked_at: float | None = None
    # Revocations so far (a deletion counts as one): a token carries the count at its issue and stays valid
    # while it is current, so revocation is exact to the request whatever the clock says.
    revocations: int = 0


@dataclass(frozen=True, slots=True)
class Assignment:
    tenant_id: str
    object_id: str
    principal_type: str
    client_ids: tuple[str, ...] | None = None


class Store(Protocol):
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def add_identity(self, identity_id: str, created_at: float) -> None:
        """Create the identity; a deleted one comes back with its earlier tokens revoked."""

    def get_identity(self, identity_id: str) -> IdentityRecord | None:
        """The identity, or None when it does not exist or was deleted."""

    def delete_identity(self, identity_id: str, at: float) -> bool: ...
    def revoke(self, identity_id: str, at: float) -> bool: ...
    def get_assignment(self, tenant_id: str, object_id: str) -> Assignment | None: ...
    def put_assignment(self, assignment: Assignment) -> bool: ...
    def delete_assignment(self, tenant_id: str, object_id: str) -> bool: ...
    def reset(self) -> None:
        """Forget every identity and assignment (keys and resource id stay)."""

    def close(self) -> None: ...


class MemoryStore:
    """The default: everything is gone when the emulator stops. Dict operations are atomic under the GIL."""

    def __init__(self) -> None:
        self._meta: dict[str, str] = {}
        self._identities: dict[str, IdentityRecord] = {}
        # Deleted identities -> deletion time: only a Teams Phone Extension identity can come back (with
        # its next exchange), and the tokens from before its deletion must stay invalid.
        self._deleted: dict[str, tuple[float, int]] = {}
        self._assignments: dict[tuple[str, str], Assignment] = {}

    def get_meta(self, key: str) -> str | None:
        return self._meta.get(key)

    def set_meta(self, key: str, value: str) -> None:
        self._meta.setdefault(key, value)

    def add_identity(self, identity_id: str, created_at: float) -> None:
        if identity_id in self._identities:
            return
        deleted = self._deleted.pop(identity_id, None)
        if deleted is None:
            self._identities[identity_id] = IdentityRecord(identity_id, created_at)
        else:
            self._identities[identity_id] = IdentityRecord(identity_id, created_at, *deleted)

    def get_identity(self, identity_id: str) -> IdentityRecord | None:
        return self._identities.get(identity_id)

    def delete_identity(self, identity_id: str, at: float) -> bool:
        record = self._identities.pop(identity_id, None)
        if record is None:
            return False
        self._deleted[identity_id] = (at, record.revocations + 1)
        return True

    def revoke(self, identity_id: str, at: float) -> bool:
        record = self._identities.get(identity_id)
        if record is None:
            return False
        self._identities[identity_id] = IdentityRecord(
            identity_id, record.created_at, at, record.revocations + 1
        )
        return True

    def get_assignment(self, tenant_id: str, object_id: str) -> Assignment | None:
        return self._assignments.get((tenant_id, object_id))

    def put_assignment(self, assignment: Assignment) -> bool:
        key = (assignment.tenant_id, assignment.object_id)
        created = key not in self._assignments
        self._assignments[key] = assignment
        return created

    def delete_assignment(self, tenant_id: str, object_id: str) -> bool:
        return self._assignments.pop((tenant_id, object_id), None) is not None

    def reset(self) -> None:
        self._identities.clear()
        self._deleted.clear()
        self._assignments.clear()

    def close(self) -> None:
        pass


_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identities (
    id TEXT PRIMARY KEY, created_at REAL NOT NULL, revoked_at REAL, deleted_at REAL,
    revocations INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS assignments (
    tenant_id TEXT NOT NULL, object_id TEXT NOT NULL, principal_type TEXT NOT NULL, client_ids TEXT,
    PRIMARY KEY (tenant_id, object_id));
"""


class SqliteStore:
    """A SQLite file (WAL) that survives restarts. One connection behind a lock: requests are short, and
    the lock makes it safe whichever thread the server runs in. Several processes may share the file."""

    def __init__(self, path: str | Path) -> None:
        self._lock = threading.Lock()
        self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(identities)")}
        if "revocations" not in columns:  # a file written before revocations were counted
            with contextlib.suppress(sqlite3.OperationalError):  # another worker added it first
                self._db.execute("ALTER TABLE identities ADD COLUMN revocations INTEGER NOT NULL DEFAULT 0")

    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        # First writer wins, so concurrent workers starting on one file agree on keys and resource id.
        with self._lock:
            self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def add_identity(self, identity_id: str, created_at: float) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO identities (id, created_at) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET"
                " created_at = excluded.created_at, revoked_at = deleted_at, deleted_at = NULL"
                " WHERE deleted_at IS NOT NULL",
                (identity_id, created_at),
            )

    def get_identity(self, identity_id: str) -> IdentityRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT created_at, revoked_at, revocations FROM identities WHERE id = ? AND deleted_at IS NULL",
                (identity_id,),
            ).fetchone()
        return None if row is None else IdentityRecord(identity_id, row[0], row[1], row[2])

    def delete_identity(self, identity_id: str, at: float) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "UPDATE identities SET deleted_at = ?, revocations = revocations + 1"
                " WHERE id = ? AND deleted_at IS NULL",
                (at, identity_id),
            )
            return cursor.rowcount > 0

    def revoke(self, identity_id: str, at: float) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "UPDATE identities SET revoked_at = ?, revocations = revocations + 1"
                " WHERE id = ? AND deleted_at IS NULL",
                (at, identity_id),
            )
            return cursor.rowcount > 0

    def get_assignment(self, tenant_id: str, object_id: str) -> Assignment | None:
        with self._lock:
            row = self._db.execute(
                "SELECT principal_type, client_ids FROM assignments WHERE tenant_id = ? AND object_id = ?",
                (tenant_id, object_id),
            ).fetchone()
        if row is None:
            return None
        client_ids = None if row[1] is None else tuple(json.loads(row[1]))
        return Assignment(tenant_id, object_id, row[0], client_ids)

    def put_assignment(self, assignment: Assignment) -> bool:
        client_ids = None if assignment.client_ids is None else json.dumps(list(assignment.client_ids))
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                exists = self._db.execute(
                    "SELECT 1 FROM assignments WHERE tenant_id = ? AND object_id = ?",
                    (assignment.tenant_id, assignment.object_id),
                ).fetchone()
                self._db.execute(
                    "INSERT OR REPLACE INTO assignments (tenant_id, object_id, principal_type, client_ids)"
                    " VALUES (?, ?, ?, ?)",
                    (assignment.tenant_id, assignment.object_id, assignment.principal_type, client_ids),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return exists is None

    def delete_assignment(self, tenant_id: str, object_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute(
                "DELETE FROM assignments WHERE tenant_id = ? AND object_id = ?", (tenant_id, object_id)
            )
            return cursor.rowcount > 0

    def reset(self) -> None:
        with self._lock:
            self._db.execute("DELETE FROM identities")
            self._db.execute("DELETE FROM assignments")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def open_store(data_path: str | Path | None) -> Store:
    return MemoryStore() if data_path is None else SqliteStore(data_path)
