"""The statutory time limits of complaints and reports, as dated data (docs/protection.md)."""

from django.db import migrations

BASIS = "《市场监督管理投诉举报处理暂行办法》（国家市场监督管理总局令第20号，2020年1月1日起施行，2022年修订），知识产权管理部门依该办法第三十八条参照适用"
LIMITS = [
    ("complaint_accept", "投诉受理决定", 7),
    ("mediation", "投诉调解", 45),
    ("report_check", "举报线索核查处理", 15),
    ("reporter_notice", "告知实名举报人处理结果", 5),
]


def load(apps, schema_editor):
    TimeLimit = apps.get_model("protection", "TimeLimit")
    for code, label, days in LIMITS:
        TimeLimit.objects.get_or_create(code=code, valid_from="2020-01-01",
                                        defaults={"label": label, "workdays": days, "basis": BASIS})  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("protection", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
