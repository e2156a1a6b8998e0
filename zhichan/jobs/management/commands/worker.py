"""`zhichan worker`: django-tasks' database worker that outlives a busy database.

django-tasks-db's `db_worker` skips a locked database while it looks for work, but a lock met
while it opens its transaction or records a result ends the process, and with it every job
after. This command runs the same worker and, on a locked database, waits and goes on.
"""

import logging
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand
from django_tasks_db.utils import is_locked_database_exception

log = logging.getLogger("zhichan.jobs.worker")
PAUSE = 2.0


class Command(DBWorkerCommand):
    help = "后台任务进程（django-tasks 数据库后端）：数据库繁忙时等待后继续，不退出。"

    def handle(self, *args, **options):
        while True:
            try:
                return super().handle(*args, **options)
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                log.warning("数据库繁忙（被其他写入锁定），%s 秒后继续处理任务", PAUSE)
                close_old_connections()
                time.sleep(PAUSE)
