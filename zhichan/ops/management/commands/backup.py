"""`zhichan backup [--out FILE]`: database and files in one archive (docs/operations.md)."""

import json
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from zhichan.lib.commands import OperationalCommand
from zhichan.ops.backup import BackupError, backup


class Command(OperationalCommand):
    help = "备份数据库与上传文件到一个归档。"

    def add_arguments(self, parser):
        parser.add_argument("--out", help="归档路径（默认 var/backups/zhichan-时间.tar.gz）")

    def handle(self, *args, **options):
        out = Path(
            options["out"]
            or Path(settings.VAR_DIR) / "backups" / f"zhichan-{datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            manifest = backup(out)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps({"file": str(out), **{k: v for k, v in manifest.items() if k != "migrations"}},
                                     ensure_ascii=False))  # fmt: skip
