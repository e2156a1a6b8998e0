"""A deterministic generator of plausible innovation entities for a county.

Same seed, same county → the same entities, so demos, screenshots and benchmarks agree.
Names are synthetic (字号 drawn from a syllable pool; they do not name real firms); credit codes
are valid GB 32100 codes registered in the county; addresses use the county's real township
and village names.
"""

import csv
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from zhichan.entities.models import EntityKind, Tag
from zhichan.lib import uscc

VILLAGES = Path(__file__).parent / "data" / "villages_420581.csv"

SYLLABLES = "华 泰 恒 鑫 瑞 宏 安 达 丰 盛 源 博 禾 康 远 创 嘉 兴 晟 宇 楚 清 江 峰 润 锦 拓 科 立 昌 峡 福 联 信 和 智 德 祥 海 奥".split()
TRADES = [
    ("化工", "C2614"),
    ("精细化工", "C2662"),
    ("生物医药", "C2720"),
    ("制药", "C2710"),
    ("新材料", "C3985"),
    ("机械制造", "C3499"),
    ("装备制造", "C3599"),
    ("电子科技", "C3976"),
    ("新能源", "C3841"),
    ("食品", "C1499"),
    ("茶业", "C1530"),
    ("农业科技", "A0190"),
    ("建材", "C3021"),
    ("电力设备", "C3829"),
    ("信息技术", "I6510"),
    ("环保科技", "N7724"),
    ("检测技术", "M7452"),
    ("生物科技", "M7340"),
]
FORMS = ["有限公司", "股份有限公司", "有限责任公司", "科技有限公司"]
ROADS = ["工业园路", "滨江路", "创业大道", "民营经济园", "新材料产业园", "化工园区"]
SURNAMES = "王 李 张 刘 陈 杨 黄 赵 周 吴 向 覃 田 邓 彭".split()
TAG_WEIGHTS = [
    (Tag.TECH_SME, 0.35),
    (Tag.HIGH_TECH, 0.22),
    (Tag.ABOVE_SCALE, 0.30),
    (Tag.SPECIALIZED, 0.08),
    (Tag.STANDARD_29490, 0.07),
    (Tag.PROVINCIAL_ADVANTAGE, 0.03),
    (Tag.NATIONAL_ADVANTAGE, 0.01),
    (Tag.IPO_RESERVE, 0.02),
    (Tag.CHAIN_LEADER, 0.01),
    (Tag.NATIONAL_DEMO, 0.005),
]
TAG_YEARS = {Tag.HIGH_TECH: 3, Tag.TECH_SME: 1, Tag.SPECIALIZED: 3, Tag.STANDARD_29490: 3}


@dataclass
class GeneratedEntity:
    name: str
    kind: str
    credit_code: str
    address: str
    township_code: str
    industry_code: str
    established_on: date
    contact_name: str
    tags: list[tuple[str, date, date | None]]
    alias: str | None


def load_villages(path: Path = VILLAGES) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8") as handle:
        return [(row["township_code"], row["name"]) for row in csv.DictReader(handle)]


def generate(
    *,
    county_code: str,
    county_name: str,
    city_name: str,
    province_name: str,
    townships: dict[str, str],
    count: int,
    seed: int = 2024,
    villages: list[tuple[str, str]] | None = None,
) -> list[GeneratedEntity]:
    """``townships`` maps township code → name; ``villages`` are (township code, village name)."""
    rng = random.Random(f"{seed}:{county_code}")
    villages = [v for v in (villages or []) if v[0] in townships] or [(c, "") for c in townships]
    short_county = county_name.removesuffix("市").removesuffix("县").removesuffix("区")
    seen_names: set[str] = set()
    seen_codes: set[str] = set()
    result = []
    serial = 0
    while len(result) < count:
        serial += 1
        kind = rng.choices(
            [EntityKind.ENTERPRISE, EntityKind.INSTITUTE, EntityKind.OTHER, EntityKind.INDIVIDUAL],
            weights=[0.93, 0.02, 0.02, 0.03],
        )[0]
        trade, industry = rng.choice(TRADES)
        brand = "".join(rng.sample(SYLLABLES, 2))
        if kind == EntityKind.ENTERPRISE:
            name = (
                f"{county_name}{brand}{trade}{rng.choice(FORMS)}"
                if rng.random() < 0.6
                else (f"湖北{brand}{trade}{rng.choice(FORMS)}")
            )
            name = name.replace("科技科技", "科技")  # "…环保科技" + "科技有限公司"
        elif kind == EntityKind.INSTITUTE:
            name = f"{county_name}{brand}{trade}研究所"
        elif kind == EntityKind.OTHER:
            name = f"{county_name}{brand}{trade}专业合作社"
        else:
            name = rng.choice(SURNAMES) + rng.choice(SYLLABLES) + rng.choice(SYLLABLES)
        if name in seen_names:
            continue
        township_code, village = rng.choice(villages)
        township = townships[township_code]
        style = rng.random()
        if style < 0.45:
            address = f"{province_name}{county_name}{township}{village}"
        elif style < 0.7:
            address = f"{city_name}{county_name}{township}{rng.choice(ROADS)}{rng.randint(1, 200)}号"
        elif style < 0.85:
            address = f"{county_name}{township}{village}{rng.randint(1, 12)}组"
        else:
            address = f"湖北{short_county}{township}{rng.choice(ROADS)}{rng.randint(1, 99)}号"
        established = date(2000, 1, 1) + timedelta(days=rng.randint(0, 365 * 24))
        code = ""
        if kind != EntityKind.INDIVIDUAL:
            department = {"enterprise": "91", "institute": "12", "other": "93"}[kind]
            body = "MA" + "".join(rng.choice(uscc.ALPHABET) for _ in range(6))
            code = uscc.make(department, county_code, body)
            if code in seen_codes:
                continue
        tags = []
        if kind == EntityKind.ENTERPRISE:
            for tag, weight in TAG_WEIGHTS:
                if rng.random() < weight:
                    start = date(rng.randint(2018, 2025), rng.randint(1, 12), rng.randint(1, 28))
                    years = TAG_YEARS.get(tag)
                    end = (
                        date(start.year + years, start.month, start.day) - timedelta(days=1)
                        if years
                        else None
                    )
                    tags.append((tag, start, end))
        alias = None
        if kind == EntityKind.ENTERPRISE and rng.random() < 0.08:
            alias = (
                name.replace("有限公司", "有限责任公司")
                if "有限责任" not in name
                else name.replace("有限责任公司", "有限公司")
            )
        seen_names.add(name)
        if code:
            seen_codes.add(code)
        result.append(
            GeneratedEntity(
                name=name,
                kind=kind,
                credit_code=code,
                address=address,
                township_code=township_code,
                industry_code=industry if kind != EntityKind.INDIVIDUAL else "",
                established_on=established,
                contact_name=rng.choice(SURNAMES) + "经理" if kind == EntityKind.ENTERPRISE else "",
                tags=tags,
                alias=alias,
            )
        )
    return result
