from django.core.management.base import CommandError

from zhichan.accounts.models import User
from zhichan.lib.commands import OperationalCommand
from zhichan.lib.tabular import TableError
from zhichan.regions.models import Region
from zhichan.setup.config import config_import


class Command(OperationalCommand):
    help = "导入 config-export 导出的业务设置工作簿：同名记录更新，其余新增；有误的行逐行报告。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="工作簿（.xlsx）")
        parser.add_argument("--region", help="区划代码：把全部设置归入该区划（如县局采用省局下发的设置）")

    def handle(self, *args, **options):
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"未知区划代码：{options['region']}")
        try:
            with open(options["file"], "rb") as source:
                report = config_import(user=User(is_superuser=True), source=source, region=region)
        except (OSError, TableError) as error:
            raise CommandError(str(error)) from None
        for error in report.errors:
            self.stderr.write(error)
        for kept in report.kept:
            self.stdout.write(kept)
        self.stdout.write(
            f"新增 {report.created} 条，更新 {report.updated} 条，{len(report.errors)} 处错误。"
        )
        if report.errors:
            raise CommandError("部分行未导入，见上。")
