"""The platform's default credit scheme (docs/credit.md): an office edits the points or makes a
new scheme in the admin; this one is a starting point, not an official standard."""

from django.db import migrations

RULES = [
    # code, label, points, years, source, match
    ("serious_dishonesty", "列入严重违法失信名单", -50, 5, "entered", ""),
    ("counterfeit_patent", "假冒专利行政处罚", -30, 5, "entered", ""),
    ("ip_penalty", "知识产权行政处罚（其他）", -20, 3, "entered", ""),
    ("award_reclaimed", "奖补资金被追回", -20, 3, "entered", ""),
    ("malicious_trademark", "商标恶意注册（经核实）", -15, 3, "entered", ""),
    ("abnormal_patent", "非正常专利申请（经核实）", -10, 3, "entered", ""),
    ("infringement_found", "经裁决或判决认定侵权", -10, 3, "entered", ""),
    ("national_ip_demo", "国家知识产权示范企业", 15, 3, "tag", "national_ip_demo"),
    ("national_ip_advantage", "国家知识产权优势企业", 10, 3, "tag", "national_ip_advantage"),
    ("provincial_ip_demo", "省知识产权示范企业", 8, 3, "tag", "provincial_ip_demo"),
    ("provincial_ip_advantage", "省知识产权优势企业", 5, 3, "tag", "provincial_ip_advantage"),
    ("gbt29490", "贯标企业（GB/T 29490）", 5, 3, "tag", "gbt29490"),
    ("china_patent_award", "获中国专利奖", 10, 5, "award", "中国专利奖"),
    ("provincial_patent_award", "获省级专利奖", 5, 5, "award", "省专利奖"),
    ("commendation", "知识产权工作表彰", 5, 3, "entered", ""),
]


def load(apps, schema_editor):
    Scheme = apps.get_model("credit", "CreditScheme")
    Rule = apps.get_model("credit", "CreditRule")
    scheme, made = Scheme.objects.get_or_create(
        name="知产默认信用评价方案（2026）",
        defaults={
            "basis": "平台默认，办公室可在后台调整分值或另立方案",
            "valid_from": "2026-01-01",
            "is_current": True,
        },
    )
    if made:
        for code, label, points, years, source, match in RULES:
            Rule.objects.create(scheme=scheme, code=code, label=label, points=points, valid_years=years,
                                source=source, match=match)  # fmt: skip


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
