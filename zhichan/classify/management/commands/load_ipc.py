from zhichan.classify.services import IPC_EDITION, ipc_load
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "载入国际专利分类表（IPC 2026.01 中文含义，来源见 zhichan/classify/data/PROVENANCE.md）。"

    def handle(self, *args, **options):
        report = ipc_load()
        self.stdout.write(
            f"IPC {IPC_EDITION}：载入 {report.loaded} 个分类号，跳过格式错误的 {len(report.skipped)} 个：{'、'.join(report.skipped)}"
        )
