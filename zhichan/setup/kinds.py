"""What an office sets up itself, one entry per kind of record: the fields its form shows, the
columns of its list, where its region is, and the record it belongs to (a rule to its programme,
a target to its plan). The pages (`views.py`) are the same for every kind."""

from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.setup.fields import ChoicesListField, EntitiesField, PatentsField, StagesField, WeightsField


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    area: str
    model_path: str  # "app.Model"
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    region: str  # the path from the record to its region
    parent: tuple[str, str] | None = None  # (the parent kind's slug, the foreign key to it)
    entities: tuple[str, ...] = ()  # foreign keys to an entity, entered by credit code or name
    special: dict = field(default_factory=dict)  # field name → a function making its form field
    limit: dict = field(default_factory=dict)  # a choice of records → the path to their region
    about: str = ""

    @property
    def model(self):
        from django.apps import apps

        return apps.get_model(self.model_path)

    @property
    def own_region(self) -> bool:
        """The record names its region itself (else it takes its parent's or its entity's)."""
        return self.region == "region"


def _tags():
    from zhichan.entities.tags import tag_choices

    return ChoicesListField(label=_("适用主体标签"), choices=tag_choices,
                            help_text=_("只有持有所选标签之一的主体适用（不选：不限）。"))  # fmt: skip


def _station_kinds():
    from zhichan.protection.models import StationKind

    return ChoicesListField(label=_("适用工作站类型"), choices=StationKind.choices,
                            help_text=_("工作站补助只付给这些类型（不选：不限）。"))  # fmt: skip


def _station_level():
    from zhichan.protection.models import StationLevel

    return forms.ChoiceField(label=_("工作站最低认定级别"), required=False,
                             choices=[("", _("不限")), *StationLevel.choices])  # fmt: skip


def _indicator():
    from zhichan.monitor.indicators import INDICATORS

    return forms.ChoiceField(
        label=_("指标"), choices=lambda: [(code, f"{i.name}（{i.unit}）") for code, i in INDICATORS.items()]
    )


def _indicator_filters():
    from zhichan.monitor.office import filter_choices

    return ChoicesListField(label=_("筛选条件"), choices=filter_choices,
                            help_text=_("同一组内任一满足即可，不同组须同时满足；不选：该表全部记录。"))  # fmt: skip


