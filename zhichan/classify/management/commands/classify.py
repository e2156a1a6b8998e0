from django.core.management.base import CommandError

from zhichan.assets.models import Patent
from zhichan.classify.engine import classify, default_ruleset
from zhichan.classify.models import PatentClass, RuleSet
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "按规则版本计算专利的行业、专利密集型产业、战略性新兴产业与高价值分类。"

    def add_arguments(self, parser):
        parser.add_argument("--ruleset", help="规则版本名称（默认为默认版本）")
        parser.add_argument("--missing", action="store_true", help="只计算尚无结果的专利")

    def handle(self, *args, ruleset, missing, **options):
        target = RuleSet.objects.filter(name=ruleset).first() if ruleset else default_ruleset()
        if target is None:
            raise CommandError("没有可用的规则版本：请先运行 zhichan load-tables。")
        ids = None
        if missing:
            done = PatentClass.objects.filter(ruleset=target).values("patent_id")
            ids = list(Patent.objects.exclude(pk__in=done).values_list("pk", flat=True))
        count = classify(target, ids)
        self.stdout.write(f"规则版本“{target}”：已分类 {count} 件专利。")
