from django.conf import settings
from django.core.management.base import CommandError

from zhichan.demo.services import DEMO_PASSWORD, demo_load, demo_present
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "载入演示县（宜都市）：区划树、镇乡街道、年度数据、演示用户和生成的创新主体（可重复执行）。"

    def add_arguments(self, parser):
        parser.add_argument("--entities", type=int, default=400, help="生成的创新主体数量")
        parser.add_argument("--seed", type=int, default=2024)
        parser.add_argument("--patents", type=int, default=3000, help="导入的模拟专利数量（0 为不导入）")
        parser.add_argument(
            "--if-missing", action="store_true", help="已完整载入过演示数据时不再载入（make run 即是）"
        )

    def handle(self, *args, entities: int, seed: int, patents: int, if_missing: bool, **options):
        if not settings.DEMO:
            raise CommandError(
                "演示数据（含公开密码的演示账号）只能载入演示安装：请设置环境变量 ZHICHAN_DEMO=1（make run 即是）。"
                "正式安装请用 zhichan create-admin 建立系统管理员。"
            )
        if if_missing and demo_present(patent_count=patents):
            self.stdout.write("演示数据已载入，跳过（重新载入：make demo 或 zhichan load-demo）。")
            return
        report = demo_load(entity_count=entities, seed=seed, patent_count=patents)
        if not options["verbosity"]:
            return
        self.stdout.write(
            f"演示数据就绪：新增区划 {report.regions_created}，新增镇乡街道 {report.townships_created}，"
            f"新增创新主体 {report.entities_created}，导入模拟专利 {report.patents_created}。"
        )
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：" + "、".join(report.users))
