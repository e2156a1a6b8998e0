"""A deterministic synthetic registry for a region, written as vendor-format export files.

Same seed, region and sizes → byte-identical files. The shape follows what county data looks
like: applicants drawn from the demo entity generator with a Zipf-like size distribution (a few
firms file most patents), about one first applicant in ten from elsewhere in the province,
co-applicants on about one patent in eight, 30 % inventions / 55 % utility models / 15 % designs,
filings growing about 12 % a year, IPC classes that follow the applicant's trade, and the
status mix that the legal terms and typical grant, rejection and lapse rates produce. Titles
and abstracts are synthetic; nothing names a real patent.
"""

import csv
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from zhichan.assets.status import expiry_date
from zhichan.demo.generator import GeneratedEntity, generate, load_villages
from zhichan.lib import patentno

IPC_BY_TRADE = {
    "化工": ["C07C 51/42", "C08G 59/40", "B01J 23/89", "C01B 25/32", "C07F 9/38"],
    "精细化工": ["C09D 7/61", "C07C 309/04", "C11D 1/83", "C01B 33/12"],
    "生物医药": ["A61K 31/40", "A61P 31/04", "C07D 401/12", "A61K 9/20"],
    "制药": ["A61K 31/7048", "A61K 9/48", "C07H 17/08", "A61J 3/10"],
    "新材料": ["C04B 35/10", "C08L 23/06", "C08K 3/22", "C22C 21/00"],
    "机械制造": ["B23K 37/04", "F16H 57/02", "B65G 47/90", "B23Q 3/06", "B21D 43/00"],
    "装备制造": ["B66C 13/08", "F16K 31/04", "B01D 46/00", "F27B 7/20"],
    "电子科技": ["H01L 21/67", "H05K 7/20", "G06F 3/041", "H01L 33/48"],
    "新能源": ["H01M 10/0525", "H01M 4/58", "H02J 7/00", "H02S 40/30"],
    "食品": ["A23L 19/00", "A23L 2/38", "A23P 10/20", "A23L 5/10"],
    "茶业": ["A23F 3/06", "A23F 3/14", "A23F 3/34", "B65B 29/02"],
    "农业科技": ["A01G 9/02", "A01B 49/04", "A01G 22/00", "A01C 1/00"],
    "建材": ["C04B 28/04", "E04B 1/38", "E04F 13/08", "B28B 1/00"],
    "电力设备": ["H02B 1/26", "H01H 33/66", "H02G 1/02", "G01R 31/00"],
    "信息技术": ["G06F 16/27", "G06Q 10/06", "H04L 67/12", "G06F 9/50"],
    "环保科技": ["B01D 53/78", "C02F 9/00", "B09B 3/00", "F23G 5/00"],
    "检测技术": ["G01N 21/01", "G01N 33/00", "G01M 99/00", "G01B 11/00"],
    "生物科技": ["C12N 1/20", "C12Q 1/68", "C12P 7/06", "A01N 63/00"],
}
OBJECTS = {
    "A": ["组合物", "提取装置", "种植架", "加工方法"],
    "B": ["夹持装置", "输送机构", "焊接工装", "过滤器"],
    "C": ["催化剂", "制备方法", "复合材料", "合成工艺"],
    "E": ["墙体结构", "连接件", "保温板"],
    "F": ["阀门", "传动机构", "回转窑", "换热器"],
    "G": ["检测系统", "数据处理方法", "监测装置"],
    "H": ["电池模组", "控制电路", "散热结构", "开关柜"],
}
ADJECTIVES = ["高效", "节能", "低成本", "环保型", "自动化", "高纯度", "智能", "便携式", "可回收", "耐腐蚀"]
DESIGN_PRODUCTS = ["包装盒", "茶叶罐", "控制面板", "灯具", "瓶子", "展示架", "标贴"]
OUTSIDE = [
    ("湖北", "宜昌市", "西陵区", "发展大道"),
    ("湖北", "宜昌市", "夷陵区", "夷兴大道"),
    ("湖北", "武汉市", "洪山区", "珞喻路"),
    ("湖北", "武汉市", "东湖新技术开发区", "高新大道"),
    ("湖北", "荆州市", "沙市区", "北京路"),
    ("湖北", "襄阳市", "樊城区", "长虹路"),
]
SURNAMES = "王李张刘陈杨黄赵周吴向覃田邓彭胡郑孙马朱"
BRAND_FIRST = "华泰恒鑫瑞宏安达丰盛源博嘉创联众航汇"
BRAND_SECOND = "华泰恒鑫瑞宏安达丰盛源博兴诚信远成德"
FORMS = ["有限公司", "有限公司", "有限公司", "股份有限公司", "有限责任公司"]
# Classes of everyday products (packaging, furniture, fasteners, fittings, signs …) that belong to no
# strategic emerging industry: a county's patents are mostly of this kind (nationally about 40 % of
# valid inventions are high-value: 14.0 of 34 per 10,000 people in 2024; a register made of
# emerging-industry classes alone shows 90 % and more).
PLAIN_IPC = {
    "A": ["A47J 27/00", "A47B 96/00", "A45C 11/00", "A47G 19/22"],
    "B": ["B65D 81/00", "B25H 1/00", "B08B 1/00", "B62B 3/00"],
    "C": ["C11D 3/00", "B65D 85/72", "A47J 31/44", "B01F 27/00"],
    "E": ["E06B 3/00", "E04F 15/00", "E03C 1/00", "E05B 65/00"],
    "F": ["F16B 5/00", "F24C 15/00", "F16L 55/00", "F16M 13/00"],
    "G": ["G09F 3/00", "G01D 11/00", "G07F 9/00", "G09B 19/00"],
    "H": ["H02G 3/08", "H01H 9/02", "H01H 13/00", "H02G 3/04"],
}
PLAIN_SHARE = 0.8
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"

