import json
from datetime import date
from decimal import Decimal

from django.core.management.base import CommandError
from django.utils import timezone

from zhichan.lib.commands import OperationalCommand
from zhichan.monitor.indicators import INDICATORS
from zhichan.monitor.models import Plan
from zhichan.monitor.plans import progress
from zhichan.regions.models import Region

FORMAT = "zhichan.targets/1"


def _number(value: Decimal | None) -> str | None:
    """A decimal as text, without trailing zeros ("500", "12.5"), as `zhichan indicators` gives them."""
    if value is None:
        return None
    return format(value.normalize(), "f")


def target_document(region: Region, as_of: date) -> dict:
    """Every target of the region's plans on ``as_of``: what the 规划目标 page shows, as data."""
    rows = []
    plans = Plan.objects.filter(region=region).prefetch_related("targets").order_by("starts_on", "pk")
    for plan in plans:
        for target in plan.targets.all():
            found = progress(target, as_of)
            indicator = INDICATORS.get(target.indicator)
            predicted = found.forecast
            rows.append({
                "plan": {"id": plan.pk, "title": plan.title, "number": plan.number, "starts_on": plan.starts_on.isoformat()},
                "id": target.pk,
                "indicator": {"code": target.indicator, "name": str(indicator.name) if indicator else "",
                              "unit": str(indicator.unit) if indicator else ""},
                "kind": target.kind,
                "quote": target.quote,
                "target": _number(target.value),
                "at_most": target.at_most,
                "deadline": target.deadline.isoformat(),
                "baseline": _number(found.baseline),
                "baseline_note": str(found.baseline_note),
                "required": _number(found.required),
                "current": _number(found.current),
                "share_percent": _number(found.share),
                "forecast": None if predicted is None else {
                    "method": predicted.method, "value": _number(predicted.value),
                    "low": _number(predicted.low), "high": _number(predicted.high),
                },
                "verdict": found.verdict,
                "verdict_label": str(found.verdict_label),
                "notes": [str(n) for n in found.notes],
            })  # fmt: skip
    return {
        "format": FORMAT,
        "as_of": as_of.isoformat(),
        "region": {"code": region.code, "name": region.name},
        "targets": rows,
    }


class Command(OperationalCommand):
    help = "输出区划规划目标的进度：指标、基期值、目标值、当前值、预测与判断。"

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="区划代码（该区划自己的规划）")
        parser.add_argument("--as-of", help="统计日 YYYY-MM-DD（默认今天）")
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args, **options):
        region = Region.objects.filter(code=options["region"]).first()
        if region is None:
            raise CommandError(f"未知区划代码：{options['region']}")
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"日期“{options['as_of']}”格式应为 YYYY-MM-DD。") from None
        document = target_document(region, as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        if not document["targets"]:
            self.stdout.write(f"{region.name}尚无规划目标（规划目标页面或 zhichan load-plans 录入）。")
            return
        self.stdout.write(f"{region.name} 规划目标进度（截至 {as_of}）")
        for row in document["targets"]:
            unit = row["indicator"]["unit"]
            if row["kind"] == "growth":
                goal = f"年均增长 {row['target']}%（折合 {row['required'] or '—'}{unit}）"
            else:
                goal = f"{'不超过' if row['at_most'] else ''}{row['target']}{unit}"
            share = f"{row['share_percent']}%" if row["share_percent"] is not None else "—"
            self.stdout.write(
                f"- {row['indicator']['name'] or row['indicator']['code']}：目标 {goal}，期限 {row['deadline']}；"
                f"基期 {row['baseline'] or '—'}，当前 {row['current'] or '—'}，进度 {share}，判断：{row['verdict_label']}"
            )
