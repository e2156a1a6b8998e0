from zhichan.classify.models import TableKind
from zhichan.classify.tables import load_shipped
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "载入随平台提供的分类参照表（专利密集型产业 2019、战略性新兴产业—IPC 2021）与类别名称。"

    def handle(self, *args, **options):
        counts = load_shipped()
        for kind, count in counts.items():
            self.stdout.write(f"{TableKind(kind).label}：{count} 行")
