"""`zhichan regrade-credit`: grade every graded entity again for today (run it daily), so that a
grade moves by itself when a record's years run out, a tag lapses or an award begins to count; each
change is written down with what began or stopped counting."""

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone

from zhichan.credit.models import CreditGrade, GradeChange
from zhichan.credit.services import grades_compute
from zhichan.entities.models import Entity
from zhichan.lib.commands import OperationalCommand


class Command(OperationalCommand):
    help = "按当日重新评价已评价主体的信用等级（每天运行），记录等级变动及原因。"

    def handle(self, *args, **options):
        today = timezone.localdate()
        before = GradeChange.objects.count()
        entities = Entity.objects.filter(pk__in=CreditGrade.objects.values("entity_id"))
        try:
            n = grades_compute(entities=entities, day=today)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(f"已重新评价 {n} 个主体，等级变动 {GradeChange.objects.count() - before} 个。")