# The vendors' own column names (../shared/data/vendor-exports.md), a plausible selection of what
# a user ticks; our own import template ("zhichan") has one row per application.
PROFILES = {
    "cnipa": ["申请号", "申请日", "公开（公告）号", "公开（公告）日", "发明名称", "IPC分类号", "申请（专利权）人",
              "发明人", "申请人地址", "国省代码", "代理机构", "摘要", "法律状态"],
    "incopat": ["标题", "摘要", "申请号", "申请日", "公开(公告)号", "公开(公告)日", "专利类型", "文献种类代码",
                "IPC主分类", "IPC", "申请人", "当前权利人", "工商统一社会信用代码", "申请人地址", "中国申请人地市",
                "中国申请人区县", "发明人", "代理机构", "授权公告日", "首次公开日", "专利有效性", "当前法律状态",
                "法律文书日期", "法律状态", "失效日", "PCT国际申请号", "简单同族", "被引证次数", "合享价值度",
                "转让执行日", "转让人", "受让人", "许可合同备案日期", "许可人", "被许可人", "许可类型", "质押期限",
                "出质人", "质权人"],
    "patsnap": ["公开(公告)号", "申请号", "标题", "摘要", "[标]原始申请(专利权)人", "[标]当前申请(专利权)人",
                "原始申请(专利权)人地址", "当前申请(专利权)人州/省", "发明人", "申请日", "公开(公告)日", "授权日",
                "IPC主分类号", "IPC分类号", "专利类型", "简单法律状态", "法律状态/事件", "法律状态更新时间", "失效日",
                "简单同族", "被引用专利数量", "工商统一社会信用代码"],
    "zhichan": ["申请号", "专利类型", "名称", "申请日", "公开号", "公开日", "授权公告号", "授权公告日", "主分类号",
                "IPC分类号", "申请人", "申请人统一社会信用代码", "第一申请人地址", "发明人", "代理机构", "PCT申请号",
                "海外同族", "法律状态", "法律状态生效日", "获奖"],
}  # fmt: skip
# Vendor files number their applications apart from the demo registry's (which our own template
# loads), so that a generated export imported into the demo adds patents instead of "changing"
# the demo's.
SERIAL_BASE = {"zhichan": 0, "cnipa": 5_000_000, "incopat": 5_000_000, "patsnap": 5_000_000}
BANKS = [
    "中国工商银行股份有限公司宜都支行",
    "湖北宜都农村商业银行股份有限公司",
    "中国建设银行股份有限公司宜昌分行",
]
KIND_LABEL = {"invention": "发明", "utility": "实用新型", "design": "外观设计"}
KIND_DIGIT = {"invention": "1", "utility": "2", "design": "3"}


