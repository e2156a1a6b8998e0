"""The time limits of protection cases, as dated data (docs/protection.md, "Time limits").

None of these texts could be read from the workplace that wrote this migration (see
shared/RULES.md): every row is marked sure=False with what remains to be checked, and the office
confirms or corrects it in the admin (管理 → 法定时限) — a corrected figure is a new row from its
date of effect, so cases already running keep the limit they started under.
"""

from django.db import migrations

ORDER_71 = "《专利行政执法办法》（国家知识产权局令第71号，2015年修订）"
ORDER_81 = "《专利纠纷行政裁决和调解办法》（国家知识产权局令第81号，2025年2月1日起施行）"
PENALTY = "《市场监督管理行政处罚程序规定》（国家市场监督管理总局令第2号，2021年总局令第42号、2022年总局令第61号修正）"
PUBLICITY = "《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）"
TRANSFER = "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号，2020年修订）"

CHECK_81 = "令第81号原文未能在编写环境中读取；数值与令第71号相同，请对照原文核对后在后台确认"
CHECK_71 = "按令第71号条文录入，未在编写环境中核对原文"
CHECK_SIMPLE = "简易程序结案期限未能读取令第81号原文，暂按一个月设置，请核对后修改"
CHECK_PENALTY = "按总局令第2号（修正后）条文录入，未在编写环境中核对原文"
CHECK_TRANSFER = "按国务院令第310号条文录入（负责人3日内决定，批准后24小时内移送），未在编写环境中核对原文"

# code, label, amount, unit, holder, basis, valid_from, sure, note
LIMITS = [
    ("adj_file", "立案或通知不予受理", 5, "workday", "office", ORDER_71, "2015-07-01", CHECK_71),
    ("adj_serve", "向被请求人送达请求书副本", 5, "workday", "office", ORDER_71, "2015-07-01", CHECK_71),
    ("adj_answer", "被请求人提交答辩书", 15, "day", "party", ORDER_71, "2015-07-01", CHECK_71),
    ("adj_close", "专利侵权纠纷结案", 3, "month", "office", ORDER_71, "2015-07-01", CHECK_71),
    ("adj_extend", "经负责人批准延长结案期限", 1, "month", "office", ORDER_71, "2015-07-01", CHECK_71),
    ("adj_file", "立案或通知不予受理", 5, "workday", "office", ORDER_81, "2025-02-01", CHECK_81),
    ("adj_serve", "向被请求人送达请求书副本", 5, "workday", "office", ORDER_81, "2025-02-01", CHECK_81),
    ("adj_answer", "被请求人提交答辩书", 15, "day", "party", ORDER_81, "2025-02-01", CHECK_81),
    ("adj_close", "专利侵权纠纷结案", 3, "month", "office", ORDER_81, "2025-02-01", CHECK_81),
    ("adj_extend", "经负责人批准延长结案期限", 1, "month", "office", ORDER_81, "2025-02-01", CHECK_81),
    ("simple_close", "简易程序结案", 1, "month", "office", ORDER_81, "2025-02-01", CHECK_SIMPLE),
    ("med_file", "调解请求立案", 5, "workday", "office", ORDER_81, "2025-02-01", CHECK_81),
    ("pen_file", "核查线索、决定是否立案", 15, "workday", "office", PENALTY, "2021-07-15", CHECK_PENALTY),
    ("pen_close", "作出处理决定", 90, "day", "office", PENALTY, "2021-07-15", CHECK_PENALTY),
    ("pen_extend", "经负责人批准延长办案期限", 30, "day", "office", PENALTY, "2021-07-15", CHECK_PENALTY),
    ("pen_publish", "行政处罚决定信息公示", 20, "workday", "office", PUBLICITY, "2021-09-01", ""),
    ("crim_approve", "负责人决定是否批准移送", 3, "day", "office", TRANSFER, "2020-08-07", CHECK_TRANSFER),
    ("crim_send", "批准后向公安机关移送", 1, "day", "office", TRANSFER, "2020-08-07", CHECK_TRANSFER),
]


def load(apps, schema_editor):
    TimeLimit = apps.get_model("protection", "TimeLimit")
    TimeLimit.objects.filter(holder="").update(holder="office")
    for code, label, amount, unit, holder, basis, valid_from, note in LIMITS:
        TimeLimit.objects.get_or_create(
            code=code,
            valid_from=valid_from,
            defaults={
                "label": label,
                "amount": amount,
                "unit": unit,
                "holder": holder,
                "basis": basis,
                "sure": not note,
                "note": note,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("protection", "0003_cases")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
