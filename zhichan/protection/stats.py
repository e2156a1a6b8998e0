"""Processing time of cases (the 侵权纠纷案件平均处理周期 indicator and its distribution), the
yearly protection white paper's statistics, and workstation figures."""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from openpyxl import Workbook

from zhichan.lib.export import append_row
from zhichan.protection.models import (
    Case,
    CaseKind,
    Channel,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Disclosure,
    RiskWarning,
    ServiceLog,
    StationKind,
    Workstation,
)

ADJUDICATIONS = (CaseKind.ADJUDICATION, CaseKind.SIMPLE)
# Buckets of natural days from filing to conclusion; the Yidu target is ≤ 2 months (任务27).
BUCKETS = [
    (0, 30, "≤30日"),
    (31, 60, "31–60日"),
    (61, 90, "61–90日"),
    (91, 120, "91–120日"),
    (121, None, ">120日"),
]
TARGET_DAYS = 60


def concluded(cases: QuerySet, start: date, end: date) -> QuerySet:
    """Cases filed and concluded (审结), the conclusion within [start, end]."""
    return cases.filter(
        filed_on__isnull=False, decided_on__gte=start, decided_on__lte=end, cycle_days__isnull=False
    )


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class CycleRow:
    key: str
    label: str
    days: list[int] = field(default_factory=list)
    clock: list[int] = field(default_factory=list)
    longest: list[Case] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.days)

    @property
    def mean(self) -> Decimal | None:
        return _mean(self.days)

    @property
    def clock_mean(self) -> Decimal | None:
        return _mean(self.clock)

    @property
    def median(self):
        return median(self.days) if self.days else None

    @property
    def p90(self):
        if not self.days:
            return None
        ordered = sorted(self.days)
        return ordered[min(len(ordered) - 1, -(-len(ordered) * 9 // 10) - 1)]  # nearest rank

    @property
    def within_target(self) -> int:
        return sum(1 for d in self.days if d <= TARGET_DAYS)

    @property
    def buckets(self) -> list[int]:
        return [
            sum(1 for d in self.days if d >= low and (high is None or d <= high)) for low, high, _l in BUCKETS
        ]


def _quarter(day: date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def cycle_table(
    cases: QuerySet, start: date, end: date, by: str = "kind", kinds=ADJUDICATIONS
) -> list[CycleRow]:
    """Rows by kind, handler or quarter, plus a total row first; each keeps its five longest cases."""
    rows: dict[str, CycleRow] = {}
    total = CycleRow("", _("合计"))
    picked = concluded(cases, start, end).select_related("handler").order_by("-cycle_days", "number")
    if kinds:
        picked = picked.filter(kind__in=kinds)
    for case in picked:
        if by == "handler":
            key, label = str(case.handler_id or ""), str(case.handler or _("未分配"))
        elif by == "quarter":
            key = label = _quarter(case.decided_on)
        else:
            key, label = case.kind, str(case.get_kind_display())
        row = rows.setdefault(key, CycleRow(key, label))
        for target in (row, total):
            target.days.append(case.cycle_days)
            target.clock.append(case.clock_days if case.clock_days is not None else case.cycle_days)
            if len(target.longest) < 5:
                target.longest.append(case)
    return [total, *sorted(rows.values(), key=lambda r: r.key)]


def case_counts(cases: QuerySet, start: date, end: date) -> list[dict]:
    """Per kind: requests received, filed, concluded in the period; open at its end."""
    received = Q(requested_on__gte=start, requested_on__lte=end)
    rows = (
        cases.values("kind")
        .annotate(
            received=Count("pk", filter=received),
            filed=Count("pk", filter=Q(filed_on__gte=start, filed_on__lte=end)),
            concluded=Count("pk", filter=Q(decided_on__gte=start, decided_on__lte=end)),
            open=Count(
                "pk", filter=Q(requested_on__lte=end) & (Q(decided_on__isnull=True) | Q(decided_on__gt=end))
            ),
        )
        .order_by("kind")
    )
    return [row | {"label": str(CaseKind(row["kind"]).label)} for row in rows]


SERVICE_KINDS = ["consultation", "referral", "mediation", "training", "guidance"]


def station_figures(station: Workstation, year: int) -> dict[str, int]:
    """Service kind → the year's total (times or attendees), from the station's service log."""
    logs = (
        ServiceLog.objects.filter(station=station, on__year=year).values("kind").annotate(total=Sum("count"))
    )
    found = {row["kind"]: row["total"] or 0 for row in logs.order_by()}
    return {kind: found.get(kind, 0) for kind in SERVICE_KINDS}


def white_paper(region, year: int) -> Workbook:
    """The statistics of the yearly protection white paper (知识产权保护状况白皮书) for a region."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cases = Case.objects.filter(region__prefix__startswith=region.prefix)
    book = Workbook()
    sheet = book.active
    sheet.title = _("案件办理")
    append_row(sheet, [_("%(r)s %(y)s 年知识产权保护案件统计") % {"r": region.name, "y": year}])
    append_row(sheet, [_("案件类型"), _("收到请求/线索"), _("立案"), _("审结"), _("年末未结")])
    for row in case_counts(cases, start, end):
        append_row(sheet, [row["label"], row["received"], row["filed"], row["concluded"], row["open"]])
    cycle = book.create_sheet(_("处理周期"))
    append_row(cycle, [_("类型"), _("审结件数"), _("平均周期（日）"), _("扣除中止平均（日）"), _("中位数"), _("P90"),
                  _("两个月内审结")] + [label for _l, _h, label in BUCKETS])  # fmt: skip
    for row in cycle_table(cases, start, end, kinds=None):
        append_row(cycle, [row.label, row.count, row.mean, row.clock_mean, row.median, row.p90, row.within_target,
                      *row.buckets])  # fmt: skip
    complaints = Complaint.objects.filter(region__prefix__startswith=region.prefix, received_on__year=year)
    sheet = book.create_sheet(_("投诉举报"))
    append_row(sheet, [_("类型"), _("渠道"), _("状态"), _("件数")])
    for row in (
        complaints.values("kind", "channel", "status").annotate(n=Count("pk")).order_by("kind", "channel")
    ):
        labels = (
            ComplaintKind(row["kind"]).label,
            Channel(row["channel"]).label,
            ComplaintStatus(row["status"]).label,
        )
        append_row(sheet, [*(str(label) for label in labels), row["n"]])
    sheet = book.create_sheet(_("执法信息公开"))
    published = Disclosure.objects.filter(case__in=cases, published_on__year=year, withdrawn_on__isnull=True)
    append_row(sheet, [_("公开件数"), published.count()])
    append_row(sheet, [_("其中典型案例"), published.filter(typical=True).count()])
    for disclosure in published.filter(typical=True):
        append_row(sheet, [disclosure.title, disclosure.typical_note])
    sheet = book.create_sheet(_("工作站"))
    append_row(
        sheet,
        [
            _("类型"),
            _("名称"),
            _("所在区划"),
            _("咨询"),
            _("转交线索"),
            _("调解"),
            _("培训宣传"),
            _("企业指导"),
        ],
    )
    stations = Workstation.objects.filter(region__prefix__startswith=region.prefix).select_related("region")
    for station in stations:
        figures = station_figures(station, year)
        append_row(sheet, [str(StationKind(station.kind).label), station.name, station.region.name,
                      *(figures[k] for k in SERVICE_KINDS)])  # fmt: skip
    sheet = book.create_sheet(_("海外风险预警"))
    append_row(sheet, [_("发布日期"), _("标题"), _("国家/地区"), _("产业"), _("关联企业数")])
    warnings = RiskWarning.objects.filter(region__prefix__startswith=region.prefix, published_on__year=year)
    for warning in warnings.annotate(n=Count("targets")):
        append_row(sheet, [warning.published_on, warning.title, warning.country, warning.industry, warning.n])
    return book