@dataclass
class Applicant:
    name: str
    credit_code: str
    address: str
    trade: str
    city: str = ""  # the vendor's placing (incoPat 中国申请人地市 / 区县)
    district: str = ""


@dataclass
class SyntheticPatent:
    number: str
    kind: str
    title: str
    abstract: str
    filed_on: date
    published_on: date | None
    publication_number: str
    granted_on: date | None
    grant_number: str
    ipc: list[str]
    applicants: list[Applicant]
    inventors: list[str]
    status: str  # valid / pending / lapse / expiry / rejection / withdrawal
    status_on: date | None
    pct_number: str
    family: list[str]
    award: str


def applicant_pool(*, county, count: int, seed: int) -> list[Applicant]:
    """Applicants for a county: the demo entities plus firms elsewhere in the province."""
    townships = {t.code: t.name for t in county.children.all()} or {county.code: ""}
    generated: list[GeneratedEntity] = generate(
        county_code=county.code,
        county_name=county.name,
        city_name=county.parent.name,
        province_name=county.parent.parent.name if county.parent.parent else county.parent.name,
        townships=townships,
        count=count,
        seed=seed,
        villages=load_villages() if county.code == "420581" else None,
    )
    trades = list(IPC_BY_TRADE)
    rng = random.Random(f"{seed}:pool:{county.code}")
    by_length = sorted(trades, key=len, reverse=True)
    pool = [
        Applicant(
            g.name,
            g.credit_code,
            g.address,
            next((t for t in by_length if t in g.name), rng.choice(trades)),
            county.parent.name,
            county.name,
        )
        for g in generated
    ]
    names = {a.name for a in pool}
    for _index in range(max(1, count // 10)):
        province, city, district, road = rng.choice(OUTSIDE)
        trade = rng.choice(trades)
        for _attempt in range(50):  # a firm name as firms are named: place, trade name, trade, form
            brand = rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)
            name = f"{city.removesuffix('市')}{brand}{trade}{rng.choice(FORMS)}"
            if name not in names:
                break
        else:
            continue
        names.add(name)
        pool.insert(
            rng.randrange(len(pool) + 1),
            Applicant(name, "", f"{province}省{city}{district}{road}{rng.randint(1, 300)}号", trade, city, district),
        )  # fmt: skip
    return pool


def patents(
    *, pool: list[Applicant], count: int, seed: int, first_year: int = 2008, last_year: int = 2025,
    serial_base: int = 0,
) -> Iterator[SyntheticPatent]:  # fmt: skip
    rng = random.Random(f"{seed}:patents")
    cumulative = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(pool))))
    years = list(range(first_year, last_year + 1))
    year_weights = [1.12 ** (y - first_year) for y in years]
    serials: dict[tuple[int, str], int] = {}
    publication = 100000000
    today = date(last_year + 1, 6, 30)
    universities = [
        Applicant("三峡大学", "", "湖北省宜昌市西陵区大学路8号", "新材料", "宜昌市", "西陵区"),
        Applicant("湖北工业大学", "", "湖北省武汉市洪山区南李路28号", "机械制造", "武汉市", "洪山区"),
    ]
    for _ in range(count):
        applicant = rng.choices(pool, cum_weights=cumulative)[0]
        kind = rng.choices(["invention", "utility", "design"], weights=[0.30, 0.55, 0.15])[0]
        year = rng.choices(years, weights=year_weights)[0]
        filed_on = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        key = (year, kind)
        serials[key] = serials.get(key, 0) + rng.randint(1, 40)
        number = patentno.make(f"{year}{KIND_DIGIT[kind]}{(serial_base + serials[key]) % 10_000_000:07d}")
        ipcs = rng.sample(IPC_BY_TRADE[applicant.trade], k=rng.randint(1, 3))
        if rng.random() < PLAIN_SHARE:
            ipcs = rng.sample(
                PLAIN_IPC[ipcs[0][0]] if ipcs[0][0] in PLAIN_IPC else PLAIN_IPC["B"], k=rng.randint(1, 2)
            )
        section = ipcs[0][0]
        if kind == "design":
            title = f"{rng.choice(DESIGN_PRODUCTS)}（{rng.choice('ABCDEFGH')}{rng.randint(1, 99)}）"
            ipcs = [f"{rng.randint(1, 32):02d}-{rng.randint(1, 9):02d}"]
        else:
            title = f"一种{rng.choice(ADJECTIVES)}{rng.choice(OBJECTS.get(section, OBJECTS['B']))}"
            if kind == "invention" and rng.random() < 0.4:
                title += "及其制备方法" if section in "AC" else "及使用方法"
        applicants = [applicant]
        if rng.random() < 0.12:
            applicants.append(rng.choice(universities) if rng.random() < 0.3 else rng.choice(pool))
            if rng.random() < 0.2:
                applicants.append(rng.choice(pool))
        seen: set[str] = set()
        applicants = [a for a in applicants if not (a.name in seen or seen.add(a.name))]
        inventors = [
            rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
            for _ in range(rng.randint(1, 4))
        ]
        published_on = publication_number = None
        granted_on = None
        status, status_on = "pending", None
        if kind == "invention":
            published_on = filed_on + timedelta(days=rng.randint(120, 540))
            decided = filed_on + timedelta(days=rng.randint(500, 1500))
            outcome = rng.random()
            if decided <= today:
                if outcome < 0.55:
                    granted_on = decided
                elif outcome < 0.75:
                    status, status_on = "rejection", decided
                elif outcome < 0.90:
                    status, status_on = "withdrawal", decided
        else:
            decided = filed_on + timedelta(days=rng.randint(90, 330))
            if decided <= today and rng.random() < 0.96:
                granted_on = decided
                published_on = decided
            elif decided <= today:
                status, status_on = "withdrawal", decided
        if published_on and published_on > today:
            published_on = None
        if granted_on is not None:
            status = "valid"
            expires = expiry_date(kind, filed_on)
            lapse_rate = {"invention": 0.25, "utility": 0.55, "design": 0.6}[kind]
            if rng.random() < lapse_rate:
                lapse = granted_on + timedelta(days=rng.randint(365, 365 * 8))
                if lapse <= today and lapse < expires:
                    status, status_on = "lapse", lapse
            if status == "valid" and expires <= today:
                status, status_on = "expiry", expires
        publication += rng.randint(1, 500)
        suffix = {"invention": "B" if granted_on else "A", "utility": "U", "design": "S"}[kind]
        publication_number = f"CN{publication}{suffix}" if published_on else ""
        pct = ""
        family: list[str] = []
        if kind == "invention" and rng.random() < 0.02:
            pct = f"PCT/CN{year}/{rng.randint(10000, 150000):06d}"
            family = [
                f"WO{year + 1}{rng.randint(100000, 199999)}A1",
                f"US{year + 2}{rng.randint(1000000, 3999999)}A1",
            ]
        award = ""
        if granted_on and kind == "invention" and rng.random() < 0.003:
            award = f"{granted_on.year + 3} 中国专利奖 优秀奖"
        abstract = (
            f"本{KIND_LABEL[kind]}公开了{title.removeprefix('一种')}，属于{ipcs[0][:4]}技术领域。"
            f"其包括主体、{rng.choice(['连接组件', '控制单元', '反应釜', '支撑架'])}和{rng.choice(['驱动机构', '检测模块', '分离装置', '固定件'])}，"
            f"提高了{rng.choice(['生产效率', '产品纯度', '使用寿命', '安全性'])}。"
        )
        yield SyntheticPatent(
            number, kind, title, abstract if kind != "design" else "", filed_on, published_on, publication_number or "",
            granted_on, publication_number if granted_on else "", ipcs, applicants, inventors, status, status_on, pct,
            family, award,
        )  # fmt: skip


