"""The server killed in the middle of an import: `zhichan recover` settles it from what the
database holds — on PostgreSQL nothing (one transaction), on SQLite the chunks it committed,
which recover removes — and says which; the parsing process does not outlive its parent; and
importing the file again succeeds. On the database the suite runs on (a scratch SQLite file, or a
scratch PostgreSQL database)."""

import json
import os
import signal
import subprocess
import threading
import time

from tests.ops.test_backup import ZHICHAN, run, scratch, shell  # noqa: F401 (the scratch fixture)

INDEXES = (
    "from django.db import connection; c = connection.cursor(); "
    "print(sorted(connection.introspection.get_constraints(c, 'assets_patent')))"
)
COUNT = "from zhichan.assets.models import Patent, ImportBatch; print(Patent.objects.count(), list(ImportBatch.objects.values_list('status', flat=True)))"


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as handle:
            found += [int(c) for c in handle.read().split()]
    return found


def test_an_import_killed_midway_is_settled_truthfully_and_can_be_rerun(scratch, tmp_path):  # noqa: F811
    run(scratch, "load-regions")
    export = tmp_path / "导出.csv"
    run(scratch, "generate", "--patents", "300000", "--out", str(export))
    process = subprocess.Popen([ZHICHAN, "import", "patents", str(export)], env=scratch, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        time.sleep(1)
        if "'running'" in shell(scratch, COUNT):
            break
    sqlite = scratch["DATABASE_URL"].startswith("sqlite")
    if sqlite:  # well into the rows: some chunks committed
        while time.monotonic() < deadline and int(shell(scratch, COUNT).split()[0]) < 10_000:
            time.sleep(0.5)
    else:
        time.sleep(4)
    assert process.poll() is None, "the import finished before it could be killed"
    # Another writer meanwhile (a citizen's complaint, say) gets its turn within a chunk: with a
    # 5-second busy timeout it would fail "database is locked" behind one long transaction.
    complaint = ("from zhichan.protection.models import Complaint; from zhichan.regions.models import Region; "
                 "Complaint.objects.create(receipt='TESTRCPT01', kind='report', channel='online', phone='13900001111', "
                 "region=Region.objects.get(code='420581'), subject='某公司', description='导入期间提交的举报。', "
                 "received_on='2026-12-01'); print('saved')")  # fmt: skip
    assert shell(scratch | {"ZHICHAN_SQLITE_TIMEOUT": "5"}, complaint) == "saved"
    readers = _children(process.pid)
    assert readers, "the import should parse in a second process"
    os.kill(process.pid, signal.SIGKILL)  # the server dies: no clean-up of any kind
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{r}") for r in readers):
        time.sleep(0.2)
    assert not any(os.path.exists(f"/proc/{r}") for r in readers), "the parsing process outlived the import"
    written = int(shell(scratch, COUNT).split()[0])
    # SQLite commits chunk by chunk (other writers must not wait for the whole import);
    # PostgreSQL keeps one transaction.
    assert (written > 0) if sqlite else (written == 0), written
    # A first load on SQLite writes the patent tables bare and sorts their indexes at the end:
    # killed, it leaves them missing until recover builds them.
    assert (
        ("patent_list" not in shell(scratch, INDEXES))
        if sqlite
        else ("patent_list" in shell(scratch, INDEXES))
    )
    assert json.loads(run(scratch, "recover").stdout)["imports"] == 1
    assert "patent_list" in shell(scratch, INDEXES) and "patent_region_board" in shell(scratch, INDEXES)
    assert shell(scratch, COUNT) == "0 ['failed']"
    message = shell(
        scratch,
        "from zhichan.assets.models import ImportBatch; print(ImportBatch.objects.get().errors[0]['message'])",
    )
    assert "导入中断" in message
    if sqlite:
        assert "已撤销" in message and "登记簿与导入前相同" in message
    else:
        assert "未写入任何记录" in message
    assert json.loads(run(scratch, "recover").stdout) == {"jobs": 0, "imports": 0}  # acts once
    done = json.loads(run(scratch, "import", "patents", str(export), "--format", "json").stdout)
    assert done["created"] > 290_000


def test_jobs_of_dead_processes_are_marked_interrupted_and_others_left(db):
    import socket

    from zhichan.jobs.models import Job, JobStatus
    from zhichan.ops.recover import interrupted_recover

    dead = subprocess.Popen(["true"])
    dead.wait()  # a pid that no longer runs
    host = socket.gethostname()
    gone = Job.objects.create(
        kind="x", title="死进程的任务", status=JobStatus.RUNNING, runner=f"{host}:{dead.pid}"
    )
    alive = Job.objects.create(
        kind="x", title="运行中的任务", status=JobStatus.RUNNING, runner=f"{host}:{os.getpid()}"
    )
    elsewhere = Job.objects.create(
        kind="x", title="别的机器", status=JobStatus.RUNNING, runner="other-host:1"
    )
    assert interrupted_recover() == {"jobs": 1, "imports": 0}
    gone.refresh_from_db()
    assert gone.status == JobStatus.FAILED and "运行中断" in gone.error
    assert Job.objects.filter(pk__in=[alive.pk, elsewhere.pk], status=JobStatus.RUNNING).count() == 2


def test_an_import_job_is_settled_by_its_batch(db, tmp_path):
    """The process died just after the import committed: the job is done, with the import's
    figures; died before: the job failed, with what the import's rollback said."""
    import socket

    from zhichan.assets.models import ImportBatch, ImportStatus
    from zhichan.jobs.models import Job, JobStatus
    from zhichan.ops.recover import interrupted_recover

    dead = subprocess.Popen(["true"])
    dead.wait()
    runner = f"{socket.gethostname()}:{dead.pid}"
    from django.utils import timezone

    started = timezone.now()
    job = Job.objects.create(kind="assets.import", title="导入专利", status=JobStatus.RUNNING, runner=runner,
                             started_at=started)  # fmt: skip
    ImportBatch.objects.create(kind="patents", filename="导出.csv", sha256="0" * 64, runner=runner,
                               status=ImportStatus.DONE, rows_read=281_541, created=281_541)  # fmt: skip
    assert interrupted_recover() == {"jobs": 1, "imports": 0}
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED and job.result["created"] == 281_541 and "已完成" in job.message

    job = Job.objects.create(kind="assets.import", title="导入专利", status=JobStatus.RUNNING, runner=runner,
                             started_at=timezone.now())  # fmt: skip
    batch = ImportBatch.objects.create(kind="patents", filename="导出2.csv", sha256="1" * 64, runner=runner)
    assert interrupted_recover() == {"jobs": 1, "imports": 1}
    job.refresh_from_db()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED and "未写入任何记录" in batch.errors[0]["message"]
    assert job.status == JobStatus.FAILED and job.error == batch.errors[0]["message"]


def test_the_worker_waits_out_a_locked_database(scratch, tmp_path):  # noqa: F811
    """Finding 5: a worker met a locked SQLite database and died. `zhichan worker` waits and
    goes on (a real lock, held past the busy timeout by another connection)."""
    import sqlite3

    import pytest

    if not scratch["DATABASE_URL"].startswith("sqlite"):
        pytest.skip("PostgreSQL's writers do not lock the database")
    env = scratch | {"ZHICHAN_SQLITE_TIMEOUT": "1"}
    worker = subprocess.Popen([ZHICHAN, "worker", "--interval", "0.1", "--no-startup-delay", "--no-reload"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(worker.stderr), daemon=True)
    reader.start()
    try:
        # A command takes seconds to start on a busy machine: lock only once the worker polls.
        deadline = time.monotonic() + 120
        while not any("Starting worker" in line for line in lines) and time.monotonic() < deadline:
            assert worker.poll() is None, "".join(lines)
            time.sleep(0.2)
        time.sleep(1)
        lock = sqlite3.connect(scratch["DATABASE_URL"].removeprefix("sqlite:///"), timeout=10)
        lock.execute("BEGIN EXCLUSIVE")
        time.sleep(4)  # longer than the worker's busy timeout
        lock.rollback()
        lock.close()
        time.sleep(2)
        assert worker.poll() is None, "".join(lines)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        reader.join(timeout=20)
    assert "数据库繁忙" in "".join(lines)  # it met the lock, said so and went on
