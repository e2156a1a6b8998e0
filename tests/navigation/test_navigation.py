"""专利导航: a registry the tests build afresh on each run (its seed printed on failure, NAV_SEED
repeats one) is analysed through the report job, and every figure is checked against a direct
query on the same data; the report renders as Word, PDF (pages rasterised when pdftoppm is
present, kept in test-artifacts/) and xlsx; warnings notify only on change."""

import os
import random
import re
import shutil
import subprocess
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from tests.conftest import make_entity, region
from zhichan.assets.models import EventKind, Patent, PatentApplicant, PatentEvent, PatentKind, PatentStatus
from zhichan.assets.services import applicant_validity_sync
from zhichan.assets.status import status_q, validity
from zhichan.entities.models import EntityKind
from zhichan.jobs.services import job_execute
from zhichan.lib import patentno
from zhichan.navigation import services, tasks
from zhichan.navigation.models import Run, Scope, Watch, WatchNotice

pytestmark = pytest.mark.django_db
SEED = int(os.environ.get("NAV_SEED") or time.time_ns() % 1_000_000)
AS_OF = date(2026, 6, 30)
IPCS = ["C04B 11/26", "C04B 28/14", "H01M 10/0525", "H01M 4/36", "A23F 3/06", "B65D 81/26"]
PLACES = ["420581100", "420581101", "420583", "420502", "320105", "440305"]


def build(rng: random.Random) -> list[Patent]:
    firms = [make_entity(f"测试{name}有限公司", rng.choice(PLACES), serial=f"{i:08d}")
             for i, name in enumerate(["磷化", "新材", "储能", "电池", "茶业", "包装", "建材", "能源"], 10)]  # fmt: skip
    school = make_entity("测试理工大学", "420502", serial="00000099", kind=EntityKind.UNIVERSITY)
    owners = [*firms, school]
    made = []
    for n in range(rng.randint(250, 400)):
        kind = rng.choice([PatentKind.INVENTION, PatentKind.INVENTION, PatentKind.UTILITY])
        filed = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 5300))
        granted = filed + timedelta(days=rng.randrange(200, 1400)) if rng.random() < 0.7 else None
        granted = granted if granted and granted <= date(2026, 11, 1) else None
        events = (
            [(EventKind.LAPSE, granted + timedelta(days=rng.randrange(300, 2000)))]
            if granted and rng.random() < 0.25
            else []
        )
        ended_on, end_status, expires_on = validity(kind, filed, granted, events)
        codes = rng.sample(IPCS, rng.choice([1, 1, 2]))
        holders = rng.sample(owners, rng.choice([1, 1, 1, 2]))
        title = rng.choice(["一种磷石膏基复合胶凝材料", "一种锂离子电池正极材料", "一种茶叶加工设备", "一种固态电解质薄膜",
                            "一种石膏板及其制备方法", "一种包装盒"])  # fmt: skip
        patent = Patent.objects.create(
            number=patentno.make(f"{filed.year}{'1' if kind == 'invention' else '2'}{n + 1:07d}"), kind=kind,
            title=title, filed_on=filed, granted_on=granted, main_ipc=codes[0], ipc_codes="; ".join(codes),
            applicants="; ".join(h.name for h in holders), first_applicant=holders[0], region=holders[0].region,
            family=["US2020001A1"] if rng.random() < 0.1 else [], expires_on=expires_on, ended_on=ended_on,
            end_status=end_status,
        )  # fmt: skip
        for position, holder in enumerate(holders, 1):
            PatentApplicant.objects.create(patent=patent, position=position, name=holder.name, entity=holder)
        for kind_, day in events:
            PatentEvent.objects.create(patent=patent, kind=kind_, effective_on=day)
        if granted and rng.random() < 0.1:
            PatentEvent.objects.create(
                patent=patent, kind=EventKind.TRANSFER, effective_on=granted + timedelta(days=90)
            )
        made.append(patent)
    applicant_validity_sync([p.pk for p in made])
    return made


def scope_of(**extra) -> Scope:
    data = dict(name="磷石膏与储能材料", office=region("420581"), home=region("420581"), ipc="C04B; H01M 10/",
                purpose="服务宜都市新材料产业链招商与企业研发布局。", peers=["420583", "420500"])  # fmt: skip
    return services.scope_save(Scope(**(data | extra)))