STATUS_TEXT = {
    "cnipa": {"valid": "有效", "pending": "审中", "lapse": "未缴年费专利权终止", "expiry": "专利权有效期届满", "rejection": "驳回", "withdrawal": "视为撤回"},
    "incopat": {"valid": "授权", "pending": "实质审查", "lapse": "未缴年费", "expiry": "期限届满", "rejection": "驳回", "withdrawal": "撤回"},
    "patsnap": {"valid": "有效", "pending": "审中", "lapse": "失效", "expiry": "失效", "rejection": "失效", "withdrawal": "失效"},
    "zhichan": {"valid": "有效", "pending": "审中", "lapse": "未缴年费终止", "expiry": "期限届满", "rejection": "驳回", "withdrawal": "撤回"},
}  # fmt: skip
VALIDITY = {
    "valid": "有效",
    "pending": "审中",
    "lapse": "失效",
    "expiry": "失效",
    "rejection": "失效",
    "withdrawal": "失效",
}
EVENT_TEXT = {
    "valid": "授权",
    "pending": "实质审查",
    "lapse": "授权 | 未缴年费",
    "expiry": "授权 | 期限届满",
    "rejection": "驳回",
    "withdrawal": "撤回",
}


@dataclass
class Deals:
    """The dated transactions of one patent in a vendor export (incoPat's columns)."""

    holder: str = ""  # the holder now, if the patent was transferred
    transfer_on: date | None = None
    licensee: str = ""
    license_on: date | None = None
    pledgee: str = ""
    pledge_from: date | None = None
    pledge_to: date | None = None


