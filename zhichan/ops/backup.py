"""`zhichan backup` and `zhichan restore`: the whole installation in one archive — the database
(SQLite through its online backup API, PostgreSQL through pg_dump's custom format) and the
uploaded and generated files under MEDIA_ROOT — with a manifest saying what it holds.

A restore refuses an archive from another database kind or from a newer schema than the code
knows (run the newer code first), replaces the database whole and puts the files back.
"""

import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "zhichan.backup/1"


class BackupError(Exception):
    pass


def _pg_env(db: dict) -> tuple[list[str], dict]:
    import os

    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432), "--username",
            db.get("USER") or "postgres", "--dbname", db["NAME"]]  # fmt: skip
    env = os.environ | ({"PGPASSWORD": db["PASSWORD"]} if db.get("PASSWORD") else {})
    return args, env


def backup(out: Path) -> dict:
    connection = connections[DEFAULT_DB_ALIAS]
    db = connection.settings_dict
    applied = sorted(f"{a}.{n}" for a, n in MigrationRecorder(connection).applied_migrations())
    manifest = {"format": FORMAT, "created": datetime.now().astimezone().isoformat(), "vendor": connection.vendor,
                "migrations": applied}  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / ("database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump")
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(dump)
            connection.connection.backup(target)  # consistent while others write
            target.close()
        elif connection.vendor == "postgresql":
            args, env = _pg_env(db)
            done = subprocess.run(["pg_dump", "--format=custom", "--no-owner", *args, "--file", str(dump)], env=env,
                                  capture_output=True, text=True)  # fmt: skip
            if done.returncode:
                raise BackupError(f"pg_dump 失败：{done.stderr.strip()}")
        else:
            raise BackupError(f"不支持的数据库：{connection.vendor}")
        manifest["database_bytes"] = dump.stat().st_size
        (Path(scratch) / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8"
        )
        media = Path(settings.MEDIA_ROOT)
        out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        # The archive holds password hashes, complainants' data and their attachments: readable
        # by the service's user only, from the first byte (not chmod-ed after writing).
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(descriptor, 0o600)  # an existing file keeps its mode through O_CREAT
        with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as archive:
            archive.add(Path(scratch) / "manifest.json", "manifest.json")
            archive.add(dump, dump.name)
            if media.exists():
                archive.add(media, "media")
    manifest["bytes"] = out.stat().st_size
    return manifest


def restore(archive_path: Path) -> dict:
    connection = connections[DEFAULT_DB_ALIAS]
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(scratch, filter="data")  # no absolute paths, links out or devices
        manifest = json.loads((Path(scratch) / "manifest.json").read_text("utf-8"))
        if manifest.get("format") != FORMAT:
            raise BackupError("不是知产的备份文件。")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(f"备份来自 {manifest['vendor']}，当前数据库是 {connection.vendor}。")
        known = {f"{m.app_label}.{m.name}" for m in _all_migrations()}
        newer = sorted(set(manifest["migrations"]) - known)
        if newer:
            raise BackupError(f"备份来自更新的版本（未知迁移：{'、'.join(newer[:3])}…），请先升级程序。")
        if connection.vendor == "sqlite":
            source = sqlite3.connect(Path(scratch) / "database.sqlite3")
            connection.ensure_connection()
            source.backup(connection.connection)  # replaces every page of the open database
            source.close()
        else:
            args, env = _pg_env(connection.settings_dict)
            connection.close()
            done = subprocess.run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args,
                                   str(Path(scratch) / "database.pgdump")], env=env, capture_output=True, text=True)  # fmt: skip
            if done.returncode:
                raise BackupError(f"pg_restore 失败：{done.stderr.strip()[:2000]}")
        media = Path(scratch) / "media"
        if media.exists():
            import shutil

            shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return manifest


def _all_migrations():
    from django.db.migrations.loader import MigrationLoader

    return MigrationLoader(None, ignore_no_migrations=True).disk_migrations.values()
