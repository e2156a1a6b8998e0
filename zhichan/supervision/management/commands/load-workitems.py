"""`zhichan load-workitems`: the numbered tasks of the seed plans (after `zhichan load-plans`) and
their yearly training and publicity targets, and their targets on the talent pool."""

from zhichan.agencies.services import people_targets_load
from zhichan.events.services import targets_load
from zhichan.lib.commands import OperationalCommand
from zhichan.supervision.services import workitems_load


class Command(OperationalCommand):
    help = "载入种子规划的各项重点任务（工作任务督办）与年度活动目标。"

    def handle(self, *args, **options):
        self.stdout.write(
            f"新增工作任务 {workitems_load()} 项，活动年度目标 {targets_load()} 项，人才队伍目标 {people_targets_load()} 项。"
        )
