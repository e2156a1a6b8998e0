"""`zhichan watch-deadlines`: remind before and alert after statutory due dates (run it every few
minutes from cron or a worker; running it twice does nothing more)."""

import json

from zhichan.lib.commands import OperationalCommand
from zhichan.protection.services import deadlines_watch


class Command(OperationalCommand):
    help = "检查办理时限：到期前提醒、逾期告警。"

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(deadlines_watch(), ensure_ascii=False))
