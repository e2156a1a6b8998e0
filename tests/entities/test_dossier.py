"""一户一档 complete: a firm's high-value patents with the criteria they meet, its pledges, the cases
it is party to (within the office's scope), its credit grade with the grade's changes, its
inspections and warnings — on one page and in one Word file that LibreOffice can read."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from tests.conftest import make_entity, region
from tests.monitor.test_compute import patent
from zhichan.classify import engine
from zhichan.finance.models import Pledge
from zhichan.inspections.models import InspectionPlan, InspectionTarget
from zhichan.protection import cases
from zhichan.protection.models import CaseKind, CaseStatus, PartyRole

pytestmark = pytest.mark.django_db
S = CaseStatus


def decided_case(firm, where: str, title: str):
    case = cases.case_open(
        kind=CaseKind.COUNTERFEIT, region=region(where), title=title, requested_on=date(2026, 4, 1)
    )
    cases.party_add(case=case, role=PartyRole.RESPONDENT, name=firm.name, entity=firm)
    for status, day in ((S.FILED, 2), (S.INVESTIGATING, 3)):
        case = cases.case_move(case=case, to=status, on=date(2026, 4, day))
    return cases.case_move(case=case, to=S.DECIDED, on=date(2026, 5, 6), outcome="罚款", finding="violation",
                           fine="8000")  # fmt: skip


def test_the_dossier_gathers_everything_on_one_page_and_in_word(client, roles):
    firm = make_entity("宜都市档案测试有限公司", "420581100", serial="00000801")
    hv = patent("420581100", ipc="H04W 4/02", holder=firm)  # a strategic emerging industry: high-value
    patent("420581100", ipc="A23F 3/06", holder=firm)  # valid, not high-value
    engine.classify(engine.default_ruleset())
    Pledge.objects.create(pledgor=firm, pledgor_name=firm.name, pledgee_name="湖北银行宜都支行",
                          amount=Decimal("3000000"), registered_on=date(2025, 6, 1), region=region("420581"))  # fmt: skip
    own = decided_case(firm, "420581", "宜都网店假冒专利")
    elsewhere = decided_case(firm, "420583", "枝江展会假冒专利")  # another county's case
    plan = InspectionPlan.objects.create(name="2026年专利标识抽查", region=region("420581"), basis="专利法第六十八条",
                                         seed="s")  # fmt: skip
    InspectionTarget.objects.create(plan=plan, entity=firm, code=firm.credit_code, grade="C", key="k",
                                    outcome="rectify", finding="标注失效专利号", checked_on=date(2026, 6, 3))  # fmt: skip
    client.force_login(roles["county"])
    url = reverse("assets:profile", args=[firm.pk])
    response = client.get(url)
    page = response.content.decode()
    d = response.context["d"]
    assert [h["patent"] for h in d.high_value] == [hv] and "属于战略性新兴产业" in d.high_value[0]["criteria"]
    assert hv.number in page and "属于战略性新兴产业" in page and "湖北银行宜都支行" in page
    # The county's case list holds its own cases only (the firm's credit record of the other
    # county's penalty names that case: credit is the firm's, wherever it was penalised).
    assert [x["case"] for x in d.cases] == [own] and own.number in page
    assert "2026年专利标识抽查" in page and "发现问题，责令整改" in page
    assert d.grade.grade == "D" and d.grade.score == 40  # 100 − 30 − 30: two counterfeit penalties
    assert "等级 <strong>D</strong>" in page and own.number in page
    client.force_login(roles["city"])  # the city above both counties sees both cases
    assert {x["case"] for x in client.get(url).context["d"].cases} == {own, elsewhere}

    response = client.get(url + "?format=docx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    document = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "宜都市档案测试有限公司 一户一档" in text and "信用等级 D" in text
    for expected in (hv.number, "属于战略性新兴产业", "湖北银行宜都支行", "3,000,000.00", own.number,
                     "2026年专利标识抽查", "假冒专利行政处罚"):  # fmt: skip
        assert expected in cells, expected
    client.force_login(roles["other_county"])
    assert client.get(url).status_code == 404
