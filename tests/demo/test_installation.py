"""No published credentials outside a demo installation (issue 29 finding 5): the demo loads only
where ZHICHAN_DEMO is set, and says so on every page; its password opens nothing elsewhere; a
real installation makes its own administrator with a random password."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.conftest import make_user
from zhichan.accounts.login import DEMO_PASSWORD
from zhichan.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_loads_only_into_a_demo_installation(settings):
    settings.DEMO = False
    with pytest.raises(CommandError, match="ZHICHAN_DEMO=1"):
        call_command("load_demo", entities=5, patents=0)
    assert not User.objects.filter(username__in=["admin", "yidu"]).exists()


def test_the_demo_password_opens_nothing_outside_the_demo(client, settings):
    user = make_user("t_leftover", region_code="420581")
    user.set_password(DEMO_PASSWORD)
    user.save()
    settings.DEMO = False
    refused = client.post(reverse("login"), {"username": "t_leftover", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in client.session and "演示账号的公开密码" in refused.content.decode()
    assert (
        client.post(reverse("api:token"), {"username": "t_leftover", "password": DEMO_PASSWORD}).status_code
        == 429
    )
    settings.DEMO = True
    assert (
        client.post(reverse("login"), {"username": "t_leftover", "password": DEMO_PASSWORD}).status_code
        == 302
    )


def test_every_page_of_a_demo_says_so(client, settings):
    settings.HOME_REGION_CODE = "420581"
    settings.DEMO = True
    assert "演示环境" in client.get(reverse("portal:home")).content.decode()
    assert "演示环境" in client.get(reverse("login")).content.decode()
    settings.DEMO = False
    assert "演示环境" not in client.get(reverse("portal:home")).content.decode()


def test_a_real_installation_makes_its_own_administrator(capsys):
    call_command("create_admin")
    out = capsys.readouterr().out
    password = out.strip().rsplit("：", 1)[-1]
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and len(password) >= 16 and password != DEMO_PASSWORD
    assert admin.check_password(password)
    call_command("create_admin")  # a second start changes nothing
    assert "未作改动" in capsys.readouterr().out
    assert User.objects.get(username="admin").check_password(password)
