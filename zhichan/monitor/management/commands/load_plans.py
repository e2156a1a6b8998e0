from pathlib import Path

from zhichan.lib.commands import OperationalCommand
from zhichan.monitor.plans import SEED_PLANS, plans_load


class Command(OperationalCommand):
    help = "导入规划（方案）及其指标目标（默认：黄石 2024、随州 2025、湖北 2025、宜都 2027 四份方案）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(SEED_PLANS), help="JSON 文件（格式见 docs/indicators.md）"
        )

    def handle(self, *args, file, **options):
        plans = plans_load(path=Path(file))
        for plan in plans:
            self.stdout.write(f"{plan.region.name}《{plan.title}》：{plan.targets.count()} 项指标目标")