def test_report_figures_match_direct_queries(roles):
    rng = random.Random(SEED)
    build(rng)
    scope = scope_of()
    run = services.report_start(scope=scope, as_of=AS_OF, user=roles["county"])
    result = job_execute(job_id=run.job.pk, handler=tasks._navigate)
    run.refresh_from_db()
    f = run.figures
    expected = Patent.objects.filter(Q(main_ipc__startswith="C04B") | Q(ipc_codes__contains="C04B")
                                     | Q(ipc_codes__contains="H01M 10/"))  # fmt: skip
    why = f"NAV_SEED={SEED}"
    assert run.patent_count == expected.count() == result["patents"], why
    by_year = dict(
        expected.annotate(y=ExtractYear("filed_on")).values("y").annotate(n=Count("pk")).values_list("y", "n")
    )
    assert {row[0]: row[1] for row in f["trends"]["table"] if row[1]} == by_year, why
    granted = (
        expected.filter(granted_on__lte=AS_OF)
        .annotate(y=ExtractYear("granted_on"))
        .values("y")
        .annotate(n=Count("pk"))
    )
    assert {row[0]: row[2] for row in f["trends"]["table"] if row[2]} == {g["y"]: g["n"] for g in granted}, (
        why
    )
    links = PatentApplicant.objects.filter(patent__in=expected)
    top = links.values("name").annotate(n=Count("pk")).order_by("-n", "name").first()
    assert f["applicants"]["table"][0][2] == top["n"], why
    for label, n, _share in f["legal"]["table"]:
        status = {str(v): k for k, v in PatentStatus.choices}[label]
        assert expected.filter(status_q(status, AS_OF)).count() == n, (label, why)
    hubei = expected.filter(region__code__startswith="42").count()
    assert dict((row[0], row[1]) for row in f["geography"]["table"]).get("湖北省", 0) == hubei, why
    home = expected.filter(region__prefix__startswith=region("420581").prefix).count()
    assert f["geography"]["home_count"] == home and f["position"]["table"][0][1] == home, why
    # 宜昌市 (a peer of the scope) contains 宜都: shown, never ranked with it; 枝江 is.
    city = expected.filter(region__prefix__startswith=region("420500").prefix).count()
    zhijiang = expected.filter(region__prefix__startswith=region("420583").prefix).count()
    names = [row[0] for row in f["position"]["table"]]
    assert (
        names == ["宜都市", "枝江市", "宜昌市（含宜都市，不参与排名）"]
        and f["position"]["table"][2][1] == city
    ), why
    assert f["position"]["of"] == 2 and f["position"]["rank"] == (1 if home >= zhijiang else 2), why
    joint = expected.annotate(k=Count("applicant_links")).filter(k__gt=1).count()
    assert f["network"]["joint"] == joint, why
    with_school = PatentApplicant.objects.filter(entity__kind=EntityKind.UNIVERSITY).values("patent_id")
    with_firm = PatentApplicant.objects.filter(entity__kind=EntityKind.ENTERPRISE).values("patent_id")
    academic = expected.filter(pk__in=with_school).filter(pk__in=with_firm).count()
    assert f["network"]["academic_patents"] == academic, why
    assert f["key"]["with_family"] == expected.exclude(family=[]).count(), why
    assert f["key"]["transferred"] == expected.filter(events__kind=EventKind.TRANSFER).distinct().count(), why
    subclasses = {row[0]: row[2] for row in f["technology"]["table"]}
    for code, n in subclasses.items():
        assert expected.filter(main_ipc__startswith=code).count() == n, (code, why)
    assert f["findings"] and run.seconds is not None

    files = {
        item["name"].rsplit(".", 1)[1]: tasks.report_folder(run.pk) / item["name"] for item in result["files"]
    }
    headings = [p.text for p in Document(files["docx"]).paragraphs if p.style.name.startswith("Heading")]
    assert headings[:2] == ["一、项目概述", "（一）导航需求"] and "七、导航结论与建议" in headings
    book = load_workbook(files["xlsx"])
    trend = book["申请与授权趋势"]
    assert sum(row[1] for row in trend.iter_rows(min_row=2, values_only=True)) == run.patent_count
    pdf = files["pdf"].read_bytes()
    pages = len(
        re.findall(rb"/Type\s*/Page[^s]", pdf)
    )  # reportlab writes "/Type /Page", LibreOffice "/Type/Page"
    assert pdf.startswith(b"%PDF") and pages >= 4
    if shutil.which("pdftoppm"):
        out = Path(os.environ.get("ZHICHAN_ARTIFACTS", "test-artifacts"))
        out.mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(files["pdf"]), str(out / "navigation")],
                       check=True)  # fmt: skip
        assert list(out.glob("navigation-*.png"))