KINDS = [
    Kind(
        "programmes", _("奖补项目"), _("运用"), "awards.Programme",
        ("name", "basis", "region", "year", "budget", "budget_share", "opens_on", "closes_on", "review_days",
         "publicity_days", "note"),
        ("year", "name", "region", "opens_on", "closes_on", "budget"), "region",
        about=_("年度奖补项目：政策依据、预算、申报期、审核与公示天数；其下的奖补规则决定谁能得到多少。"),
    ),
    Kind(
        "award-rules", _("奖补规则"), _("运用"), "awards.AwardRule",
        ("name", "kind", "category", "source", "period_from", "period_to", "amount", "ratio", "cap_per_item",
         "cap_per_entity", "split", "eligible_tags", "station_kinds", "station_level", "stages", "automatic"),
        ("name", "kind", "category", "amount", "cap_per_entity", "automatic"), "programme__region",
        parent=("programmes", "programme"),
        special={"eligible_tags": _tags, "station_kinds": _station_kinds, "station_level": _station_level,
                 "stages": lambda: StagesField(label=_("阶段与比例"))},
    ),
    Kind(
        "tags", _("自定义标签"), _("管理"), "entities.OfficeTag",
        ("code", "name", "region", "basis", "note"), ("code", "name", "region", "basis"), "region",
        about=_("内置标签（高新技术企业、贯标企业等）之外本单位认定或管理的主体类别，如样板企业、托管企业："
                "定义后可在主体页面按有效期加注，用于奖补和贴息的适用条件、名单筛选和自定义指标。"),
    ),
    Kind(
        "indicators", _("自定义指标"), _("监测"), "monitor.OfficeIndicator",
        ("code", "name", "unit", "definition", "basis", "region", "counted_from", "counted_when", "filters",
         "sums_amount", "divisor", "digits", "lower_is_better", "note"),
        ("code", "name", "unit", "counted_from", "counted_when", "region"), "region",
        special={"filters": _indicator_filters},
        about=_("内置指标之外本单位统计的指标：从登记簿按条件计数（专利、商标、地理标志、主体标签、质押、法律事件、案件），"
                "或按期录入；定义后即可在指标看板、规划目标、排名、报告、数值导入和接口中使用。"),
    ),
    Kind(
        "plans", _("规划与方案"), _("监测"), "monitor.Plan",
        ("title", "issuer", "number", "region", "starts_on", "ends_on", "issued_on", "source", "note"),
        ("title", "issuer", "number", "region", "starts_on", "ends_on"), "region",
        about=_("强市（县）建设规划、实施方案：其下的指标目标在“规划目标”页面计算进度与预测。"),
    ),
    Kind(
        "targets", _("指标目标"), _("监测"), "monitor.Target",
        ("indicator", "kind", "value", "at_most", "strict", "deadline", "baseline", "baseline_on", "quote", "note"),
        ("indicator", "kind", "value", "deadline", "baseline"), "plan__region",
        parent=("plans", "plan"), special={"indicator": _indicator},
    ),
    Kind(
        "rankings", _("排名方案"), _("监测"), "monitor.RankingScheme",
        ("name", "region", "weights", "note"), ("name", "region", "note"), "region",
        special={"weights": lambda: WeightsField(label=_("指标与权重"))},
        about=_("季度排名所用的指标与权重：各单位得分为各指标相对最好单位的百分数的加权平均。"),
    ),
    Kind(
        "subsidy-rules", _("贴息政策"), _("运用"), "finance.SubsidyRule",
        ("name", "basis", "region", "valid_from", "valid_to", "lpr_share", "tenor", "rate_basis", "day_count",
         "cap_per_year", "not_above_loan_rate", "eligible_tags", "note"),
        ("name", "region", "valid_from", "valid_to", "lpr_share", "cap_per_year"), "region",
        special={"eligible_tags": _tags},
        about=_("知识产权质押贷款贴息的比例、期间与上限；贴息测算按此逐笔计算。"),
    ),
    Kind(
        "letterhead", _("公文版头"), _("管理"), "catalog.Letterhead",
        ("region", "mark", "issuer", "prefix", "bulletin_to", "report_to", "cc", "printer"),
        ("region", "mark", "issuer", "prefix"), "region",
        about=_("平台起草的通报、监测报告按党政机关公文格式（GB/T 9704-2012）排版：版头的发文机关标志和机关代字、"
                "主送机关、落款署名和版记的抄送、印发机关取自这里；未设置时用“区划名称＋市场监督管理局”。"),
    ),
    Kind(
        "credit-schemes", _("信用评价方案"), _("管理"), "credit.CreditScheme",
        ("name", "basis", "region", "base", "grade_a", "grade_b", "grade_c", "is_current", "valid_from"),
        ("name", "region", "base", "grade_a", "grade_b", "grade_c", "is_current", "valid_from"), "region",
        about=_("信用分级分类的基础分、等级分数线和计分规则：本区划的现行方案适用于本区划及下辖主体，"
                "未设方案时沿用上级或全系统默认方案（可在“信用分级分类”页面以其为底稿建立）。"),
    ),
    Kind(
        "credit-rules", _("信用评价规则"), _("管理"), "credit.CreditRule",
        ("code", "label", "points", "valid_years", "source", "match", "note"),
        ("code", "label", "points", "valid_years", "source", "match"), "scheme__region",
        parent=("credit-schemes", "scheme"),
    ),
    Kind(
        "pool-rules", _("风险补偿规则"), _("运用"), "finance.PoolRule",
        ("name", "basis", "region", "valid_from", "valid_to", "pool_share", "bank_share", "guarantor_share",
         "cap_per_loan", "min_overdue_days", "claim_within_days", "whitelist_only", "note"),
        ("name", "region", "valid_from", "valid_to", "pool_share", "bank_share", "guarantor_share", "cap_per_loan"),
        "region",
        about=_("风险补偿资金池如何分担质押贷款的损失：资金池、银行和担保机构的比例（合计为 1）、单笔上限，"
                "以及申请条件（逾期满多少天、多少天内申请、是否限白名单企业）。出质人所在区划或其上级的施行中规则适用。"),
    ),
    Kind(
        "insurance-products", _("知识产权保险产品"), _("运用"), "finance.InsuranceProduct",
        ("name", "insurer", "kind", "region", "premium_rate", "max_coverage", "subsidy_share", "valid_from",
         "valid_to", "terms", "active"),
        ("name", "insurer", "kind", "region", "premium_rate", "subsidy_share", "active"), "region",
        about=_("本区划推广的知识产权保险产品：险种、保险机构、费率、最高保额和保费补贴比例；保单可注明所属产品。"),
    ),
    Kind(
        "insurance", _("知识产权保险保单"), _("运用"), "finance.InsurancePolicy",
        ("product", "number", "kind", "insurer", "insured", "region", "premium", "coverage", "starts_on", "ends_on",
         "patents"),
        ("number", "kind", "insurer", "insured", "starts_on", "ends_on", "coverage"), "region",
        entities=("insured",), limit={"product": "region"},
        special={"patents": lambda: PatentsField(label=_("承保专利"), required=False,
                                                 help_text=_("每行一个申请号；理赔在“知识产权保险”的保单页登记。"))},
    ),
    Kind(
        "pools", _("专利池"), _("运用"), "market.PatentPool",
        ("name", "operator", "field", "region", "founded_on", "description", "members", "patents"),
        ("name", "operator", "field", "region", "founded_on"), "region", entities=("operator",),
        special={
            "members": lambda: EntitiesField(label=_("成员单位"), help_text=_("每行一个：统一社会信用代码或主体全称。")),
            "patents": lambda: PatentsField(label=_("入池专利"), help_text=_("每行一个申请号，如 202310123456.7。")),
        },
        about=_("专利池的运营单位、成员和入池专利；“每个专利池入池专利不少于100件”等目标按入池专利计。"),
    ),
    Kind(
        "gi-users", _("地理标志用标主体"), _("运用"), "assets.GIUser",
        ("gi", "entity", "authorized_on", "valid_to", "mark_used", "products"),
        ("gi", "entity", "authorized_on", "valid_to", "mark_used"), "gi__region",
        entities=("entity",), limit={"gi": "region"},
        about=_("经核准使用地理标志专用标志的企业及其核准日、有效期、是否已在产品上使用；名册可在“地理标志运用”页导入。"),
    ),
    Kind(
        "inspectors", _("双随机检查人员"), _("管理"), "inspections.Inspector",
        ("name", "badge", "unit", "region", "active"), ("name", "badge", "unit", "region", "active"), "region",
        about=_("执法检查人员名录：双随机抽查从在岗人员中随机选派；每人的回避关系（不得检查的主体）列在其页面上。"),
    ),
    Kind(
        "conflicts", _("回避关系"), _("管理"), "inspections.Conflict",
        ("entity", "reason"), ("entity", "reason"), "inspector__region",
        parent=("inspectors", "inspector"), entities=("entity",),
    ),
    Kind(
        "inspection-items", _("随机抽查事项清单"), _("管理"), "inspections.InspectionItem",
        ("name", "region", "basis", "subjects", "method", "department", "active"),
        ("name", "region", "subjects", "method", "active"), "region",
        about=_("本区划的随机抽查事项：检查依据、检查对象和方式；新建双随机抽查任务时从在用事项中选择。"),
    ),
    Kind(
        "experts", _("专家与人才"), _("服务"), "agencies.Expert",
        ("name", "kind", "unit", "title", "region", "specialities", "ipc", "phone", "email", "available",
         "availability_note", "confirmed_on", "active"),
        ("name", "kind", "unit", "title", "region", "available", "active"), "region",
    ),
    Kind(
        "agencies", _("服务机构"), _("服务"), "agencies.AgencyProfile",
        ("entity", "licence", "services", "registry_names", "staff_count", "established_on"),
        ("entity", "licence", "services", "staff_count"), "entity__region", entities=("entity",),
    ),
    Kind(
        "practitioners", _("从业人员"), _("服务"), "agencies.Practitioner",
        ("name", "qualification", "certificate", "practice_number", "since", "active"),
        ("name", "qualification", "practice_number", "since", "active"), "agency__entity__region",
        parent=("agencies", "agency"),
    ),
]  # fmt: skip

BY_SLUG = {kind.slug: kind for kind in KINDS}


def children_of(kind: Kind) -> list[Kind]:
    return [k for k in KINDS if k.parent and k.parent[0] == kind.slug]