def deals_for(p: SyntheticPatent, pool: list[Applicant], rng: random.Random, today: date) -> Deals:
    """About 3 % of patents in force transferred, 1.5 % licensed and 1 % pledged, on days after grant."""
    deals = Deals()
    if p.granted_on is None or p.status != "valid":
        return deals
    span = (today - p.granted_on).days
    if span <= 31:
        return deals
    draw = rng.random()
    if draw < 0.03:
        deals.holder = rng.choice(pool).name
        deals.transfer_on = p.granted_on + timedelta(days=rng.randrange(30, span))
    elif draw < 0.045:
        deals.licensee = rng.choice(pool).name
        deals.license_on = p.granted_on + timedelta(days=rng.randrange(30, span))
    elif draw < 0.055:
        deals.pledgee = rng.choice(BANKS)
        deals.pledge_from = p.granted_on + timedelta(days=rng.randrange(30, span))
        deals.pledge_to = deals.pledge_from + timedelta(days=365 * rng.choice([1, 2, 3]))
    return deals


def rows_for(p: SyntheticPatent, profile: str, rng: random.Random, deals: Deals) -> list[list]:
    """The export rows of one application: one per publication in the vendors' files (a granted
    invention has its A and its B document), one per application in our own template."""
    d = lambda value: value.isoformat() if value else ""  # noqa: E731
    first = p.applicants[0]
    names = [a.name for a in p.applicants]
    status = STATUS_TEXT[profile][p.status]
    granted_invention = p.kind == "invention" and p.granted_on is not None
    # A granted invention's two documents share the number, with A and B; the others have one.
    documents = [("A", p.published_on), ("B", p.granted_on)] if granted_invention else [("", p.published_on)]
    if profile == "cnipa":
        rows = []
        for letter, day in documents:
            number = p.publication_number[:-1] + letter if letter else p.publication_number
            rows.append([
                p.number, d(p.filed_on), number, d(day), p.title, ";".join(p.ipc), ";".join(names),
                ";".join(p.inventors), f"443300 {first.address}" if rng.random() < 0.5 else first.address, "42", "",
                p.abstract, status,
            ])  # fmt: skip
        return rows
    if profile == "incopat":
        ended = p.status_on if p.status not in ("valid", "pending") else None
        state, state_on = status, ended or (p.granted_on if p.status == "valid" else p.published_on)
        if p.status in ("lapse",) and ended:
            state_on = ended + timedelta(days=120 + rng.randrange(60))  # announced months after the end
        if deals.transfer_on:
            state, state_on = "权利转移", deals.transfer_on
        elif deals.license_on:
            state, state_on = "许可", deals.license_on
        elif deals.pledge_from:
            state, state_on = "质押", deals.pledge_from
        city, county = first.city, first.district
        shared = [
            p.ipc[0], "; ".join(p.ipc), "; ".join(names), deals.holder, first.credit_code, first.address, city, county,
            "; ".join(p.inventors), "", d(p.granted_on), d(p.published_on), VALIDITY[p.status], state, d(state_on),
            EVENT_TEXT[p.status], d(ended), p.pct_number, "; ".join(p.family), rng.randrange(0, 12),
            rng.randint(3, 9), d(deals.transfer_on), names[0] if deals.transfer_on else "", deals.holder,
            d(deals.license_on), names[0] if deals.license_on else "", deals.licensee,
            "普通许可" if deals.license_on else "",
            f"{d(deals.pledge_from)}至{d(deals.pledge_to)}" if deals.pledge_from else "",
            names[0] if deals.pledge_from else "", deals.pledgee,
        ]  # fmt: skip
        if granted_invention:
            typed = [("发明申请", "A", p.published_on), ("发明授权", "B", p.granted_on)]
        else:
            kind = {"invention": "发明申请", "utility": "实用新型", "design": "外观设计"}[p.kind]
            typed = [(kind, p.publication_number[-1:] if p.publication_number else "", p.published_on)]
        return [
            [p.title, p.abstract, f"CN{p.number}", d(p.filed_on),
             (p.publication_number[:-1] + letter) if p.publication_number else "", d(day), kind, letter, *shared]
            for kind, letter, day in typed
        ]  # fmt: skip
    if profile == "patsnap":
        rows = []
        for letter, day in documents:
            number = p.publication_number[:-1] + letter if letter else p.publication_number
            rows.append([
                number, f"CN{p.number.replace('.', '')}", p.title, p.abstract, " | ".join(names),
                deals.holder or " | ".join(names), first.address, "湖北省", " | ".join(p.inventors), d(p.filed_on),
                d(day), d(p.granted_on), p.ipc[0], " | ".join(p.ipc), KIND_LABEL[p.kind], status,
                EVENT_TEXT[p.status], d(p.status_on or p.granted_on or p.published_on),
                d(p.status_on if p.status not in ("valid", "pending") else None), "; ".join(p.family),
                rng.randrange(0, 12), first.credit_code,
            ])  # fmt: skip
        return rows
    return [[p.number, KIND_LABEL[p.kind], p.title, d(p.filed_on), p.publication_number, d(p.published_on), p.grant_number,
             d(p.granted_on), p.ipc[0], "; ".join(p.ipc), ";".join(names), ";".join(a.credit_code for a in p.applicants),
             first.address, ";".join(p.inventors), "", p.pct_number, "; ".join(p.family), status, d(p.status_on), p.award]]  # fmt: skip