def test_scope_criteria_combine_and_bad_input_is_refused():
    rng = random.Random(SEED + 1)
    build(rng)
    scope = scope_of(ipc="H01M", keywords="电解质 正极", kinds=["invention"], area=region("420000"))
    run = services.run_create(scope=scope, as_of=AS_OF)
    from zhichan.navigation import analysis

    analysis.analyse(run)
    expected = Patent.objects.filter(Q(ipc_codes__contains="H01M") | Q(main_ipc__startswith="H01M")).filter(
        Q(title__contains="电解质") | Q(title__contains="正极"),
        kind="invention",
        region__code__startswith="42",
    )
    assert run.patent_count == expected.count(), f"NAV_SEED={SEED}"
    # Industries come from the stored classes: a scope on the new-material industry (3) and the
    # new-material manufacturing category (4) selects exactly the patents whose bits say so.
    from zhichan.classify.engine import classify, default_ruleset
    from zhichan.classify.models import PatentClass

    ruleset = default_ruleset()
    classify(ruleset)
    run = services.run_create(scope=scope_of(ipc="", keywords="", sei=["3"], pi=["4"]), as_of=AS_OF)
    analysis.analyse(run)
    classes = PatentClass.objects.filter(ruleset=ruleset)
    wanted = {c.patent_id for c in classes if c.sei_mask & (1 << 2) or c.pi_mask & (1 << 3)}
    assert run.patent_count == len(wanted) and wanted, f"NAV_SEED={SEED}"
    for bad, message in [(dict(ipc="XYZ"), "国际专利分类号"), (dict(ipc="", peers=["999999"]), "区划"),
                         (dict(ipc="", keywords=""), "至少"), (dict(pi=["9"]), "1–7")]:  # fmt: skip
        with pytest.raises(ValidationError, match=message):
            scope_of(**bad)


def test_a_watch_notifies_only_on_change(roles):
    rng = random.Random(SEED + 2)
    build(rng)
    firm = PatentApplicant.objects.filter(patent__main_ipc__startswith="C04B").first().entity
    scope = scope_of()
    watch = Watch.objects.create(scope=scope, entity=firm, next_on=date(2026, 6, 1))
    notices = services.watches_due(today=date(2026, 6, 1))
    assert len(notices) <= 1 and watch.notices.count() == len(notices)
    watch.refresh_from_db()
    assert watch.next_on == date(2026, 7, 1) and watch.last_run_on == date(2026, 6, 1)
    assert services.watches_due(today=date(2026, 6, 2)) == []  # not due again yet
    # A competitor files in the firm's field: the next run says so, once.
    other = next(e for e in {a.entity for a in PatentApplicant.objects.select_related("entity")} if e != firm)
    new = Patent.objects.create(number=patentno.make("202610999999"), kind="invention", title="一种磷石膏改性方法",
                                filed_on=date(2026, 6, 20), main_ipc=firm.patent_links.first().patent.main_ipc,
                                ipc_codes="C04B 11/26", applicants=other.name, region=other.region)  # fmt: skip
    PatentApplicant.objects.create(patent=new, position=1, name=other.name, entity=other)
    notice = services.watch_run(watch=watch, today=date(2026, 7, 1))
    assert notice is not None and new.number in notice.items["filings"]
    assert WatchNotice.objects.filter(watch=watch).count() == len(notices) + 1
    # Run again the next day: nothing already reported comes back; anything new must have
    # happened on that very day (a grant or a lapse dated 2 July).
    told = {n for key in ("filings", "lapsed", "expiring") for n in notice.items[key]}
    again = services.watch_run(watch=watch, today=date(2026, 7, 2))
    if again is not None:
        why = f"NAV_SEED={SEED}"
        assert not told & {n for key in ("filings", "lapsed") for n in again.items[key]}, why
        for number in again.items["lapsed"]:
            assert Patent.objects.get(number=number).ended_on == date(2026, 7, 2), why
        for number in again.items["filings"]:
            found = Patent.objects.get(number=number)
            assert date(2026, 7, 2) in (found.filed_on, found.granted_on), why
    assert services.watch_run(watch=watch, today=date(2026, 7, 2)) is None, f"NAV_SEED={SEED}"  # same day


def test_pages(client, roles):
    client.force_login(roles["county"])
    response = client.post(reverse("navigation:scopes"), {"name": "新材料", "ipc": "C04B", "peers": "420583"})
    scope = Scope.objects.get()
    assert response.url == reverse("navigation:scope", args=[scope.pk]) and scope.home.code == "420581"
    client.post(reverse("navigation:scope", args=[scope.pk]), {"action": "run", "as_of": "2026-06-30"})
    run = Run.objects.get()
    assert run.job is not None and run.job.kind == "navigation_report"
    job_execute(job_id=run.job.pk, handler=tasks._navigate)
    page = client.get(reverse("navigation:scope", args=[scope.pk])).content.decode()
    assert "导航结论" in page and "导航报告（PDF）" in page
    name = Run.objects.get().job.result["files"][1]["name"]
    assert client.get(reverse("navigation:run_file", args=[run.pk, name])).status_code == 200
    client.force_login(roles["other_county"])
    assert client.get(reverse("navigation:scope", args=[scope.pk])).status_code == 404
    assert client.get(reverse("navigation:run_file", args=[run.pk, name])).status_code == 404
