"""Rate limits on the login and the public complaint pages: past the limit the answer is 429 with
a Chinese message, and nothing is saved."""

import pytest
from django.urls import reverse

from zhichan.protection.models import Complaint

pytestmark = pytest.mark.django_db


def test_public_complaints_and_lookups_are_limited(client, settings):
    settings.HOME_REGION_CODE = "420581"
    data = {"kind": "report", "phone": "13900005678", "subject": "某公司", "description": "疑似非正常专利申请，批量代写。",
            "anonymous": "1"}  # fmt: skip
    for _n in range(10):
        assert client.post(reverse("protection:public_new"), data).status_code == 200
    blocked = client.post(reverse("protection:public_new"), data)
    assert blocked.status_code == 429 and "过于频繁" in blocked.content.decode()
    assert Complaint.objects.count() == 10
    for _n in range(30):
        client.post(reverse("protection:public_status"), {"receipt": "ABCDEFGHJK", "phone": "1234"})
    blocked = client.post(reverse("protection:public_status"), {"receipt": "ABCDEFGHJK", "phone": "1234"})
    assert blocked.status_code == 429
