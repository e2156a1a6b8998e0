"""Security settings that hold for every page: CSRF on every form, the session cookie and its
life, headers, Django's deployment checks, and an audit trail over every model people change."""

import pytest
from django.apps import apps
from django.core.checks import Tags, run_checks
from django.test import Client
from django.urls import reverse

from zhichan.entities.models import Entity

pytestmark = pytest.mark.django_db

# Models without an audit trail, each with the reason; every other model of the project has one.
NOT_AUDITED = {
    "regions.Region": "loaded whole from the shipped division dataset (its provenance file); reloading is the only change",
    "assets.ImportUndo": "the undo journal of an audited import batch",
    "assets.PatentApplicant": "derived from the audited patent's applicants at import and relinking",
    "classify.IPCEntry": "the IPC scheme loaded from its source edition",
    "classify.ClassRule": "rows of an audited classification table, loaded from the official file",
    "classify.ClassName": "class names loaded with the tables",
    "classify.PatentClass": "computed from the audited rule version",
    "market.DealStep": "itself the history of a deal's moves: who, when, why",
    "awards.Step": "itself the history of an application's moves: who, when, why",
    "navigation.Run": "the output of a job (who started it is on the job)",
    "navigation.RunPatent": "the output of a job",
    "navigation.WatchNotice": "written by the watch runner from the audited watch",
    "jobs.Job": "its own record: who started what, when, and how it ended",
    "notices.Notice": "a message the platform wrote to one person; its read and sent stamps are its history",
}


def test_every_model_people_change_has_an_audit_trail():
    from auditlog.registry import auditlog

    ours = {m._meta.label: m for m in apps.get_models() if m.__module__.startswith("zhichan.")}
    missing = sorted(label for label, model in ours.items() if not auditlog.contains(model))
    assert missing == sorted(NOT_AUDITED)
    # Personal data of complainants and parties stays out of the audit log's change records.
    for label, fields in {"protection.Complaint": {"name", "phone", "email"},
                          "protection.Party": {"name", "id_number", "phone", "address"}}.items():  # fmt: skip
        excluded = set(auditlog.get_model_fields(ours[label])["exclude_fields"])
        assert fields <= excluded, label


def test_forms_refuse_a_post_without_the_csrf_token(roles):
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post(reverse("login"), {"username": "t_yidu", "password": "pw-for-tests-1"}).status_code == 403
    )
    data = {
        "kind": "report",
        "phone": "13900005678",
        "subject": "某公司",
        "description": "疑似非正常专利申请，批量代写。",
    }
    assert client.post(reverse("protection:public_new"), data).status_code == 403
    client.force_login(roles["county"])
    new = {"name": "宜都市跨站测试有限公司", "kind": "enterprise", "address": "宜都市陆城街道"}
    assert client.post(reverse("entities:create"), new).status_code == 403
    assert not Entity.objects.filter(name=new["name"]).exists()
    # With the token from the form the same post goes through.
    page = client.get(reverse("entities:create"))
    token = page.context["csrf_token"]
    assert (
        client.post(reverse("entities:create"), new | {"csrfmiddlewaretoken": str(token)}).status_code == 302
    )
    assert Entity.objects.filter(name=new["name"]).exists()


def test_login_renews_the_session_and_logout_ends_it(roles):
    client = Client()
    client.get(reverse("login"))
    before = client.cookies.get("sessionid")
    response = client.post(reverse("login"), {"username": "t_yidu", "password": "pw-for-tests-1"})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["max-age"] == ""  # ends with the browser; the server side lasts 8 hours
    assert before is None or before.value != cookie.value  # a session fixed before login is not kept
    assert client.get(reverse("entities:list")).status_code == 200
    stolen = Client()
    stolen.cookies["sessionid"] = cookie.value
    assert stolen.get(reverse("entities:list")).status_code == 200
    client.post(reverse("logout"))
    assert stolen.get(reverse("entities:list")).status_code == 302  # the old cookie is dead


def test_pages_carry_the_protective_headers(client):
    response = client.get(reverse("portal:home"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_deployment_checks_pass_with_the_documented_production_settings(settings):
    settings.DEBUG = False
    settings.SECRET_KEY = "k" * 30 + "-production-secret-from-the-environment-0123456789"
    settings.ALLOWED_HOSTS = ["ip.example.gov.cn"]
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    found = {m.id for m in run_checks(include_deployment_checks=True, tags=[Tags.security])}
    # HSTS and the HTTPS redirect are the TLS-terminating proxy's (docs/operations.md).
    assert found <= {"security.W004", "security.W008"}
