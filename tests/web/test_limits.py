"""Rate limits on the login and the public complaint pages: past the limit the answer is 429 with
a Chinese message, and nothing is saved."""

import pytest
from django.urls import reverse

from tests.conftest import make_user
from zhichan.protection.models import Complaint

pytestmark = pytest.mark.django_db


def test_login_attempts_per_user_name_are_limited(client, settings):
    settings.HOME_REGION_CODE = "420581"
    make_user("t_login", region_code="420581")
    for _attempt in range(10):
        assert client.post(reverse("login"), {"username": "t_login", "password": "wrong"}).status_code == 200
    blocked = client.post(reverse("login"), {"username": "t_login", "password": "pw-for-tests-1"})
    assert blocked.status_code == 429 and "过于频繁" in blocked.content.decode()
    assert "_auth_user_id" not in client.session  # even the right password waits
    other = client.post(reverse("login"), {"username": "t_other", "password": "x"})
    assert other.status_code == 200  # another name from the same address still may try


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
