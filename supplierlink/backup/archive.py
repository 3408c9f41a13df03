"""Backup and restore: every table and every uploaded file in one versioned zip archive.

The archive holds ``manifest.json`` (format version, the schema's migration revision, row
counts), ``tables/<name>.jsonl`` (rows in primary-key order, values in a form both databases
read back the same: dates ISO 8601, moments in UTC with their offset, JSON with sorted keys) and
``files/…`` (the upload folder). A restore needs an empty database at the same revision.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Date, DateTime, func, select, text
from sqlalchemy.engine import Connection

from supplierlink.models import Base

FORMAT = "supplierlink-backup"
VERSION = 1


class BackupError(Exception):
    """The archive cannot be restored here (and nothing was written)."""


def _encode(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        value = value if value.tzinfo else value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat()
    if isinstance(column.type, Date):
        return value.isoformat()
    return value


def _decode(column, value):
    if value is None:
        return None
    if isinstance(column.type, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def current_revision(conn: Connection) -> str | None:
    try:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception as exc:  # no migrations applied at all
        raise BackupError("the database has no migration revision") from exc


def table_lines(conn: Connection, table):
    """The rows of one table as JSON lines, in primary-key order."""
    columns = list(table.columns)
    order = list(table.primary_key.columns)
    for row in conn.execute(select(*columns).order_by(*order)):
        record = {c.name: _encode(c, v) for c, v in zip(columns, row)}
        yield json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


@dataclass
class Report:
    revision: str
    tables: dict
    files: int


def export_archive(conn: Connection, path: Path, upload_folder: Path | None) -> Report:
    """Write every table and uploaded file of the database behind ``conn`` to ``path``."""
    revision = current_revision(conn)
    counts, files = {}, 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in Base.metadata.sorted_tables:
            lines = list(table_lines(conn, table))
            counts[table.name] = len(lines)
            archive.writestr(f"tables/{table.name}.jsonl", "\n".join(lines))
        if upload_folder and upload_folder.is_dir():
            for file in sorted(upload_folder.rglob("*")):
                if file.is_file():
                    archive.write(file, f"files/{file.relative_to(upload_folder).as_posix()}")
                    files += 1
        archive.writestr("manifest.json", json.dumps({
            "format": FORMAT, "version": VERSION, "revision": revision,
            "created_at": datetime.now(UTC).isoformat(), "tables": counts, "files": files,
        }, indent=2, sort_keys=True))
    return Report(revision, counts, files)


def _manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise BackupError("not a SupplierLink backup (no manifest)") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("not a SupplierLink backup")
    if manifest.get("version") != VERSION:
        raise BackupError(f"backup format version {manifest.get('version')} is not supported")
    return manifest


def restore_archive(conn: Connection, path: Path, upload_folder: Path | None) -> Report:
    """Load an archive into the empty database behind ``conn`` (in the caller's transaction)."""
    with zipfile.ZipFile(path) as archive:
        manifest = _manifest(archive)
        revision = current_revision(conn)
        if manifest["revision"] != revision:
            raise BackupError(f"the backup is at migration {manifest['revision']}, the "
                              f"database at {revision}: migrate to the same revision first")
        for table in Base.metadata.sorted_tables:
            if conn.execute(select(func.count()).select_from(table)).scalar():
                raise BackupError(f"the database is not empty (table {table.name})")
        for table in Base.metadata.sorted_tables:
            name = f"tables/{table.name}.jsonl"
            raw = archive.read(name).decode("utf-8") if name in archive.namelist() else ""
            rows = [json.loads(line) for line in raw.splitlines() if line.strip()]
            columns = {c.name: c for c in table.columns}
            rows = [{k: _decode(columns[k], v) for k, v in row.items() if k in columns}
                    for row in rows]
            for start in range(0, len(rows), 1000):
                conn.execute(table.insert(), rows[start:start + 1000])
            _reset_sequence(conn, table)
        files = 0
        if upload_folder is not None:
            for member in archive.namelist():
                if member.startswith("files/") and not member.endswith("/"):
                    target = (upload_folder / member[len("files/"):]).resolve()
                    if upload_folder.resolve() not in target.parents:
                        raise BackupError(f"unsafe file name in the archive: {member}")
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(member))
                    files += 1
    return Report(revision, manifest["tables"], files)


def _reset_sequence(conn: Connection, table) -> None:
    """PostgreSQL: the next id after the restored rows (SQLite needs nothing)."""
    if conn.dialect.name != "postgresql" or "id" not in table.columns:
        return
    conn.execute(text(
        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
        f"COALESCE((SELECT MAX(id) FROM \"{table.name}\"), 0) + 1, false) "
        f"WHERE pg_get_serial_sequence('\"{table.name}\"', 'id') IS NOT NULL"))


