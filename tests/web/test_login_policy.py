"""One login policy for the login page, the admin's login and the API token (issue 29 finding 4,
issue 26): failures counted per account and address, successes never; a growing wait told in
Chinese; nobody elsewhere can lock an account out; tokens stored as digests, expiring and
revocable; a password policy and a page to change one's own password."""

from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_user
from zhichan.accounts import login
from zhichan.accounts.models import ApiToken

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"


def _page(client, name, password, address="10.0.0.1"):
    return client.post(reverse("login"), {"username": name, "password": password}, REMOTE_ADDR=address)


def _token(client, name, password, address="10.0.0.1"):
    return client.post(reverse("api:token"), {"username": name, "password": password}, REMOTE_ADDR=address)


def _admin(client, name, password, address="10.0.0.1"):
    return client.post(reverse("admin:login"), {"username": name, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address)  # fmt: skip


def test_successes_never_lock_out(client):
    make_user("t_often", region_code="420581")
    for _n in range(20):
        assert _page(client, "t_often", PASSWORD).status_code == 302
        client.logout()


def test_failures_lock_that_account_at_that_address_only(client, settings):
    settings.CLIENT_IP_HEADER = ""
    make_user("t_victim", region_code="420581")
    for n in range(10):
        response = _page(client, "t_victim", "wrong", address="203.0.113.9")
        assert response.status_code in (200, 429), n
    refused = _page(client, "t_victim", PASSWORD, address="203.0.113.9")
    body = refused.content.decode()
    assert refused.status_code == 429 and "登录失败次数过多" in body and "后再试" in body
    assert "_auth_user_id" not in client.session  # even the right password waits there
    # The attacker's failures do not lock the owner out at the owner's own address …
    assert _page(client, "t_victim", PASSWORD, address="198.51.100.7").status_code == 302
    client.logout()
    # … nor through the API or the admin from there.
    assert _token(client, "t_victim", PASSWORD, address="198.51.100.7").status_code == 200


def test_the_token_and_the_admin_share_the_policy(client):
    make_user("t_api", region_code="420581")
    admin = make_user("t_root", superuser=True)
    for _n in range(login.FREE_FAILURES):
        assert _token(client, "t_api", "wrong").status_code == 400
    refused = _token(client, "t_api", PASSWORD)
    assert refused.status_code == 429 and "登录失败次数过多" in refused.json()["detail"]
    assert int(refused["Retry-After"]) > 0
    # The page refuses the same account at the same address: one count, whichever door.
    assert _page(client, "t_api", PASSWORD).status_code == 429
    for _n in range(login.FREE_FAILURES):
        _admin(client, admin.username, "wrong")
    refused = _admin(client, admin.username, PASSWORD)
    assert "登录失败次数过多" in refused.content.decode() and "_auth_user_id" not in client.session


def test_waits_grow_and_are_capped():
    free = login.FREE_FAILURES
    waits = [login.delay_after(n, free) for n in range(1, free + 8)]
    assert waits[: free - 1] == [0] * (free - 1)
    assert waits[free - 1 :] == [30, 60, 120, 240, 480, 900, 900, 900]


def test_many_accounts_from_one_address_slow_that_address():
    for n in range(login.FREE_ADDRESS_FAILURES):
        login.failed(f"name{n}", "192.0.2.50")
    assert login.wait_seconds("someone-else", "192.0.2.50") > 0
    assert login.wait_seconds("someone-else", "192.0.2.51") == 0


def test_tokens_are_stored_as_digests_expire_and_can_be_revoked(client):
    user = make_user("t_tok", region_code="420581")
    answer = _token(client, "t_tok", PASSWORD).json()
    key = answer["token"]
    stored = ApiToken.objects.get(user=user)
    assert key not in (stored.digest, stored.prefix) and stored.prefix == key[:8]
    assert not ApiToken.objects.filter(digest__contains=key).exists()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    assert client.get(reverse("api:regions")).status_code == 200
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(reverse("api:regions"))
    assert expired.status_code == 401 and "过期" in expired.json()["detail"]
    ApiToken.objects.filter(pk=stored.pk).update(expires_at=timezone.now() + timedelta(days=1))
    del client.defaults["HTTP_AUTHORIZATION"]
    client.force_login(user)
    assert client.post(reverse("api_token_revoke", args=[stored.pk])).status_code == 302
    client.logout()
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    assert client.get(reverse("api:regions")).status_code == 401


def test_a_user_makes_and_revokes_only_own_tokens(client):
    user = make_user("t_mine", region_code="420581")
    other = make_user("t_theirs", region_code="420581")
    client.force_login(user)
    page = client.post(reverse("api_tokens"), {"name": "报表脚本"}).content.decode()
    token = ApiToken.objects.get(user=user)
    assert "只显示这一次" in page and "报表脚本" in page
    theirs = ApiToken.objects.create(user=other, digest="0" * 64, prefix="00000000",
                                     expires_at=timezone.now() + timedelta(days=1))  # fmt: skip
    assert client.post(reverse("api_token_revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    theirs.refresh_from_db()
    assert token.revoked_at is not None and theirs.revoked_at is None


@pytest.mark.parametrize(
    "password",
    [
        "20240101",
        "2024-01-01",
        "19991231abc",
        "aaaaaaaaaaaa",
        "qwertyuiop",
        "1234567890",
        "zhichan2024",
        "password123",
    ],
)
def test_guessable_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize("password", ["宜都知产-春风-7x", "Tea4Ferry!Rail", "q8#Lm2@vW5zR"])
def test_reasonable_passwords_pass(password):
    validate_password(password)


def test_users_change_their_own_password(client):
    user = make_user("t_change", region_code="420581")
    client.force_login(user)
    weak = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "20240101",
                                                    "new_password2": "20240101"})  # fmt: skip
    body = weak.content.decode()
    assert (
        weak.status_code == 200
        and "日期" in body
        and "至少需要 10 个字符" in body
        and "This password" not in body
    )
    done = client.post(reverse("password_change"), {"old_password": PASSWORD, "new_password1": "Tea4Ferry!Rail",
                                                    "new_password2": "Tea4Ferry!Rail"})  # fmt: skip
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Tea4Ferry!Rail")
