"""`zhichan run-watches`: run the patent warning watches that are due (daily from cron)."""

import json

from django.utils import timezone

from zhichan.lib.commands import OperationalCommand
from zhichan.navigation.services import watches_due


class Command(OperationalCommand):
    help = "运行到期的专利预警，有变化时生成通知。"

    def handle(self, *args, **options):
        notices = watches_due(today=timezone.localdate())
        self.stdout.write(json.dumps({"notices": [n.summary for n in notices]}, ensure_ascii=False))
