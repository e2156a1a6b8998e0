from pathlib import Path

from django.core.management.base import CommandError

from zhichan.classify.engine import classify
from zhichan.classify.models import RuleSet, TableKind
from zhichan.classify.tables import load_table
from zhichan.lib.commands import OperationalCommand
from zhichan.lib.tabular import TableError

KINDS = {"ipc-nic": TableKind.IPC_NIC, "nic-pi": TableKind.NIC_PI, "ipc-sei": TableKind.IPC_SEI}


class Command(OperationalCommand):
    help = (
        "导入官方分类参照表文件（.xls/.xlsx/.csv）为一个版本：ipc-nic =《国际专利分类与国民经济行业分类参照关系表》，"
        "nic-pi =《知识产权（专利）密集型产业统计分类》，ipc-sei =《战略性新兴产业分类与国际专利分类参照关系表》。"
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--edition", required=True, help="版本，如 2018")
        parser.add_argument("--source", required=True, help="来源：发布机关、文号、取得途径")
        parser.add_argument("--defects", default="", help="已知缺陷")
        parser.add_argument("--replace", action="store_true", help="替换同一版本（使用它的规则版本全部重算）")
        parser.add_argument(
            "--ruleset", help="导入后把该表设为此规则版本所用的表（如“默认口径”），并重算该版本"
        )

    def handle(self, *args, kind, file, edition, source, defects, replace, ruleset, **options):
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        try:
            result = load_table(
                KINDS[kind], file, edition=edition, source=source, defects=defects, replace=replace
            )
        except TableError as error:
            raise CommandError(str(error)) from error
        table = result.table
        self.stdout.write(f"{table}：载入 {result.loaded} 行，{len(result.errors)} 行有误。")
        for row, message in result.errors[:50]:
            self.stderr.write(f"  第{row}行：{message}")
        field = {TableKind.IPC_NIC: "ipc_nic", TableKind.NIC_PI: "nic_pi", TableKind.IPC_SEI: "ipc_sei"}[
            table.kind
        ]
        if ruleset:
            target = RuleSet.objects.filter(name=ruleset).first()
            if target is None:
                raise CommandError(f"没有名为“{ruleset}”的规则版本。")
            setattr(target, field, table)
            target.save()
        for affected in RuleSet.objects.filter(**{field: table}):
            count = classify(affected)
            self.stdout.write(f"规则版本“{affected}”已重算：{count} 件专利。")
