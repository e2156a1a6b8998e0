import json
from pathlib import Path

from django.core.management.base import CommandError

from zhichan.lib.commands import OperationalCommand
from zhichan.lib.tabular import TableError
from zhichan.regions.services import figures_import


class Command(OperationalCommand):
    help = "导入区划年度数据（xlsx/CSV）：先逐行校验，错误按行号报告，其余行写入。"

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, path: Path, format: str, **options):
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            report = figures_import(source=path, filename=path.name, user=None)
        except TableError as error:
            raise CommandError(str(error)) from error
        if format == "json":
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
            return
        self.stdout.write(
            f"读取 {report.rows_read} 行：新增 {report.created}，更新 {report.updated}，"
            f"未导入 {len(report.errors)}。"
        )
        for error in report.errors:
            self.stdout.write(f"  {error}")
