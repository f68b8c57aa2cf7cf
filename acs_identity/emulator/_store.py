"""Where the emulator keeps identities, revocations, assignments, repeatable requests and its own keys:
memory or SQLite."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections.abc import Generator, Mapping
from dataclasses import dataclass, replace
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
    # The caller's own id for the identity (api-version 2025-03-02-preview): one identity per custom id.
    custom_id: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """A Teams Phone Extension assignment, keyed by tenant and object id."""

    tenant_id: str
    object_id: str
    principal_type: str
    client_ids: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class EntraAssignment:
    """An Entra ID access assignment of the resource, keyed by object id (a user, group or tenant)."""

    object_id: str
    tenant_id: str
    principal_type: str
    client_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RepeatableRecord:
    """A repeatable request seen within the window: its fingerprint and, once answered, the answer."""

    request_id: str
    fingerprint: str
    first_sent: float
    status: int | None = None  # None: still being executed
    body: str | None = None  # the answer's JSON


# Write-behind of lastTokenIssuedAt, so issuing a token costs no SQLite commit (measured: ~30 us a commit,
# ~3 us a row batched): a background thread writes what is pending every FLUSH_SECONDS (what another worker
# process on the file may lag by), sooner once this many are pending, and everything on close.
_FLUSH_PENDING = 1024
FLUSH_SECONDS = 0.2


class Store(Protocol):
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def add_identity(self, identity_id: str, created_at: float) -> None:
        """Create the identity; a deleted one comes back with its earlier tokens revoked."""

    def create_identity(self, identity_id: str, created_at: float, custom_id: str | None) -> IdentityRecord:
        """Create `identity_id`, or with a custom id that a live identity holds already, return that one:
        atomic, so concurrent creates with one custom id all get the same identity."""
        ...

    def get_identity(self, identity_id: str) -> IdentityRecord | None:
        """The identity, or None when it does not exist or was deleted."""
        ...

    def count_identities(self) -> int:
        """Live (not deleted) identities."""
        ...

    def token_issued(self, identity_id: str, at: float) -> None:
        """Record that a token was issued (lastTokenIssuedAt); cheap: a persistent store writes it behind."""

    def last_token_issued(self, identity_id: str) -> float | None:
        """When a token was last issued for the identity (epoch seconds), if ever. Apart from get_identity,
        which the token path reads, so that it stays a plain lookup."""
        ...

    def delete_identity(self, identity_id: str, at: float) -> bool: ...
    def revoke(self, identity_id: str, at: float) -> bool: ...
    def get_assignment(self, tenant_id: str, object_id: str) -> Assignment | None: ...
    def put_assignment(self, assignment: Assignment) -> bool: ...
    def delete_assignment(self, tenant_id: str, object_id: str) -> bool: ...
    def get_entra_assignment(self, object_id: str) -> EntraAssignment | None: ...
    def put_entra_assignment(self, assignment: EntraAssignment) -> bool:
        """Create or replace; True when it was created."""
        ...

    def delete_entra_assignment(self, object_id: str) -> bool: ...
    def update_entra_assignments(self, changes: Mapping[str, EntraAssignment | None]) -> None:
        """Put or (None) delete several at once, all or nothing."""

    def list_entra_assignments(self, after: str | None, limit: int) -> list[EntraAssignment]:
        """Up to `limit` assignments ordered by object id, from the first after `after`."""
        ...

    def claim_repeatable(self, record: RepeatableRecord, horizon: float) -> RepeatableRecord | None:
        """None after recording `record` (unanswered) as new; else the record already held for its
        request id. Records first sent before `horizon` are forgotten first."""
        ...

    def answer_repeatable(self, request_id: str, status: int, body: str) -> None: ...
    def forget_repeatable(self, request_id: str) -> None: ...
    def reset(self) -> None:
        """Forget every identity, assignment and repeatable request (keys and resource id stay)."""

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
        self._custom_ids: dict[str, str] = {}  # custom id -> identity id, for live identities
        self._last_issued: dict[str, float] = {}
        self._entra: dict[str, EntraAssignment] = {}
        self._repeatable: dict[str, RepeatableRecord] = {}
        # Check-then-act steps (custom ids, repeatable requests) must not interleave across threads.
        self._lock = threading.Lock()

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

    def create_identity(self, identity_id: str, created_at: float, custom_id: str | None) -> IdentityRecord:
        with self._lock:
            if custom_id is not None:
                held = self._custom_ids.get(custom_id)
                if held is not None:
                    return self._identities[held]
                self._custom_ids[custom_id] = identity_id
            record = self._identities[identity_id] = IdentityRecord(
                identity_id, created_at, custom_id=custom_id
            )
            return record

    def get_identity(self, identity_id: str) -> IdentityRecord | None:
        return self._identities.get(identity_id)

    def last_token_issued(self, identity_id: str) -> float | None:
        return self._last_issued.get(identity_id) if identity_id in self._identities else None

    def count_identities(self) -> int:
        return len(self._identities)

    def token_issued(self, identity_id: str, at: float) -> None:
        self._last_issued[identity_id] = at

    def delete_identity(self, identity_id: str, at: float) -> bool:
        with self._lock:
            record = self._identities.pop(identity_id, None)
            if record is None:
                return False
            if record.custom_id is not None:
                self._custom_ids.pop(record.custom_id, None)
            self._last_issued.pop(identity_id, None)
            self._deleted[identity_id] = (at, record.revocations + 1)
            return True

    def revoke(self, identity_id: str, at: float) -> bool:
        record = self._identities.get(identity_id)
        if record is None:
            return False
        self._identities[identity_id] = replace(record, revoked_at=at, revocations=record.revocations + 1)
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

    def get_entra_assignment(self, object_id: str) -> EntraAssignment | None:
        return self._entra.get(object_id)

    def put_entra_assignment(self, assignment: EntraAssignment) -> bool:
        created = assignment.object_id not in self._entra
        self._entra[assignment.object_id] = assignment
        return created

    def delete_entra_assignment(self, object_id: str) -> bool:
        return self._entra.pop(object_id, None) is not None

    def update_entra_assignments(self, changes: Mapping[str, EntraAssignment | None]) -> None:
        with self._lock:
            for object_id, assignment in changes.items():
                if assignment is None:
                    self._entra.pop(object_id, None)
                else:
                    self._entra[object_id] = assignment

    def list_entra_assignments(self, after: str | None, limit: int) -> list[EntraAssignment]:
        keys = sorted(k for k in self._entra if after is None or k > after)[:limit]
        return [self._entra[k] for k in keys]

    def claim_repeatable(self, record: RepeatableRecord, horizon: float) -> RepeatableRecord | None:
        with self._lock:
            for request_id in [k for k, v in self._repeatable.items() if v.first_sent < horizon]:
                del self._repeatable[request_id]
            held = self._repeatable.get(record.request_id)
            if held is None:
                self._repeatable[record.request_id] = record
            return held

    def answer_repeatable(self, request_id: str, status: int, body: str) -> None:
        with self._lock:
            held = self._repeatable.get(request_id)
            if held is not None:
                self._repeatable[request_id] = replace(held, status=status, body=body)

    def forget_repeatable(self, request_id: str) -> None:
        with self._lock:
            self._repeatable.pop(request_id, None)

    def reset(self) -> None:
        with self._lock:
            self._identities.clear()
            self._deleted.clear()
            self._assignments.clear()
            self._custom_ids.clear()
            self._last_issued.clear()
            self._entra.clear()
            self._repeatable.clear()

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
CREATE TABLE IF NOT EXISTS entra_assignments (
    object_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, principal_type TEXT NOT NULL,
    client_ids TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS repeatable_requests (
    request_id TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, first_sent REAL NOT NULL, status INTEGER,
    body TEXT);
"""
# Columns added since the first files were written: (name, declaration).
_IDENTITY_COLUMNS = (
    ("revocations", "INTEGER NOT NULL DEFAULT 0"),
    ("custom_id", "TEXT"),
    ("last_token_issued_at", "REAL"),
)
# One live identity per custom id, enforced by SQLite itself, so no race (threads or processes) makes two.
_CUSTOM_ID_INDEX = (
    "CREATE UNIQUE INDEX IF NOT EXISTS identities_custom_id ON identities (custom_id)"
    " WHERE custom_id IS NOT NULL AND deleted_at IS NULL"
)
_IDENTITY_FIELDS = "id, created_at, revoked_at, revocations, custom_id"


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
        for name, declaration in _IDENTITY_COLUMNS:
            if name not in columns:  # a file written before the column existed
                with contextlib.suppress(sqlite3.OperationalError):  # another worker added it first
                    self._db.execute(f"ALTER TABLE identities ADD COLUMN {name} {declaration}")
        self._db.execute(_CUSTOM_ID_INDEX)
        # lastTokenIssuedAt written behind: identity id -> instant, under its own lock (signing threads).
        self._pending_lock = threading.Lock()
        self._pending: dict[str, float] = {}
        self._stop = threading.Event()
        self._flusher = threading.Thread(
            target=self._flush_periodically, name="acs-emulator-flush", daemon=True
        )
        self._flusher.start()

    def _flush_periodically(self) -> None:
        while not self._stop.wait(FLUSH_SECONDS):
            self.flush()

    def _transaction(self) -> contextlib.AbstractContextManager[None]:
        return _immediate(self._db)

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

    def create_identity(self, identity_id: str, created_at: float, custom_id: str | None) -> IdentityRecord:
        if custom_id is None:  # one statement: no transaction needed
            with self._lock:
                self._db.execute(
                    "INSERT INTO identities (id, created_at) VALUES (?, ?)", (identity_id, created_at)
                )
            return IdentityRecord(identity_id, created_at)
        with self._lock, self._transaction():
            # The unique index turns a second live holder of the custom id into an ignored insert.
            self._db.execute(
                "INSERT OR IGNORE INTO identities (id, created_at, custom_id) VALUES (?, ?, ?)",
                (identity_id, created_at, custom_id),
            )
            row = self._db.execute(
                f"SELECT {_IDENTITY_FIELDS} FROM identities WHERE custom_id = ? AND deleted_at IS NULL",
                (custom_id,),
            ).fetchone()
        return self._record(row)

    @staticmethod
    def _record(row: tuple[object, ...]) -> IdentityRecord:
        return IdentityRecord(*row)  # type: ignore[arg-type]

    def get_identity(self, identity_id: str) -> IdentityRecord | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_IDENTITY_FIELDS} FROM identities WHERE id = ? AND deleted_at IS NULL",
                (identity_id,),
            ).fetchone()
        return None if row is None else self._record(row)

    def last_token_issued(self, identity_id: str) -> float | None:
        pending = self._pending.get(identity_id)
        if pending is not None:
            return pending
        with self._lock:
            row = self._db.execute(
                "SELECT last_token_issued_at FROM identities WHERE id = ? AND deleted_at IS NULL",
                (identity_id,),
            ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def count_identities(self) -> int:
        with self._lock:
            row = self._db.execute("SELECT COUNT(*) FROM identities WHERE deleted_at IS NULL").fetchone()
        return int(row[0])

    def token_issued(self, identity_id: str, at: float) -> None:
        with self._pending_lock:
            self._pending[identity_id] = at
            due = len(self._pending) >= _FLUSH_PENDING
        if due:
            self.flush()

    def flush(self) -> None:
        """Write the pending lastTokenIssuedAt instants (one transaction)."""
        with self._pending_lock:
            pending, self._pending = self._pending, {}
        if not pending:
            return
        with self._lock, self._transaction():
            self._db.executemany(
                "UPDATE identities SET last_token_issued_at = ? WHERE id = ?"
                " AND (last_token_issued_at IS NULL OR last_token_issued_at < ?)",
                [(at, identity_id, at) for identity_id, at in pending.items()],
            )

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

    def get_entra_assignment(self, object_id: str) -> EntraAssignment | None:
        with self._lock:
            row = self._db.execute(
                "SELECT object_id, tenant_id, principal_type, client_ids FROM entra_assignments"
                " WHERE object_id = ?",
                (object_id,),
            ).fetchone()
        return None if row is None else _entra(row)

    def put_entra_assignment(self, assignment: EntraAssignment) -> bool:
        with self._lock, self._transaction():
            exists = self._db.execute(
                "SELECT 1 FROM entra_assignments WHERE object_id = ?", (assignment.object_id,)
            ).fetchone()
            self._put_entra(assignment)
        return exists is None

    def _put_entra(self, assignment: EntraAssignment) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO entra_assignments (object_id, tenant_id, principal_type, client_ids)"
            " VALUES (?, ?, ?, ?)",
            (
                assignment.object_id,
                assignment.tenant_id,
                assignment.principal_type,
                json.dumps(list(assignment.client_ids)),
            ),
        )

    def delete_entra_assignment(self, object_id: str) -> bool:
        with self._lock:
            cursor = self._db.execute("DELETE FROM entra_assignments WHERE object_id = ?", (object_id,))
            return cursor.rowcount > 0

    def update_entra_assignments(self, changes: Mapping[str, EntraAssignment | None]) -> None:
        with self._lock, self._transaction():
            for object_id, assignment in changes.items():
                if assignment is None:
                    self._db.execute("DELETE FROM entra_assignments WHERE object_id = ?", (object_id,))
                else:
                    self._put_entra(assignment)

    def list_entra_assignments(self, after: str | None, limit: int) -> list[EntraAssignment]:
        with self._lock:
            rows = self._db.execute(
                "SELECT object_id, tenant_id, principal_type, client_ids FROM entra_assignments"
                " WHERE object_id > ? ORDER BY object_id LIMIT ?",
                ("" if after is None else after, limit),
            ).fetchall()
        return [_entra(row) for row in rows]

    def claim_repeatable(self, record: RepeatableRecord, horizon: float) -> RepeatableRecord | None:
        with self._lock, self._transaction():
            self._db.execute("DELETE FROM repeatable_requests WHERE first_sent < ?", (horizon,))
            row = self._db.execute(
                "SELECT request_id, fingerprint, first_sent, status, body FROM repeatable_requests"
                " WHERE request_id = ?",
                (record.request_id,),
            ).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO repeatable_requests (request_id, fingerprint, first_sent) VALUES (?, ?, ?)",
                    (record.request_id, record.fingerprint, record.first_sent),
                )
                return None
        return RepeatableRecord(str(row[0]), str(row[1]), float(row[2]), row[3], row[4])

    def answer_repeatable(self, request_id: str, status: int, body: str) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE repeatable_requests SET status = ?, body = ? WHERE request_id = ?",
                (status, body, request_id),
            )

    def forget_repeatable(self, request_id: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM repeatable_requests WHERE request_id = ?", (request_id,))

    def reset(self) -> None:
        with self._pending_lock:
            self._pending.clear()
        with self._lock:
            for table in ("identities", "assignments", "entra_assignments", "repeatable_requests"):
                self._db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        self._flusher.join()
        self.flush()
        with self._lock:
            self._db.close()


@contextlib.contextmanager
def _immediate(db: sqlite3.Connection) -> Generator[None]:
    """One write transaction, taken at once (BEGIN IMMEDIATE), so other processes on the file wait."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _entra(row: tuple[object, ...]) -> EntraAssignment:
    client_ids = json.loads(str(row[3]))
    return EntraAssignment(str(row[0]), str(row[1]), str(row[2]), tuple(str(c) for c in client_ids))


def open_store(data_path: str | Path | None) -> Store:
    return MemoryStore() if data_path is None else SqliteStore(data_path)
