from pathlib import Path

from django.core.management.base import CommandError

from zhichan.assets.synthetic import PROFILES, write_patents
from zhichan.lib.commands import OperationalCommand
from zhichan.regions.models import Level, Region


class Command(OperationalCommand):
    help = "生成一个区县的确定性模拟专利数据（各厂商导出格式），供演示与基准测试使用。"

    def add_arguments(self, parser):
        parser.add_argument("--region", default="420581", help="区县代码（默认 420581 宜都市）")
        parser.add_argument("--patents", type=int, default=10000, help="专利行数")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--profile", choices=sorted(PROFILES), default="zhichan", help="表头格式")
        parser.add_argument("--encoding", choices=["utf-8", "gbk", "gb18030"], default="utf-8")
        parser.add_argument("--bad-rows", type=float, default=0.0, help="故意写坏的行的比例，如 0.01")
        parser.add_argument("--out", type=Path, required=True, help="输出文件（.csv）")

    def handle(self, *args, region, patents, seed, profile, encoding, bad_rows, out, **options):
        county = (
            Region.objects.select_related("parent__parent").filter(code=region, level=Level.COUNTY).first()
        )
        if county is None:
            raise CommandError(f"区县代码不存在：{region}（请先执行 zhichan load-regions）。")
        out.parent.mkdir(parents=True, exist_ok=True)
        broken = write_patents(
            out,
            county=county,
            count=patents,
            seed=seed,
            profile=profile,
            encoding=encoding,
            bad_rows=bad_rows,
        )
        from zhichan.lib.tabular import count_rows

        self.stdout.write(
            f"已写入 {out}：{patents} 件申请，{count_rows(out)} 行（每个公开文献一行；其中故意写坏 {broken} 行），"
            f"格式 {profile}，编码 {encoding}。"
        )
