"""Backup and restore, end to end through the commands, on a scratch database of the kind the
suite runs on (a SQLite file; with DATABASE_URL set to PostgreSQL, a scratch database there):
a user and an uploaded file removed after the backup are back after the restore; archives that
are not ours or come from a newer schema are refused."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ZHICHAN = str(Path(sys.executable).parent / "zhichan")
PG = os.environ.get("DATABASE_URL", "").startswith("postgres")
SCRATCH_DB = f"zhichan_backup_{os.getpid()}"  # one per test process


@pytest.fixture
def scratch(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DEBUG": "1", "ZHICHAN_TESTING": "1",
           "ZHICHAN_VAR_DIR": str(tmp_path / "var")}  # fmt: skip
    if PG:
        import psycopg

        base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{SCRATCH_DB}"')
        env["DATABASE_URL"] = f"{base}/{SCRATCH_DB}"
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path}/site.sqlite3"
    run(env, "migrate", "-v0")
    yield env
    if PG:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')


def run(env, *args, check=True):
    return subprocess.run([ZHICHAN, *args], env=env, capture_output=True, text=True, check=check)


def shell(env, code: str) -> str:
    return run(env, "shell", "--no-imports", "-c", code).stdout.strip()


def test_backup_then_restore_brings_back_rows_and_files(scratch, tmp_path):
    shell(
        scratch,
        "from zhichan.accounts.models import User; User.objects.create_user('keep-me', password='x-12345678')",
    )
    upload = tmp_path / "var" / "media" / "complaints" / "证据.pdf"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF-1.4 evidence")
    (tmp_path / "b.tar.gz").write_bytes(b"")
    (tmp_path / "b.tar.gz").chmod(0o644)  # a file left readable by an earlier run
    out = json.loads(run(scratch, "backup", "--out", str(tmp_path / "b.tar.gz")).stdout)
    assert out["vendor"] == ("postgresql" if PG else "sqlite") and out["database_bytes"] > 0
    # It holds password hashes and complainants' files: the service's user alone may read it.
    assert (tmp_path / "b.tar.gz").stat().st_mode & 0o777 == 0o600
    shell(
        scratch, "from zhichan.accounts.models import User; User.objects.filter(username='keep-me').delete()"
    )
    upload.unlink()
    assert run(scratch, "restore", str(tmp_path / "b.tar.gz"), check=False).returncode != 0  # needs --yes
    run(scratch, "restore", str(tmp_path / "b.tar.gz"), "--yes")
    found = shell(
        scratch,
        "from zhichan.accounts.models import User; print(User.objects.filter(username='keep-me').count())",
    )
    assert found == "1" and upload.read_bytes() == b"%PDF-1.4 evidence"


def test_foreign_or_newer_archives_are_refused(scratch, tmp_path):
    run(scratch, "backup", "--out", str(tmp_path / "b.tar.gz"))
    for change, message in [({"format": "other"}, "不是知产的备份文件"), ({"migrations": ["ops.9999_future"]}, "更新的版本"),
                            ({"vendor": "mysql"}, "备份来自 mysql")]:  # fmt: skip
        bad = tmp_path / "bad.tar.gz"
        with tarfile.open(tmp_path / "b.tar.gz") as src, tarfile.open(bad, "w:gz") as dst:
            for member in src.getmembers():
                data = src.extractfile(member).read() if member.isfile() else None
                if member.name == "manifest.json":
                    data = json.dumps(json.loads(data) | change).encode()
                    member.size = len(data)
                dst.addfile(member, io.BytesIO(data) if data is not None else None)
        done = run(scratch, "restore", str(bad), "--yes", check=False)
        assert done.returncode != 0 and message in done.stderr


def test_json_log_lines():
    import logging

    from zhichan.lib.logs import JsonFormatter

    record = logging.LogRecord("zhichan.jobs", logging.ERROR, __file__, 1, "任务 %s 失败", (7,), None)
    line = json.loads(JsonFormatter().format(record))
    assert (line["level"], line["logger"], line["message"]) == ("ERROR", "zhichan.jobs", "任务 7 失败")
