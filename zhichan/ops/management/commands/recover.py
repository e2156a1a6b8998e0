"""`zhichan recover`: mark work left running by dead processes as interrupted (run it when the
worker starts; `make run` does)."""

import json

from zhichan.lib.commands import OperationalCommand
from zhichan.ops.recover import interrupted_recover


class Command(OperationalCommand):
    help = "把已退出进程遗留的“进行中”任务和导入标记为中断（可重新运行）。"

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(interrupted_recover(), ensure_ascii=False))
