"""Deadlines keep the last day the law counts (before a rest-day move): extensions and resumed
suspensions count on from it (issue 21). The 15-working-day check of a report's leads rests on
the penalty procedure (总局令第2号, art. 18), which the complaint rules refer to."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from django.db import migrations, models

PENALTY = "《市场监督管理行政处罚程序规定》（国家市场监督管理总局令第2号，2021年总局令第42号、2022年总局令第61号修正）第十八条"


def backfill(apps, schema_editor):
    """Open deadlines in days or months, never extended nor suspended: the counted day is the
    start plus the period. The others keep their due day as it is (their history is not known)."""
    Deadline = apps.get_model("protection", "Deadline")
    running = Deadline.objects.filter(
        status__in=["open", "paused"], extended=False, limit__unit__in=["day", "month"]
    )
    for deadline in running.select_related("limit"):
        if deadline.case_id is not None and deadline.case.suspensions.exists():
            continue
        limit = deadline.limit
        step = timedelta(days=limit.amount) if limit.unit == "day" else relativedelta(months=limit.amount)
        deadline.counted_on = deadline.starts_on + step
        deadline.save(update_fields=["counted_on"])
    TimeLimit = apps.get_model("protection", "TimeLimit")
    TimeLimit.objects.filter(code="report_check").update(basis=PENALTY)


class Migration(migrations.Migration):
    dependencies = [
        ("protection", "0006_attachment_random_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="counted_on",
            field=models.DateField(
                blank=True,
                help_text="按日、月计算的期限未顺延前的末日；延长和中止后恢复都从这一天接续计算，再遇休息日顺延。",
                null=True,
                verbose_name="计算届满日",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
