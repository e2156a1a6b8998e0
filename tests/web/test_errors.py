"""Error pages in Chinese in the site's frame, JSON in Chinese under /api/: no bare English page."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_chinese_in_the_frame(client, roles):
    page = client.get("/no-such-page/")
    text = page.content.decode()
    assert page.status_code == 404 and "页面不存在" in text and "Not Found" not in text
    assert 'href="/portal/' in text or "公众" in text  # the way back, for a visitor
    client.force_login(roles["county"])
    text = client.get(reverse("assets:patent", args=[999999])).content.decode()
    assert "页面不存在" in text and "No Patent matches" not in text  # Django's English reason is not shown


def test_a_refusal_says_why_in_chinese(client, roles):
    client.force_login(roles["enterprise"])
    page = client.get(reverse("assets:patents"))
    text = page.content.decode()
    assert page.status_code == 403 and "无权访问" in text and "仅知识产权管理部门工作人员可访问" in text
    assert "403 Forbidden" not in text


def test_the_api_answers_in_chinese_json(client, roles):
    answer = client.get("/api/v1/no-such-thing/")
    assert answer.status_code == 404 and answer["Content-Type"].startswith("application/json")
    assert answer.json()["detail"] and all(ord(c) > 127 or not c.isalpha() for c in answer.json()["detail"])


def test_the_server_error_page_needs_nothing_but_a_template(rf):
    from zhichan.web.errors import server_error

    answer = server_error(rf.get("/monitor/"))
    assert answer.status_code == 500 and "服务器内部错误" in answer.content.decode()
