import csv
import json
from datetime import date

from django.core.management.base import CommandError
from django.utils import timezone

from zhichan.classify.engine import default_ruleset
from zhichan.classify.models import RuleSet
from zhichan.lib.commands import OperationalCommand
from zhichan.monitor.compute import cached_board, context
from zhichan.monitor.export import HEADER, UnknownCodes, board_document, board_rows, board_selection
from zhichan.monitor.indicators import INDICATORS
from zhichan.regions.models import Region


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"日期“{value}”格式应为 YYYY-MM-DD。") from error


class Command(OperationalCommand):
    help = "输出区划的知识产权指标（截至某日），JSON 或 CSV。"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码，可多个，逗号分隔")
        parser.add_argument("--as-of", help="统计日 YYYY-MM-DD（默认今天）")
        parser.add_argument("--since", help="流量指标的统计期起始日（默认统计日当年 1 月 1 日）")
        parser.add_argument("--children", action="store_true", help="同时输出各区划的直接下级")
        parser.add_argument("--indicator", help="只输出这些指标（代码，逗号分隔）")
        parser.add_argument("--ruleset", help="分类规则版本名称（默认为默认版本）")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        try:
            regions, wanted = board_selection(
                Region.objects.all(), options["region"], options["children"], options["indicator"]
            )
        except UnknownCodes as error:
            if error.kind == "region":
                raise CommandError(f"未知区划代码：{'、'.join(error.codes)}") from None
            raise CommandError(
                f"未知指标代码：{'、'.join(error.codes)}（可用：{', '.join(INDICATORS)}）"
            ) from None
        ruleset = default_ruleset()
        if options["ruleset"]:
            ruleset = RuleSet.objects.filter(name=options["ruleset"]).first()
            if ruleset is None:
                raise CommandError(f"未知规则版本：{options['ruleset']}")
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        since = _date(options["since"]) if options["since"] else None
        if since is not None and since > as_of:
            raise CommandError("统计期起始日不能晚于统计日。")
        ctx = context(as_of, since, ruleset)
        cells = cached_board(regions, ctx, wanted)
        if options["format"] == "json":
            document = board_document(regions, ctx, cells, ruleset)
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADER)
        for row in board_rows(regions, cells):
            writer.writerow(["" if v is None else v for v in row])
