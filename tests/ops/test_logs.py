"""No personal data in logs: a complainant's name, phone, ID number, address, e-mail and receipt
code go through the public form, the lookup, a refused upload and the handler's pages, and none of
them appears in any log line, plain or JSON, at any level the settings let through."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zhichan.lib.logs import JsonFormatter
from zhichan.protection.models import Complaint

pytestmark = pytest.mark.django_db

PERSON = {"name": "欧阳明哲", "phone": "13912345678", "email": "ouyang.mingzhe@example.cn"}
ID_NUMBER, ADDRESS = "420581199001011234", "宜都市陆城街道清江大道88号"


def test_personal_data_stays_out_of_the_logs(client, roles, settings, tmp_path, caplog):
    settings.MEDIA_ROOT = tmp_path
    settings.HOME_REGION_CODE = "420581"
    caplog.set_level(logging.DEBUG)  # everything the configured loggers let through
    told = f"本人（身份证号{ID_NUMBER}，住{ADDRESS}）发现该商行销售假冒本人专利的产品。"
    data = {"kind": "complaint", "subject": "宜都市某商行", "description": told, **PERSON}
    refused = client.post(reverse("protection:public_new"), data | {
        "files": [SimpleUploadedFile("证据.exe", b"MZ\x90\x00", content_type="application/octet-stream")]})  # fmt: skip
    assert (
        refused.status_code == 400 and "附件" in refused.content.decode() and not Complaint.objects.exists()
    )
    filed = client.post(reverse("protection:public_new"), data)
    assert filed.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.name == PERSON["name"]
    found = client.post(reverse("protection:public_status"), {"receipt": complaint.receipt, "phone": "5678"})
    assert "已收到" in found.content.decode()
    client.post(reverse("protection:public_status"), {"receipt": complaint.receipt, "phone": "0000"})
    client.force_login(roles["other_county"])
    assert client.get(reverse("protection:complaint", args=[complaint.pk])).status_code == 404
    client.force_login(roles["enterprise"])
    assert client.get(reverse("protection:complaint", args=[complaint.pk])).status_code == 403
    client.force_login(roles["county"])
    client.post(reverse("protection:complaint", args=[complaint.pk]), {"action": "take"})
    page = client.get(reverse("protection:complaint", args=[complaint.pk])).content.decode()
    assert PERSON["phone"] in page and ID_NUMBER in page  # the handler reads them

    assert caplog.records, "the refused requests above are logged"
    lines = [JsonFormatter().format(r) for r in caplog.records] + [caplog.text]
    secrets = [*PERSON.values(), ID_NUMBER, ADDRESS, complaint.receipt]
    leaked = [(secret, line) for line in lines for secret in secrets if secret in line]
    assert leaked == []
