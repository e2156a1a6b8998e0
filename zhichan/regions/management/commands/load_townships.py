from pathlib import Path

from django.core.management.base import CommandError

from zhichan.lib.commands import OperationalCommand
from zhichan.regions.management.commands.load_regions import relocate
from zhichan.regions.services import regions_load_townships


class Command(OperationalCommand):
    help = "从 CSV 载入镇乡街道（列 code,name,county_code；或 china-division 的 streets.csv）。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--source", default="china-division 2.7.0（国家统计局统计用区划代码，2023-06-30）"
        )

    def handle(self, *args, path: Path, source: str, **options):
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        report = regions_load_townships(path=path, source=source)
        self.stdout.write(
            f"镇乡街道：新增 {report.created}，更新 {report.updated}，跳过 {len(report.skipped)}。"
        )
        relocate(self.stdout, report)
