"""The REST API: token authentication, scoping by role and region as on the pages, filters,
capped pagination, the indicators, the published OpenAPI schema, and schemathesis generating
requests from that schema against the app in-process."""

from datetime import date

import pytest
from django.urls import reverse

from tests.monitor.test_compute import patent
from zhichan.accounts.tokens import token_create

pytestmark = pytest.mark.django_db


def client_for(client, user):
    _token, key = token_create(user=user)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {key}"
    return client


def test_schema_is_published_and_valid(client):
    from drf_spectacular.validation import validate_schema

    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200  # without an account
    document = response.json()
    validate_schema(document)
    assert document["info"]["version"] == "1.0.0 (v1)"
    assert {
        "/api/v1/patents/",
        "/api/v1/patents/{number}/",
        "/api/v1/indicators/",
        "/api/v1/trademarks/",
    } <= set(document["paths"])


def test_token_and_scoping(client, roles):
    yidu = patent("420581100", holder=roles["yidu_firm"])
    zhijiang = patent("420583", holder=roles["zhijiang_firm"])
    assert client.get(reverse("api:patents")).status_code == 401
    roles["county"].set_password("pw-for-tests-1")
    roles["county"].save()
    token = client.post(reverse("api:token"), {"username": "t_yidu", "password": "pw-for-tests-1"}).json()[
        "token"
    ]
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {token}"
    found = client.get(reverse("api:patents")).json()
    assert [p["number"] for p in found["results"]] == [yidu.number] and found["count_capped"] is False
    assert client.get(reverse("api:patent", args=[zhijiang.number])).status_code == 404
    detail = client.get(reverse("api:patent", args=[yidu.number]), {"on": "2020-01-01"}).json()
    assert detail["status"] == "pending" and detail["applicant_links"][0]["entity"] == roles["yidu_firm"].pk
    client_for(client, roles["city"])
    numbers = {p["number"] for p in client.get(reverse("api:patents")).json()["results"]}
    assert numbers == {yidu.number, zhijiang.number}
    assert {
        p["number"] for p in client.get(reverse("api:patents"), {"region": "420583"}).json()["results"]
    } == {zhijiang.number}
    client_for(client, roles["enterprise"])  # its own patents only
    assert [p["number"] for p in client.get(reverse("api:patents")).json()["results"]] == [yidu.number]
    assert [e["id"] for e in client.get(reverse("api:entities")).json()["results"]] == [roles["yidu_firm"].pk]
    client_for(client, roles["outsider"])
    assert client.get(reverse("api:patents")).json()["results"] == []


def test_indicators_for_the_official_region_only(client, roles):
    patent("420581100", filed=date(2019, 3, 4), granted=date(2021, 5, 6))
    client_for(client, roles["county"])
    document = client.get(reverse("api:indicators"), {"region": "420581", "as_of": "2025-06-30"}).json()
    assert document["format"] == "zhichan.indicators/1"
    cell = next(r for r in document["regions"] if r["code"] == "420581")["values"]["invention_valid"]
    assert cell["value"] == "1"
    assert client.get(reverse("api:indicators"), {"region": "420583"}).status_code == 404
    assert client.get(reverse("api:indicators"), {"region": "420581", "indicator": "nope"}).status_code == 400
    client_for(client, roles["enterprise"])
    assert client.get(reverse("api:indicators"), {"region": "420581"}).status_code == 404


def test_pages_are_capped_and_sized(client, roles):
    for n in range(7):
        patent("420581", filed=date(2018, 1, 1 + n))
    client_for(client, roles["county"])
    first = client.get(reverse("api:patents"), {"page_size": 5}).json()
    assert (first["count"], len(first["results"])) == (7, 5) and first["next"]
    assert (
        client.get(reverse("api:patents"), {"page_size": 500}).json()["count"] == 7
    )  # page size capped at 200


def test_schemathesis_against_the_app(roles):
    """Requests generated from the published schema, sent to the app in-process as the county
    official: every response must be a documented status with a body matching the schema, and
    no request may cause a server error."""
    import schemathesis
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    patent("420581100", holder=roles["yidu_firm"])
    _token, key = token_create(user=roles["county"])
    headers = {"Authorization": f"Token {key}"}
    # As Django's test client does: the WSGI handler would close the test's connection (and its
    # transaction) after every request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
        checked = _fuzz(schema, headers)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert checked == 15  # every operation of the schema


def _fuzz(schema, headers) -> int:
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import positive_data_acceptance

    checked = 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(case=operation.as_strategy())
        def run(case):
            # Schema-valid values that are still refused on purpose: NUL characters (PostgreSQL
            # cannot store them; the form fields refuse them with 400) and pages past the end (404,
            # as documented).
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        run()
        checked += 1
    return checked


LISTS = [
    "regions",
    "entities",
    "patents",
    "pledges",
    "transactions",
    "trademarks",
    "gis",
    "copyrights",
    "varieties",
    "layouts",
    "dataip",
]


@pytest.mark.parametrize("name", LISTS)
def test_every_list_needs_a_token_and_answers_every_role(client, roles, name):
    assert client.get(reverse(f"api:{name}")).status_code == 401
    for role in ("province", "county", "other_county", "enterprise", "bank", "outsider", "admin"):
        client_for(client, roles[role])
        response = client.get(reverse(f"api:{name}"))
        assert response.status_code == 200, (role, response.content[:200])
        assert set(response.json()) == {"count", "count_capped", "next", "previous", "results"}


def test_transactions_by_party_and_region(client, roles):
    from zhichan.market import services
    from zhichan.market.models import LicenseType, TransactionKind
    from zhichan.regions.models import Region

    sold = patent("420581100", holder=roles["yidu_firm"], granted=date(2021, 5, 6))
    other = patent("420583", holder=roles["zhijiang_firm"], granted=date(2021, 5, 6))
    county, neighbour = Region.objects.get(code="420581"), Region.objects.get(code="420583")
    transfer = services.transaction_record(
        kind=TransactionKind.TRANSFER, patents=[sold], seller_name=roles["yidu_firm"].name,
        buyer_name=roles["zhijiang_firm"].name, signed_on=date(2025, 3, 1), effective_on=date(2025, 3, 20), region=county,
    )  # fmt: skip
    licence = services.transaction_record(
        kind=TransactionKind.LICENSE, license_type=LicenseType.ORDINARY, patents=[other],
        seller_name=roles["zhijiang_firm"].name, buyer_name="某外地公司", signed_on=date(2025, 6, 1),
        effective_on=date(2025, 6, 9), region=neighbour,
    )  # fmt: skip

    def ids(role, **query):
        client_for(client, roles[role])
        response = client.get(reverse("api:transactions"), query)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids("county") == [transfer.pk]
    assert ids("city") == [licence.pk, transfer.pk]  # newest first
    assert ids("city", kind="license") == [licence.pk]
    assert ids("city", effective_to="2025-04-01") == [transfer.pk]
    assert ids("enterprise") == [transfer.pk]  # the 宜都 firm is the transferor
    assert ids("bank") == [] and ids("outsider") == []
    client_for(client, roles["county"])
    row = client.get(reverse("api:transactions")).json()["results"][0]
    assert row["patents"] == [sold.number] and row["region"] == "420581100" and row["kind"] == "transfer"
    bad = client.get(reverse("api:transactions"), {"effective_from": "2025-13-01"})
    assert bad.status_code == 400 and "日期格式" in bad.json()["effective_from"]