BAD_ROWS = [
    (
        "number",
        lambda r, i: r.__setitem__(i, r[i][:-1] + ("0" if r[i][-1] != "0" else "1")),
    ),  # wrong check character
    ("title", lambda r, i: r.__setitem__(i, "")),
    ("filed_on", lambda r, i: r.__setitem__(i, "2023-02-30")),
]


def write_patents(
    path: Path, *, county, count: int, seed: int = 2024, profile: str = "zhichan", encoding: str = "utf-8",
    bad_rows: float = 0.0, applicants: int | None = None,
) -> int:  # fmt: skip
    """Write the export of ``count`` applications (in the vendors' files a granted invention has
    two rows, its A and its B document, some tens of thousands of rows apart); returns how many
    rows were deliberately broken."""
    import heapq

    pool = applicant_pool(county=county, count=applicants or max(50, min(60000, count // 15)), seed=seed)
    header = PROFILES[profile]
    columns = {"number": next(i for i, h in enumerate(header) if "申请号" in h),
               "title": next(i for i, h in enumerate(header) if h in ("标题", "发明名称", "名称")),
               "filed_on": header.index("申请日")}  # fmt: skip
    rng = random.Random(f"{seed}:rows")
    deal_rng = random.Random(f"{seed}:deals")
    today = date(2026, 6, 30)
    broken = 0
    later: list[tuple[int, int, list]] = []  # (row index to write at, tie-break, row): the B documents
    written = 0
    with open(
        path, "w", encoding="utf-8-sig" if encoding == "utf-8" else encoding, newline="", errors="strict"
    ) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)

        def put(values: list) -> None:
            nonlocal broken, written
            if bad_rows and rng.random() < bad_rows:
                column, damage = rng.choice(BAD_ROWS)
                damage(values, columns[column])
                broken += 1
            writer.writerow(values)
            written += 1

        for patent in patents(pool=pool, count=count, seed=seed, serial_base=SERIAL_BASE[profile]):
            deals = deals_for(patent, pool, deal_rng, today) if profile != "zhichan" else Deals()
            first, *rest = rows_for(patent, profile, rng, deals)
            put(first)
            for values in rest:
                heapq.heappush(later, (written + deal_rng.randint(1, 20_000), written, values))
            while later and later[0][0] <= written:
                put(heapq.heappop(later)[2])
        while later:
            put(heapq.heappop(later)[2])
    return broken
