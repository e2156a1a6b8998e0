"""Static files as a real installation serves them: collected with content-hashed names and
gzip/brotli copies, only the vendor files the pages load, served by WhiteNoise with a year's
cache; the API's reference page from our own copy of Swagger UI."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_collected_files_are_hashed_compressed_and_cached_for_a_year(tmp_path):
    production = {**settings.STORAGES, "staticfiles": {"BACKEND": settings.STATIC_STORAGE}}
    with override_settings(STORAGES=production, STATIC_ROOT=tmp_path):
        call_command("collectstatic", "--noinput", verbosity=0)
        echarts = sorted(p.name for p in (tmp_path / "vendor" / "echarts").iterdir())
        assert [n for n in echarts if n.endswith(".js")] == [
            next(n for n in echarts if re.fullmatch(r"echarts\.min\.[0-9a-f]{12}\.js", n)),
            "echarts.min.js",
        ]  # fmt: skip  — one build of ECharts, not the package's 51 MB of variants
        assert {n.rsplit(".", 1)[-1] for n in echarts} == {"js", "gz", "br"}
        page = Client().get(reverse("login")).content.decode()
        hashed = re.search(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', page) or re.search(
            r'href="(/static/vendor/bootstrap/css/bootstrap\.min\.[0-9a-f]{12}\.css)"', page
        )
        assert hashed, "pages name the hashed files"
        served = Client().get(hashed.group(1), HTTP_ACCEPT_ENCODING="br, gzip")
        assert served.status_code == 200
        assert served["Content-Encoding"] == "br"
        assert "max-age=315360000" in served["Cache-Control"] and "immutable" in served["Cache-Control"]


def test_the_api_reference_page_runs_swagger_ui_from_our_own_files(client):
    page = client.get(reverse("api:docs"))
    html = page.content.decode()
    assert page.status_code == 200 and "知产 API 文档" in html
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    nonce = re.search(r"nonce-([\w-]+)'", page["Content-Security-Policy"]).group(1)
    assert f'<script nonce="{nonce}">' in html and reverse("api:schema") in html
    assert finders.find("vendor/swagger-ui/swagger-ui-bundle.js")  # installed from npm, found to serve
    schema = client.get(reverse("api:schema") + "?format=json")
    assert schema.status_code == 200 and schema.json()["info"]["title"] == "知产 API"
