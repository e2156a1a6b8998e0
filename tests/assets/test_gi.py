"""地理标志运用: a GI's authorised users imported from a hand-made Excel list (by credit code or
name; unknown indications, ambiguous names and bad dates reported by row), counted per indication
on a day (current users, those using the special mark, newly authorised this year, expired), within
the office's scope."""

from datetime import date
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import make_entity, region
from zhichan.assets import gi
from zhichan.assets.models import GeographicalIndication, GIMode, GIUser

pytestmark = pytest.mark.django_db


def workbook(rows) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "地理标志名称", "用标企业", "核准日期", "有效期至", "是否使用专用标志", "使用产品"])
    for n, row in enumerate(rows, start=1):
        sheet.append([n, *row])
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("宜都蜜柑用标企业名单.xlsx", buffer.getvalue())


def test_users_imported_and_counted_per_indication(client, roles):
    orange = GeographicalIndication.objects.create(number="G2012001", title="宜都蜜柑", holders="宜都市柑橘协会",
                                                   mode=GIMode.TRADEMARK, region=region("420581"),
                                                   registered_on=date(2012, 6, 1))  # fmt: skip
    GeographicalIndication.objects.create(number="G2015009", title="枝江白酒", holders="枝江市酒业协会",
                                          mode=GIMode.PGI, region=region("420583"), registered_on=date(2015, 1, 1))  # fmt: skip
    a = make_entity("宜都市蜜柑专业合作社", "420581100", serial="00000901")
    b = make_entity("宜都市橘颂果业有限公司", "420581100", serial="00000902")
    c = make_entity("宜都市老果园农业有限公司", "420581100", serial="00000903")
    upload = workbook([
        ("宜都蜜柑", a.credit_code, date(2024, 3, 15), None, "是", "鲜果"),
        ("G2012001", "宜都市橘颂果业有限公司", "2026-05-08", "2029-05-07", "否", "果汁"),
        ("宜都蜜柑", c.name, "2020-03-15", "2025-03-14", "是", ""),  # expired
        ("枝江白酒", a.credit_code, "2026-01-01", None, "是", ""),  # another county's indication
        ("宜都蜜柑", "不存在的公司", "2026-01-01", None, "否", ""),
        ("宜都蜜柑", b.credit_code, "2026-13-01", None, "否", ""),
    ])  # fmt: skip
    client.force_login(roles["county"])
    response = client.post(reverse("assets:gi"), {"file": upload}, follow=True)
    page = response.content.decode()
    assert (
        "新增 3 家" in page and "第5行" in page and "枝江白酒" in page and "第6行" in page and "第7行" in page
    )
    assert GIUser.objects.filter(gi=orange).count() == 3
    (row,) = gi.overview(roles["county"], date(2026, 12, 7))
    assert (row.gi, [u.entity for u in row.users], row.marking, row.new_this_year, row.lapsed) == (
        orange, [b, a], 1, 1, 1)  # fmt: skip
    assert "现有用标主体 <strong>2</strong> 家，其中已使用专用标志 <strong>1</strong> 家" in page
    # Imported again with the mark now used: updated, not doubled.
    response = client.post(
        reverse("assets:gi"),
        {"file": workbook([("宜都蜜柑", b.credit_code, "2026-05-08", "2029-05-07", "是", "果汁")])},
        follow=True,
    )
    assert "新增 0 家，更新 1 家" in response.content.decode()
    assert gi.overview(roles["county"], date(2026, 12, 7))[0].marking == 2
    client.force_login(roles["other_county"])
    assert [r.gi.title for r in gi.overview(roles["other_county"], date(2026, 12, 7))] == ["枝江白酒"]
    assert "宜都蜜柑" not in client.get(reverse("assets:gi")).content.decode()


def test_a_list_without_its_columns_is_refused_whole(client, roles):
    book = Workbook()
    book.active.append(["地理标志名称", "核准日期"])
    book.active.append(["宜都蜜柑", "2026-01-01"])
    buffer = BytesIO()
    book.save(buffer)
    client.force_login(roles["county"])
    response = client.post(
        reverse("assets:gi"), {"file": SimpleUploadedFile("名单.xlsx", buffer.getvalue())}, follow=True
    )
    assert "缺少列：“用标主体”。" in response.content.decode() and not GIUser.objects.exists()
    empty = SimpleUploadedFile("空.csv", "地理标志,用标主体\n".encode())
    assert (
        "文件中没有数据行" in client.post(reverse("assets:gi"), {"file": empty}, follow=True).content.decode()
    )
