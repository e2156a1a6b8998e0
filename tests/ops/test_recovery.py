"""The server killed in the middle of an import: nothing of it is in the database afterwards
(one transaction), `zhichan recover` marks the batch interrupted with a message, and importing
the file again succeeds — on the database the suite runs on (a scratch SQLite file, or a
scratch PostgreSQL database)."""

import json
import os
import signal
import subprocess
import time

from tests.ops.test_backup import ZHICHAN, run, scratch, shell  # noqa: F401 (the scratch fixture)

COUNT = "from zhichan.assets.models import Patent, ImportBatch; print(Patent.objects.count(), list(ImportBatch.objects.values_list('status', flat=True)))"


def test_an_import_killed_midway_leaves_nothing_and_can_be_rerun(scratch, tmp_path):  # noqa: F811
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
    time.sleep(2)  # well into the rows
    assert process.poll() is None, "the import finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the server dies: no clean-up of any kind
    process.wait()
    assert shell(scratch, COUNT) == "0 ['running']"  # nothing written; the batch looks alive
    assert json.loads(run(scratch, "recover").stdout)["imports"] == 1
    assert shell(scratch, COUNT) == "0 ['failed']"
    message = shell(
        scratch,
        "from zhichan.assets.models import ImportBatch; print(ImportBatch.objects.get().errors[0]['message'])",
    )
    assert "导入中断" in message and "回滚" in message
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
