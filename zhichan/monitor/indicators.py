"""The indicator registry: every indicator the office reports, with its official definition.

An indicator is a numerator (a *measure*: what the registry counts or sums, located by region),
optionally divided by a denominator (a region figure or another measure) and scaled. Measures are
counted in a few grouped queries per source table (`compute.py`); indicators are arithmetic on
them, so the whole board costs one pass per table.

Adding an indicator (docs/indicators.md): an office defines its own on a page (`office.py`);
in code, add a `Measure` if the registry does not count it yet (a filter on one source, given the
as-of date and the period start), then one `Indicator` entry below. Its code is the stable key of
the JSON output, targets and entered values. `INDICATORS` and `MEASURES` hold both kinds.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from zhichan.assets.models import EventKind, PatentApplicant, PatentKind, PatentStatus
from zhichan.assets.status import right_valid_q, status_q
from zhichan.entities.models import EntityKind


@dataclass(frozen=True)
class Context:
    """What a figure depends on besides the data: the date, the period and the rule version."""

    as_of: date
    since: date  # start of the period of flow measures (inclusive); the year's 1 January by default
    ruleset_id: int | None


# Sources: the table a measure counts and how a row is located. CLASS rows are a patent's classes
# under the rule version (located by the patent); ENTERPRISE rows are entities (located by their
# own registration).
PATENT, CLASS, ENTERPRISE, TRADEMARK, GI, EVENT = "patent", "class", "enterprise", "trademark", "gi", "event"
PLEDGE = "pledge"  # pledge registrations (finance.Pledge), located by the pledgor's region
CASE = "case"  # protection cases (protection.Case), located by the handling office's region
STATION = "station"  # workstations (protection.Workstation), located where they are
POOL = "pool"  # patent pools (market.PatentPool), located where they are set up
PRODUCT = "product"  # patent product filings and recognitions (market.PatentProduct), by the filer's region


@dataclass(frozen=True)
class Measure:
    code: str
    source: str
    label: str
    where: object  # Context -> Q on the source's rows
    total: str = "count"  # count | sum (of `field`)
    field: str = "amount"
    needs_tables: tuple[str, ...] = ()  # reference tables of the rule version it cannot count without

    @property
    def needs_rules(self) -> bool:
        return self.source == CLASS


def _valid_invention(c: Context, prefix: str = "") -> Q:
    return Q(**{f"{prefix}kind": PatentKind.INVENTION}) & status_q(PatentStatus.VALID, c.as_of, prefix)


def _holds_valid_patent(c: Context) -> Q:
    """An enterprise that is one of the patentees of a patent valid on the date (the applicant
    rows carry copies of their patent's validity interval)."""
    links = PatentApplicant.objects.filter(entity=OuterRef("pk")).filter(
        status_q(PatentStatus.VALID, c.as_of)
    )
    return Q(kind=EntityKind.ENTERPRISE) & Q(Exists(links))


def _event_in_period(kinds) -> object:
    # An event the file gave no date for (a change of holder seen only as a new name) counts nowhere.
    return lambda c: Q(
        kind__in=kinds, effective_on__gte=c.since, effective_on__lte=c.as_of, date_estimated=False
    )


def _adjudication_concluded(c: Context) -> Q:
    """Patent-dispute adjudications (ordinary and simple procedure) filed and concluded (审结) in
    the period."""
    return Q(kind__in=["adjudication", "simple"], filed_on__isnull=False, cycle_days__isnull=False,
             decided_on__gte=c.since, decided_on__lte=c.as_of)  # fmt: skip


def _registered_in_period(c: Context) -> Q:
    return Q(registered_on__gte=c.since, registered_on__lte=c.as_of)


BUILTIN_MEASURES = {
    m.code: m
    for m in [
        Measure("valid_invention", PATENT, _("有效发明专利"), _valid_invention),
        # The high-value verdict of the rule version (classify/engine.py): valid invention patents
        # whose first criterion held on or before the date. Counted from the PatentClass rows of the
        # rule version (compute.py adds it), which carry copies of the patent's type, region and
        # validity interval (only invention patents get a verdict date).
        Measure(
            "high_value",
            CLASS,
            _("高价值发明专利"),
            lambda c: Q(hv_on__isnull=False, hv_on__lte=c.as_of) & status_q(PatentStatus.VALID, c.as_of),
        ),
        Measure(
            "pi_invention",
            CLASS,
            _("专利密集型产业有效发明专利"),
            lambda c: Q(pi_mask__gt=0, invention=True) & status_q(PatentStatus.VALID, c.as_of),
            needs_tables=("ipc_nic", "nic_pi"),
        ),
        Measure(
            "granted_invention",
            PATENT,
            _("期内授权发明专利"),
            lambda c: Q(kind=PatentKind.INVENTION, granted_on__gte=c.since, granted_on__lte=c.as_of),
        ),
        # PCT international applications filed at CNIPA as receiving office (PCT/CN…) by the region's
        # first applicants, by international filing date: the registry sees those that entered the
        # Chinese national phase, whose filing date is the international filing date (PCT art. 11(3)).
        # One international application counts once, whatever the records that share it.
        Measure(
            "pct_filed",
            PATENT,
            _("期内PCT国际申请（经中国受理局、已进入中国国家阶段）"),
            lambda c: Q(pct_number__startswith="PCT/CN", filed_on__gte=c.since, filed_on__lte=c.as_of),
            "distinct",
            "pct_number",
        ),
        Measure("valid_patent_enterprises", ENTERPRISE, _("拥有有效专利的企业"), _holds_valid_patent),
        Measure("valid_trademark", TRADEMARK, _("有效注册商标"), lambda c: right_valid_q(c.as_of)),
        Measure(
            "madrid",
            TRADEMARK,
            _("有效马德里国际注册商标"),
            lambda c: right_valid_q(c.as_of) & Q(madrid=True),
        ),
        Measure("valid_gi", GI, _("有效地理标志"), lambda c: right_valid_q(c.as_of)),
        # One registration counts once, whatever number of patents, trademarks or other rights it covers.
        Measure("pledge_amount", PLEDGE, _("期内质押登记金额"), _registered_in_period, "sum"),
        Measure("pledge_count", PLEDGE, _("期内质押登记"), _registered_in_period),
        Measure(
            "case_cycle_sum",
            CASE,
            _("期内审结裁决案件处理天数之和"),
            _adjudication_concluded,
            "sum",
            "cycle_days",
        ),
        Measure("case_concluded", CASE, _("期内审结的专利侵权纠纷行政裁决案件"), _adjudication_concluded),
        Measure(
            "transfer_license",
            EVENT,
            _("期内专利转让、许可"),
            _event_in_period([EventKind.TRANSFER, EventKind.LICENSE]),
        ),
    ]
}

# Denominators that are region figures (RegionFigure fields), with their unit.
FIGURES = {
    "resident_population": _("常住人口"),
    "market_entities": _("市场主体数"),
    "gdp": _("地区生产总值"),
    "pi_value_added": _("专利密集型产业增加值"),
}

STOCK, FLOW, ENTERED = "stock", "flow", "entered"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    definition: str
    source: str
    formula: str
    numerator: str | None  # a measure code, a figure field, or None (entered values only)
    denominator: str | None = None  # a figure field or a measure code
    scale: int = 1  # 10,000 for "per 10,000", 100 for a percentage
    divisor: int = 1  # a unit change of the numerator (元 → 亿元)
    digits: int = 0
    period: str = STOCK
    lower_is_better: bool = False
    coverage: str = ""  # what the registry cannot see, shown beside the figure
    official_first: bool = False  # an entered official figure wins over the registry's count, own region too


_CNIPA = _("国家知识产权局《知识产权统计指标解释》与年度统计口径")
_YIDU = _("《宜都市知识产权强县建设方案》第五章术语说明")

BUILTIN_INDICATORS = {
    i.code: i
    for i in [
        Indicator(
            "invention_valid", _("有效发明专利量"), _("件"),
            _("截至统计日仍维持有效的国内发明专利数，按第一专利权人地址计入区域。"),
            _CNIPA, _("有效发明专利数"), "valid_invention",
        ),
        Indicator(
            "invention_per_10k", _("每万人口发明专利拥有量"), _("件"),
            _("每万名常住人口拥有的、经国家知识产权局授权且在有效期内的国内发明专利数（不含港澳台），"
              "按第一专利权人地址计入区域。"),
            _CNIPA, _("有效发明专利数 ÷ 年末常住人口 × 10000"), "valid_invention", "resident_population",
            scale=10_000, digits=2,
        ),
        Indicator(
            "high_value_per_10k", _("每万人口高价值发明专利拥有量"), _("件"),
            _("每万人口本国居民拥有的高价值发明专利数；高价值发明专利为满足五项条件之一的有效发明专利"
              "（战略性新兴产业、海外同族、维持超过10年、较高质押金额、国家科学技术奖或中国专利奖）。"),
            _YIDU, _("高价值发明专利数 ÷ 年末常住人口 × 10000"), "high_value", "resident_population",
            scale=10_000, digits=2,
        ),
        Indicator(
            "high_value_count", _("高价值发明专利量"), _("件"),
            _("满足五项条件之一的有效发明专利数（按分类规则版本）。"),
            _YIDU, _("高价值发明专利数"), "high_value",
        ),
        Indicator(
            "high_value_share", _("高价值专利占比"), "%",
            _("高价值发明专利占有效发明专利的比例。"),
            _("《宜都市知识产权强县建设方案》任务6"), _("高价值发明专利数 ÷ 有效发明专利数 × 100%"),
            "high_value", "valid_invention", scale=100, digits=1,
        ),
        Indicator(
            "invention_granted", _("新增发明专利授权量"), _("件"),
            _("统计期内授权公告的发明专利数（按第一专利权人地址）。"),
            _CNIPA, _("期内授权公告日落在统计期的发明专利数"), "granted_invention", period=FLOW,
        ),
        Indicator(
            "trademark_valid", _("有效商标注册量"), _("件"),
            _("截至统计日处于注册有效期内的注册商标数，按注册人地址计入区域。"),
            _("国家知识产权局商标统计口径"), _("有效注册商标数"), "valid_trademark",
        ),
        Indicator(
            "trademark_per_10k_entities", _("每万户市场主体有效注册商标量"), _("件"),
            _("每万户市场主体平均拥有的有效注册商标数。"),
            _("国家知识产权局商标统计口径"), _("有效注册商标数 ÷ 市场主体户数 × 10000"),
            "valid_trademark", "market_entities", scale=10_000, digits=1,
        ),
        Indicator(
            "madrid_valid", _("马德里商标国际注册量"), _("件"),
            _("按《商标国际注册马德里协定》及其议定书有效的国际注册商标数。"),
            _YIDU, _("有效马德里国际注册商标数"), "madrid",
        ),
        Indicator(
            "gi_valid", _("有效地理标志"), _("件"),
            _("有效的地理标志：地理标志证明商标、集体商标，地理标志保护产品，农产品地理标志。"),
            _YIDU, _("三种保护方式下有效的地理标志数"), "valid_gi",
        ),
        Indicator(
            "pct_filed", _("PCT国际专利申请量"), _("件"),
            _("统计期内本地区申请人（按第一申请人）提交的 PCT 国际专利申请数，按国际申请日计（国家知识产权局口径：受理的 PCT 国际申请量）。"),
            _YIDU, _("期内国际申请日落在统计期、第一申请人在本地区的 PCT 国际申请数（同一国际申请计一次）"), "pct_filed",
            period=FLOW, official_first=True,
            coverage=_("登记簿只能看到经中国受理局提交并进入中国国家阶段的国际申请；常见的“先中国申请、再 PCT、只在国外授权”途径不进入登记簿。"
                       "录入的国家知识产权局数字优先于登记簿计数（本地区亦然），两者不一致时一并列出。"),
        ),
        Indicator(
            "pledge_amount", _("知识产权质押融资额"), _("亿元"),
            _("统计期内经国家知识产权局登记的知识产权质押融资金额。"),
            _YIDU, _("期内质押登记金额之和 ÷ 10⁸"), "pledge_amount", period=FLOW, divisor=100_000_000, digits=2,
            coverage=_("按质押登记计（专利、商标、地理标志、著作权、数据知识产权），一笔登记计一次金额。"),
        ),
        Indicator(
            "pledge_count", _("知识产权质押融资笔数"), _("笔"),
            _("统计期内的质押登记笔数。"), _YIDU, _("期内质押登记数"), "pledge_count", period=FLOW,
            coverage=_("按质押登记计，一笔登记计一笔。"),
        ),
        Indicator(
            "transfer_license", _("专利转让许可次数"), _("次"),
            _("统计期内专利权转移与实施许可备案的次数。"),
            _("《2025年全省知识产权工作要点》主要预期目标"), _("期内权利转移与许可备案事件数"),
            "transfer_license", period=FLOW,
        ),
        Indicator(
            "enterprises_with_patents", _("拥有有效专利的企业数"), _("家"),
            _("作为专利权人之一拥有至少一件有效专利的企业数，按企业登记地计入区域。"),
            _("《宜都市知识产权强县建设方案》任务4"), _("拥有有效专利的企业（去重）"), "valid_patent_enterprises",
        ),
        Indicator(
            "pi_invention", _("专利密集型产业专利量"), _("件"),
            _("属于《知识产权（专利）密集型产业统计分类（2019）》七大类产业的有效发明专利数。"),
            _YIDU, _("经 IPC—国民经济行业—专利密集型产业对照归入七大类的有效发明专利数"), "pi_invention",
            coverage=_("需《国际专利分类与国民经济行业分类参照关系表》：未载入时显示“无法计算”而非 0（见 管理 → 分类口径）。"),
        ),
        Indicator(
            "pi_value_added_share", _("专利密集型产业增加值占GDP比重"), "%",
            _("专利密集型产业增加值占地区生产总值的比重（收入法核算，统计部门提供）。"),
            _YIDU, _("专利密集型产业增加值 ÷ 地区生产总值 × 100%"), "pi_value_added", "gdp",
            scale=100, digits=2, coverage=_("增加值由统计部门提供，在区划年度数据中录入或导入。"),
        ),
        Indicator(
            "case_cycle_days", _("侵权纠纷案件平均处理周期"), _("天"),
            _("统计期内审结（裁决、调解、撤回）的专利侵权纠纷行政裁决案件（含简易程序）从立案到审结的平均自然日数。"),
            _("《宜都市知识产权强县建设方案》任务27"), _("Σ(审结日 − 立案日) ÷ 审结案件数"), "case_cycle_sum",
            "case_concluded", period=FLOW, digits=1, lower_is_better=True,
            coverage=_("按本平台办理的案件计（保护 → 处理周期）；中止期间计入周期，扣除中止的天数另列。"),
        ),
    ]
}  # fmt: skip


def value_of(indicator: Indicator, numerator, denominator) -> Decimal | None:
    """The indicator's value from its numerator and denominator (None when one is missing)."""
    if numerator is None:
        return None
    value = Decimal(numerator) / indicator.divisor
    if indicator.denominator is not None:
        if not denominator:
            return None
        value = value * indicator.scale / Decimal(denominator)
    return value.quantize(Decimal(1).scaleb(-indicator.digits), rounding=ROUND_HALF_UP)  # 四舍五入


class _WithOffice(Mapping):
    """The built-in entries followed by the office-defined ones (`office.definitions`)."""

    def __init__(self, builtin: dict, part: int):
        self.builtin, self.part = builtin, part

    def _office(self) -> dict:
        from zhichan.monitor.office import definitions

        return definitions()[self.part]

    def __getitem__(self, code: str):
        found = self.builtin.get(code)
        return found if found is not None else self._office()[code]

    def __contains__(self, code) -> bool:
        return code in self.builtin or code in self._office()

    def __iter__(self) -> Iterator[str]:
        yield from self.builtin
        yield from self._office()

    def __len__(self) -> int:
        return len(self.builtin) + len(self._office())


INDICATORS: Mapping[str, Indicator] = _WithOffice(BUILTIN_INDICATORS, 0)
MEASURES: Mapping[str, Measure] = _WithOffice(BUILTIN_MEASURES, 1)
