"""高价值专利培育项目 from application to 验收: experts' scores before 立项, the budget, stages in
order with a refusal and its rectification, payment of a stage only after it (and every stage
before it) passed, termination, the project's patents, figures per year — and in two browsers."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.awards.test_awards import TODAY, experts, programme, running, staged
from tests.conftest import make_entity, make_user, needs_chromium, shot, sign_in
from tests.market.test_services import patent
from zhichan.accounts.models import Role
from zhichan.awards import projects, services
from zhichan.awards.models import AppStatus, Project, ProjectStatus

pytestmark = pytest.mark.django_db
D = Decimal
STAGES = [["立项", 0.3], ["中期评估", 0.3], ["验收", 0.4]]


@pytest.fixture
def firm():
    return make_entity("宜都市培育项目测试有限公司", "420581100", serial="00000991")


def apply(rule, firm, requested="300000", title="磷石膏综合利用高价值专利培育"):
    return projects.project_apply(rule=rule, entity=firm, title=title, field="磷化工", summary="磷石膏制硫酸联产水泥",
                                  leader="李工", requested=D(requested), on=TODAY, target_filings=12, target_grants=5)  # fmt: skip


def test_a_project_never_approved_gets_nothing_and_stages_go_in_order(firm):
    prog, _inv = programme(2025)
    rule = staged(prog, D("400000"), STAGES)
    project = apply(rule, firm)
    application = services.application_build(programme=prog, entity=firm)
    assert not application.claims.filter(rule=rule).exists()  # nothing passed: nothing pre-filled
    never = services.claim_add(
        application=application, rule=rule, key=f"project:{project.pk}:验收", description="验收"
    )
    assert (never.eligible, never.amount, never.reason) == (False, D("0"), "项目尚未立项。")
    with pytest.raises(ValidationError, match="至少 3 位专家"):
        projects.project_decide(project=project, approve=True, budget=D("300000"), note="", on=TODAY)
    panel = experts()
    for expert, score in zip(panel, ("80", "71", "90"), strict=True):
        projects.review_add(project=project, expert=expert, score=D(score), opinion="", on=TODAY)
    with pytest.raises(ValidationError, match="已评审"):
        projects.review_add(project=project, expert=panel[0], score=D("60"), opinion="", on=TODAY)
    with pytest.raises(ValidationError, match="0 到 100"):
        projects.review_add(project=project, expert=experts(4)[3], score=D("100.5"), opinion="", on=TODAY)
    assert projects.review_summary(project) == {"n": 3, "mean": D("80.33"), "enough": True}
    with pytest.raises(ValidationError, match="不超过申请额"):
        projects.project_decide(project=project, approve=True, budget=D("300000.01"), note="", on=TODAY)
    projects.project_decide(
        project=project, approve=True, budget=D("250000"), note="专家组同意立项", on=date(2025, 3, 1)
    )
    project.refresh_from_db()
    assert (project.status, project.starts_on, projects.passed_stages(project)) == (
        ProjectStatus.APPROVED, date(2025, 3, 1), ["立项"])  # fmt: skip
    with pytest.raises(ValidationError, match="“中期评估”尚未通过，不能进行“验收”"):
        projects.stage_record(project=project, stage="验收", passed=True, note="", on=date(2026, 3, 1))
    with pytest.raises(ValidationError, match="整改要求"):
        projects.stage_record(project=project, stage="中期评估", passed=False, note="", on=date(2025, 9, 1))
    projects.stage_record(project=project, stage="中期评估", passed=False, note="专利布局不足，补充3件申请",
                          on=date(2025, 9, 1))  # fmt: skip
    # The stage claimed before it passed is refused with its name; 立项 (30 % of 250,000) is paid.
    middle = services.verify(rule, firm, services.Item(f"project:{project.pk}:中期评估", "中期评估"))
    assert (middle.eligible, middle.reason) == (False, "“中期评估”尚未通过，不能拨付“中期评估”阶段资助。")
    early = services.verify(rule, firm, services.Item(f"project:{project.pk}:验收", "验收"))
    assert early.reason == "“中期评估”尚未通过，不能拨付“验收”阶段资助。"
    projects.stage_record(project=project, stage="中期评估", passed=True, note="已整改", on=date(2025, 11, 1))
    with pytest.raises(ValidationError, match="不能早于上一结论"):
        projects.stage_record(project=project, stage="验收", passed=True, note="", on=date(2025, 10, 1))
    projects.stage_record(project=project, stage="验收", passed=True, note="", on=date(2026, 3, 1))
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    rebuilt = services.application_build(programme=prog, entity=firm)
    paid = {c.key.rsplit(":", 1)[1]: (c.eligible, c.amount) for c in rebuilt.claims.filter(rule=rule)}
    # 验收, entered by hand and refused before, is checked anew: 40 % of 250,000
    assert paid == {
        "立项": (True, D("75000.00")),
        "中期评估": (True, D("75000.00")),
        "验收": (True, D("100000.00")),
    }


def test_termination_keeps_what_passed_and_stops_the_rest(firm):
    prog, _inv = programme(2025)
    rule = staged(prog, D("300000"), STAGES)
    project = running(rule, firm, D("300000"))
    with pytest.raises(ValidationError, match="写明原因"):
        projects.terminate(project=project, note="", on=TODAY)
    projects.terminate(project=project, note="承担单位主动申请终止", on=date(2025, 6, 1))
    with pytest.raises(ValidationError, match="已终止"):
        projects.stage_record(project=project, stage="中期评估", passed=True, note="", on=date(2025, 9, 1))
    claims = services.application_build(programme=prog, entity=firm).claims.filter(rule=rule)
    assert [(c.key.rsplit(":", 1)[1], c.amount) for c in claims] == [("立项", D("90000.00"))]
    assert [c.what for c in project.changes.all()] == ["终止项目"]


def test_figures_per_year_and_the_projects_patents(firm):
    prog, _inv = programme(2025)
    rule = staged(prog, D("300000"), STAGES)
    project = running(rule, firm, D("200000"), passed=["中期评估"])
    apply(rule, firm, title="另一个项目")
    mine = patent(firm, 91)
    with pytest.raises(ValidationError, match=r"登记簿中没有这些专利：202399999999\.9"):
        projects.patents_set(project=project, numbers=f"{mine.number}、202399999999.9")
    projects.patents_set(project=project, numbers=mine.number)
    assert [p for p, _later in projects.patents_later(project)] == [mine]
    application = services.application_build(programme=prog, entity=firm)
    services.application_submit(application=application, bank_name="工行", account_name=firm.name,
                                account_number="62220000")  # fmt: skip
    services.application_move(application=application, to=AppStatus.CHECKED)
    services.application_move(application=application, to=AppStatus.APPROVED)
    rows = {y.year: y for y in projects.figures_by_year(rule.projects.all())}
    # one applied when the window opened, one today; one approved on 1 March 2025 with 200,000, 立项 and
    # 中期评估 paid (30 % + 30 %)
    assert (
        sum(rows[y].applied for y in {prog.opens_on.year, TODAY.year}) == 2 and rows[TODAY.year].accepted == 0
    )
    assert (rows[2025].approved, rows[2025].budget, rows[2025].paid) == (1, D("200000"), D("120000.00"))


def test_who_sees_and_acts_on_a_project(client, roles):
    prog, _inv = programme(2025)
    rule = staged(prog, D("300000"), STAGES)
    project = apply(rule, roles["yidu_firm"])
    url = reverse("awards:project", args=[project.pk])
    client.force_login(roles["enterprise"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "approve", "budget": "1", "on": str(TODAY)}).status_code == 403
    client.force_login(roles["other_county"])
    assert client.get(url).status_code == 404
    client.force_login(roles["county"])
    assert project.title in client.get(reverse("awards:projects")).content.decode()
    client.post(url, {"action": "review", "expert": experts()[0].pk, "score": "88", "on": str(TODAY)})
    assert project.reviews.get().score == D("88")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("committed_tree")
@needs_chromium
def test_a_project_runs_from_application_to_acceptance_with_a_stage_refused(page, live_server):
    firm = make_entity("宜都市浏览器培育项目有限公司", "420581100", serial="00000992")
    prog, _inv = programme(TODAY.year)
    staged(prog, D("300000"), STAGES, name="高价值专利培育项目（分阶段）")
    make_user("b_qiye_pj", role=Role.ENTERPRISE, entity=firm)
    make_user("b_yidu_pj", region_code="420581")
    panel = experts()
    sign_in(page, "b_qiye_pj", then="/awards/projects/mine/")
    page.fill("#pj-title", "磷石膏综合利用高价值专利培育")
    page.fill("#pj-field", "磷化工")
    page.fill("#pj-leader", "李工")
    page.fill("#pj-summary", "磷石膏制硫酸联产水泥的专利组合布局")
    page.fill("#pj-requested", "300000")
    page.locator("#project-form button").click()
    page.wait_for_load_state()
    assert page.locator("#project-status").inner_text() == "已申报，待评审"
    office = page.context.browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(office, "b_yidu_pj", then=page.url.replace(live_server.url, ""))
    for expert, score in zip(panel, ("85", "78", "90"), strict=True):
        office.select_option("#review-form select[name=expert]", str(expert.pk))
        office.fill("#review-form input[name=score]", score)
        office.locator("#review-form button").click()
        office.wait_for_load_state()
    assert "平均 84.33 分" in office.inner_text("body")
    office.fill("#decide-form input[name=budget]", "240000")
    office.get_by_role("button", name="立项", exact=True).click()
    office.wait_for_load_state()
    assert office.locator("#project-status").inner_text() == "已立项，实施中"
    office.fill("#stage-form input[name=note]", "专利布局不足，补充申请")
    office.get_by_role("button", name="未通过").click()
    office.wait_for_load_state()
    assert "中期评估：未通过（专利布局不足，补充申请）" in office.locator("#project-history").inner_text()
    for _stage in ("中期评估", "验收"):
        office.get_by_role("button", name="通过", exact=True).click()
        office.wait_for_load_state()
    assert office.locator("#project-status").inner_text() == "已验收"
    shot(office, "awards-project-accepted")
    page.goto("/awards/mine/")  # the enterprise claims the three stages' money
    page.locator("li", has_text=prog.name).get_by_role("button", name="申报").click()
    page.wait_for_load_state()
    text = page.inner_text("body")
    assert "磷石膏综合利用高价值专利培育：验收" in text and "立项资助额 240,000.00 元 × 验收阶段 0.4" in text
    assert "核定合计 240,000.00 元" in text  # 72,000 + 72,000 + 96,000 (the invention award has nothing)
    shot(page, "awards-project-claims")


def test_changes_need_a_running_project_and_say_why_not(firm, roles):
    prog, _inv = programme(2025)
    rule = staged(prog, D("300000"), STAGES)
    project = apply(rule, firm)
    change = projects.change_add(project=project, what=" 更换负责人 " + "长" * 300, note="说" * 600, on=TODAY,
                                 user=roles["county"])  # fmt: skip
    assert (len(change.what), len(change.note), change.by) == (200, 500, roles["county"])
    assert projects.change_add(project=project, what="延期", note=" 至2027年 ", on=TODAY).note == "至2027年"
    with pytest.raises(ValidationError) as empty:
        projects.change_add(project=project, what=" ", note="", on=TODAY)
    assert empty.value.messages == ["请填写变更事项。"]
    projects.project_decide(project=project, approve=False, budget=None, note="不符合申报条件", on=TODAY)
    with pytest.raises(ValidationError) as refused:
        projects.change_add(
            project=project, what="延期", note="", on=TODAY
        )  # the object in hand still says 已申报
    assert refused.value.messages == ["项目不予立项，不能变更。"]


def test_figures_per_year_count_each_project_and_only_the_projects_asked_for(firm):
    from zhichan.awards.models import Payment

    prog, _inv = programme(2025)
    rule = staged(prog, D("500000"), STAGES)
    other_rule = staged(prog, D("500000"), STAGES, name="另一规则")  # same category "hv"
    first = running(rule, firm, D("200000"), passed=["中期评估", "验收"], title="项目一")
    running(rule, firm, D("100000"), passed=["中期评估"], title="项目二")
    projects.stage_record(project=Project.objects.get(title="项目二"), stage="验收", passed=False, note="未达标",
                          on=date(2025, 3, 9))  # fmt: skip
    running(rule, firm, D("50000"), passed=["中期评估", "验收"], title="项目四")
    for day in (10, 11):  # three refusals of 验收 in all, two acceptances
        projects.stage_record(project=Project.objects.get(title="项目二"), stage="验收", passed=False, note="仍未达标",
                              on=date(2025, 3, day))  # fmt: skip
    outside = running(other_rule, firm, D("300000"), passed=["中期评估", "验收"], title="项目三")
    Payment.objects.create(category="hv", key=f"project:{outside.pk}:立项", entity=firm, amount=D("90000"), year=2025,
                           claim=_claim(prog, firm, f"project:{outside.pk}:立项"))  # fmt: skip
    Payment.objects.create(category="other", key=f"project:{first.pk}:立项", entity=firm, amount=D("1"), year=2025,
                           claim=_claim(prog, firm, "x"))  # fmt: skip
    Payment.objects.create(category="hv", key=f"project:{first.pk}:立项", entity=firm, amount=D("60000"), year=2025,
                           claim=_claim(prog, firm, f"project:{first.pk}:立项"))  # fmt: skip
    (year_applied,) = [
        y for y in projects.figures_by_year(rule.projects.all()) if y.year == prog.opens_on.year
    ]
    (year_2025,) = [y for y in projects.figures_by_year(rule.projects.all()) if y.year == 2025]
    assert (year_2025.approved, year_2025.budget, year_2025.accepted, year_2025.paid) == (3, D("350000"), 2,
                                                                                        D("60000"))  # fmt: skip
    assert year_applied.applied == 3


def _claim(prog, firm, key):
    from zhichan.awards.models import Application, Claim

    application, _made = Application.objects.get_or_create(programme=prog, entity=firm)
    return Claim.objects.create(application=application, rule=prog.rules.first(), key=key, description=key,
                                eligible=True, amount=D("0"), reason="")  # fmt: skip


def test_expert_scores_between_zero_and_a_hundred_from_experts_in_the_pool_before_the_decision(firm, roles):
    prog, _inv = programme(2025)
    project = apply(staged(prog, D("300000"), STAGES), firm)
    panel = experts(5)

    def refusal(expert, score):
        with pytest.raises(ValidationError) as refused:
            projects.review_add(project=project, expert=expert, score=D(score), opinion="", on=TODAY)
        return refused.value.messages

    with pytest.raises(ValidationError) as low:
        projects.review_add(project=project, expert=panel[0], score=D("-0.01"), opinion="", on=TODAY)
    assert low.value.message_dict == {"score": ["评分应在 0 到 100 之间。"]}
    assert refusal(panel[0], "100.01") == ["评分应在 0 到 100 之间。"]
    projects.review_add(project=project, expert=panel[0], score=D("0"), opinion=" 不具备条件 ", on=TODAY,
                        user=roles["county"])  # fmt: skip
    projects.review_add(project=project, expert=panel[1], score=D("100"), opinion="见" * 600, on=TODAY)
    assert [(len(r.opinion), r.entered_by) for r in project.reviews.order_by("pk")] == [
        (5, roles["county"]),
        (500, None),
    ]
    assert refusal(panel[0], "60") == ["该专家已评审本项目。"]
    panel[2].active = False
    panel[2].save()
    assert refusal(panel[2], "60") == ["该专家已不在库。"]
    projects.project_decide(project=project, approve=False, budget=None, note="分歧过大", on=TODAY)
    project.refresh_from_db()
    assert refusal(panel[3], "60") == ["项目已有立项结论，不再评审。"]


def test_the_mean_score_rounds_half_up_and_the_next_stage_ends_with_none(firm):
    prog, _inv = programme(2025)
    project = apply(staged(prog, D("300000"), STAGES), firm)
    for expert, score in zip(experts(2), ("80.00", "80.01"), strict=True):  # 80.005
        projects.review_add(project=project, expert=expert, score=D(score), opinion="", on=TODAY)
    assert projects.review_summary(project) == {"n": 2, "mean": D("80.01"), "enough": False}
    assert projects.review_summary(apply(staged(prog, D("1"), STAGES), firm, requested="1", title="无评分")) == {
        "n": 0, "mean": None, "enough": False}  # fmt: skip
    done = running(staged(prog, D("300000"), STAGES, category="hv2"), firm, D("1000"), passed=["中期评估", "验收"],
                   title="已验收")  # fmt: skip
    assert (projects.next_stage(done), projects.passed_stages(done)) == (None, ["立项", "中期评估", "验收"])


def test_a_rule_with_a_stage_name_too_long_to_record_takes_no_application(firm):
    prog, _inv = programme(2025)
    with pytest.raises(ValidationError) as refused:
        apply(staged(prog, D("300000"), [["第一阶段" * 6, 1]]), firm)
    assert refused.value.messages == ["资助规则的阶段名称不能超过 20 个字，请在业务设置中修改。"]
