"""`zhichan restore FILE --yes`: replace the database and files with a backup (docs/operations.md)."""

import json
from pathlib import Path

from django.core.management.base import CommandError

from zhichan.lib.commands import OperationalCommand
from zhichan.ops.backup import BackupError, restore


class Command(OperationalCommand):
    help = "用备份归档替换当前数据库与上传文件（需 --yes 确认；请先停止服务与后台任务）。"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--yes", action="store_true", help="确认替换当前数据")

    def handle(self, *args, **options):
        if not options["yes"]:
            raise CommandError("恢复会替换当前全部数据：确认请加 --yes。")
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"文件不存在：{path}")
        try:
            manifest = restore(path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps({"restored": str(path), "created": manifest["created"], "vendor": manifest["vendor"]},
                                     ensure_ascii=False))  # fmt: skip
