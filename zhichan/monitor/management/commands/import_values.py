import json
from pathlib import Path

from django.core.management.base import CommandError

from zhichan.lib.commands import OperationalCommand
from zhichan.monitor.services import entered_values_import


class Command(OperationalCommand):
    help = "导入录入指标值（对比区划或登记簿无法计算的指标）：区划代码、指标代码或指标、截至日期或年度、数值、来源。"

    def add_arguments(self, parser):
        parser.add_argument("file", help=".xlsx 或 .csv")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, file, format, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        with path.open("rb") as handle:
            report = entered_values_import(source=handle, filename=path.name, user=None)
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"读取 {report.rows_read} 行，新增 {report.created}，更新 {report.updated}，未导入 {len(report.errors)}。"
        )
        for error in report.errors:
            self.stdout.write(f"  {error}")
