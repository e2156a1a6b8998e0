from django.core.management.base import CommandError

from zhichan.accounts.models import User
from zhichan.lib.commands import OperationalCommand
from zhichan.regions.models import Region
from zhichan.setup.config import config_workbook


class Command(OperationalCommand):
    help = "把区划的业务设置（规划与目标、奖补项目与规则、排名方案、贴息政策）导出为一个 xlsx 工作簿。"

    def add_arguments(self, parser):
        parser.add_argument("--region", help="区划代码：只导出该区划及下级的设置（默认全部）")
        parser.add_argument("--out", required=True, help="输出文件（.xlsx）")

    def handle(self, *args, **options):
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"未知区划代码：{options['region']}")
        book = config_workbook(User(is_superuser=True), region)
        book.save(options["out"])
        rows = sum(max(sheet.max_row - 1, 0) for sheet in book.worksheets)
        self.stdout.write(f"已导出 {rows} 条设置到 {options['out']}。")
