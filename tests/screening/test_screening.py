"""Screening on data made here: near-duplicates planted among the hand-written labelled patents
(reworded, reordered, with characters swapped, within and across applicants) are flagged; the
other patents, many of them on the same topics in the same words, are not. Bursts, off-field
filings and trademark hoarding are flagged from their counts; a confirmed flag lowers credit."""

import random
from datetime import date, timedelta

import pytest

from benchmarks.matching import labelled
from tests.conftest import make_entity, region
from zhichan.assets.models import Patent, PatentApplicant, PatentKind, Trademark
from zhichan.credit.models import CreditRecord
from zhichan.lib import patentno
from zhichan.screening import services
from zhichan.screening.models import FlagKind, FlagStatus

pytestmark = pytest.mark.django_db
START, END = date(2025, 1, 1), date(2025, 12, 31)
SWAPS = {"方法": "工艺", "制备": "制取", "提高": "提升", "得到": "获得", "用于": "适用于", "装置": "设备"}


def reword(text: str, rng: random.Random) -> str:
    """What a filer does to make a copy look new: synonyms, clause order, a phrase added."""
    for old, new in SWAPS.items():
        if old in text and rng.random() < 0.7:
            text = text.replace(old, new, 1)
    clauses = [c for c in text.replace("。", "，").split("，") if c]
    if len(clauses) > 2:
        a, b = rng.sample(range(1, len(clauses)), 2)
        clauses[a], clauses[b] = clauses[b], clauses[a]
    return "，".join(clauses) + "，结构简单。"


def file(holder, serial: int, title: str, abstract: str, filed: date, ipc: str = "C04B 11/26") -> Patent:
    p = Patent.objects.create(
        number=patentno.make(f"{filed.year}1{serial:07d}"), kind=PatentKind.INVENTION, title=title, abstract=abstract,
        filed_on=filed, main_ipc=ipc, ipc_codes=ipc, applicants=holder.name, first_applicant=holder,
        region=holder.region,
    )  # fmt: skip
    PatentApplicant.objects.create(patent=p, position=1, name=holder.name, entity=holder)
    return p


def test_planted_near_duplicates_are_flagged_and_unrelated_ones_are_not():
    rng = random.Random(20261123)
    firms = [make_entity(f"宜都市筛查测试{n}有限公司", "420581100", serial=f"0000080{n}") for n in range(4)]
    originals, planted = [], []
    serial = 1000
    for topic in labelled()["topics"]:
        for title, abstract, ipc in topic["patents"]:
            serial += 1
            originals.append(
                file(
                    rng.choice(firms),
                    serial,
                    title,
                    abstract,
                    START + timedelta(days=rng.randrange(300)),
                    ipc,
                )
            )
    for source in rng.sample(originals, 6):
        serial += 1
        holder = firms[0] if len(planted) < 3 else firms[3]  # three by the same firm, three by another
        copy = file(holder, serial, reword(source.title, rng), reword(source.abstract, rng),
                    source.filed_on + timedelta(days=3), source.main_ipc)  # fmt: skip
        planted.append({source.pk, copy.pk})
    run = services.screening_run(region=region("420581"), filed_from=START, filed_to=END)
    groups = [
        set(p for p, _n in f.evidence["patents"]) for f in run.flags.filter(kind=FlagKind.NEAR_DUPLICATE)
    ]
    for pair in planted:
        assert any(pair <= g for g in groups), pair
    flagged = set().union(*groups) if groups else set()
    assert flagged == set().union(*planted)  # nothing else: the topic siblings share words, not text
    assert all(f.score >= 0.45 for f in run.flags.filter(kind=FlagKind.NEAR_DUPLICATE))


def test_bursts_off_field_and_hoarding():
    steady = make_entity("宜都市平稳申请测试有限公司", "420581100", serial="00000901")
    burst = make_entity("宜都市突击申请测试有限公司", "420581100", serial="00000902")
    serial = 5000
    for n in range(12):  # steady: one a month for two years, in its own field
        for year in (2024, 2025):
            serial += 1
            file(steady, serial, f"一种磷石膏处理装置{n}", "磷石膏处理。", date(year, n + 1, 10))
    for n in range(8):
        serial += 1
        file(burst, serial, f"一种磷石膏处理装置{n}", "磷石膏处理。", date(2024, n + 1, 10))
    for n in range(25):  # 25 in two weeks, most outside its field
        serial += 1
        file(
            burst,
            serial,
            f"一种智能手环{n}",
            "手环。",
            date(2025, 6, 1) + timedelta(days=n % 14),
            ipc="G06F 3/01",
        )
    for n in range(40):
        Trademark.objects.create(number=str(60_000_000 + n), title=f"宜品{n % 3}", holders=burst.name, holder=burst,
                                 region=burst.region, nice_class=1 + n % 40, filed_on=date(2025, 3, 1))  # fmt: skip
    run = services.screening_run(region=region("420581"), filed_from=START, filed_to=END)
    kinds = {(f.kind, f.entity_id) for f in run.flags.all()}
    assert (FlagKind.BURST, burst.pk) in kinds and (FlagKind.BURST, steady.pk) not in kinds
    assert (FlagKind.OFF_FIELD, burst.pk) in kinds and (FlagKind.OFF_FIELD, steady.pk) not in kinds
    assert (FlagKind.HOARDING, burst.pk) in kinds
    flag = run.flags.get(kind=FlagKind.BURST)
    assert flag.evidence["window_count"] == 25
    services.flag_review(flag=flag, decision=FlagStatus.CONFIRMED, note="经约谈核实为代理机构批量代写")
    record = CreditRecord.objects.get(entity=burst)
    assert record.code == "abnormal_patent" and f"#{flag.pk}" in record.document
    hoard = run.flags.get(kind=FlagKind.HOARDING)
    services.flag_review(flag=hoard, decision=FlagStatus.DISMISSED, note="集团品牌保护性注册，有实际使用")
    assert CreditRecord.objects.filter(entity=burst).count() == 1


def test_pages(client, roles):
    from django.urls import reverse

    client.force_login(roles["county"])
    response = client.post(reverse("screening:runs"), {"filed_from": "2025-01-01", "filed_to": "2025-12-31"})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert (
        client.post(
            reverse("screening:runs"), {"filed_from": "2025-12-31", "filed_to": "2025-01-01"}
        ).status_code
        == 302
    )
    client.force_login(roles["other_county"])
    assert client.get(response["Location"]).status_code == 404
