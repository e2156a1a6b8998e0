"""`zhichan load-workitems`: the numbered tasks of the seed plans (after `zhichan load-plans`)."""

from django.core.management.base import BaseCommand

from zhichan.supervision.services import workitems_load


class Command(BaseCommand):
    help = "载入种子规划的各项重点任务（工作任务督办）。"

    def handle(self, *args, **options):
        self.stdout.write(f"新增工作任务 {workitems_load()} 项。")
